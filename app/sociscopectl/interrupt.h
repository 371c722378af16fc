// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// SIGINT and SIGTERM for sociscopectl: stop the work, exit promptly.
#pragma once

#include "util/cancel.h"

#include <thread>

namespace sociscope::cli {

// While it lives, SIGINT and SIGTERM cancel token() (so every fetch stops
// within a second and the command unwinds, removing what it half wrote); a
// command still running 2 s later, or a second signal, ends the process at
// once. Either way the exit status is 128 + the signal (130, 143).
// One per process.
class InterruptGuard final {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    [[nodiscard]] const util::CancelToken& token() const { return m_token; }
    // The signal received, or 0.
    [[nodiscard]] static int signalReceived();

private:
    util::CancelToken m_token;
    int m_pipe[2] = { -1, -1 };
    std::thread m_watchdog;
};

} // namespace sociscope::cli
