// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/fileentry.h"

#include "common/icons.h"
#include "common/qtformat.h"
#include "models/spantable.h"

#include <QDateTime>
#include <QFont>
#include <QPalette>

namespace sociscope::ui {

namespace {

bool endsWithAny(const QString& name, std::initializer_list<const char*> exts)
{
    for (const char* e : exts)
        if (name.endsWith(QLatin1String(e), Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

QVariant FileEntry::header(int column, int role, bool pathColumn)
{
    if (role == Qt::DisplayRole) {
        switch (column) {
        case ColumnName: return pathColumn ? tr("Path") : tr("Name");
        case ColumnSize: return tr("Size");
        case ColumnMode: return tr("Mode");
        case ColumnOwner: return tr("Owner");
        case ColumnModified: return tr("Modified");
        case ColumnLink: return tr("Link target");
        case ColumnLayer: return tr("Layer");
        case ColumnSpans: return tr("Spans");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case ColumnLayer: return tr("The layer that made this entry, bottom layer 0");
        case ColumnSpans: return tr("The spans of its layer that hold the file's data: what reading it fetches");
        case ColumnModified: return tr("Modification time, UTC");
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && (column == ColumnSize || column == ColumnLayer))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QString FileEntry::modeString(const fs::Inode& n)
{
    QString s = QStringLiteral("-rwxrwxrwx");
    switch (n.type) {
    case fs::FileType::Directory: s[0] = QLatin1Char('d'); break;
    case fs::FileType::Symlink: s[0] = QLatin1Char('l'); break;
    case fs::FileType::CharDevice: s[0] = QLatin1Char('c'); break;
    case fs::FileType::BlockDevice: s[0] = QLatin1Char('b'); break;
    case fs::FileType::Fifo: s[0] = QLatin1Char('p'); break;
    default: break;
    }
    for (int i = 0; i < 9; ++i)
        if (!(n.mode & (1u << (8 - i))))
            s[1 + i] = QLatin1Char('-');
    if (n.mode & 04000)
        s[3] = (n.mode & 0100) ? QLatin1Char('s') : QLatin1Char('S');
    if (n.mode & 02000)
        s[6] = (n.mode & 010) ? QLatin1Char('s') : QLatin1Char('S');
    if (n.mode & 01000)
        s[9] = (n.mode & 01) ? QLatin1Char('t') : QLatin1Char('T');
    return s;
}

QString FileEntry::owner(const fs::ImageTree& tree, fs::Ino ino)
{
    const fs::Inode& n = tree.inode(ino);
    const auto e = tree.entry(ino);
    const QString user = e && !e->uname.empty() ? qs(std::string(e->uname)) : QString::number(n.uid);
    const QString group = e && !e->gname.empty() ? qs(std::string(e->gname)) : QString::number(n.gid);
    return user + QLatin1Char(':') + group;
}

QString FileEntry::typeName(const fs::Inode& n)
{
    if (n.whiteout)
        return tr("Whiteout (deleted in this layer)");
    switch (n.type) {
    case fs::FileType::Regular: return tr("Regular file");
    case fs::FileType::Directory: return n.opaque ? tr("Folder (opaque: hides lower layers)") : tr("Folder");
    case fs::FileType::Symlink: return tr("Symbolic link");
    case fs::FileType::CharDevice: return tr("Character device %1:%2").arg(n.rdevMajor).arg(n.rdevMinor);
    case fs::FileType::BlockDevice: return tr("Block device %1:%2").arg(n.rdevMajor).arg(n.rdevMinor);
    case fs::FileType::Fifo: return tr("Named pipe");
    }
    return {};
}

QIcon FileEntry::icon(const fs::Inode& n, const QString& name)
{
    if (n.whiteout)
        return Icons::get(Icons::FileWhiteout);
    switch (n.type) {
    case fs::FileType::Directory: return Icons::get(Icons::Folder);
    case fs::FileType::Symlink: return Icons::get(Icons::FileSymlink);
    case fs::FileType::CharDevice:
    case fs::FileType::BlockDevice:
    case fs::FileType::Fifo: return Icons::get(Icons::FileDevice);
    case fs::FileType::Regular: break;
    }
    if (name.contains(QLatin1String(".so.")) || endsWithAny(name, {".so", ".a"}))
        return Icons::get(Icons::FileLibrary);
    if (endsWithAny(name, {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".ico", ".xpm"}))
        return Icons::get(Icons::FileImage);
    if (endsWithAny(name, {".tar", ".gz", ".tgz", ".zst", ".xz", ".bz2", ".zip", ".whl", ".deb", ".rpm", ".apk"}))
        return Icons::get(Icons::FileArchive);
    if (endsWithAny(name, {".sh", ".py", ".pl", ".rb", ".js", ".lua", ".bash"}))
        return Icons::get(Icons::FileScript);
    if (n.mode & 0111)
        return Icons::get(Icons::FileExecutable);
    return Icons::get(Icons::FileText);
}

QString FileEntry::spansText(const Context& c, fs::Ino ino)
{
    const fs::Inode& n = c.tree->inode(ino);
    if (n.type != fs::FileType::Regular || n.size <= 0 || n.whiteout)
        return {};
    if (!c.spans)
        return tr("verifying…");
    if (c.spans->isWhole(n.layer))
        return tr("whole layer");
    const auto r = c.spans->spansOf(*c.tree, ino);
    if (!r)
        return {};
    return r->first == r->second ? QString::number(r->first) : QStringLiteral("%1–%2").arg(r->first).arg(r->second);
}

QVariant FileEntry::data(const Context& c, fs::Ino ino, const QString& name, const QString& path, int column, int role)
{
    const fs::ImageTree& t = *c.tree;
    const fs::Inode& n = t.inode(ino);
    switch (role) {
    case InoRole: return QVariant::fromValue<quint32>(ino);
    case PathRole: return path;
    case TypeRole: return static_cast<int>(n.type);
    case IsFolderRole: return n.type == fs::FileType::Directory;
    case SizeRole: return static_cast<qint64>(n.size);
    case LayerRole: return n.layer;
    case WhiteoutRole: return n.whiteout;
    case Qt::DecorationRole:
        return column == ColumnName ? QVariant(icon(n, name)) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == ColumnSize || column == ColumnLayer)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (n.whiteout || (column == ColumnSpans && !c.spans))
            return QPalette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::FontRole:
        if (column == ColumnMode) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (n.whiteout && column != ColumnName && column != ColumnLayer)
            return {}; // its mode, owner and time are the tar header's placeholders
        switch (column) {
        case ColumnName: return QString(path + QLatin1Char('\n') + typeName(n));
        case ColumnSize: return tr("%L1 bytes").arg(n.size);
        case ColumnOwner: return tr("uid %1, gid %2").arg(n.uid).arg(n.gid);
        case ColumnMode: return QStringLiteral("0%1").arg(n.mode, 4, 8, QLatin1Char('0'));
        case ColumnLayer: return n.layer >= 0 && n.layer < c.layerLabels.size() ? c.layerLabels[n.layer] : QVariant();
        default: return {};
        }
    case SortRole:
        switch (column) {
        case ColumnName: return name;
        case ColumnSize: return static_cast<qint64>(n.size);
        case ColumnMode: return n.mode;
        case ColumnOwner: return owner(t, ino);
        case ColumnModified: return static_cast<qint64>(n.mtimeSec);
        case ColumnLink: return n.type == fs::FileType::Symlink ? qs(t.readlink(ino).valueOr({})) : QString();
        case ColumnLayer: return n.layer;
        case ColumnSpans: {
            const auto r = c.spans ? c.spans->spansOf(t, ino) : std::nullopt;
            return r ? r->first : -1;
        }
        default: return {};
        }
    case Qt::DisplayRole:
        // A whiteout's mode, owner and time are placeholders (c--------- 0:0
        // 1970-01-01): what it means is that the file is removed.
        if (n.whiteout && column != ColumnName && column != ColumnLayer)
            return column == ColumnSize ? tr("removed") : QString();
        switch (column) {
        case ColumnName: return name;
        case ColumnSize:
            if (n.type == fs::FileType::Directory)
                return tr("%n item(s)", "", static_cast<int>(t.children(ino).size()));
            return n.type == fs::FileType::Regular ? Format::bytes(n.size) : QString();
        case ColumnMode: return modeString(n);
        case ColumnOwner: return owner(t, ino);
        case ColumnModified:
            if (n.mtimeSec == 0 && n.layer < 0)
                return QString();
            return QDateTime::fromSecsSinceEpoch(n.mtimeSec, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        case ColumnLink:
            return n.type == fs::FileType::Symlink ? qs(t.readlink(ino).valueOr({})) : QString();
        case ColumnLayer: return n.layer >= 0 ? QString::number(n.layer) : QString();
        case ColumnSpans: return spansText(c, ino);
        default: return {};
        }
    default: return {};
    }
}

} // namespace sociscope::ui
