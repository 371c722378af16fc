// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/cancel.h"

#include <algorithm>
#include <thread>

namespace sociscope::util {

namespace {
thread_local CancelToken t_current;
} // namespace

CancelToken CancelToken::make() { return CancelToken(std::make_shared<State>()); }

CancelToken CancelToken::watching(std::shared_ptr<const std::atomic<bool>> flag)
{
    auto s = std::make_shared<State>();
    s->external = std::move(flag);
    return CancelToken(std::move(s));
}

void CancelToken::cancel() const
{
    if (m_state)
        m_state->cancelled.store(true, std::memory_order_relaxed);
}

CancelToken CancelToken::child(std::optional<std::chrono::steady_clock::time_point> deadline) const
{
    auto s = std::make_shared<State>();
    s->deadline = deadline;
    s->parent = m_state;
    return CancelToken(std::move(s));
}

StopReason CancelToken::reason() const
{
    // Chains are short (a CLI token, a job's, a read's deadline): walk them.
    std::optional<std::chrono::steady_clock::time_point> now;
    for (const State* s = m_state.get(); s; s = s->parent.get()) {
        if (s->cancelled.load(std::memory_order_relaxed) || (s->external && s->external->load()))
            return StopReason::Cancelled;
        if (s->deadline) {
            if (!now)
                now = std::chrono::steady_clock::now();
            if (*now >= *s->deadline)
                return StopReason::DeadlinePassed;
        }
    }
    return StopReason::None;
}

std::optional<std::chrono::steady_clock::time_point> CancelToken::deadline() const
{
    std::optional<std::chrono::steady_clock::time_point> out;
    for (const State* s = m_state.get(); s; s = s->parent.get())
        if (s->deadline && (!out || *s->deadline < *out))
            out = s->deadline;
    return out;
}

bool CancelToken::sleepFor(std::chrono::milliseconds d) const
{
    // Polled in short slices: cancel() must stay a single atomic store so a
    // signal handler may call it, which rules out a condition variable.
    const auto until = std::chrono::steady_clock::now() + d;
    for (;;) {
        if (stopRequested())
            return false;
        const auto now = std::chrono::steady_clock::now();
        if (now >= until)
            return true;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(50)));
    }
}

CancelToken currentCancelToken() { return t_current; }

CancelScope::CancelScope(CancelToken token) : m_previous(std::move(t_current)) { t_current = std::move(token); }

CancelScope::~CancelScope() { t_current = std::move(m_previous); }

std::string stopText(StopReason reason)
{
    switch (reason) {
    case StopReason::Cancelled: return "cancelled";
    case StopReason::DeadlinePassed: return "timed out";
    case StopReason::None: break;
    }
    return "running";
}

} // namespace sociscope::util
