// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "client.h"
#include "client_types.h"
#include "util/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace sociscope::client {

// How a run session ended: the last thing it delivers.
struct RunEnd {
    enum class How {
        Exited, // the run exited (RunEvent::Kind::Exited came before)
        Detached, // the client left, the run goes on (RunEvent::Kind::Detached came before)
        Failed, // no daemon, or it refused the run: error says why
        Lost, // the stream ended before the exit (the daemon stopped, most likely)
        TimedOut, // the daemon did not start the run within the start bound
        Cancelled, // cancel() or the session's destruction
    };
    How how = How::Failed;
    bool started = false; // the daemon had started the run (Started came)
    std::optional<Error> error; // why, unless Exited or Detached
};

// One run driven from start to end through sociscoped, without Qt: what both
// `sociscopectl run` and the GUI's run console sit on. The session owns two
// threads, joined before it goes away: one connects, sends the RunSpec and
// reads (delivering RunEvents), the other writes input from a queue and
// watches the session's bounds, so no caller ever waits on the socket.
//
// Bounds: the daemon must start the run within startTimeout (mounting the
// image is part of that); after the exit, or after detach(), the call must
// close within closeTimeout; otherwise it is cancelled. A client that goes
// away without detaching stops the run (the daemon's rule): destroying the
// session, or cancel(), does that.
class RunSession final {
public:
    // Runs first, on the session's thread: gives the daemon to talk to, and
    // may complete the spec where that reads the disk or runs a credential
    // helper (imageSource(), canonical oci: paths), which callers on a GUI
    // thread must not do themselves.
    using Connect = std::function<Result<std::unique_ptr<DaemonClient>>(RunSpec& spec)>;
    // Called on the session's thread, in order; must not block for long
    // (output waits meanwhile) and must not destroy the session.
    using OnEvent = std::function<void(RunEvent)>;
    using OnEnd = std::function<void(const RunEnd&)>;

    struct Bounds {
        std::chrono::milliseconds startTimeout = std::chrono::hours(1);
        std::chrono::milliseconds closeTimeout = std::chrono::seconds(10);
    };

    // Starts at once: connect(), then the run. Every session ends with one
    // onEnd call (after the last onEvent).
    RunSession(Connect connect, RunSpec spec, OnEvent onEvent, OnEnd onEnd, Bounds bounds);
    RunSession(Connect connect, RunSpec spec, OnEvent onEvent, OnEnd onEnd)
        : RunSession(std::move(connect), std::move(spec), std::move(onEvent), std::move(onEnd), Bounds {})
    {
    }
    // cancel(), then joins the threads (the call ends at once when cancelled).
    ~RunSession();
    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    // Input, queued and written in order once the run has started; dropped
    // after the end. Thread-safe, never blocks on the socket.
    void sendStdin(std::string bytes);
    void closeStdin();
    // The terminal's new size (tty runs).
    void resize(unsigned rows, unsigned cols);
    // SIGTERM, then SIGKILL after graceSeconds (0: the daemon's 10 s).
    void stop(unsigned graceSeconds);
    // Leaves the run running without this client (its output is dropped);
    // the session ends Detached.
    void detach();
    // Ends the call at once; the daemon stops the run unless it was detached.
    // Thread-safe; safe before, during and after the call.
    void cancel();

    // Waits up to timeout for onEnd to have returned; true when it has.
    bool waitEnded(std::chrono::milliseconds timeout);
    // How the session ended, once it has.
    [[nodiscard]] std::optional<RunEnd> end() const;

private:
    struct Call;
    struct Input {
        enum class Kind { Stdin, StdinClosed, Resize, Stop, Detach };
        Kind kind = Kind::Stdin;
        std::string bytes; // Stdin
        unsigned rows = 0, cols = 0; // Resize
        unsigned seconds = 0; // Stop
    };
    void queue(Input input);
    void readLoop(Connect connect, RunSpec spec);
    void writeLoop();

    OnEvent m_onEvent;
    OnEnd m_onEnd;
    Bounds m_bounds;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::shared_ptr<Call> m_call; // while the call is open
    std::deque<Input> m_inputs; // to write, in order
    bool m_ready = false; // the start message is written: inputs may follow
    bool m_writing = false; // the writer is in a write
    bool m_stopWriting = false; // the call is closing: no more writes
    bool m_writerExit = false;
    bool m_started = false;
    bool m_detaching = false;
    bool m_cancelled = false;
    bool m_timedOut = false;
    // When the watchdog (the writer thread) cancels the call.
    std::chrono::steady_clock::time_point m_deadline = std::chrono::steady_clock::time_point::max();
    std::optional<RunEnd> m_end; // set once onEnd has returned
    std::thread m_reader; // last: starts once the rest is built; starts and joins the writer
};

} // namespace sociscope::client
