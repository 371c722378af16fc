// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/subprocess.h"

#include "util/fd.h"
#include "util/strings.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sociscope::proc {

std::string which(const std::string& program)
{
    if (program.find('/') != std::string::npos)
        return ::access(program.c_str(), X_OK) == 0 ? program : std::string();
    const char* path = std::getenv("PATH");
    for (const auto& dir : str::split(path ? path : "/usr/local/bin:/usr/bin:/bin", ':')) {
        const std::string p = (dir.empty() ? "." : dir) + "/" + program;
        struct stat st {};
        if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0)
            return p;
    }
    return {};
}

namespace {
constexpr size_t kCap = 16u << 20; // of each output kept

// Our ends of the child's standard descriptors.
struct Streams {
    util::Fd in, out, err;
};

// Starts exe with the pipes' child ends as its standard descriptors.
Result<pid_t> spawn(const std::string& exe, const std::vector<std::string>& argv, util::Pipe& in, util::Pipe& out,
    util::Pipe& err)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in.read.get(), 0);
    posix_spawn_file_actions_adddup2(&fa, out.write.get(), 1);
    posix_spawn_file_actions_adddup2(&fa, err.write.get(), 2);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, exe.c_str(), &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return makeError(ErrorCode::Io, std::string("cannot start program: ") + std::strerror(rc), exe);
    return pid;
}

// Writes what is left of input; closes in once all of it went (or cannot).
void writeSome(util::Fd& in, const std::string& input, size_t& written)
{
    const ssize_t w = ::write(in.get(), input.data() + written, input.size() - written);
    if (w > 0)
        written += static_cast<size_t>(w);
    if (w < 0 && errno != EAGAIN && errno != EINTR)
        written = input.size();
    if (written >= input.size())
        in.reset(); // EOF for the child
}

// Appends what fd has to dst (up to kCap); closes fd at its end.
void readSome(util::Fd& fd, std::string& dst)
{
    char buf[8192];
    const ssize_t r = ::read(fd.get(), buf, sizeof buf);
    if (r > 0) {
        if (dst.size() < kCap)
            dst.append(buf, static_cast<size_t>(r));
    } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        fd.reset();
    }
}

// Feeds input and collects the outputs until every stream closed; true when
// the deadline came first.
bool pump(Streams& s, const std::string& input, Output& result, std::chrono::steady_clock::time_point deadline)
{
    size_t written = 0;
    while (s.out || s.err || s.in) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return true;
        pollfd fds[3];
        int n = 0;
        if (s.in)
            fds[n++] = {s.in.get(), POLLOUT, 0};
        if (s.out)
            fds[n++] = {s.out.get(), POLLIN, 0};
        if (s.err)
            fds[n++] = {s.err.get(), POLLIN, 0};
        const int pr = ::poll(fds, static_cast<nfds_t>(n), static_cast<int>(std::min<long>(left.count(), 1000)));
        if (pr < 0 && errno != EINTR)
            break;
        for (int i = 0; i < n; ++i) {
            if (!fds[i].revents)
                continue;
            if (fds[i].fd == s.in.get())
                writeSome(s.in, input, written);
            else if (fds[i].fd == s.out.get())
                readSome(s.out, result.out);
            else
                readSome(s.err, result.err);
        }
    }
    return false;
}
} // namespace

Result<Output> run(const std::vector<std::string>& argv, const std::string& input, std::chrono::milliseconds timeout)
{
    if (argv.empty())
        return makeError(ErrorCode::Internal, "no program to run");
    const std::string exe = which(argv[0]);
    if (exe.empty())
        return makeError(ErrorCode::NotFound, "program not found in PATH", argv[0]);
    auto in = util::Pipe::open();
    if (!in)
        return in.error();
    auto out = util::Pipe::open();
    if (!out)
        return out.error();
    auto err = util::Pipe::open();
    if (!err)
        return err.error();
    auto pid = spawn(exe, argv, *in, *out, *err);
    if (!pid)
        return pid.error();
    Streams s { std::move(in->write), std::move(out->read), std::move(err->read) };
    // The child's ends: only the child holds them now, so its exit is our EOF.
    in->read.reset();
    out->write.reset();
    err->write.reset();
    if (input.empty())
        s.in.reset();
    else
        ::fcntl(s.in.get(), F_SETFL, O_NONBLOCK);
    Output result;
    const bool timedOut = pump(s, input, result, std::chrono::steady_clock::now() + timeout);
    s = Streams {}; // a child still writing gets EPIPE
    if (timedOut)
        ::kill(*pid, SIGKILL);
    int status = 0;
    while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timedOut)
        return makeError(ErrorCode::Network, "program did not finish within " + std::to_string(timeout.count()) + " ms",
                         exe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

} // namespace sociscope::proc
