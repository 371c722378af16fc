// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/searchresultmodel.h"

#include "models/spantable.h"

#include <algorithm>

namespace sociscope::ui {

SearchResultModel::SearchResultModel(QObject* parent) : QAbstractItemModel(parent) {}

void SearchResultModel::reset(FileEntry::Context context)
{
    beginResetModel();
    m_context = std::move(context);
    m_rows.clear();
    endResetModel();
}

void SearchResultModel::clear() { reset({}); }

void SearchResultModel::setSpans(std::shared_ptr<const SpanTable> spans)
{
    m_context.spans = std::move(spans);
    if (!m_rows.empty())
        emit dataChanged(index(0, FileEntry::ColumnSpans), index(rowCount() - 1, FileEntry::ColumnSpans));
}

int SearchResultModel::append(std::vector<fs::SearchMatch>&& matches)
{
    const int room = MaxRows - static_cast<int>(m_rows.size());
    const int n = std::min<int>(room, static_cast<int>(matches.size()));
    if (n <= 0 || !m_context.tree)
        return 0;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + n - 1);
    m_rows.reserve(m_rows.size() + static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        m_rows.push_back({matches[static_cast<size_t>(i)].ino, QString::fromStdString(matches[static_cast<size_t>(i)].path)});
    endInsertRows();
    if (m_sortColumn >= 0)
        sort(m_sortColumn, m_sortOrder);
    return n;
}

void SearchResultModel::sortRows()
{
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    if (m_sortColumn == FileEntry::ColumnName) {
        std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Row& a, const Row& b) {
            return descending ? b.path < a.path : a.path < b.path;
        });
        return;
    }
    std::vector<std::pair<QVariant, size_t>> keys;
    keys.reserve(m_rows.size());
    for (size_t i = 0; i < m_rows.size(); ++i)
        keys.emplace_back(FileEntry::data(m_context, m_rows[i].ino, QString(), m_rows[i].path, m_sortColumn, FileEntry::SortRole), i);
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        const auto cmp = QVariant::compare(a.first, b.first);
        return descending ? cmp == QPartialOrdering::Greater : cmp == QPartialOrdering::Less;
    });
    std::vector<Row> sorted;
    sorted.reserve(m_rows.size());
    for (const auto& k : keys)
        sorted.push_back(std::move(m_rows[k.second]));
    m_rows = std::move(sorted);
}

void SearchResultModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= FileEntry::ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<fs::Ino> who;
    for (const auto& i : before)
        who.push_back(m_rows[static_cast<size_t>(i.row())].ino);
    sortRows();
    QModelIndexList after;
    for (qsizetype k = 0; k < before.size(); ++k) {
        const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const Row& r) { return r.ino == who[static_cast<size_t>(k)]; });
        after << createIndex(static_cast<int>(it - m_rows.begin()), before[k].column());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

fs::Ino SearchResultModel::inoOf(const QModelIndex& index) const
{
    return index.isValid() ? m_rows[static_cast<size_t>(index.row())].ino : 0;
}

QString SearchResultModel::pathOf(const QModelIndex& index) const
{
    return index.isValid() ? m_rows[static_cast<size_t>(index.row())].path : QString();
}

QModelIndex SearchResultModel::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= FileEntry::ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex SearchResultModel::parent(const QModelIndex&) const { return {}; }

int SearchResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SearchResultModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : FileEntry::ColumnCount; }

QVariant SearchResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& r = m_rows[static_cast<size_t>(index.row())];
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
