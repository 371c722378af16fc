// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/supervisor.h"

#include "run/pty.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace sociscope::run {

// ---- Controls ----

Controls::Controls()
    : m_wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
}

void Controls::writeStdin(std::string data)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stdinClosed)
            return;
        m_stdin += data;
    }
    wake();
}

void Controls::closeStdin()
{
    {
        std::lock_guard lock(m_mutex);
        m_stdinClosed = true;
    }
    wake();
}

void Controls::resize(unsigned rows, unsigned cols)
{
    {
        std::lock_guard lock(m_mutex);
        m_resize = std::make_pair(rows, cols);
    }
    wake();
}

void Controls::requestStop(std::chrono::seconds grace)
{
    {
        std::lock_guard lock(m_mutex);
        const auto at = std::chrono::steady_clock::now() + grace;
        if (!m_killAt || at < *m_killAt)
            m_killAt = at;
    }
    wake();
}

bool Controls::stopRequested()
{
    std::lock_guard lock(m_mutex);
    return m_killAt.has_value();
}

void Controls::wake()
{
    const std::uint64_t one = 1;
    if (m_wake)
        (void)!::write(m_wake.get(), &one, sizeof one);
}

Controls::Pending Controls::take()
{
    std::lock_guard lock(m_mutex);
    Pending p;
    p.stdinData = std::exchange(m_stdin, {});
    p.stdinClosed = m_stdinClosed;
    p.resize = std::exchange(m_resize, std::nullopt);
    p.killAt = m_killAt;
    return p;
}

void Controls::drain()
{
    std::uint64_t v;
    (void)!::read(m_wake.get(), &v, sizeof v);
}

// ---- the supervising loop ----

namespace {
using Clock = std::chrono::steady_clock;
constexpr std::size_t kChunk = 32 * 1024;
// After the container ended, output still in the pipes is read for this long at most.
constexpr auto kDrain = std::chrono::seconds(2);

class Supervisor final {
public:
    Supervisor(Launched& l, Controls& c, const Runc& runc, const std::string& id, OutputSink& sink)
        : m_l(l)
        , m_controls(c)
        , m_runc(runc)
        , m_id(id)
        , m_sink(sink)
    {
    }

    ExitStatus run()
    {
        for (;;) {
            const bool stopping = applyControls();
            std::vector<pollfd> fds = pollSet();
            if (m_exited && (!outputOpen() || Clock::now() >= m_drainUntil))
                break;
            ::poll(fds.data(), fds.size(), stopping && !m_killSent ? 100 : 200);
            for (const auto& p : fds)
                if (p.revents)
                    handle(p);
        }
        for (util::Fd* fd : { &m_l.in, &m_l.out, &m_l.err, &m_l.master, &m_l.proc })
            fd->reset();
        return exitStatus();
    }

private:
    [[nodiscard]] int inputFd() const { return m_l.master ? m_l.master.get() : m_l.in.get(); }
    [[nodiscard]] bool outputOpen() const { return m_l.out || m_l.err || m_l.master; }

    // Takes what the owner asked; true once a stop was asked.
    bool applyControls()
    {
        auto p = m_controls.take();
        m_stdin += p.stdinData;
        if (p.resize && m_l.master)
            setWindowSize(m_l.master.get(), p.resize->first, p.resize->second);
        if (p.killAt && !m_exited)
            escalate(*p.killAt);
        if (m_l.in && !m_l.master && m_stdin.empty() && p.stdinClosed)
            m_l.in.reset(); // EOF for the container
        return p.killAt.has_value();
    }

    void escalate(Clock::time_point killAt)
    {
        const auto now = Clock::now();
        // runc kill fails in the instant before runc registered the
        // container; the next round tries again.
        if (!m_termSent)
            m_termSent = m_runc.kill(m_id, SIGTERM).ok();
        if (!m_killSent && now >= killAt) {
            m_killSent = m_runc.kill(m_id, SIGKILL).ok();
            if (!m_killSent && m_l.initPid > 0)
                m_killSent = ::kill(m_l.initPid, SIGKILL) == 0;
        }
        // runc itself must not outlive a container that is gone.
        if (!m_lastResort && now >= killAt + std::chrono::seconds(5) && m_l.runcPid > 0) {
            ::kill(m_l.runcPid, SIGKILL);
            m_lastResort = true;
        }
    }

    [[nodiscard]] std::vector<pollfd> pollSet() const
    {
        std::vector<pollfd> fds;
        fds.push_back({ m_controls.wakeFd(), POLLIN, 0 });
        if (!m_exited)
            fds.push_back({ m_l.proc.get(), POLLIN, 0 });
        if (m_sink.hasRoom())
            for (const util::Fd* fd : { &m_l.out, &m_l.err, &m_l.master })
                if (*fd)
                    fds.push_back({ fd->get(), POLLIN, 0 });
        if (inputFd() >= 0 && !m_stdin.empty() && !m_exited)
            fds.push_back({ inputFd(), POLLOUT, 0 });
        return fds;
    }

    void handle(const pollfd& p)
    {
        if (p.fd == m_controls.wakeFd())
            m_controls.drain();
        else if (p.fd == m_l.proc.get() && !m_exited)
            reap();
        else if ((p.events & POLLOUT) != 0)
            writeInput();
        else if (p.fd == m_l.out.get())
            readInto(m_l.out, Stream::Stdout);
        else if (p.fd == m_l.err.get())
            readInto(m_l.err, Stream::Stderr);
        else if (p.fd == m_l.master.get())
            readInto(m_l.master, Stream::Stdout);
    }

    void reap()
    {
        const pid_t child = m_l.runcPid > 0 ? m_l.runcPid : m_l.initPid;
        if (::waitpid(child, &m_waitStatus, WNOHANG) == child) {
            m_exited = true;
            m_drainUntil = Clock::now() + kDrain;
        }
    }

    void writeInput()
    {
        const ssize_t n = ::write(inputFd(), m_stdin.data(), m_stdin.size());
        if (n > 0) {
            m_stdin.erase(0, static_cast<size_t>(n));
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            m_stdin.clear();
            if (!m_l.master)
                m_l.in.reset();
        }
    }

    void readInto(util::Fd& fd, Stream stream)
    {
        char buf[kChunk];
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n > 0)
            m_sink.write(stream, std::string(buf, static_cast<size_t>(n)));
        else if (n == 0 || (errno != EAGAIN && errno != EINTR))
            fd.reset(); // end of output (a terminal answers EIO once its last user is gone)
    }

    [[nodiscard]] ExitStatus exitStatus() const
    {
        ExitStatus s;
        s.code = exitCodeOf(m_waitStatus);
        s.signal = WIFSIGNALED(m_waitStatus) ? WTERMSIG(m_waitStatus) : 0;
        // runc in the foreground reports a container killed by a signal as 128 + it.
        if (m_l.runcPid > 0 && WIFEXITED(m_waitStatus) && s.code > 128 && s.code <= 128 + 64)
            s.signal = s.code - 128;
        return s;
    }

    Launched& m_l;
    Controls& m_controls;
    const Runc& m_runc;
    const std::string& m_id;
    OutputSink& m_sink;
    std::string m_stdin; // taken from the controls, not written yet
    bool m_termSent = false, m_killSent = false, m_lastResort = false;
    bool m_exited = false;
    int m_waitStatus = 0;
    Clock::time_point m_drainUntil {};
};
} // namespace

ExitStatus supervise(Launched& launched, Controls& controls, const Runc& runc, const std::string& id,
    OutputSink& sink)
{
    return Supervisor(launched, controls, runc, id, sink).run();
}

} // namespace sociscope::run
