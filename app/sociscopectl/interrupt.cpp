// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "interrupt.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace sociscope::cli {

namespace {
// What the handler may touch: atomics and a pipe (async-signal-safe only).
std::atomic<int> g_signal { 0 };
int g_pipeWrite = -1;
const util::CancelToken* g_token = nullptr;

void onSignal(int sig)
{
    const int saved = errno;
    if (g_signal.exchange(sig) != 0)
        ::_exit(128 + sig); // a second signal: the person means it
    if (g_token)
        g_token->cancel();
    const char b = 's';
    (void)!::write(g_pipeWrite, &b, 1);
    errno = saved;
}

constexpr char kQuit = 'q';
constexpr int kGraceMs = 2000;
} // namespace

InterruptGuard::InterruptGuard() : m_token(util::CancelToken::make())
{
    if (::pipe2(m_pipe, O_CLOEXEC) != 0)
        return; // no watchdog: signals keep their default action
    g_token = &m_token;
    g_pipeWrite = m_pipe[1];
    // The watchdog ends the process when the command does not stop in time
    // (a read blocked outside the network, say): an interrupt never hangs.
    m_watchdog = std::thread([fd = m_pipe[0]] {
        char b = 0;
        while (::read(fd, &b, 1) < 0 && errno == EINTR) {}
        if (b != 's')
            return;
        pollfd p { fd, POLLIN, 0 };
        int n = 0;
        do
            n = ::poll(&p, 1, kGraceMs);
        while (n < 0 && errno == EINTR);
        if (n > 0 && ::read(fd, &b, 1) == 1 && b == kQuit)
            return; // the command stopped in time
        static const char msg[] = "sociscopectl: interrupted; the command did not stop in time\n";
        (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
        ::_exit(128 + g_signal.load());
    });
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    for (int sig : { SIGINT, SIGTERM })
        ::sigaction(sig, &sa, nullptr);
}

InterruptGuard::~InterruptGuard()
{
    for (int sig : { SIGINT, SIGTERM })
        ::signal(sig, SIG_DFL);
    if (m_watchdog.joinable()) {
        (void)!::write(m_pipe[1], &kQuit, 1);
        m_watchdog.join();
    }
    g_token = nullptr;
    g_pipeWrite = -1;
    for (int fd : m_pipe)
        if (fd >= 0)
            ::close(fd);
}

int InterruptGuard::signalReceived() { return g_signal.load(); }

} // namespace sociscope::cli
