// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "fs/image_tree.h"
#include "fs/search.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace sociscope::ui {

// Runs core's fs::search as a job, one search at a time, and hands the
// matches to the GUI thread in batches. Starting a search cancels the one
// running without waiting for it (the walk checks its flag every few
// thousand entries and stops soon after); results of a cancelled search are
// dropped by generation id.
class TreeSearch final : public QObject {
    Q_OBJECT
public:
    explicit TreeSearch(JobPool& jobs, QObject* parent = nullptr);
    ~TreeSearch() override;

    // Starts searching tree; returns the new search's generation.
    std::uint64_t start(std::shared_ptr<const fs::ImageTree> tree, fs::SearchQuery query, std::size_t batchSize = 512);
    // Stops the running search; nothing more is reported for it.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }

signals:
    // Matches of the current search (direct connections only: the vector is not a Qt type).
    void matchesFound(std::vector<sociscope::fs::SearchMatch>& matches);
    // The current search ended; error is non-empty for a bad pattern.
    void finished(const sociscope::fs::SearchSummary& summary, const QString& error);

private:
    JobPool& m_jobs;
    JobHandle m_job;
    std::uint64_t m_generation = 0;
    bool m_running = false;
};

} // namespace sociscope::ui
