// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/treesearch.h"

namespace sociscope::ui {

TreeSearch::TreeSearch(JobPool& jobs, QObject* parent) : QObject(parent), m_jobs(jobs) {}

TreeSearch::~TreeSearch() { m_job.cancel(); }

void TreeSearch::cancel()
{
    ++m_generation;
    m_running = false;
    m_job.cancel();
}

std::uint64_t TreeSearch::start(std::shared_ptr<const fs::ImageTree> tree, fs::SearchQuery query, std::size_t batchSize)
{
    cancel();
    m_running = true;
    const std::uint64_t generation = m_generation;
    m_job = m_jobs.run(
        this,
        [this, tree = std::move(tree), query = std::move(query), generation, batchSize](const JobContext& job) {
            // `this` is used on the GUI thread only, inside reports (dropped once it is gone).
            return fs::search(
                *tree, query,
                [&](std::vector<fs::SearchMatch>&& batch) {
                    if (job.cancelled())
                        return false;
                    job.report([this, generation, batch = std::move(batch)]() mutable {
                        if (generation == m_generation)
                            emit matchesFound(batch);
                    });
                    return true;
                },
                job.flag(), batchSize);
        },
        [this, generation](Result<fs::SearchSummary> summary) {
            if (generation != m_generation)
                return;
            m_running = false;
            if (summary)
                emit finished(*summary, {});
            else
                emit finished(fs::SearchSummary{}, QString::fromStdString(summary.error().message));
        });
    return generation;
}

} // namespace sociscope::ui
