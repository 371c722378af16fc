// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/jobpool.h"

namespace sociscope::ui {

JobPool::JobPool(int maxThreads, QObject* parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(maxThreads);
    m_pool.setObjectName(QStringLiteral("sociscope-jobs"));
}

JobPool::~JobPool() { m_pool.waitForDone(); }

void JobPool::waitForDone() { m_pool.waitForDone(); }

int JobPool::activeJobs() const { return m_pool.activeThreadCount(); }

} // namespace sociscope::ui
