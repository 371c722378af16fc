// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/worker_pool.h"

namespace sociscope::lazy {

WorkerPool::WorkerPool(unsigned threads)
{
    for (unsigned i = 0; i < std::max(threads, 1u); ++i)
        m_threads.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    for (auto& t : m_threads)
        t.join();
    // Whatever is left is cancelled, so its waiters wake up.
    for (auto& q : m_queues)
        for (auto& task : q)
            task(true);
}

void WorkerPool::submit(Priority priority, Task task)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping) {
            m_queues[static_cast<int>(priority)].push_back(std::move(task));
            task = nullptr;
        }
    }
    if (task)
        task(true);
    else
        m_cv.notify_one();
}

std::size_t WorkerPool::queued(Priority priority) const
{
    std::lock_guard lock(m_mutex);
    return m_queues[static_cast<int>(priority)].size();
}

void WorkerPool::work()
{
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] {
                return m_stopping || !m_queues[0].empty() || !m_queues[1].empty() || !m_queues[2].empty();
            });
            if (m_stopping)
                return;
            for (auto& q : m_queues)
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
