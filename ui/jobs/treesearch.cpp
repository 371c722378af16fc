// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/treesearch.h"

#include <QMetaObject>
#include <QPointer>

namespace sociscope::ui {

TreeSearch::TreeSearch(QObject* parent) : QObject(parent) {}

TreeSearch::~TreeSearch() { stopThread(); }

void TreeSearch::stopThread()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread.joinable())
        m_thread.join();
}

void TreeSearch::cancel()
{
    ++m_generation;
    m_running = false;
    stopThread();
}

std::uint64_t TreeSearch::start(std::shared_ptr<const fs::ImageTree> tree, fs::SearchQuery query, std::size_t batchSize)
{
    cancel();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_running = true;
    const std::uint64_t generation = m_generation;
    // The thread posts to this object; the object joins the thread before it
    // goes away, so the pointer stays good for as long as the thread runs.
    m_thread = std::thread([this, tree = std::move(tree), query = std::move(query), cancel = m_cancel, generation,
                            batchSize] {
        const auto post = [this](auto f) { QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection); };
        auto summary = fs::search(
            *tree, query,
            [&](std::vector<fs::SearchMatch>&& batch) {
                if (cancel->load())
                    return false;
                post([this, generation, tree, batch = std::move(batch)]() mutable {
                    if (generation == m_generation)
                        emit matchesFound(batch);
                });
                return true;
            },
            cancel.get(), batchSize);
        post([this, generation, summary = std::move(summary)] {
            if (generation != m_generation)
                return;
            m_running = false;
            if (summary)
                emit finished(*summary, {});
            else
                emit finished(fs::SearchSummary{}, QString::fromStdString(summary.error().message));
        });
    });
    return generation;
}

} // namespace sociscope::ui
