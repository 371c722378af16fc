// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/spanmapview.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace sociscope::ui {

namespace {
constexpr int Cell = 9;
constexpr int Pitch = 11; // a cell and its gap
constexpr int RowGap = 8;
} // namespace

SpanMapView::SpanMapView(const SpanMapModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

QColor SpanMapView::color(SpanMapModel::Cell c, const QPalette& palette)
{
    switch (c) {
    case SpanMapModel::Cell::Untouched:
        return palette.color(QPalette::Mid);
    case SpanMapModel::Cell::OnDemand:
        return QColor(0x29, 0x80, 0xb9);
    case SpanMapModel::Cell::FromCache:
        return QColor(0x27, 0xae, 0x60);
    case SpanMapModel::Cell::Background:
        return QColor(0x8e, 0x9e, 0xc8);
    case SpanMapModel::Cell::Failed:
        return QColor(0xc0, 0x39, 0x2b);
    case SpanMapModel::Cell::CellCount:
        break;
    }
    return Qt::black;
}

int SpanMapView::perLine(int width) const
{
    return std::max(1, (width - 2) / Pitch);
}

QString SpanMapView::label(int layer) const
{
    if (m_model.isWhole(layer))
        return m_model.wholeFetched(layer) ? tr("Layer %1 · no zTOC · fetched whole").arg(layer)
                                           : tr("Layer %1 · no zTOC · read whole when needed").arg(layer);
    const int spans = m_model.spanCount(layer);
    if (spans == 0)
        return tr("Layer %1 · spans not known yet").arg(layer);
    const int touched = spans - m_model.count(layer, SpanMapModel::Cell::Untouched);
    return tr("Layer %1 · %2 of %n span(s) touched", "", spans).arg(layer).arg(touched);
}

std::vector<SpanMapView::Row> SpanMapView::layout(int width) const
{
    std::vector<Row> rows;
    const int labelHeight = fontMetrics().height() + 2;
    const int n = perLine(width);
    int y = 0;
    for (int l = 0; l < m_model.layerCount(); ++l) {
        Row r;
        r.top = y;
        r.cellsTop = y + labelHeight;
        const int spans = m_model.spanCount(l);
        r.lines = m_model.isWhole(l) || spans == 0 ? 1 : (spans + n - 1) / n;
        y = r.cellsTop + r.lines * Pitch + RowGap;
        rows.push_back(r);
    }
    return rows;
}

int SpanMapView::heightForWidth(int width) const
{
    const auto rows = layout(width);
    return rows.empty() ? fontMetrics().height() : rows.back().cellsTop + rows.back().lines * Pitch + 2;
}

QSize SpanMapView::sizeHint() const
{
    return QSize(360, heightForWidth(360));
}

void SpanMapView::modelChanged()
{
    const auto rows = layout(width());
    const bool shape = rows.size() != m_rows.size()
        || !std::equal(rows.begin(), rows.end(), m_rows.begin(), m_rows.end(),
            [](const Row& a, const Row& b) { return a.top == b.top && a.lines == b.lines; });
    m_rows = rows;
    if (shape)
        updateGeometry();
    update();
}

void SpanMapView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_rows = layout(width());
}

std::pair<int, int> SpanMapView::cellAt(const QPoint& p) const
{
    const int n = perLine(width());
    for (int l = 0; l < static_cast<int>(m_rows.size()); ++l) {
        const Row& r = m_rows[static_cast<std::size_t>(l)];
        if (p.y() < r.cellsTop || p.y() >= r.cellsTop + r.lines * Pitch)
            continue;
        if (m_model.isWhole(l))
            return { l, -1 };
        const int col = (p.x() - 1) / Pitch, line = (p.y() - r.cellsTop) / Pitch;
        const int span = line * n + col;
        if (p.x() < 1 || col >= n || span >= m_model.spanCount(l))
            return { -1, -1 };
        return { l, span };
    }
    return { -1, -1 };
}

QPoint SpanMapView::cellCenter(int layer, int span) const
{
    if (layer < 0 || layer >= static_cast<int>(m_rows.size()))
        return {};
    const int n = perLine(width());
    const Row& r = m_rows[static_cast<std::size_t>(layer)];
    return QPoint(1 + (span % n) * Pitch + Cell / 2, r.cellsTop + (span / n) * Pitch + Cell / 2);
}

bool SpanMapView::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const auto [layer, span] = cellAt(help->pos());
        if (layer < 0) {
            QToolTip::hideText();
            e->ignore();
            return true;
        }
        QToolTip::showText(help->globalPos(), span < 0 ? label(layer) : m_model.describe(layer, span), this);
        return true;
    }
    return QWidget::event(e);
}

void SpanMapView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    if (m_rows.size() != static_cast<std::size_t>(m_model.layerCount()))
        m_rows = layout(width());
    const int n = perLine(width());
    const QPalette pal = palette();
    for (int l = 0; l < m_model.layerCount(); ++l) {
        const Row& r = m_rows[static_cast<std::size_t>(l)];
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(0, r.top, width(), r.cellsTop - r.top), Qt::AlignLeft | Qt::AlignVCenter, label(l));
        p.setPen(Qt::NoPen);
        if (m_model.isWhole(l)) {
            p.setBrush(m_model.wholeFetched(l) ? color(SpanMapModel::Cell::OnDemand, pal)
                                               : color(SpanMapModel::Cell::Untouched, pal));
            p.drawRect(QRect(1, r.cellsTop, std::min(n * Pitch - 2, width() - 2), Cell));
            continue;
        }
        const int spans = m_model.spanCount(l);
        for (int s = 0; s < spans; ++s) {
            p.setBrush(color(m_model.cell(l, s), pal));
            p.drawRect(QRect(1 + (s % n) * Pitch, r.cellsTop + (s / n) * Pitch, Cell, Cell));
        }
        // Outlined spans (a startup profile's): a frame in the highlight colour
        // around the cell, over the gap between cells, so the fill stays readable.
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(pal.color(QPalette::Highlight), 2));
        for (int s = 0; s < spans; ++s)
            if (m_model.isOutlined(l, s))
                p.drawRect(QRect((s % n) * Pitch, r.cellsTop + (s / n) * Pitch - 1, Cell + 1, Cell + 1));
        p.setPen(Qt::NoPen);
    }
}

} // namespace sociscope::ui
