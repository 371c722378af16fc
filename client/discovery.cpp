// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Finding a daemon that serves us, or starting one, and what a request
// carries from this user's configuration.
#include "client.h"

#include "paths.h"
#include "registry/credentials.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sociscope::client {

namespace {
std::string tail(const std::string& path, std::size_t max)
{
    auto text = files::readFile(path);
    if (!text)
        return {};
    std::string t = *text;
    if (t.size() > max)
        t = t.substr(t.size() - max);
    return std::string(str::trim(t));
}
} // namespace

std::string userSocket()
{
    return socketIn(userRuntimeDir());
}

std::vector<std::string> candidateSockets()
{
    if (const char* s = std::getenv("SOCISCOPE_SOCKET"); s && *s)
        return { s };
    std::vector<std::string> out { socketIn(systemRuntimeDir()) };
    if (::geteuid() != 0)
        out.push_back(userSocket());
    return out;
}

DaemonSearch searchDaemons()
{
    DaemonSearch out;
    for (const auto& socket : candidateSockets()) {
        out.tried.push_back(socket);
        out.lastMissing = false;
        auto c = DaemonClient::connect(socket, std::chrono::seconds(2));
        if (!c) {
            if (c.error().code == ErrorCode::NotFound)
                out.lastMissing = true;
            else if (!out.refused)
                out.refused = c.error();
            continue;
        }
        // Connected: it is there. Whether it serves us, Version tells.
        auto v = (*c)->version();
        if (v) {
            out.client = std::move(*c);
            return out;
        }
        if (!out.refused)
            out.refused = v.error();
    }
    return out;
}

Error searchError(const DaemonSearch& search)
{
    if (search.refused)
        return makeError(ErrorCode::Auth,
            "sociscoped refuses you: " + search.refused->message
                + " (the system daemon serves root and members of group sociscope: "
                  "usermod -aG sociscope USER)",
            search.refused->context);
    return makeError(
        ErrorCode::NotFound, "no sociscoped answers; start one with `sociscoped &`", str::join(search.tried, ", "));
}

Result<std::unique_ptr<DaemonClient>> connectAny()
{
    auto found = searchDaemons();
    if (found.client)
        return std::move(found.client);
    return searchError(found);
}

Result<std::unique_ptr<DaemonClient>> spawnDaemon(const std::string& program, const std::vector<std::string>& args,
    const std::string& socket, const std::string& logPath, std::chrono::milliseconds timeout)
{
    util::Fd log(::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    if (!log)
        return makeError(ErrorCode::Io, std::string("cannot open the daemon log: ") + std::strerror(errno), logPath);
    std::vector<std::string> words { program };
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
        return makeError(ErrorCode::Io, std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // The child: its own session, so the terminal's signals do not reach it.
        ::setsid();
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, STDIN_FILENO);
        ::dup2(log.get(), STDOUT_FILENO);
        ::dup2(log.get(), STDERR_FILENO);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(program.c_str(), argv.data());
        std::fprintf(stderr, "sociscopectl: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
        ::_exit(127);
    }
    log.reset(); // the daemon has its copy
    auto until = std::chrono::steady_clock::now() + timeout;
    bool exited = false;
    while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) {
            // Most often another daemon was starting at the same moment (it
            // holds the state lock): give its socket a short while.
            exited = true;
            until = std::min(until, std::chrono::steady_clock::now() + std::chrono::seconds(5));
        }
        if (auto c = DaemonClient::connect(socket, std::chrono::milliseconds(200)); c)
            return c;
        ::poll(nullptr, 0, 20);
    }
    if (exited)
        return makeError(ErrorCode::Io, "sociscoped exited at start: " + tail(logPath, 800), logPath);
    return makeError(ErrorCode::Network,
        "sociscoped did not open its socket within "
            + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) + " s (pid "
            + std::to_string(pid) + " keeps running; see its log)",
        logPath);
}

Result<std::unique_ptr<DaemonClient>> connectOrStart(const std::string& program, std::string* note)
{
    auto found = searchDaemons();
    if (found.client)
        return std::move(found.client);
    if (!found.lastMissing)
        return searchError(found);
    if (found.refused && note)
        *note = found.refused->text() + "; starting a user daemon";
    // As root the daemon started here is the system daemon; otherwise a user daemon.
    const std::string socket = found.tried.back();
    const std::string dir = socket.substr(0, socket.rfind('/'));
    if (auto s = ensureRuntimeDir(dir, ::geteuid() == 0 ? 0755 : 0700, ::geteuid() != 0); !s)
        return s.error();
    std::vector<std::string> args { "--socket", socket };
    return spawnDaemon(program, args, socket, dir + "/sociscoped.log", std::chrono::seconds(20));
}

Result<ImageSource> imageSource(
    const oci::Reference& ref, const std::optional<oci::Platform>& platform, bool plainHttp, bool insecure)
{
    ImageSource out { ref, platform, plainHttp, insecure, {} };
    if (ref.isLayout)
        return out;
    auto cfg = registry::DockerConfig::load();
    if (!cfg)
        return cfg.error();
    auto creds = cfg->lookup(ref.registry);
    if (!creds)
        return creds.error();
    if (*creds)
        out.credentials.emplace_back(ref.registry, std::move(**creds));
    return out;
}

} // namespace sociscope::client
