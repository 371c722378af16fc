// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/pty.h"

#include "util/files.h"
#include "util/strings.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

namespace sociscope::run {

namespace {
// runc --detach exits once the container runs (or failed to): waits for
// that up to timeout, kills it after; returns its wait status.
int waitForRuncExit(pid_t pid, std::chrono::seconds timeout)
{
    const util::Fd pfd = util::pidfdOpen(pid);
    pollfd p { pfd.get(), POLLIN, 0 };
    if (!pfd || ::poll(&p, 1, static_cast<int>(timeout.count() * 1000)) <= 0)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    return status;
}

// Starts runc with its output in logPath; the pid of runc.
Result<pid_t> spawnLogged(const std::vector<std::string>& argv, const std::string& logPath)
{
    const util::Fd devNull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!devNull)
        return makeError(ErrorCode::Io, std::string("cannot open /dev/null: ") + std::strerror(errno));
    const util::Fd log(::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!log)
        return makeError(ErrorCode::Io, std::string("cannot write runc's log: ") + std::strerror(errno), logPath);
    return spawnWith(argv, devNull.get(), log.get(), log.get());
}
} // namespace

Result<Launched> launchWithTerminal(const Runc& runc, const LaunchSpec& spec)
{
    auto console = ConsoleSocket::listen(spec.workDir + "/console.sock");
    if (!console)
        return console.error();
    auto argv = runc.command({ "run", "--detach", "--bundle", spec.bundleDir, "--console-socket",
        (*console)->path(), "--pid-file", spec.pidFile, spec.id });
    if (!argv)
        return argv.error();
    const std::string logPath = spec.workDir + "/runc.log";
    auto pid = spawnLogged(*argv, logPath);
    if (!pid)
        return pid.error();
    int status = 0;
    bool reaped = false;
    auto master = (*console)->receiveMaster(spec.startTimeout, [&] {
        reaped = reaped || ::waitpid(*pid, &status, WNOHANG) == *pid;
        return reaped;
    });
    if (!reaped)
        status = waitForRuncExit(*pid, spec.startTimeout);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !master) {
        auto log = files::readFile(logPath);
        return makeError(ErrorCode::Io,
            "runc could not start the container: " + std::string(str::trim(log ? *log : std::string()))
                + (master ? std::string() : " (" + master.error().message + ")"),
            spec.id);
    }
    Launched l;
    l.initPid = readPidFile(spec.pidFile);
    if (l.initPid <= 0)
        return makeError(ErrorCode::Io, "runc wrote no pid file", spec.pidFile);
    l.proc = util::pidfdOpen(l.initPid);
    if (!l.proc)
        return makeError(ErrorCode::Io, std::string("pidfd_open: ") + std::strerror(errno), spec.id);
    l.master = std::move(*master);
    util::setNonBlocking(l.master.get());
    return l;
}

void setWindowSize(int masterFd, unsigned rows, unsigned cols)
{
    winsize ws {};
    ws.ws_row = static_cast<unsigned short>(rows);
    ws.ws_col = static_cast<unsigned short>(cols);
    ::ioctl(masterFd, TIOCSWINSZ, &ws);
}

} // namespace sociscope::run
