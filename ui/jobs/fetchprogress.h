// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/lazycore.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>

class QTimer;

namespace sociscope::ui {

// How far the fetching for one piece of work (an extraction, a preview) has
// come, from the image's fetch events: the compressed bytes of the spans that
// came over the network for reads (the background fetcher's are not this
// work's), against what the work was expected to fetch. Polls four times a
// second on the GUI thread and says so with changed() when the bytes moved;
// the fetching threads only add to an atomic counter.
class FetchProgress final : public QObject {
    Q_OBJECT
public:
    explicit FetchProgress(QObject* parent = nullptr);
    ~FetchProgress() override;

    // Counts from now; total: the bytes expected (0: not known yet).
    void start(const std::shared_ptr<lazy::LazyImage>& image, std::uint64_t total = 0);
    void setTotal(std::uint64_t total) { m_total->store(total); }
    void stop();
    [[nodiscard]] bool isRunning() const { return m_subscription != nullptr; }
    [[nodiscard]] std::uint64_t done() const { return m_counters->done.load(); }
    [[nodiscard]] std::uint64_t total() const { return m_total->load(); }
    // Per mille of total, or -1 when the total is not known.
    [[nodiscard]] int permille() const;
    // "1.20 MiB of 4.00 MiB (30 %) · 256 KiB/s · 12 s left"; without a total,
    // "1.20 MiB · 256 KiB/s".
    [[nodiscard]] QString text() const;
    // "12 s", "3 min 20 s", "1 h 5 min".
    static QString duration(qint64 seconds);

signals:
    void changed();

private:
    struct Counters {
        std::atomic<std::uint64_t> done{0};
    };
    std::shared_ptr<Counters> m_counters = std::make_shared<Counters>();
    std::shared_ptr<std::atomic<std::uint64_t>> m_total = std::make_shared<std::atomic<std::uint64_t>>(0);
    std::shared_ptr<void> m_subscription;
    QTimer* m_poll;
    QElapsedTimer m_clock;
    std::uint64_t m_shown = 0;
};

} // namespace sociscope::ui
