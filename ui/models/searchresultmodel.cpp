// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/searchresultmodel.h"

#include "models/spantable.h"

#include <algorithm>

namespace sociscope::ui {

SearchResultModel::SearchResultModel(QObject* parent) : RowTableModel(FileEntry::ColumnCount, parent) {}

void SearchResultModel::reset(FileEntry::Context context)
{
    m_context = std::move(context);
    setRows({});
}

void SearchResultModel::clear() { reset({}); }

void SearchResultModel::setSpans(std::shared_ptr<const SpanTable> spans)
{
    m_context.spans = std::move(spans);
    if (!rows().empty())
        emit dataChanged(index(0, FileEntry::ColumnSpans), index(rowCount() - 1, FileEntry::ColumnSpans));
}

int SearchResultModel::append(std::vector<fs::SearchMatch>&& matches)
{
    auto& list = mutableRows();
    const int room = MaxRows - static_cast<int>(list.size());
    const int n = std::min<int>(room, static_cast<int>(matches.size()));
    if (n <= 0 || !m_context.tree)
        return 0;
    const int first = static_cast<int>(list.size());
    beginInsertRows({}, first, first + n - 1);
    list.reserve(list.size() + static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        list.push_back({matches[static_cast<size_t>(i)].ino, QString::fromStdString(matches[static_cast<size_t>(i)].path)});
    endInsertRows();
    if (m_sortColumn >= 0)
        sort(m_sortColumn, m_sortOrder);
    return n;
}

void SearchResultModel::sortRows()
{
    auto& list = mutableRows();
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    if (m_sortColumn == FileEntry::ColumnName) {
        std::stable_sort(list.begin(), list.end(), [&](const Row& a, const Row& b) {
            return descending ? b.path < a.path : a.path < b.path;
        });
        return;
    }
    std::vector<std::pair<QVariant, size_t>> keys;
    keys.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i)
        keys.emplace_back(FileEntry::data(m_context, list[i].ino, QString(), list[i].path, m_sortColumn, FileEntry::SortRole), i);
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        const auto cmp = QVariant::compare(a.first, b.first);
        return descending ? cmp == QPartialOrdering::Greater : cmp == QPartialOrdering::Less;
    });
    std::vector<Row> sorted;
    sorted.reserve(list.size());
    for (const auto& k : keys)
        sorted.push_back(std::move(list[k.second]));
    list = std::move(sorted);
}

void SearchResultModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= FileEntry::ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    const auto& list = rows();
    std::vector<fs::Ino> who;
    for (const auto& i : before)
        who.push_back(list[static_cast<size_t>(i.row())].ino);
    sortRows();
    QModelIndexList after;
    for (qsizetype k = 0; k < before.size(); ++k) {
        const auto it = std::find_if(list.begin(), list.end(), [&](const Row& r) { return r.ino == who[static_cast<size_t>(k)]; });
        after << createIndex(static_cast<int>(it - list.begin()), before[k].column());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

fs::Ino SearchResultModel::inoOf(const QModelIndex& index) const
{
    return index.isValid() ? rows()[static_cast<size_t>(index.row())].ino : 0;
}

QString SearchResultModel::pathOf(const QModelIndex& index) const
{
    return index.isValid() ? rows()[static_cast<size_t>(index.row())].path : QString();
}

QVariant SearchResultModel::rowData(const Row& r, const QModelIndex& index, int role) const
{
    if (index.column() == FileEntry::ColumnName && role == Qt::DecorationRole) {
        const QString name = r.path.section(QLatin1Char('/'), -1);
        return FileEntry::data(m_context, r.ino, name, r.path, index.column(), role);
    }
    return FileEntry::data(m_context, r.ino, r.path, r.path, index.column(), role);
}

QVariant SearchResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return orientation == Qt::Horizontal ? FileEntry::header(section, role, true) : QVariant();
}

Qt::ItemFlags SearchResultModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
}

} // namespace sociscope::ui
