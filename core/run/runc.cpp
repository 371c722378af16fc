// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/runc.h"

#include "util/strings.h"
#include "util/subprocess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sociscope::run {

Runc::Runc(std::string root)
    : m_root(std::move(root))
{
}

Result<std::vector<std::string>> Runc::command(const std::vector<std::string>& args) const
{
    const std::string exe = proc::which("runc");
    if (exe.empty())
        return makeError(ErrorCode::NotFound, "runc is not installed (Debian: apt-get install runc)");
    std::vector<std::string> argv { exe, "--root", m_root };
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

Result<std::vector<std::string>> Runc::list() const
{
    auto argv = command({ "list", "-q" });
    if (!argv)
        return argv.error();
    auto r = proc::run(*argv);
    if (!r)
        return r.error();
    if (r->exitCode != 0)
        return makeError(ErrorCode::Io, "runc list failed: " + std::string(str::trim(r->err)), m_root);
    std::vector<std::string> out;
    for (const auto& line : str::split(r->out, '\n'))
        if (const auto id = str::trim(line); !id.empty())
            out.emplace_back(id);
    return out;
}

Status Runc::kill(const std::string& id, int signal, bool all) const
{
    std::vector<std::string> args { "kill" };
    if (all)
        args.emplace_back("--all");
    args.push_back(id);
    args.push_back(std::to_string(signal));
    auto argv = command(args);
    if (!argv)
        return argv.error();
    auto r = proc::run(*argv);
    if (!r)
        return r.error();
    if (r->exitCode != 0)
        return makeError(ErrorCode::Io, "runc kill failed: " + std::string(str::trim(r->err)), id);
    return {};
}

Status Runc::remove(const std::string& id) const
{
    auto argv = command({ "delete", "--force", id });
    if (!argv)
        return argv.error();
    auto r = proc::run(*argv, {}, std::chrono::seconds(60));
    if (!r)
        return r.error();
    if (r->exitCode != 0) {
        const std::string err(str::trim(r->err));
        if (err.find("does not exist") != std::string::npos || err.find("not exist") != std::string::npos)
            return {};
        return makeError(ErrorCode::Io, "runc delete failed: " + err, id);
    }
    return {};
}

Result<pid_t> spawnWith(const std::vector<std::string>& argv, int in, int out, int err)
{
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in, 0);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    posix_spawn_file_actions_adddup2(&fa, err, 2);
    // Nothing of the daemon (sockets, /dev/fuse, pipes of other runs) leaks in.
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    sigset_t all;
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    // SIGPIPE is ignored in the daemon; the child gets the defaults back.
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSID);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0].c_str(), &fa, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return makeError(ErrorCode::Io, std::string("cannot start: ") + std::strerror(rc), argv[0]);
    return pid;
}

int exitCodeOf(int waitStatus)
{
    if (WIFEXITED(waitStatus))
        return WEXITSTATUS(waitStatus);
    if (WIFSIGNALED(waitStatus))
        return 128 + WTERMSIG(waitStatus);
    return 255;
}

Result<std::unique_ptr<ConsoleSocket>> ConsoleSocket::listen(const std::string& path)
{
    sockaddr_un addr {};
    if (path.size() >= sizeof addr.sun_path)
        return makeError(ErrorCode::Usage, "the console socket path is too long", path);
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    util::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return makeError(ErrorCode::Io, std::string("socket: ") + std::strerror(errno), path);
    ::unlink(path.c_str());
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0
        || ::chmod(path.c_str(), 0600) != 0 || ::listen(fd.get(), 1) != 0)
        return makeError(ErrorCode::Io, std::string("cannot listen for runc's console: ") + std::strerror(errno), path);
    return std::unique_ptr<ConsoleSocket>(new ConsoleSocket(std::move(fd), path));
}

ConsoleSocket::~ConsoleSocket()
{
    ::unlink(m_path.c_str());
}

Result<util::Fd> ConsoleSocket::receiveMaster(std::chrono::milliseconds timeout, const std::function<bool()>& giveUp)
{
    const auto until = std::chrono::steady_clock::now() + timeout;
    util::Fd conn;
    while (!conn) {
        if (std::chrono::steady_clock::now() >= until)
            return makeError(ErrorCode::Io, "runc did not hand over the terminal in time", m_path);
        pollfd p { m_fd.get(), POLLIN, 0 };
        const int n = ::poll(&p, 1, 50);
        if (n > 0)
            conn.reset(::accept4(m_fd.get(), nullptr, nullptr, SOCK_CLOEXEC));
        else if (giveUp && giveUp())
            return makeError(ErrorCode::Io, "runc exited before it handed over the terminal", m_path);
    }
    // runc sends the terminal's name as data and the master as SCM_RIGHTS.
    char name[4096];
    iovec iov { name, sizeof name };
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr msg {};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    pollfd p { conn.get(), POLLIN, 0 };
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0)
        return makeError(ErrorCode::Io, "runc connected but sent no terminal", m_path);
    const ssize_t got = ::recvmsg(conn.get(), &msg, MSG_CMSG_CLOEXEC);
    conn.reset();
    if (got < 0)
        return makeError(ErrorCode::Io, std::string("recvmsg: ") + std::strerror(errno), m_path);
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
            return util::Fd(fd);
        }
    return makeError(ErrorCode::Io, "runc's message carried no terminal descriptor", m_path);
}

} // namespace sociscope::run
