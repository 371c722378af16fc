// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sociscope::lazy {

// A fixed set of worker threads running prioritised tasks: foreground reads
// overtake read-ahead, which overtakes background fetches; FIFO within a
// priority. Threads are owned and joined by the destructor; tasks still queued
// then run with cancelled = true so whoever waits on them is told.
class WorkerPool final {
public:
    enum class Priority { Foreground = 0, ReadAhead = 1, Background = 2 };
    using Task = std::function<void(bool cancelled)>;

    explicit WorkerPool(unsigned threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void submit(Priority priority, Task task);
    [[nodiscard]] unsigned threads() const { return static_cast<unsigned>(m_threads.size()); }
    // Tasks waiting (not running) at a priority.
    [[nodiscard]] std::size_t queued(Priority priority) const;

private:
    void work();

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Task> m_queues[3];
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace sociscope::lazy
