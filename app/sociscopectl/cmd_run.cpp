// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// run, ps, stop: lazy runs through the system sociscoped.
#include "daemon_cli.h"

#include "util/json_text.h"
#include "util/strings.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace sociscope::cli {

namespace {

using daemon::v1::RunInfo;

// Signals reach the run's input thread through this pipe.
int g_signalPipe[2] = { -1, -1 };

void onSignal(int sig)
{
    const int saved = errno;
    const unsigned char b = static_cast<unsigned char>(sig);
    (void)!::write(g_signalPipe[1], &b, 1);
    errno = saved;
}

// The local terminal in raw mode for the life of the object.
class RawTerminal final {
public:
    explicit RawTerminal(int fd)
        : m_fd(fd)
    {
        if (::tcgetattr(fd, &m_saved) != 0)
            return;
        termios raw = m_saved;
        ::cfmakeraw(&raw);
        m_active = ::tcsetattr(fd, TCSANOW, &raw) == 0;
    }
    ~RawTerminal()
    {
        if (m_active)
            ::tcsetattr(m_fd, TCSANOW, &m_saved);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    int m_fd;
    termios m_saved {};
    bool m_active = false;
};

bool windowSize(unsigned& rows, unsigned& cols)
{
    winsize ws {};
    for (int fd : { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO })
        if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
            rows = ws.ws_row;
            cols = ws.ws_col;
            return true;
        }
    return false;
}

bool writeAll(int fd, const std::string& data)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            pollfd p { fd, POLLOUT, 0 };
            ::poll(&p, 1, 1000);
            continue;
        }
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

Json runJson(const RunInfo& r)
{
    Json j;
    j["id"] = r.id();
    j["name"] = r.name();
    j["reference"] = r.reference();
    j["digest"] = r.digest();
    j["platform"] = r.platform();
    j["command"] = stringList({ r.command().begin(), r.command().end() });
    j["status"] = r.status();
    j["exitCode"] = r.status() == "exited" ? Json(r.exit_code()) : Json(nullptr);
    j["pid"] = r.pid() > 0 ? Json(r.pid()) : Json(nullptr);
    j["uid"] = r.uid();
    j["user"] = r.user();
    j["tty"] = r.tty();
    j["remove"] = r.remove();
    j["createdAt"] = timeText(r.created_unix_ms() * 1000);
    j["startedAt"] = r.started_unix_ms() ? Json(timeText(r.started_unix_ms() * 1000)) : Json(nullptr);
    j["finishedAt"] = r.finished_unix_ms() ? Json(timeText(r.finished_unix_ms() * 1000)) : Json(nullptr);
    j["mountpoint"] = r.mountpoint();
    j["mountId"] = r.mount_id();
    j["rootfs"] = r.rootfs();
    j["stats"] = statsJson(r.stats());
    return j;
}

std::string percent(std::uint64_t part, std::uint64_t whole)
{
    if (whole == 0)
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return buf;
}

void printRunStats(const RunInfo& r)
{
    const auto& s = r.stats();
    std::fprintf(stderr,
        "run %s: fetched %s of a %s image (%s; index %s, zTOC %s, spans %s, whole layers %s); %s from cache\n"
        "%llu requests (%llu range), %llu spans fetched and verified, %llu reads (%s) answered by the mount\n",
        r.id().substr(0, 12).c_str(), str::humanBytes(s.network_bytes()).c_str(),
        str::humanBytes(s.image_bytes()).c_str(), percent(s.network_bytes(), s.image_bytes()).c_str(),
        str::humanBytes(s.index_bytes()).c_str(), str::humanBytes(s.ztoc_bytes()).c_str(),
        str::humanBytes(s.span_bytes()).c_str(), str::humanBytes(s.whole_layer_bytes()).c_str(),
        str::humanBytes(s.cached_bytes()).c_str(), static_cast<unsigned long long>(s.requests()),
        static_cast<unsigned long long>(s.range_requests()), static_cast<unsigned long long>(s.spans_verified()),
        static_cast<unsigned long long>(s.reads()), str::humanBytes(s.read_bytes()).c_str());
}

// The system daemon for a run: as root one is started when none is there; a
// user without one is told how to start it.
Result<std::unique_ptr<daemon::DaemonClient>> runDaemon(Context& ctx)
{
    auto c = connectDaemon(ctx, ::geteuid() == 0);
    if (!c && c.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
            "no sociscoped answers; containers run under the system daemon, as root: start it with "
            "`sudo sociscoped &` (or `sudo systemctl start sociscoped` where systemd manages it)",
            c.error().context);
    return c;
}

Status runRun(Context& ctx, Args& args)
{
    // -it and -ti, as Docker spells them.
    bool interactive = false, tty = false;
    for (const char* both : { "it", "ti" })
        if (args.flag("\x01", both))
            interactive = tty = true;
    interactive = args.flag("interactive", "i") || interactive;
    tty = args.flag("tty", "t") || tty;
    const bool remove = args.flag("rm");
    const bool detach = args.flag("detach", "d");
    auto env = args.options("env", "e");
    auto user = args.option("user", "u");
    auto workdir = args.option("workdir", "w");
    auto entrypoint = args.option("entrypoint");
    auto name = args.option("name");
    for (const Status& s : { env ? Status() : Status(env.error()), user ? Status() : Status(user.error()),
             workdir ? Status() : Status(workdir.error()), entrypoint ? Status() : Status(entrypoint.error()),
             name ? Status() : Status(name.error()) })
        if (!s)
            return s;
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->empty())
        return makeError(ErrorCode::Usage,
            "usage: run REF [--rm] [-it] [-e K=V]... [--user U] [--workdir D] [--entrypoint E] [--name N] [-- CMD "
            "ARGS...]");
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    if (ref->isLayout)
        ref->layoutPath = canonicalPath(ref->layoutPath);

    daemon::v1::RunRequest req;
    req.set_reference(ref->str());
    if (ctx.globals().platform)
        req.set_platform(ctx.globals().platform->str());
    req.set_plain_http(ctx.globals().plainHttp);
    req.set_insecure(ctx.globals().insecure);
    auto cred = daemon::registryCredentials(*ref);
    if (!cred)
        return cred.error();
    if (*cred)
        *req.add_credentials() = **cred;
    for (std::size_t i = 1; i < pos->size(); ++i)
        req.add_command((*pos)[i]);
    if (*entrypoint) {
        req.set_entrypoint_set(true);
        if (!(*entrypoint)->empty())
            req.add_entrypoint(**entrypoint);
    }
    for (const auto& kv : *env) {
        if (kv.find('=') == std::string::npos) {
            // Docker's -e NAME takes the value from our environment.
            if (const char* v = std::getenv(kv.c_str()))
                req.add_env(kv + "=" + v);
            continue;
        }
        req.add_env(kv);
    }
    // A name and a user are text in the API (proto3 strings must be UTF-8);
    // commands, environment and folders are bytes and go as they are.
    for (const auto* text : { &*user, &*name })
        if (*text && !str::isValidUtf8(**text))
            return makeError(ErrorCode::Usage, "--name and --user must be UTF-8 text", str::printable(**text));
    if (*user)
        req.set_user(**user);
    if (*workdir)
        req.set_working_dir(**workdir);
    if (*name)
        req.set_name(**name);
    req.set_tty(tty);
    req.set_interactive(interactive && !detach);
    req.set_remove(remove);
    unsigned rows = 0, cols = 0;
    if (tty && windowSize(rows, cols)) {
        req.mutable_window()->set_rows(rows);
        req.mutable_window()->set_cols(cols);
    }

    auto client = runDaemon(ctx);
    if (!client)
        return client.error();
    ctx.progress("mounting " + ref->str() + " …");
    auto call = (*client)->run(req);
    if (!call)
        return call.error();
    daemon::v1::RunOutput msg;
    if (!(*call)->read(&msg)) {
        ctx.endProgress();
        auto s = (*call)->finish();
        if (!s)
            return s;
        return makeError(ErrorCode::Network, "the daemon ended the run before it started", (*client)->socket());
    }
    ctx.endProgress();
    const RunInfo started = msg.started();

    if (detach) {
        daemon::v1::RunInput d;
        d.set_detach(true);
        (*call)->write(d);
        while ((*call)->read(&msg)) { }
        (*call)->writesDone();
        (void)(*call)->finish();
        if (ctx.globals().json)
            ctx.printJson(runJson(started));
        else
            std::printf("%s\n", started.id().c_str());
        return {};
    }

    // Input (stdin, window sizes, signals) on a thread; output here.
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return makeError(ErrorCode::Io, std::string("pipe: ") + std::strerror(errno));
    int quitPipe[2];
    if (::pipe2(quitPipe, O_CLOEXEC) != 0)
        return makeError(ErrorCode::Io, std::string("pipe: ") + std::strerror(errno));
    struct sigaction sa { };
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : { SIGINT, SIGTERM, SIGHUP, SIGWINCH })
        ::sigaction(sig, &sa, nullptr);
    std::unique_ptr<RawTerminal> raw;
    // Raw only when our keys go to the container (-it); with -t alone Ctrl-C
    // stays a signal here, and stops the run.
    if (tty && interactive && ::isatty(STDIN_FILENO))
        raw = std::make_unique<RawTerminal>(STDIN_FILENO);

    daemon::RunCall& rc = **call;
    std::thread input([&] {
        bool stdinOpen = interactive;
        int stops = 0;
        char buf[32 * 1024];
        // The size the container was last told. SIGWINCH reaches the pipe
        // through another thread, possibly after keys typed in the new size:
        // input is preceded by the current size when it changed, so a resize
        // never arrives after the input that followed it.
        unsigned sentRows = rows, sentCols = cols;
        const auto sendSizeIfChanged = [&]() -> bool {
            unsigned r = 0, c = 0;
            if (!tty || !windowSize(r, c) || (r == sentRows && c == sentCols))
                return true;
            sentRows = r;
            sentCols = c;
            daemon::v1::RunInput in;
            in.mutable_resize()->set_rows(r);
            in.mutable_resize()->set_cols(c);
            return rc.write(in);
        };
        for (;;) {
            std::vector<pollfd> fds { { quitPipe[0], POLLIN, 0 }, { g_signalPipe[0], POLLIN, 0 } };
            if (stdinOpen)
                fds.push_back({ STDIN_FILENO, POLLIN, 0 });
            if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR)
                return;
            if (fds[0].revents)
                return;
            if (fds[1].revents) {
                unsigned char sig = 0;
                while (::read(g_signalPipe[0], &sig, 1) == 1) {
                    daemon::v1::RunInput in;
                    if (sig == SIGWINCH) {
                        if (!sendSizeIfChanged())
                            return;
                        continue;
                    } else {
                        // The first signal stops the run gently, a second one at once.
                        in.set_stop(stops++ == 0 ? 10 : 1);
                    }
                    if (!rc.write(in))
                        return;
                }
            }
            if (stdinOpen && fds.size() > 2 && fds[2].revents) {
                if (!sendSizeIfChanged())
                    return;
                const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
                daemon::v1::RunInput in;
                if (n > 0) {
                    in.set_stdin(std::string(buf, static_cast<size_t>(n)));
                } else if (n == 0 || errno != EINTR) {
                    stdinOpen = false;
                    in.set_stdin_closed(true);
                } else {
                    continue;
                }
                if (!rc.write(in))
                    return;
            }
        }
    });

    int exitCode = -1;
    RunInfo final;
    while (rc.read(&msg)) {
        if (msg.has_stdout()) {
            writeAll(STDOUT_FILENO, msg.stdout());
        } else if (msg.has_stderr()) {
            writeAll(STDERR_FILENO, msg.stderr());
        } else if (msg.has_exit()) {
            exitCode = msg.exit().exit_code();
            final = msg.exit().run();
            break;
        }
    }
    (void)!::write(quitPipe[1], "q", 1);
    input.join();
    rc.writesDone();
    while (rc.read(&msg)) { }
    auto finished = rc.finish();
    raw.reset();
    for (int sig : { SIGINT, SIGTERM, SIGHUP, SIGWINCH })
        ::signal(sig, SIG_DFL);
    ::close(quitPipe[0]);
    ::close(quitPipe[1]);
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    if (exitCode < 0) {
        if (!finished && finished.error().code != ErrorCode::Network)
            return finished;
        return makeError(ErrorCode::Network,
            "the connection to sociscoped ended before run " + started.id().substr(0, 12)
                + " exited; the daemon may have stopped (its next start removes what the run left)",
            (*client)->socket());
    }
    // stdout is the container's: the final record goes to stderr, one line.
    if (ctx.globals().json) {
        Json j;
        j["schemaVersion"] = JsonSchemaVersion;
        j["exitCode"] = exitCode;
        j["run"] = runJson(final);
        std::fprintf(stderr, "%s\n", jsontext::dump(std::move(j)).c_str());
    } else if (ctx.globals().stats) {
        printRunStats(final);
    }
    std::fflush(stdout);
    // The container's exit code is ours.
    std::exit(exitCode);
}

Status runPs(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (!pos->empty())
        return makeError(ErrorCode::Usage, "usage: ps [--json]");
    auto client = connectDaemon(ctx, false);
    std::vector<RunInfo> runs;
    if (client) {
        auto r = (*client)->listRuns();
        if (!r)
            return r.error();
        runs = std::move(*r);
    } else if (client.error().code != ErrorCode::NotFound) {
        return client.error();
    }
    if (ctx.globals().json) {
        Json list = Json::array();
        for (const auto& r : runs)
            list.push_back(runJson(r));
        ctx.printJson(
            { { "socket", client ? Json((*client)->socket()) : Json(nullptr) }, { "runs", std::move(list) } });
        return {};
    }
    if (runs.empty())
        return {};
    std::printf("%-12s  %-16s  %-12s  %-10s  %-22s  %s\n", "ID", "NAME", "STATUS", "FETCHED", "COMMAND", "IMAGE");
    for (const auto& r : runs) {
        std::string status = r.status();
        if (status == "exited")
            status += " (" + std::to_string(r.exit_code()) + ")";
        std::string cmd = str::printable(str::join({ r.command().begin(), r.command().end() }, " "));
        if (cmd.size() > 22)
            cmd = cmd.substr(0, 21) + "…";
        std::printf("%-12s  %-16s  %-12s  %-10s  %-22s  %s\n", r.id().substr(0, 12).c_str(), str::printable(r.name()).c_str(),
            status.c_str(), str::humanBytes(r.stats().network_bytes()).c_str(), cmd.c_str(),
            str::printable(r.reference()).c_str());
    }
    return {};
}

Status runStop(Context& ctx, Args& args)
{
    auto time = args.option("time", "t");
    if (!time)
        return time.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->empty())
        return makeError(ErrorCode::Usage, "usage: stop ID|NAME... [--time SECONDS]");
    unsigned seconds = 10;
    if (*time) {
        auto n = str::parseU64(**time);
        if (!n || *n == 0 || *n > 3600)
            return makeError(ErrorCode::Usage, "--time needs seconds between 1 and 3600");
        seconds = static_cast<unsigned>(*n);
    }
    auto client = connectDaemon(ctx, false);
    if (!client)
        return client.error();
    Json list = Json::array();
    for (const auto& which : *pos) {
        auto r = (*client)->stopRun(which, seconds);
        if (!r)
            return r.error();
        if (ctx.globals().json)
            list.push_back(runJson(*r));
        else if (!ctx.globals().quiet)
            std::printf("%s\n", r->id().c_str());
    }
    if (ctx.globals().json)
        ctx.printJson({ { "runs", std::move(list) } });
    return {};
}

} // namespace

void addRunCommands(std::vector<Command>& out)
{
    out.push_back({ "run", "run an image lazily (runc over the lazy mount; system daemon only)",
        "run REF [--rm] [-i] [-t] [-d] [-e K=V]... [--user U] [--workdir D] [--entrypoint E] [--name N] "
        "[-- CMD ARGS...]\n\n"
        "The container's output is ours, and so is its exit code. Host network, as `docker run --network host`.\n"
        "--stats prints bytes fetched against the image's size on stderr. -d prints the run's id and leaves it\n"
        "running (`sociscopectl stop ID` ends it).",
        runRun });
    out.push_back({ "ps", "list the daemon's runs", "ps [--json]", runPs });
    out.push_back({ "stop", "stop runs (SIGTERM, SIGKILL after --time seconds) and remove them",
        "stop ID|NAME... [--time SECONDS]", runStop });
}

} // namespace sociscope::cli
