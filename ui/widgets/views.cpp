// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/views.h"

#include "widgets/rowdelegate.h"

#include <QHeaderView>
#include <QMenu>
#include <QTreeView>

namespace sociscope::ui {

void Views::setUpTable(QTreeView* v)
{
    v->setRootIsDecorated(false);
    v->setUniformRowHeights(true);
    v->setAlternatingRowColors(true);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setAllColumnsShowFocus(true);
    v->setItemDelegate(new RowDelegate(10, v));
    QHeaderView* h = v->header();
    h->setStretchLastSection(true);
    h->setSectionsMovable(true);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    h->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(h, &QHeaderView::customContextMenuRequested, v, [v, h](const QPoint& pos) {
        QMenu menu(v);
        menu.setTitle(tr("Columns"));
        const QAbstractItemModel* m = v->model();
        for (int c = 1; c < m->columnCount(); ++c) {
            auto* a = menu.addAction(m->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!h->isSectionHidden(c));
            QObject::connect(a, &QAction::toggled, h, [h, c](bool on) { h->setSectionHidden(c, !on); });
        }
        menu.exec(h->mapToGlobal(pos));
    });
}

} // namespace sociscope::ui
