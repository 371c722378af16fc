// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/jobpool.h"

#include <QDeadlineTimer>

namespace sociscope::ui {

JobPool::JobPool(int quickThreads, int longThreads, QObject* parent)
    : QObject(parent),
      m_shared(std::make_shared<detail::JobsShared>()),
      m_quick(new QThreadPool),
      m_long(new QThreadPool)
{
    m_shared->pool = this;
    m_quick->setMaxThreadCount(quickThreads);
    m_quick->setObjectName(QStringLiteral("sociscope-jobs"));
    m_long->setMaxThreadCount(longThreads);
    m_long->setObjectName(QStringLiteral("sociscope-long-jobs"));
}

JobPool::~JobPool()
{
    const bool done = shutdown(ShutdownLimit);
    {
        // From here on, jobs still running post nothing.
        std::lock_guard lock(m_shared->mutex);
        m_shared->pool = nullptr;
    }
    if (done) {
        delete m_quick;
        delete m_long;
    }
    // Otherwise the thread pools stay: destroying one joins its threads, and a
    // job stuck in a connect() past the limit must not hold up the exit.
}

std::shared_ptr<std::atomic<bool>> JobPool::enter()
{
    auto flag = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(m_shared->mutex);
    if (m_shared->closing)
        flag->store(true);
    m_shared->flags.insert(flag);
    return flag;
}

void JobPool::submit(Lane lane, QRunnable* task) { (lane == Lane::Long ? m_long : m_quick)->start(task); }

bool JobPool::shutdown(std::chrono::milliseconds limit)
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->closing = true;
        for (const auto& flag : m_shared->flags)
            flag->store(true);
    }
    const QDeadlineTimer deadline(limit.count());
    const bool quick = m_quick->waitForDone(static_cast<int>(std::max<qint64>(0, deadline.remainingTime())));
    const bool slow = m_long->waitForDone(static_cast<int>(std::max<qint64>(0, deadline.remainingTime())));
    return quick && slow;
}

void JobPool::waitForDone()
{
    m_quick->waitForDone();
    m_long->waitForDone();
}

int JobPool::activeJobs() const
{
    std::lock_guard lock(m_shared->mutex);
    return static_cast<int>(m_shared->flags.size());
}

} // namespace sociscope::ui
