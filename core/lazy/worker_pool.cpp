// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/worker_pool.h"

#include "util/cancel.h"

namespace sociscope::lazy {

WorkerPool::WorkerPool(unsigned threads)
    : m_shared(std::make_shared<Shared>())
{
    for (unsigned i = 0; i < std::max(threads, 1u); ++i)
        m_threads.emplace_back([shared = m_shared] { work(shared); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->stopping = true;
    }
    m_shared->cv.notify_all();
    for (auto& t : m_threads) {
        // Joining ourselves would throw (EDEADLK): this thread is running
        // the task that dropped the last reference to the pool.
        if (t.get_id() == std::this_thread::get_id())
            t.detach();
        else
            t.join();
    }
    // Whatever is left is cancelled, so its waiters wake up.
    std::deque<Task> left[3];
    {
        std::lock_guard lock(m_shared->mutex);
        for (int i = 0; i < 3; ++i)
            left[i].swap(m_shared->queues[i]);
    }
    for (auto& q : left)
        for (auto& task : q)
            task(true);
}

void WorkerPool::submit(Priority priority, Task task)
{
    // The task works for whoever submitted it: it answers to their token.
    task = [cancel = util::currentCancelToken(), inner = std::move(task)](bool cancelled) {
        const util::CancelScope scope(cancel);
        inner(cancelled);
    };
    {
        std::lock_guard lock(m_shared->mutex);
        if (!m_shared->stopping) {
            m_shared->queues[static_cast<int>(priority)].push_back(std::move(task));
            task = nullptr;
        }
    }
    if (task)
        task(true);
    else
        m_shared->cv.notify_one();
}

std::size_t WorkerPool::queued(Priority priority) const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->queues[static_cast<int>(priority)].size();
}

void WorkerPool::work(const std::shared_ptr<Shared>& shared)
{
    for (;;) {
        Task task;
        {
            std::unique_lock lock(shared->mutex);
            shared->cv.wait(lock, [&] {
                return shared->stopping || !shared->queues[0].empty() || !shared->queues[1].empty() ||
                       !shared->queues[2].empty();
            });
            if (shared->stopping)
                return;
            for (auto& q : shared->queues)
                if (!q.empty()) {
                    task = std::move(q.front());
                    q.pop_front();
                    break;
                }
        }
        task(false);
    }
}

} // namespace sociscope::lazy
