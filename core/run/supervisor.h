// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "run/launch.h"
#include "run/runc.h"
#include "util/fd.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace sociscope::run {

// Which of a container's outputs a piece comes from (a terminal's is Stdout).
enum class Stream { Stdout, Stderr };

// Where a container's output goes.
class OutputSink {
public:
    virtual ~OutputSink() = default;
    // False while the reader is behind: output is left in the pipes (the
    // container slows down, nothing is lost) until Controls::wake().
    virtual bool hasRoom() = 0;
    // One piece of output, in order.
    virtual void write(Stream stream, std::string data) = 0;
};

// How a container ended.
struct ExitStatus {
    int code = 0; // the code, or 128 + the signal, as a shell reports it
    int signal = 0; // the signal that ended it; 0 when it exited
};

// What the owner of a container asks of it, from any thread; the supervisor
// picks it up when woken. Thread-safe.
class Controls final {
public:
    Controls();
    Controls(const Controls&) = delete;
    Controls& operator=(const Controls&) = delete;

    // Input for the container; dropped once stdin was closed.
    void writeStdin(std::string data);
    // End of input, once what is queued was written (pipes only).
    void closeStdin();
    // The terminal's new size.
    void resize(unsigned rows, unsigned cols);
    // SIGTERM now (or once it runs), SIGKILL after grace; a later, shorter
    // stop brings SIGKILL closer.
    void requestStop(std::chrono::seconds grace);
    [[nodiscard]] bool stopRequested();
    // Wakes the supervisor (after any of the above, or when the sink has room).
    void wake();

    // What was asked since the last take (the supervisor's side).
    struct Pending {
        std::string stdinData;
        bool stdinClosed = false;
        std::optional<std::pair<unsigned, unsigned>> resize;
        std::optional<std::chrono::steady_clock::time_point> killAt;
    };
    Pending take();
    // Readable after wake(); drain() resets it.
    [[nodiscard]] int wakeFd() const { return m_wake.get(); }
    void drain();

private:
    util::Fd m_wake; // eventfd
    std::mutex m_mutex;
    std::string m_stdin;
    bool m_stdinClosed = false;
    std::optional<std::pair<unsigned, unsigned>> m_resize;
    std::optional<std::chrono::steady_clock::time_point> m_killAt;
};

// Watches a launched container until it exited and its output was drained
// (for 2 s at most after the exit): pumps output to sink and queued input
// in, applies resizes, and stops it when asked (SIGTERM through runc, SIGKILL
// at the deadline, runc itself killed 5 s later), then reaps it. The
// descriptors of launched are closed on return.
ExitStatus supervise(Launched& launched, Controls& controls, const Runc& runc, const std::string& id,
    OutputSink& sink);

} // namespace sociscope::run
