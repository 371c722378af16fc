// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/filetreeview.h"

#include "models/fileentry.h"
#include "widgets/rowdelegate.h"
#include "widgets/views.h"

#include <QDrag>
#include <QHeaderView>
#include <QIcon>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace sociscope::ui {

FileTreeView::FileTreeView(QWidget* parent) : QTreeView(parent)
{
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
}

void FileTreeView::setUpColumns()
{
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAllColumnsShowFocus(true);
    setSortingEnabled(true);
    setItemDelegate(new RowDelegate(6, this));
    setFrameShape(QFrame::StyledPanel);
    setContextMenuPolicy(Qt::CustomContextMenu);
    Views::addKeyboardContextMenu(this);
    QHeaderView* h = header();
    h->setSortIndicator(FileEntry::ColumnName, Qt::AscendingOrder);
    h->setStretchLastSection(false);
    h->setSectionsMovable(true);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Interactive, not Stretch: a stretched column cannot be widened by
    // dragging or double-clicking its divider, and long names were cut off.
    // fitNameColumn() sizes it to the names instead.
    h->setSectionResizeMode(FileEntry::ColumnName, QHeaderView::Interactive);
    h->setMinimumSectionSize(40);
    const int widths[FileEntry::ColumnCount] = {260, 80, 92, 96, 124, 150, 52, 92};
    // At least as wide as their titles (with the sort arrow): German ones are longer.
    for (int c = 1; c < FileEntry::ColumnCount; ++c)
        h->resizeSection(c, std::max(widths[c], h->sectionSizeHint(c)));
    // A folder's size says "99 items", longer in some languages.
    h->resizeSection(FileEntry::ColumnSize,
                     std::max(widths[FileEntry::ColumnSize],
                              fontMetrics().horizontalAdvance(FileEntry::tr("%n item(s)", "", 99)) + 16));
    connect(h, &QHeaderView::sectionResized, this, [this](int logical, int, int) {
        if (logical == FileEntry::ColumnName && !m_fitting)
            m_userSized = true;
    });
    // Names appear as folders open and as results stream in: keep them whole.
    connect(this, &QTreeView::expanded, this, [this] { QTimer::singleShot(0, this, &FileTreeView::fitNameColumn); });
    const auto refit = [this] {
        if (!m_fitPending) {
            m_fitPending = true;
            QTimer::singleShot(0, this, [this] {
                m_fitPending = false;
                fitNameColumn();
            });
        }
    };
    connect(model(), &QAbstractItemModel::modelReset, this, [this, refit] {
        m_userSized = false; // another tree: fitted to its names again
        refit();
    });
    connect(model(), &QAbstractItemModel::rowsInserted, this, refit);
    connect(model(), &QAbstractItemModel::layoutChanged, this, refit);
    // Owner and link target stay one right-click away: the preview shows them.
    h->setSectionHidden(FileEntry::ColumnOwner, true);
    h->setSectionHidden(FileEntry::ColumnLink, true);
    h->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(h, &QHeaderView::customContextMenuRequested, this, [this, h](const QPoint& pos) {
        QMenu menu(this);
        for (int c = 1; c < FileEntry::ColumnCount; ++c) {
            auto* a = menu.addAction(FileEntry::header(c, Qt::DisplayRole).toString());
            a->setCheckable(true);
            a->setChecked(!h->isSectionHidden(c));
            connect(a, &QAction::toggled, h, [h, c](bool on) { h->setSectionHidden(c, !on); });
        }
        menu.exec(h->mapToGlobal(pos));
    });
}

void FileTreeView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Asterisk && currentIndex().isValid()) {
        expandAllBelow(currentIndex().siblingAtColumn(0));
        return;
    }
    QTreeView::keyPressEvent(event);
}

void FileTreeView::expandAllBelow(const QModelIndex& top)
{
    // QTreeView's own '*' walks only the rows already fetched: with a lazy
    // model that is one level. This fetches as it goes, up to a bound so a
    // million-entry tree does not freeze the window.
    QAbstractItemModel* m = model();
    std::vector<QModelIndex> pending{top};
    int folders = 0;
    while (!pending.empty() && folders < MaxStarExpand) {
        const QModelIndex parent = pending.back();
        pending.pop_back();
        while (m->canFetchMore(parent))
            m->fetchMore(parent);
        if (!m->hasChildren(parent))
            continue;
        expand(parent);
        ++folders;
        for (int row = m->rowCount(parent) - 1; row >= 0; --row)
            pending.push_back(m->index(row, 0, parent));
    }
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

void FileTreeView::fitNameColumn()
{
    QHeaderView* h = header();
    if (m_userSized || !model() || h->count() <= FileEntry::ColumnName)
        return;
    int others = 0;
    for (int c = 0; c < h->count(); ++c)
        if (c != FileEntry::ColumnName && !h->isSectionHidden(c))
            others += h->sectionSize(c);
    // QTreeView's hint covers the rows laid out now, with their indentation.
    const int content = sizeHintForColumn(FileEntry::ColumnName);
    const int room = viewport()->width() - others;
    const int width = std::max({content, room, h->minimumSectionSize()});
    if (width == h->sectionSize(FileEntry::ColumnName))
        return;
    m_fitting = true;
    h->resizeSection(FileEntry::ColumnName, width);
    m_fitting = false;
}

void FileTreeView::resizeEvent(QResizeEvent* event)
{
    QTreeView::resizeEvent(event);
    fitNameColumn();
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
