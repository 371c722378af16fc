// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace sociscope::util {

// Why work should stop: nobody waits for it any more (its owner cancelled it),
// or the time its owner would wait has passed.
enum class StopReason { None, Cancelled, DeadlinePassed };

// A shared "stop now" flag with an optional deadline, like std::stop_token
// (which cannot carry a deadline nor chain to a parent). Copies share one
// state; a token made by child() also stops when its parent does. A
// default-constructed token never stops. Thread-safe.
class CancelToken final {
public:
    CancelToken() = default;
    // A token that stops only when cancel() is called on it (or a copy).
    static CancelToken make();
    // A token that also stops when *flag becomes true: for jobs that already
    // have a cancel flag of their own (the GUI's). flag may be null.
    static CancelToken watching(std::shared_ptr<const std::atomic<bool>> flag);

    // Stops this token and every child of it. Async-signal-safe (one atomic store).
    void cancel() const;
    // A token that stops when this one does, when cancel() is called on the
    // child, or at deadline (whichever is first).
    [[nodiscard]] CancelToken child(std::optional<std::chrono::steady_clock::time_point> deadline = {}) const;

    [[nodiscard]] StopReason reason() const;
    [[nodiscard]] bool stopRequested() const { return reason() != StopReason::None; }
    // The earliest deadline of this token and its parents, if any.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> deadline() const;
    // Sleeps for d, or less when the token stops; false when it stopped.
    bool sleepFor(std::chrono::milliseconds d) const;

private:
    struct State {
        std::atomic<bool> cancelled{false};
        std::optional<std::chrono::steady_clock::time_point> deadline;
        std::shared_ptr<const std::atomic<bool>> external;
        std::shared_ptr<const State> parent;
    };
    explicit CancelToken(std::shared_ptr<State> s) : m_state(std::move(s)) {}
    std::shared_ptr<State> m_state;
};

// The token the calling thread's work answers to (the ambient token): network
// transfers and waits on other threads' fetches check it, so an owner that
// goes away (a CLI interrupted, a GUI job cancelled, a daemon client gone, a
// FUSE read past its limit) stops them without every signature carrying it.
// Work handed to another thread carries it along (see WorkerPool::submit).
[[nodiscard]] CancelToken currentCancelToken();

// Installs a token as the calling thread's ambient token for its lifetime,
// restoring the previous one after. Not copyable; strictly nested.
class CancelScope final {
public:
    explicit CancelScope(CancelToken token);
    ~CancelScope();
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

private:
    CancelToken m_previous;
};

// A message for work stopped for reason, e.g. "cancelled" or "timed out".
std::string stopText(StopReason reason);

} // namespace sociscope::util
