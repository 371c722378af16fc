// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "fs/search.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace sociscope::ui {

// Runs core's fs::search on a thread it owns, one search at a time, and
// hands the matches to the GUI thread in batches. Starting a search cancels
// the one running and joins its thread (quick: the tree is in memory and the
// walk checks the flag every few thousand entries). Results of a cancelled
// search are dropped by generation id.
class TreeSearch final : public QObject {
    Q_OBJECT
public:
    explicit TreeSearch(QObject* parent = nullptr);
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
    void stopThread();

    std::thread m_thread;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::uint64_t m_generation = 0;
    bool m_running = false;
};

} // namespace sociscope::ui
