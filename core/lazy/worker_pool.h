// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sociscope::lazy {

// A fixed set of worker threads running prioritised tasks: foreground reads
// overtake read-ahead, which overtakes background fetches; FIFO within a
// priority. Threads are owned and joined by the destructor; tasks still queued
// then run with cancelled = true so whoever waits on them is told. The pool
// may be destroyed by one of its own tasks (a task holding the last
// shared_ptr to it, say after the image that owned it was closed): that
// thread is detached instead of joined, and ends once its task returns.
class WorkerPool final {
public:
    enum class Priority { Foreground = 0, ReadAhead = 1, Background = 2 };
    using Task = std::function<void(bool cancelled)>;

    explicit WorkerPool(unsigned threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Queues a task; it runs under the caller's ambient cancel token
    // (util::currentCancelToken), so it stops when the caller's owner does.
    void submit(Priority priority, Task task);
    [[nodiscard]] unsigned threads() const { return static_cast<unsigned>(m_threads.size()); }
    // Tasks waiting (not running) at a priority.
    [[nodiscard]] std::size_t queued(Priority priority) const;

private:
    // What the threads use: shared with them, so a thread still finishing a
    // task after the pool is gone (see above) touches nothing freed.
    struct Shared {
        mutable std::mutex mutex;
        std::condition_variable cv;
        std::deque<Task> queues[3];
        bool stopping = false;
    };
    static void work(const std::shared_ptr<Shared>& shared);

    std::shared_ptr<Shared> m_shared;
    std::vector<std::thread> m_threads;
};

} // namespace sociscope::lazy
