// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/filetreemodel.h"

#include "models/spantable.h"

#include <algorithm>
#include <unordered_map>

namespace sociscope::ui {

namespace {
// A name from the tree as QString::fromStdString() would make it.
QString qName(std::string_view name) { return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())); }
} // namespace

FileTreeModel::FileTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

FileTreeModel::~FileTreeModel() = default;

void FileTreeModel::setTree(std::shared_ptr<const fs::ImageTree> tree, QStringList layerLabels)
{
    m_context.tree = std::move(tree);
    m_context.spans.reset();
    m_context.changes.reset();
    m_context.layerLabels = std::move(layerLabels);
    rebuild();
}

void FileTreeModel::setChanges(std::shared_ptr<const diff::LayerChanges> changes)
{
    m_context.changes = std::move(changes);
    rebuild();
}

void FileTreeModel::setChangeFilter(unsigned changes)
{
    m_changeFilter = changes;
    rebuild();
}

bool FileTreeModel::shown(fs::Ino ino) const
{
    if (m_keep.empty())
        return true;
    if (ino < m_keep.size() && m_keep[ino])
        return true;
    const diff::Change c = m_context.changes->at(ino);
    const unsigned bit = 1u << static_cast<unsigned>(c == diff::Change::Opaque ? diff::Change::Removed : c);
    return c != diff::Change::None && (m_changeFilter & bit) != 0;
}

bool FileTreeModel::hasShownChildren(fs::Ino dir) const
{
    const fs::ChildList kids = m_context.tree->children(dir);
    return std::any_of(kids.begin(), kids.end(), [this](const fs::Child& c) { return shown(c.ino); });
}

void FileTreeModel::rebuild()
{
    // Views (and QAbstractItemModelTester) may ask to fetch while the reset is announced: not now.
    m_changing = true;
    beginResetModel();
    m_root.reset();
    m_keep.clear();
    if (m_context.tree && m_context.changes && m_changeFilter != AllEntries) {
        // Folders first to last (parents before children), then from the
        // end: each folder learns whether anything under it matches.
        const fs::ImageTree& t = *m_context.tree;
        std::vector<fs::Ino> folders{t.root()};
        for (std::size_t i = 0; i < folders.size() && i <= t.size(); ++i)
            for (const fs::Child& c : t.children(folders[i]))
                if (isFolder(c.ino))
                    folders.push_back(c.ino);
        m_keep.assign(t.size() + 1, false);
        for (auto it = folders.rbegin(); it != folders.rend(); ++it)
            if (hasShownChildren(*it))
                m_keep[*it] = true;
    }
    if (m_context.tree) {
        m_root = std::make_unique<Node>();
        m_root->ino = m_context.tree->root();
        list(*m_root);
        m_root->fetched = std::min<int>(BatchSize, static_cast<int>(m_root->children.size()));
    }
    endResetModel();
    m_changing = false;
}

void FileTreeModel::clear() { setTree(nullptr); }

void FileTreeModel::setSpans(std::shared_ptr<const SpanTable> spans)
{
    m_context.spans = std::move(spans);
    if (!m_root)
        return;
    // Only rows someone has seen exist: refresh the Spans column of those.
    std::vector<std::pair<Node*, QModelIndex>> todo{{m_root.get(), QModelIndex()}};
    while (!todo.empty()) {
        auto [node, parentIndex] = todo.back();
        todo.pop_back();
        if (node->fetched > 0)
            emit dataChanged(index(0, FileEntry::ColumnSpans, parentIndex),
                             index(node->fetched - 1, FileEntry::ColumnSpans, parentIndex));
        for (int r = 0; r < node->fetched; ++r)
            if (node->children[static_cast<size_t>(r)].node)
                todo.emplace_back(node->children[static_cast<size_t>(r)].node.get(), index(r, 0, parentIndex));
    }
    if (m_sortColumn == FileEntry::ColumnSpans)
        sort(m_sortColumn, m_sortOrder);
}

bool FileTreeModel::isFolder(fs::Ino ino) const { return m_context.tree->inode(ino).type == fs::FileType::Directory; }

FileTreeModel::Node* FileTreeModel::nodeOf(const QModelIndex& index) const
{
    if (!index.isValid())
        return m_root.get();
    auto* parent = static_cast<Node*>(index.internalPointer());
    Child& c = parent->children[static_cast<size_t>(index.row())];
    if (!c.node) {
        c.node = std::make_unique<Node>();
        c.node->parent = parent;
        c.node->row = index.row();
        c.node->ino = c.ino;
        c.node->path = parent->path + QLatin1Char('/') + qName(*c.name);
    }
    return c.node.get();
}

const FileTreeModel::Child& FileTreeModel::childOf(const QModelIndex& index) const
{
    const auto* parent = static_cast<const Node*>(index.internalPointer());
    return parent->children[static_cast<size_t>(index.row())];
}

void FileTreeModel::list(Node& node) const
{
    if (node.listed)
        return;
    node.listed = true;
    const fs::ChildList kids = m_context.tree->children(node.ino);
    node.children.reserve(kids.size());
    for (const fs::Child& c : kids)
        if (shown(c.ino))
            node.children.push_back({c.ino, &c.name, nullptr});
    sortChildren(node);
}

void FileTreeModel::sortChildren(Node& node) const
{
    auto& kids = node.children;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    if (m_sortColumn == FileEntry::ColumnName) {
        // Byte order, as the tree's child lists (and ls in the C locale) have it.
        // Children listed from the tree are in order already: a linear pass
        // puts folders first, and a sort runs only when something is out of
        // place (after another column's sort) — a folder of 250,000 files opens at once.
        const auto mid = std::stable_partition(kids.begin(), kids.end(), [&](const Child& c) { return isFolder(c.ino); });
        const auto ascending = [](const Child& a, const Child& b) { return *a.name < *b.name; };
        for (auto [b, e] : {std::pair{kids.begin(), mid}, std::pair{mid, kids.end()}}) {
            if (std::is_sorted(b, e, ascending)) {
                if (descending)
                    std::reverse(b, e);
            } else {
                std::sort(b, e, [&](const Child& x, const Child& y) { return descending ? ascending(y, x) : ascending(x, y); });
            }
        }
    } else {
        // Keys computed once per child, then an index sort.
        std::vector<QVariant> keys;
        keys.reserve(kids.size());
        for (const auto& c : kids)
            keys.push_back(FileEntry::data(m_context, c.ino, QString(), QString(), m_sortColumn, FileEntry::SortRole));
        std::vector<size_t> order(kids.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            const bool fa = isFolder(kids[a].ino), fb = isFolder(kids[b].ino);
            if (fa != fb)
                return fa;
            const auto cmp = QVariant::compare(keys[a], keys[b]);
            if (cmp == QPartialOrdering::Equivalent)
                return false;
            return descending ? cmp == QPartialOrdering::Greater : cmp == QPartialOrdering::Less;
        });
        std::vector<Child> sorted;
        sorted.reserve(kids.size());
        for (size_t i : order)
            sorted.push_back(std::move(kids[i]));
        kids = std::move(sorted);
    }
    for (size_t i = 0; i < kids.size(); ++i)
        if (kids[i].node)
            kids[i].node->row = static_cast<int>(i);
}

QModelIndex FileTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!m_root || row < 0 || column < 0 || column >= FileEntry::ColumnCount || parent.column() > 0)
        return {};
    if (parent.isValid() && !isFolder(childOf(parent).ino))
        return {};
    Node* node = nodeOf(parent);
    if (row >= node->fetched)
        return {};
    return createIndex(row, column, node);
}

QModelIndex FileTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const auto* node = static_cast<const Node*>(child.internalPointer());
    if (!node->parent)
        return {};
    return createIndex(node->row, 0, node->parent);
}

int FileTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!m_root || parent.column() > 0)
        return 0;
    if (parent.isValid() && !isFolder(childOf(parent).ino))
        return 0;
    return nodeOf(parent)->fetched;
}

int FileTreeModel::columnCount(const QModelIndex& parent) const
{
    return parent.column() > 0 ? 0 : FileEntry::ColumnCount;
}

bool FileTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (!m_root || parent.column() > 0)
        return false;
    if (!parent.isValid())
        return !m_root->children.empty();
    return hasShownChildren(childOf(parent).ino);
}

bool FileTreeModel::canFetchMore(const QModelIndex& parent) const
{
    if (!m_root || m_changing || parent.column() > 0)
        return false;
    if (parent.isValid() && !isFolder(childOf(parent).ino))
        return false;
    const Node* node = nodeOf(parent);
    if (!node->listed)
        return hasShownChildren(node->ino);
    return node->fetched < static_cast<int>(node->children.size());
}

void FileTreeModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    Node* node = nodeOf(parent);
    list(*node);
    fetchBatch(*node, parent, node->fetched + BatchSize);
}

void FileTreeModel::fetchBatch(Node& node, const QModelIndex& parent, int upTo)
{
    const int last = std::min<int>(upTo, static_cast<int>(node.children.size()));
    if (last <= node.fetched)
        return;
    // Whoever reacts to the signals (views, the model tester) must not fetch
    // again in the middle of this insertion.
    m_changing = true;
    beginInsertRows(parent, node.fetched, last - 1);
    node.fetched = last;
    endInsertRows();
    m_changing = false;
}

QVariant FileTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto* parent = static_cast<const Node*>(index.internalPointer());
    const Child& c = parent->children[static_cast<size_t>(index.row())];
    const QString name = qName(*c.name);
    const QString path = role == FileEntry::PathRole || role == Qt::ToolTipRole ? parent->path + QLatin1Char('/') + name
                                                                                : QString();
    return FileEntry::data(m_context, c.ino, name, path, index.column(), role);
}

QVariant FileTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return orientation == Qt::Horizontal ? FileEntry::header(section, role) : QVariant();
}

Qt::ItemFlags FileTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (!isFolder(childOf(index).ino))
        f |= Qt::ItemNeverHasChildren;
    return f;
}

void FileTreeModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= FileEntry::ColumnCount)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (!m_root)
        return;
    m_changing = true;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Remember which entry each persistent index points at, by its name in its folder.
    const QModelIndexList before = persistentIndexList();
    std::vector<std::pair<Node*, const std::string_view*>> who;
    who.reserve(static_cast<size_t>(before.size()));
    for (const QModelIndex& i : before) {
        auto* parent = static_cast<Node*>(i.internalPointer());
        who.emplace_back(parent, parent->children[static_cast<size_t>(i.row())].name);
    }
    std::vector<Node*> todo{m_root.get()};
    while (!todo.empty()) {
        Node* n = todo.back();
        todo.pop_back();
        if (!n->listed)
            continue;
        sortChildren(*n);
        for (auto& c : n->children)
            if (c.node)
                todo.push_back(c.node.get());
    }
    std::unordered_map<Node*, std::unordered_map<const std::string_view*, int>> rows;
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype k = 0; k < before.size(); ++k) {
        auto [parent, name] = who[static_cast<size_t>(k)];
        auto it = rows.find(parent);
        if (it == rows.end()) {
            std::unordered_map<const std::string_view*, int> m;
            for (size_t r = 0; r < parent->children.size(); ++r)
                m.emplace(parent->children[r].name, static_cast<int>(r));
            it = rows.emplace(parent, std::move(m)).first;
        }
        const int row = it->second.at(name);
        after << (row < parent->fetched ? createIndex(row, before[k].column(), parent) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    m_changing = false;
}

QModelIndex FileTreeModel::indexOfPath(const QString& path)
{
    if (!m_root)
        return {};
    QModelIndex current;
    Node* node = m_root.get();
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (!isFolder(node->ino))
            return {};
        list(*node);
        // The name in the tree's child list identifies the child: compare pointers, not strings.
        const fs::ChildList kids = m_context.tree->children(node->ino);
        const fs::Child* found = kids.find(part.toStdString());
        if (found == kids.end())
            return {};
        int row = -1;
        for (size_t r = 0; r < node->children.size(); ++r)
            if (node->children[r].name == &found->name) {
                row = static_cast<int>(r);
                break;
            }
        if (row < 0)
            return {};
        if (row >= node->fetched)
            fetchBatch(*node, current, (row / BatchSize + 1) * BatchSize);
        current = index(row, 0, current);
        node = nodeOf(current);
    }
    return current;
}

fs::Ino FileTreeModel::inoOf(const QModelIndex& index) const
{
    return index.isValid() ? childOf(index).ino : (m_root ? m_root->ino : 0);
}

QString FileTreeModel::pathOf(const QModelIndex& index) const
{
    if (!index.isValid())
        return QStringLiteral("/");
    const auto* parent = static_cast<const Node*>(index.internalPointer());
    return parent->path + QLatin1Char('/') + qName(*childOf(index).name);
}

} // namespace sociscope::ui
