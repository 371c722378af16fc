// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/launch.h"

#include "util/files.h"
#include "util/strings.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/wait.h>

namespace sociscope::run {

namespace {
// Polls the pid file until it names a process, runc exits, or until passes.
void waitForPidFile(const util::Fd& runcExited, const std::string& pidFile, std::chrono::steady_clock::time_point until)
{
    while (std::chrono::steady_clock::now() < until) {
        if (readPidFile(pidFile) > 0)
            return;
        pollfd pf { runcExited.get(), POLLIN, 0 };
        if (::poll(&pf, 1, 20) > 0)
            return;
    }
}
} // namespace

pid_t readPidFile(const std::string& path)
{
    auto text = files::readFile(path);
    if (!text)
        return 0;
    auto n = str::parseU64(std::string(str::trim(*text)));
    return n ? static_cast<pid_t>(*n) : 0;
}

Result<Launched> launchForeground(const Runc& runc, const LaunchSpec& spec)
{
    auto argv = runc.command({ "run", "--bundle", spec.bundleDir, "--pid-file", spec.pidFile, spec.id });
    if (!argv)
        return argv.error();
    const util::Fd devNull(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!devNull)
        return makeError(ErrorCode::Io, std::string("cannot open /dev/null: ") + std::strerror(errno));
    std::optional<util::Pipe> in;
    if (spec.interactive) {
        auto p = util::Pipe::open();
        if (!p)
            return p.error();
        in = std::move(*p);
    }
    auto out = util::Pipe::open();
    if (!out)
        return out.error();
    auto err = util::Pipe::open();
    if (!err)
        return err.error();
    auto pid = spawnWith(*argv, in ? in->read.get() : devNull.get(), out->write.get(), err->write.get());
    if (!pid)
        return pid.error();
    // runc's ends of the pipes close when the Pipes go: our reads see EOF
    // once runc and the container let go of theirs.
    Launched l;
    l.runcPid = *pid;
    if (in)
        l.in = std::move(in->write);
    l.out = std::move(out->read);
    l.err = std::move(err->read);
    l.proc = util::pidfdOpen(*pid);
    if (!l.proc) {
        const int e = errno;
        ::kill(*pid, SIGKILL);
        while (::waitpid(*pid, nullptr, 0) < 0 && errno == EINTR) { }
        return makeError(ErrorCode::Io, std::string("pidfd_open: ") + std::strerror(e), spec.id);
    }
    // Running means running: runc writes the pid file once the container's
    // process was started (or it exits first, and its error reaches the
    // reader as output).
    waitForPidFile(l.proc, spec.pidFile, std::chrono::steady_clock::now() + spec.startTimeout);
    for (const util::Fd* fd : { &l.in, &l.out, &l.err })
        if (*fd)
            util::setNonBlocking(fd->get());
    return l;
}

} // namespace sociscope::run
