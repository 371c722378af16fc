// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/tagcolumns.h"

#include "models/tagfamilymodel.h"
#include "widgets/views.h"

#include <QEvent>
#include <QHeaderView>
#include <QStyle>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <utility>

namespace sociscope::ui {

TagColumns::TagColumns(QTreeView* view, QAbstractItemModel* model, QObject* parent)
    : QObject(parent), m_view(view), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(50);
    connect(m_timer, &QTimer::timeout, this, &TagColumns::fit);
    const auto later = qOverload<>(&QTimer::start);
    connect(model, &QAbstractItemModel::rowsInserted, m_timer, later);
    connect(model, &QAbstractItemModel::layoutChanged, m_timer, later);
    connect(model, &QAbstractItemModel::modelReset, m_timer, later);
    connect(model, &QAbstractItemModel::dataChanged, m_timer, later);
    QHeaderView* h = view->header();
    connect(h, &QHeaderView::sectionResized, this, [this](int logical) {
        if (!m_fitting)
            m_userSized.insert(logical);
    });
    connect(h, &QHeaderView::sectionCountChanged, m_timer, later);
    connect(h, &QHeaderView::sortIndicatorChanged, m_timer, later);
    view->viewport()->installEventFilter(this); // a wider window brings back what gave way
}

void TagColumns::fit()
{
    QHeaderView* h = m_view->header();
    const QStyle* style = h->style();
    const int margin = style->pixelMetric(QStyle::PM_HeaderMargin, nullptr, h);
    const int arrow = style->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, h) + margin;
    const int gap = 2 * m_view->fontMetrics().horizontalAdvance(QLatin1Char(' '));
    const QList<int> chosen = Views::chosenColumns(h);
    m_fitting = true;
    // What was hidden for room comes back, to be weighed again.
    for (int c : std::as_const(m_autoHidden))
        h->setSectionHidden(c, false);
    m_autoHidden.clear();
    int total = 0;
    for (int c = 0; c < h->count(); ++c) {
        if (h->isSectionHidden(c))
            continue;
        if (!m_userSized.contains(c)) {
            // The rows' own hint (QTreeView's is protected; QAbstractItemView's
            // is the same virtual), and the title whole. QHeaderView's hint
            // keeps room for a sort arrow in every column; only the sorted
            // one draws it.
            const int rows = static_cast<QAbstractItemView*>(m_view)->sizeHintForColumn(c);
            const QString title = h->model()->headerData(c, Qt::Horizontal).toString();
            const int label = h->fontMetrics().horizontalAdvance(title) + 2 * margin +
                              (h->sortIndicatorSection() == c ? arrow : 0);
            h->resizeSection(c, std::max(rows, label) + gap); // exactly the hint leaves texts touching
        }
        total += h->sectionSize(c);
    }
    // A DLC tag spells out its version, device, Python, CUDA, OS and platform:
    // when the name and the rest cannot all be shown, those columns give way
    // (least telling first), not the name. The header's menu shows them again
    // and what the user chose there stays.
    static constexpr int kGiveWay[] = {TagFamilyModel::ColumnOs,     TagFamilyModel::ColumnPlatform,
                                       TagFamilyModel::ColumnCuda,   TagFamilyModel::ColumnPython,
                                       TagFamilyModel::ColumnDevice, TagFamilyModel::ColumnVersion,
                                       TagFamilyModel::ColumnKind};
    const int room = m_view->viewport()->width();
    for (int c : kGiveWay) {
        if (total <= room)
            break;
        if (h->isSectionHidden(c) || chosen.contains(c))
            continue;
        total -= h->sectionSize(c);
        h->setSectionHidden(c, true);
        m_autoHidden.insert(c);
    }
    m_fitting = false;
}

bool TagColumns::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_timer->start();
    return QObject::eventFilter(watched, event);
}

} // namespace sociscope::ui
