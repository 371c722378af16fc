// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/treemapview.h"

#include "common/qtformat.h"

#include "fs/space.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace sociscope::ui {

TreemapView::TreemapView(QWidget* parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(160, 120);
}

void TreemapView::setItems(QList<Item> items)
{
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.bytes > b.bytes; });
    if (items.size() > MaxItems) {
        Item rest;
        for (qsizetype i = MaxItems - 1; i < items.size(); ++i)
            rest.bytes += items[i].bytes;
        rest.name = tr("%n more", "", static_cast<int>(items.size() - (MaxItems - 1)));
        items.resize(MaxItems - 1);
        items.append(rest);
    }
    m_items = std::move(items);
    m_total = 0;
    for (const Item& i : m_items)
        m_total += std::max<qint64>(i.bytes, 0);
    m_current = m_items.isEmpty() ? -1 : 0;
    layoutItems();
    update();
    emit currentChanged(m_current);
}

void TreemapView::setCurrentItem(int index)
{
    if (index < 0 || index >= m_items.size() || index == m_current)
        return;
    m_current = index;
    update();
    setAccessibleDescription(describe(index));
    emit currentChanged(index);
}

QRectF TreemapView::rectOf(int index) const { return index >= 0 && index < m_rects.size() ? m_rects[index] : QRectF(); }

int TreemapView::itemAt(const QPointF& pos) const
{
    for (int i = 0; i < m_rects.size(); ++i)
        if (m_rects[i].width() > 0 && m_rects[i].contains(pos))
            return i;
    return -1;
}

QString TreemapView::describe(int index) const
{
    if (index < 0 || index >= m_items.size())
        return {};
    const Item& it = m_items[index];
    const double share = m_total > 0 ? 100.0 * static_cast<double>(it.bytes) / static_cast<double>(m_total) : 0;
    return tr("%1 — %2 (%3 %)").arg(it.name, Format::bytes(it.bytes), QLocale().toString(share, 'f', 1));
}

void TreemapView::layoutItems()
{
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(m_items.size()));
    for (const Item& i : m_items)
        values.push_back(static_cast<double>(std::max<qint64>(i.bytes, 0)));
    const QRectF area = QRectF(rect()).adjusted(1, 1, -1, -1);
    const auto rects = fs::squarify(values, {area.x(), area.y(), area.width(), area.height()});
    m_rects.clear();
    for (const auto& r : rects)
        m_rects.append(QRectF(r.x, r.y, r.w, r.h));
}

void TreemapView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    layoutItems();
}

void TreemapView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (m_items.isEmpty() || m_total <= 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Nothing here takes space"));
        return;
    }
    const QFontMetrics fm(font());
    for (int i = 0; i < m_items.size(); ++i) {
        const QRectF r = m_rects.value(i);
        if (r.width() < 1 || r.height() < 1)
            continue;
        const Item& it = m_items[i];
        // Folders blue, files green; lighter as they get smaller, so neighbours differ.
        QColor fill = it.folder ? QColor(0x4a, 0x7f, 0xc1) : QColor(0x5a, 0xa0, 0x5a);
        if (it.ino == 0 && !it.folder)
            fill = QColor(0x9a, 0x9a, 0x9a); // the "N more" rest
        fill = fill.lighter(100 + (i % 5) * 8);
        p.fillRect(r, fill);
        p.setPen(QPen(palette().color(QPalette::Base), 1));
        p.drawRect(r);
        if (r.width() > 28 && r.height() > fm.height() + 2) {
            p.setPen(Qt::white);
            const QRectF text = r.adjusted(4, 2, -4, -2);
            const QString name = fm.elidedText(it.name, Qt::ElideMiddle, static_cast<int>(text.width()));
            p.drawText(text, Qt::AlignLeft | Qt::AlignTop, name);
            if (r.height() > 2 * fm.height() + 4)
                p.drawText(text.adjusted(0, fm.height(), 0, 0), Qt::AlignLeft | Qt::AlignTop,
                           fm.elidedText(Format::bytes(it.bytes), Qt::ElideRight, static_cast<int>(text.width())));
        }
    }
    if (m_current >= 0 && hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 3));
        p.drawRect(m_rects.value(m_current).adjusted(1.5, 1.5, -1.5, -1.5));
    } else if (m_current >= 0) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DashLine));
        p.drawRect(m_rects.value(m_current).adjusted(0.5, 0.5, -0.5, -0.5));
    }
}

void TreemapView::mousePressEvent(QMouseEvent* event)
{
    const int i = itemAt(event->position());
    if (i < 0)
        return;
    setCurrentItem(i);
    if (event->button() == Qt::LeftButton && m_items[i].folder)
        emit activated(i);
}

void TreemapView::mouseDoubleClickEvent(QMouseEvent* event) { mousePressEvent(event); }

void TreemapView::keyPressEvent(QKeyEvent* event)
{
    const int n = static_cast<int>(m_items.size());
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Down: setCurrentItem(std::min(n - 1, m_current + 1)); return;
    case Qt::Key_Left:
    case Qt::Key_Up: setCurrentItem(std::max(0, m_current - 1)); return;
    case Qt::Key_Home: setCurrentItem(0); return;
    case Qt::Key_End: setCurrentItem(n - 1); return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_current >= 0 && m_items[m_current].folder)
            emit activated(m_current);
        return;
    case Qt::Key_Backspace: emit upRequested(); return;
    default: QWidget::keyPressEvent(event);
    }
}

bool TreemapView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = itemAt(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), describe(i), this, m_rects[i].toAlignedRect());
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace sociscope::ui
