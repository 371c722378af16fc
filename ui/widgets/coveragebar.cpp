// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/coveragebar.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace sociscope::ui {

CoverageBar::CoverageBar(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void CoverageBar::setSegments(std::vector<Segment> segments)
{
    m_segments = std::move(segments);
    QStringList lines;
    for (const auto& s : m_segments)
        lines << s.label;
    setToolTip(lines.join(QLatin1Char('\n')));
    update();
}

QSize CoverageBar::sizeHint() const { return {400, 16}; }
QSize CoverageBar::minimumSizeHint() const { return {60, 16}; }

void CoverageBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath clip;
    clip.addRoundedRect(r, 4, 4);
    p.setClipPath(clip);
    // A grey that reads on light and dark windows alike.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QColor whole = dark ? QColor(0x5d, 0x63, 0x6b) : QColor(0xb4, 0xbb, 0xc3);
    p.fillRect(r, whole);
    std::int64_t total = 0;
    for (const auto& s : m_segments)
        total += std::max<std::int64_t>(s.bytes, 0);
    if (total > 0) {
        // Every layer keeps at least 2 px so tiny ones stay visible.
        const double width = r.width();
        const int n = static_cast<int>(m_segments.size());
        const double minPx = 2.0;
        const double spare = std::max(0.0, width - minPx * n);
        double x = r.left();
        const QColor lazy(0x2f, 0xae, 0x6a);
        const QColor separator = palette().color(QPalette::Window);
        for (int i = 0; i < n; ++i) {
            const auto& s = m_segments[static_cast<size_t>(i)];
            const double w = minPx + spare * static_cast<double>(std::max<std::int64_t>(s.bytes, 0)) /
                                         static_cast<double>(total);
            p.fillRect(QRectF(x, r.top(), w, r.height()), s.lazy ? lazy : whole);
            if (i > 0)
                p.fillRect(QRectF(x, r.top(), 1, r.height()), separator);
            x += w;
        }
    }
    p.setClipping(false);
    p.setPen(QPen(palette().color(QPalette::Dark), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(r, 4, 4);
}

} // namespace sociscope::ui
