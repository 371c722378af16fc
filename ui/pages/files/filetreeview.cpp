// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/filetreeview.h"

#include <QDrag>
#include <QIcon>
#include <QMimeData>

#include <algorithm>

namespace sociscope::ui {

FileTreeView::FileTreeView(QWidget* parent) : QTreeView(parent)
{
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
}

QModelIndexList FileTreeView::selectedRows() const
{
    if (!selectionModel())
        return {};
    QModelIndexList rows = selectionModel()->selectedRows(0);
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex& a, const QModelIndex& b) {
        return visualRect(a).top() < visualRect(b).top();
    });
    return rows;
}

void FileTreeView::startDrag(Qt::DropActions)
{
    if (!m_provider)
        return;
    if (QMimeData* data = m_provider(selectedRows()))
        startDragWith(data);
}

void FileTreeView::startDragWith(QMimeData* data)
{
    auto* drag = new QDrag(this);
    drag->setMimeData(data);
    const QModelIndexList rows = selectedRows();
    if (!rows.isEmpty()) {
        const QIcon icon = rows.first().data(Qt::DecorationRole).value<QIcon>();
        if (!icon.isNull())
            drag->setPixmap(icon.pixmap(32, 32));
    }
    drag->exec(Qt::CopyAction, Qt::CopyAction);
}

} // namespace sociscope::ui
