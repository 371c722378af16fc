// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/compare/comparemodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include <QBrush>
#include <QColor>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace sociscope::ui {

namespace {

QString octal(std::uint32_t mode) { return QStringLiteral("%1").arg(mode & 07777, 4, 8, QLatin1Char('0')); }

QString joined(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v)
        out << qs(s);
    return out.join(QStringLiteral(", "));
}

} // namespace

struct CompareModel::Node {
    QString name, path;
    Node* parent = nullptr;
    int row = 0;
    int entry = -1; // into m_entries; -1: a folder that only holds changes
    Counts below{};
    std::vector<std::unique_ptr<Node>> children;
    QHash<QString, Node*> byName;
};

CompareModel::CompareModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}

CompareModel::~CompareModel() = default;

void CompareModel::setEntries(std::vector<diff::Entry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    m_root = std::make_unique<Node>();
    m_nodeCount = 0;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const QString path = qs(m_entries[i].path);
        QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (parts.isEmpty())
            parts << QStringLiteral("/"); // the root itself changed (its mode or owner)
        Node* n = m_root.get();
        QString sofar;
        for (const QString& part : parts) {
            sofar += part == QLatin1String("/") ? part : QLatin1Char('/') + part;
            Node* next = n->byName.value(part);
            if (!next) {
                auto made = std::make_unique<Node>();
                made->name = part;
                made->path = sofar;
                made->parent = n;
                made->row = static_cast<int>(n->children.size());
                next = made.get();
                n->byName.insert(part, next);
                n->children.push_back(std::move(made));
                ++m_nodeCount;
            }
            n = next;
        }
        n->entry = static_cast<int>(i);
        for (Node* up = n->parent; up && up != m_root.get(); up = up->parent)
            ++up->below[static_cast<std::size_t>(m_entries[i].kind)];
    }
    endResetModel();
}

CompareModel::Node* CompareModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

const diff::Entry* CompareModel::entry(const QModelIndex& index) const
{
    const Node* n = index.isValid() ? nodeOf(index) : nullptr;
    return n && n->entry >= 0 ? &m_entries[static_cast<std::size_t>(n->entry)] : nullptr;
}

CompareModel::Counts CompareModel::countsBelow(const QModelIndex& index) const { return nodeOf(index)->below; }

QModelIndex CompareModel::index(int row, int column, const QModelIndex& parent) const
{
    const Node* p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex CompareModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Node* p = nodeOf(child)->parent;
    return p == m_root.get() ? QModelIndex() : createIndex(p->row, 0, p);
}

int CompareModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int CompareModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QString CompareModel::countsText(const Counts& c)
{
    QStringList out;
    if (c[int(diff::Kind::Added)])
        out << tr("%L1 added").arg(c[int(diff::Kind::Added)]);
    if (c[int(diff::Kind::Removed)])
        out << tr("%L1 removed").arg(c[int(diff::Kind::Removed)]);
    if (c[int(diff::Kind::Changed)])
        out << tr("%L1 changed").arg(c[int(diff::Kind::Changed)]);
    if (c[int(diff::Kind::Unknown)])
        out << tr("%L1 not compared").arg(c[int(diff::Kind::Unknown)]);
    if (c[int(diff::Kind::Same)])
        out << tr("%L1 equal").arg(c[int(diff::Kind::Same)]);
    return out.join(QStringLiteral(", "));
}

namespace {

QColor colourOf(diff::Kind k)
{
    switch (k) {
    case diff::Kind::Added: return {0x2e, 0x7d, 0x32};
    case diff::Kind::Removed: return {0xc6, 0x28, 0x28};
    case diff::Kind::Changed: return {0xb2, 0x6a, 0x00};
    default: return {0x75, 0x75, 0x75};
    }
}

} // namespace

QIcon CompareModel::marker(diff::Kind k) const
{
    // Painted once per kind and model (GUI thread; no static QPixmap outlives
    // the application): a disc in dive's colours with a sign that says the
    // same to someone who cannot tell the colours apart.
    QIcon& icon = m_markers[static_cast<std::size_t>(k)];
    if (!icon.isNull())
        return icon;
    static const char16_t signs[] = {u'+', u'\u2212', u'~', u'?', u'='};
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(colourOf(k));
        p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(size * 3 / 4);
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(QRect(0, 0, size, size), Qt::AlignCenter, QString(QChar(signs[static_cast<std::size_t>(k)])));
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString CompareModel::kindText(diff::Kind k)
{
    switch (k) {
    case diff::Kind::Added: return tr("Added");
    case diff::Kind::Removed: return tr("Removed");
    case diff::Kind::Changed: return tr("Changed");
    case diff::Kind::Unknown: return tr("Content not compared");
    case diff::Kind::Same: return tr("Same");
    }
    return {};
}

QString CompareModel::reason(const diff::Entry& e)
{
    if (!e.a || !e.b)
        return {};
    const diff::Side& a = *e.a;
    const diff::Side& b = *e.b;
    QStringList out;
    for (const auto& c : e.changes) {
        if (c == "type")
            out << tr("type %1 → %2").arg(QLatin1String(fs::fileTypeName(a.type)), QLatin1String(fs::fileTypeName(b.type)));
        else if (c == "mode")
            out << tr("mode %1 → %2").arg(octal(a.mode), octal(b.mode));
        else if (c == "owner")
            out << tr("owner %1:%2 → %3:%4").arg(a.uid).arg(a.gid).arg(b.uid).arg(b.gid);
        else if (c == "size")
            out << tr("size %L1 → %L2").arg(a.size).arg(b.size);
        else if (c == "target")
            out << tr("link target %1 → %2").arg(qs(a.target), qs(b.target));
        else if (c == "content")
            out << tr("content differs");
        else
            out << qs(c);
    }
    if (e.content == diff::Content::Unknown)
        out << tr("content not compared (Compare Contents reads it)");
    else if (e.content == diff::Content::Equal)
        out << tr("content equal");
    return out.join(QStringLiteral(", "));
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QStringList titles{tr("Name"), tr("Change"), tr("Changes below"), tr("Reason")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles.size())
        return {};
    return titles[section];
}

QVariant CompareModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node& n = *nodeOf(index);
    const diff::Entry* e = n.entry >= 0 ? &m_entries[static_cast<std::size_t>(n.entry)] : nullptr;
    const auto side = e ? (e->b ? e->b : e->a) : std::optional<diff::Side>();
    const bool folder = !n.children.empty() || (side && side->type == fs::FileType::Directory);
    switch (role) {
    case KindRole: return e ? static_cast<int>(e->kind) : -1;
    case PathRole: return n.path;
    case IsFolderRole: return folder;
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColumnName: return n.name;
        case ColumnChange: return e ? kindText(e->kind) : QString();
        case ColumnBelow: return countsText(n.below);
        case ColumnReason: return e ? reason(*e) : QString();
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == ColumnName)
            return Icons::get(folder                                             ? Icons::Folder
                              : side && side->type == fs::FileType::Symlink ? Icons::FileSymlink
                                                                            : Icons::FileGeneric);
        if (index.column() == ColumnChange && e)
            return marker(e->kind);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ColumnChange && e && e->kind != diff::Kind::Unknown)
            return QBrush(colourOf(e->kind));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ColumnName || index.column() == ColumnChange) {
            QString tip = n.path;
            if (e)
                tip += QLatin1Char('\n') + kindText(e->kind);
            if (!countsText(n.below).isEmpty())
                tip += QLatin1Char('\n') + tr("Below: %1").arg(countsText(n.below));
            return tip;
        }
        if (index.column() == ColumnReason && e)
            return reason(*e);
        return {};
    default: return {};
    }
}

CompareFilter::CompareFilter(QObject* parent) : QSortFilterProxyModel(parent)
{
    // A folder stays while a descendant matches (the tree keeps its shape).
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void CompareFilter::setKind(int kind)
{
    m_kind = kind;
    invalidateFilter();
}

void CompareFilter::setText(const QString& text)
{
    m_text = text;
    invalidateFilter();
}

bool CompareFilter::filterAcceptsRow(int row, const QModelIndex& parent) const
{
    const QModelIndex i = sourceModel()->index(row, CompareModel::ColumnName, parent);
    const int kind = i.data(CompareModel::KindRole).toInt();
    if (m_kind >= 0) {
        // A folder that only holds changes matches no kind: it shows through its children.
        const bool changed = kind == int(diff::Kind::Changed) || kind == int(diff::Kind::Unknown);
        if (kind != m_kind && !(m_kind == int(diff::Kind::Changed) && changed))
            return false;
    }
    // The whole path: "etc" keeps everything below /etc, "same" the files named so.
    return m_text.isEmpty() || i.data(CompareModel::PathRole).toString().contains(m_text, Qt::CaseInsensitive);
}

bool CompareFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (left.column() == CompareModel::ColumnName) {
        const bool a = left.data(CompareModel::IsFolderRole).toBool();
        const bool b = right.data(CompareModel::IsFolderRole).toBool();
        if (a != b)
            return sortOrder() == Qt::AscendingOrder ? a : b;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

PackageChangeModel::PackageChangeModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

QVariant PackageChangeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnTitle({tr("Package"), tr("Kind"), tr("Change"), tr("Versions in A"), tr("Versions in B")}, section,
                       orientation, role);
}

QVariant PackageChangeModel::rowData(const diff::PackageChange& p, const QModelIndex& index, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ColumnName: return qs(p.name);
    case ColumnKind: return QLatin1String(inventory::kindName(p.packageKind));
    case ColumnChange:
        return p.kind == diff::PackageChange::Kind::Added     ? tr("Added")
               : p.kind == diff::PackageChange::Kind::Removed ? tr("Removed")
                                                              : tr("Upgraded or downgraded");
    case ColumnA: return joined(p.versionsA);
    case ColumnB: return joined(p.versionsB);
    default: return {};
    }
}

} // namespace sociscope::ui
