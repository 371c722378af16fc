// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/fetchtimeline.h"

#include "common/qtformat.h"

#include <algorithm>

namespace sociscope::ui {

namespace {
constexpr double RateWindowSeconds = 3.0;

void thinOut(std::vector<QPointF>& points)
{
    // Keep the first and the last, drop every other one between.
    std::vector<QPointF> kept;
    kept.reserve(points.size() / 2 + 2);
    for (std::size_t i = 0; i < points.size(); ++i)
        if (i % 2 == 0 || i + 1 == points.size())
            kept.push_back(points[i]);
    points = std::move(kept);
}
} // namespace

void FetchTimeline::reset(std::int64_t imageBytes)
{
    *this = FetchTimeline();
    m_imageBytes = imageBytes;
}

void FetchTimeline::add(const lazy::FetchEvent& e)
{
    using T = lazy::FetchEvent::Type;
    ++m_events;
    const bool bySpan = e.type == T::Span || e.type == T::SpanCached;
    if ((bySpan && e.span >= 0 && e.layer >= 0) || (e.type == T::WholeLayer && e.layer >= 0)) {
        const auto span = static_cast<std::uint32_t>(bySpan ? e.span : -1);
        if (!m_counted.insert(static_cast<std::uint64_t>(e.layer) << 32 | span).second)
            return; // fetched before, by this window or the daemon, or read from the cache
    }
    switch (e.type) {
    case T::Index:
        m_totals[Index] += e.bytes;
        break;
    case T::Ztoc:
        m_totals[Ztoc] += e.bytes;
        break;
    case T::Span:
        m_totals[e.background ? Background : Spans] += e.bytes;
        break;
    case T::WholeLayer:
        m_totals[WholeLayers] += e.bytes;
        break;
    case T::SpanCached:
        m_totals[FromCache] += e.bytes;
        break;
    case T::SpanFailed:
        ++m_failed;
        break;
    }
}

bool FetchTimeline::sample(double seconds)
{
    seconds = std::max(seconds, m_lastSample);
    const bool changed = m_totals != m_sampled;
    for (int s = 0; s < SeriesCount; ++s) {
        auto& pts = m_points[static_cast<std::size_t>(s)];
        const QPointF p(seconds, static_cast<double>(m_totals[static_cast<std::size_t>(s)]));
        // A flat stretch is two points: where it starts, and a last one that moves.
        if (pts.size() >= 2 && pts[pts.size() - 1].y() == p.y() && pts[pts.size() - 2].y() == p.y())
            pts.back() = p;
        else
            pts.push_back(p);
        if (static_cast<int>(pts.size()) > MaxPoints)
            thinOut(pts);
    }
    m_sampled = m_totals;
    m_lastSample = seconds;
    m_recent.emplace_back(seconds, networkBytes());
    while (m_recent.size() > 2 && m_recent[1].first <= seconds - RateWindowSeconds)
        m_recent.pop_front();
    return changed;
}

std::uint64_t FetchTimeline::networkBytes() const
{
    return m_totals[Index] + m_totals[Ztoc] + m_totals[Spans] + m_totals[WholeLayers] + m_totals[Background];
}

double FetchTimeline::rate() const
{
    if (m_recent.size() < 2)
        return 0;
    const auto& [t0, b0] = m_recent.front();
    const auto& [t1, b1] = m_recent.back();
    return t1 > t0 ? static_cast<double>(b1 - b0) / (t1 - t0) : 0;
}

std::uint64_t FetchTimeline::maxTotal() const
{
    return *std::max_element(m_totals.begin(), m_totals.end());
}

QString FetchTimeline::seriesName(Series s)
{
    switch (s) {
    case Index:
        return tr("Index");
    case Ztoc:
        return tr("zTOC");
    case Spans:
        return tr("Spans");
    case WholeLayers:
        return tr("Whole layers");
    case Background:
        return tr("Background");
    case FromCache:
        return tr("Spans from cache");
    case SeriesCount:
        break;
    }
    return {};
}

QString FetchTimeline::summaryText() const
{
    const auto fetched = static_cast<std::int64_t>(networkBytes());
    if (m_imageBytes <= 0)
        return tr("fetched %1").arg(Format::bytes(fetched));
    const double percent = 100.0 * static_cast<double>(fetched) / static_cast<double>(m_imageBytes);
    return tr("fetched %1 of %2 (%3 %)")
        .arg(Format::bytes(fetched), Format::bytes(m_imageBytes), QString::number(percent, 'f', percent < 10 ? 1 : 0));
}

QString FetchTimeline::rateText() const
{
    return tr("%1/s").arg(Format::bytes(static_cast<std::int64_t>(rate())));
}

} // namespace sociscope::ui
