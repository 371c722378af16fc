// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/span_memory.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace sociscope::daemon {

// Gives memory back once reading stops. Every period it drops the spans the
// budget kept unused past its idle time, and when reads went quiet (or spans
// were dropped) it hands the heap's free pages back to the kernel
// (malloc_trim): glibc keeps freed memory of its arenas otherwise, so the
// daemon's resident size would stay at its peak. Owns its thread.
class MemoryTrimmer final {
public:
    MemoryTrimmer(std::shared_ptr<lazy::SpanMemory> memory, std::chrono::milliseconds period);
    // Stops and joins the thread.
    ~MemoryTrimmer();
    MemoryTrimmer(const MemoryTrimmer&) = delete;
    MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

private:
    void run();

    std::shared_ptr<lazy::SpanMemory> m_memory;
    std::chrono::milliseconds m_period;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace sociscope::daemon
