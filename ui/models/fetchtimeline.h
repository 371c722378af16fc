// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/lazycore.h"

#include <QCoreApplication>
#include <QPointF>
#include <QString>

#include <array>
#include <cstdint>
#include <deque>
#include <unordered_set>
#include <utility>
#include <vector>

namespace sociscope::ui {

// The data behind the fetch chart: cumulative bytes per kind over time, from
// fetch events (in-process or the daemon's), sampled on a clock the caller
// gives (seconds), so it is plain data that tests drive without a timer.
// A span or a whole layer is counted once, whoever fetched it: the window
// and the daemon fetching the same span is one span of the image, and the
// totals stay the sum of distinct spans (never more than the image).
// Points stay bounded: an idle stretch is one moving point, and past
// MaxPoints every other point is dropped.
class FetchTimeline final {
    Q_DECLARE_TR_FUNCTIONS(FetchTimeline)

public:
    // Network bytes by kind (Spans: for reads; Background: spans the
    // background fetcher filled the cache with), then span bytes served from
    // the disk cache.
    enum Series { Index, Ztoc, Spans, WholeLayers, Background, FromCache, SeriesCount };
    static constexpr int MaxPoints = 1200;

    // Forgets everything; imageBytes is the reference line (0: unknown).
    void reset(std::int64_t imageBytes);
    void setImageBytes(std::int64_t imageBytes) { m_imageBytes = imageBytes; }
    [[nodiscard]] std::int64_t imageBytes() const { return m_imageBytes; }
    // Counts one event (failed spans move no bytes, they are counted apart).
    // A span (layer, span) or a whole layer counted before adds nothing;
    // events without a layer or span (documents, totals) always add.
    void add(const lazy::FetchEvent& event);
    // Closes a sample at `seconds` (never before the last one): appends a
    // point to every series, or moves the last one along a flat stretch.
    // Returns whether any total changed since the last sample.
    bool sample(double seconds);

    [[nodiscard]] const std::vector<QPointF>& points(Series s) const { return m_points[s]; }
    [[nodiscard]] std::uint64_t total(Series s) const { return m_totals[s]; }
    // Bytes that came over the network (every series but FromCache).
    [[nodiscard]] std::uint64_t networkBytes() const;
    [[nodiscard]] std::uint64_t events() const { return m_events; }
    [[nodiscard]] std::uint64_t failedSpans() const { return m_failed; }
    // Network bytes per second over the last few seconds of samples.
    [[nodiscard]] double rate() const;
    [[nodiscard]] double lastSample() const { return m_lastSample; }
    // The largest cumulative value of any series (for the axis).
    [[nodiscard]] std::uint64_t maxTotal() const;

    // "Index", "zTOC", "Spans", "Whole layers", "Background", "Spans from cache".
    static QString seriesName(Series s);
    // "fetched 3.1 MiB of 814 MiB (0.4 %)"; without an image size, "fetched 3.1 MiB".
    [[nodiscard]] QString summaryText() const;
    // "1.2 MiB/s".
    [[nodiscard]] QString rateText() const;

private:
    std::array<std::uint64_t, SeriesCount> m_totals {};
    std::array<std::uint64_t, SeriesCount> m_sampled {};
    std::array<std::vector<QPointF>, SeriesCount> m_points;
    std::deque<std::pair<double, std::uint64_t>> m_recent; // (seconds, network bytes)
    // Spans and whole layers counted, as (layer << 32 | span); bounded by the
    // image's spans, and forgotten with it (reset()).
    std::unordered_set<std::uint64_t> m_counted;
    std::int64_t m_imageBytes = 0;
    std::uint64_t m_events = 0;
    std::uint64_t m_failed = 0;
    double m_lastSample = -1;
};

} // namespace sociscope::ui
