// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "memory_trimmer.h"

#include "util/log.h"
#include "util/strings.h"

#include <malloc.h>

namespace sociscope::daemon {

MemoryTrimmer::MemoryTrimmer(std::shared_ptr<lazy::SpanMemory> memory, std::chrono::milliseconds period)
    : m_memory(std::move(memory))
    , m_period(period)
{
    m_thread = std::thread([this] { run(); });
}

MemoryTrimmer::~MemoryTrimmer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    m_thread.join();
}

void MemoryTrimmer::run()
{
    std::uint64_t seen = m_memory->activity();
    bool busy = false;
    std::unique_lock lock(m_mutex);
    while (!m_cv.wait_for(lock, m_period, [&] { return m_stopping; })) {
        const std::uint64_t dropped = m_memory->trimIdle();
        const std::uint64_t now = m_memory->activity();
        const bool quiet = now == seen;
        seen = now;
        // Trimming walks every arena: only once a burst ended, not during one.
        if (dropped > 0 || (quiet && busy)) {
            ::malloc_trim(0);
            log::debug("memory: dropped " + str::humanBytes(dropped) + " of idle spans, heap trimmed");
        }
        busy = !quiet;
    }
}

} // namespace sociscope::daemon
