// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/compare/comparemodel.h"

#include "common/qtformat.h"

#include <QBrush>
#include <QColor>

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

CompareModel::CompareModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

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
    return columnTitle({tr("Path"), tr("Change"), tr("Reason")}, section, orientation, role);
}

QVariant CompareModel::rowData(const diff::Entry& e, const QModelIndex& index, int role) const
{
    if (role == KindRole)
        return static_cast<int>(e.kind);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ColumnPath: return qs(e.path);
        case ColumnChange: return kindText(e.kind);
        case ColumnReason: return reason(e);
        default: return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == ColumnChange) {
        switch (e.kind) {
        case diff::Kind::Added: return QBrush(QColor(0x2e, 0x7d, 0x32));
        case diff::Kind::Removed: return QBrush(QColor(0xc6, 0x28, 0x28));
        case diff::Kind::Changed: return QBrush(QColor(0xb2, 0x6a, 0x00));
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ColumnPath)
        return qs(e.path);
    return {};
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
    const QModelIndex i = sourceModel()->index(row, CompareModel::ColumnPath, parent);
    const int kind = i.data(CompareModel::KindRole).toInt();
    const bool changed = kind == int(diff::Kind::Changed) || kind == int(diff::Kind::Unknown);
    if (m_kind >= 0 && kind != m_kind && !(m_kind == int(diff::Kind::Changed) && changed))
        return false;
    return m_text.isEmpty() || i.data().toString().contains(m_text, Qt::CaseInsensitive);
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
