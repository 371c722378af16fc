// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/sourcesmodel.h"

#include "common/icons.h"

#include "oci/reference.h"

#include <QDir>
#include <QFont>
#include <QPalette>

namespace sociscope::ui {

namespace {

// internalId: payload << 2 | tag. Groups carry their number, sources and
// repository rows the uid of the source (stable while rows come and go).
enum Tag : quintptr { TagGroup = 1, TagSource = 2, TagChild = 3 };
quintptr makeId(quintptr payload, Tag tag) { return (payload << 2) | tag; }
Tag tagOf(const QModelIndex& i) { return static_cast<Tag>(i.internalId() & 3); }
quint32 payloadOf(const QModelIndex& i) { return static_cast<quint32>(i.internalId() >> 2); }

} // namespace

SourcesModel::SourcesModel(QObject* parent) : QAbstractItemModel(parent) {}

const SourcesModel::Source* SourcesModel::sourceByUid(quint32 uid, int* group, int* row) const
{
    for (int g = 0; g < GroupCount; ++g)
        for (size_t r = 0; r < m_groups[static_cast<size_t>(g)].size(); ++r)
            if (m_groups[static_cast<size_t>(g)][r].uid == uid) {
                if (group)
                    *group = g;
                if (row)
                    *row = static_cast<int>(r);
                return &m_groups[static_cast<size_t>(g)][r];
            }
    return nullptr;
}

SourcesModel::Source* SourcesModel::sourceByUid(quint32 uid, int* group, int* row)
{
    return const_cast<Source*>(std::as_const(*this).sourceByUid(uid, group, row));
}

const SourcesModel::Source* SourcesModel::sourceOf(const QModelIndex& index) const
{
    if (!index.isValid() || tagOf(index) == TagGroup)
        return nullptr;
    return sourceByUid(payloadOf(index));
}

QModelIndex SourcesModel::sourceIndex(int group, int row) const
{
    return createIndex(row, 0, makeId(m_groups[static_cast<size_t>(group)][static_cast<size_t>(row)].uid, TagSource));
}

int SourcesModel::childCount(const Source& s) const
{
    switch (s.catalog) {
    case Catalog::NotLoaded: return 0;
    case Catalog::Loading: return s.loadingShown ? 1 : 0;
    case Catalog::Failed: return 1;
    case Catalog::Loaded:
    case Catalog::Fixed:
        if (s.node == Node::Folder || s.node == Node::Image)
            return 0;
        return s.repositories.isEmpty() ? (s.placeholder.isEmpty() ? 0 : 1) : static_cast<int>(s.repositories.size());
    }
    return 0;
}

QModelIndex SourcesModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column != 0)
        return {};
    if (!parent.isValid())
        return row < GroupCount ? createIndex(row, 0, makeId(static_cast<quintptr>(row), TagGroup)) : QModelIndex();
    if (parent.column() != 0)
        return {};
    if (tagOf(parent) == TagGroup) {
        const auto& g = m_groups[payloadOf(parent)];
        return row < static_cast<int>(g.size()) ? createIndex(row, 0, makeId(g[static_cast<size_t>(row)].uid, TagSource))
                                                : QModelIndex();
    }
    if (tagOf(parent) == TagSource) {
        const Source* s = sourceOf(parent);
        return s && row < childCount(*s) ? createIndex(row, 0, makeId(s->uid, TagChild)) : QModelIndex();
    }
    return {};
}

QModelIndex SourcesModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || tagOf(child) == TagGroup)
        return {};
    int group = 0, row = 0;
    if (!sourceByUid(payloadOf(child), &group, &row))
        return {};
    if (tagOf(child) == TagSource)
        return createIndex(group, 0, makeId(static_cast<quintptr>(group), TagGroup));
    return sourceIndex(group, row);
}

int SourcesModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return GroupCount;
    if (parent.column() != 0)
        return 0;
    if (tagOf(parent) == TagGroup)
        return static_cast<int>(m_groups[payloadOf(parent)].size());
    if (tagOf(parent) == TagSource) {
        const Source* s = sourceOf(parent);
        return s ? childCount(*s) : 0;
    }
    return 0;
}

int SourcesModel::columnCount(const QModelIndex&) const { return 1; }

bool SourcesModel::hasChildren(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return true;
    if (parent.column() != 0)
        return false;
    if (tagOf(parent) == TagGroup)
        return !m_groups[payloadOf(parent)].empty();
    if (tagOf(parent) == TagSource) {
        const Source* s = sourceOf(parent);
        return s && (s->catalog == Catalog::NotLoaded || s->catalog == Catalog::Loading || childCount(*s) > 0);
    }
    return false;
}

bool SourcesModel::canFetchMore(const QModelIndex& parent) const
{
    const Source* s = parent.isValid() && tagOf(parent) == TagSource ? sourceOf(parent) : nullptr;
    return s && s->catalog == Catalog::NotLoaded;
}

void SourcesModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const quint32 uid = payloadOf(parent);
    Source* s = sourceByUid(uid);
    s->catalog = Catalog::Loading;
    emit catalogRequested(s->host);
    // Rows change a turn later: views (and QAbstractItemModelTester) call
    // fetchMore while they handle another change.
    QMetaObject::invokeMethod(
        this,
        [this, uid] {
            int group = 0, row = 0;
            const Source* src = sourceByUid(uid, &group, &row);
            if (src && src->catalog == Catalog::Loading && !src->loadingShown)
                replaceChildren(group, row, [](Source& next) { next.loadingShown = true; });
        },
        Qt::QueuedConnection);
}

void SourcesModel::replaceChildren(int group, int row, const std::function<void(Source&)>& change)
{
    Source& s = m_groups[static_cast<size_t>(group)][static_cast<size_t>(row)];
    const QModelIndex parent = sourceIndex(group, row);
    Source next = s;
    change(next);
    if (const int before = childCount(s); before > 0) {
        beginRemoveRows(parent, 0, before - 1);
        s.catalog = Catalog::NotLoaded; // no children while between states
        s.loadingShown = false;
        s.repositories.clear();
        endRemoveRows();
    }
    if (const int after = childCount(next); after > 0) {
        beginInsertRows(parent, 0, after - 1);
        s = std::move(next);
        endInsertRows();
    } else {
        s = std::move(next);
    }
    emit dataChanged(parent, parent);
}

Qt::ItemFlags SourcesModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node node = static_cast<Node>(data(index, NodeRole).toInt());
    if (node == Node::Group || node == Node::Placeholder)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant SourcesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (tagOf(index) == TagGroup) {
        const int g = static_cast<int>(payloadOf(index));
        switch (role) {
        case Qt::DisplayRole:
            switch (g) {
            case GroupRegistries: return tr("Registries");
            case GroupPresets: return tr("Presets");
            case GroupFolders: return tr("Local folders");
            case GroupBookmarks: return tr("Bookmarks");
            default: return tr("Recent");
            }
        case Qt::ToolTipRole:
            switch (g) {
            case GroupRegistries: return tr("Registries you added (File → Add Registry…)");
            case GroupPresets: return tr("Public registries Sociscope knows");
            case GroupFolders: return tr("OCI image-layout folders (File → Open OCI Layout…)");
            case GroupBookmarks: return tr("Images you bookmarked (View → Bookmark Image, Ctrl+D)");
            default: return tr("Images opened lately, the latest first");
            }
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            f.setCapitalization(QFont::AllUppercase);
            f.setPointSizeF(f.pointSizeF() * 0.85);
            return f;
        }
        case Qt::ForegroundRole: return QPalette().brush(QPalette::PlaceholderText);
        case NodeRole: return static_cast<int>(Node::Group);
        default: return {};
        }
    }
    const Source* s = sourceOf(index);
    if (!s)
        return {};
    if (tagOf(index) == TagSource) {
        switch (role) {
        case Qt::DisplayRole: return s->title;
        case Qt::ToolTipRole: {
            if (s->node == Node::Image)
                return s->path;
            QString t = s->node == Node::Folder ? s->path : s->host;
            if (!s->subtitle.isEmpty())
                t = s->subtitle + QLatin1Char('\n') + t;
            if (s->catalog == Catalog::Failed)
                t += QLatin1Char('\n') + s->placeholder;
            return t;
        }
        case Qt::DecorationRole:
            return Icons::get(s->node == Node::Folder   ? Icons::Folder
                              : s->node == Node::Preset ? Icons::Preset
                              : s->node == Node::Image  ? Icons::Image
                                                        : Icons::Registry);
        case NodeRole: return static_cast<int>(s->node);
        case ReferenceRole:
            return s->node == Node::Folder  ? QString(QStringLiteral("oci:") + s->path)
                   : s->node == Node::Image ? s->path
                                            : s->host;
        case HostRole: return s->host;
        case RemovableRole: return s->removable;
        default: return {};
        }
    }
    // A repository, or the placeholder.
    const bool placeholder = s->repositories.isEmpty();
    if (placeholder) {
        const QString text = s->catalog == Catalog::Loading ? tr("Loading the catalog…") : s->placeholder;
        switch (role) {
        case Qt::DisplayRole: return text;
        case Qt::ToolTipRole: return s->placeholderTip.isEmpty() || s->catalog == Catalog::Loading ? text : s->placeholderTip;
        case Qt::FontRole: {
            QFont f;
            f.setItalic(true);
            return f;
        }
        case Qt::ForegroundRole: return QPalette().brush(QPalette::PlaceholderText);
        case NodeRole: return static_cast<int>(Node::Placeholder);
        default: return {};
        }
    }
    const QString& repo = s->repositories[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return !s->stripPrefix.isEmpty() && repo.startsWith(s->stripPrefix) ? repo.mid(s->stripPrefix.size()) : repo;
    case Qt::ToolTipRole: return QString(s->host + QLatin1Char('/') + repo);
    case Qt::DecorationRole: return Icons::get(Icons::Repository);
    case NodeRole: return static_cast<int>(Node::Repository);
    case ReferenceRole: return QString(s->host + QLatin1Char('/') + repo);
    case HostRole: return s->host;
    default: return {};
    }
}

QModelIndex SourcesModel::append(int group, Source s)
{
    return insert(group, static_cast<int>(m_groups[static_cast<size_t>(group)].size()), std::move(s));
}

QModelIndex SourcesModel::insert(int group, int row, Source s)
{
    s.uid = m_nextUid++;
    auto& g = m_groups[static_cast<size_t>(group)];
    beginInsertRows(index(group, 0), row, row);
    g.insert(g.begin() + row, std::move(s));
    endInsertRows();
    return sourceIndex(group, row);
}

void SourcesModel::eraseSource(int group, int row)
{
    auto& g = m_groups[static_cast<size_t>(group)];
    beginRemoveRows(index(group, 0), row, row);
    g.erase(g.begin() + row);
    endRemoveRows();
}

int SourcesModel::imageRow(int group, const QString& reference) const
{
    const auto& g = m_groups[static_cast<size_t>(group)];
    for (size_t i = 0; i < g.size(); ++i)
        if (g[i].path == reference)
            return static_cast<int>(i);
    return -1;
}

QString SourcesModel::imageTitle(const QString& reference)
{
    auto ref = oci::Reference::parse(reference.toStdString(), false);
    if (!ref)
        return reference;
    // The registry is in the tooltip: the repository and tag are what tell images apart.
    QString name = ref->isLayout ? QString::fromStdString(ref->layoutPath).section(QLatin1Char('/'), -1, -1,
                                                                                    QString::SectionSkipEmpty)
                                 : QString::fromStdString(ref->repository);
    if (name.startsWith(QLatin1String("library/")))
        name = name.mid(8);
    if (!ref->tag.empty())
        name += QLatin1Char(':') + QString::fromStdString(ref->tag);
    if (!ref->digest.empty())
        name += QLatin1Char('@') + QString::fromStdString(ref->digest).left(19); // sha256: and 12 hex digits
    return name;
}

QModelIndex SourcesModel::addRecent(const QString& reference)
{
    if (const int row = imageRow(GroupRecent, reference); row == 0)
        return sourceIndex(GroupRecent, 0);
    else if (row > 0)
        eraseSource(GroupRecent, row);
    Source s;
    s.node = Node::Image;
    s.title = imageTitle(reference);
    s.path = reference;
    s.catalog = Catalog::Fixed;
    const QModelIndex added = insert(GroupRecent, 0, std::move(s));
    while (static_cast<int>(m_groups[GroupRecent].size()) > RecentMax)
        eraseSource(GroupRecent, static_cast<int>(m_groups[GroupRecent].size()) - 1);
    return added;
}

void SourcesModel::clearRecent()
{
    auto& g = m_groups[GroupRecent];
    if (g.empty())
        return;
    beginRemoveRows(index(GroupRecent, 0), 0, static_cast<int>(g.size()) - 1);
    g.clear();
    endRemoveRows();
}

QModelIndex SourcesModel::addBookmark(const QString& reference)
{
    if (const int row = imageRow(GroupBookmarks, reference); row >= 0)
        return sourceIndex(GroupBookmarks, row);
    Source s;
    s.node = Node::Image;
    s.title = imageTitle(reference);
    s.path = reference;
    s.catalog = Catalog::Fixed;
    return append(GroupBookmarks, std::move(s));
}

void SourcesModel::removeBookmark(const QString& reference)
{
    if (const int row = imageRow(GroupBookmarks, reference); row >= 0)
        eraseSource(GroupBookmarks, row);
}

bool SourcesModel::isBookmarked(const QString& reference) const { return imageRow(GroupBookmarks, reference) >= 0; }

QStringList SourcesModel::imagesOf(int group) const
{
    QStringList out;
    for (const auto& s : m_groups[static_cast<size_t>(group)])
        out << s.path;
    return out;
}

QStringList SourcesModel::recent() const { return imagesOf(GroupRecent); }

QStringList SourcesModel::bookmarks() const { return imagesOf(GroupBookmarks); }

QModelIndex SourcesModel::addRegistry(const Registry& r)
{
    const QString host = r.host.trimmed();
    auto& g = m_groups[GroupRegistries];
    for (size_t i = 0; i < g.size(); ++i)
        if (g[i].host == host)
            return sourceIndex(GroupRegistries, static_cast<int>(i));
    Source s;
    s.node = Node::Registry;
    s.title = host;
    s.host = host;
    s.plainHttp = r.plainHttp;
    s.insecure = r.insecure;
    return append(GroupRegistries, std::move(s));
}

QModelIndex SourcesModel::addFolder(const QString& path, const QString& title, bool removable)
{
    const QString clean = QDir::cleanPath(path);
    auto& g = m_groups[GroupFolders];
    for (size_t i = 0; i < g.size(); ++i) {
        if (g[i].path != clean)
            continue;
        const QModelIndex existing = sourceIndex(GroupFolders, static_cast<int>(i));
        // A folder opened by hand may later turn out to be a named one (the demo).
        if (!title.isEmpty() && g[i].title != title) {
            g[i].title = title;
            g[i].subtitle = clean;
            g[i].removable = removable;
            emit dataChanged(existing, existing);
        }
        return existing;
    }
    Source s;
    s.node = Node::Folder;
    s.path = clean;
    s.title = title.isEmpty() ? clean.section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty) : title;
    s.subtitle = title.isEmpty() ? QString() : clean;
    s.catalog = Catalog::Fixed;
    s.removable = removable;
    return append(GroupFolders, std::move(s));
}

void SourcesModel::addPresets()
{
    if (!m_groups[GroupPresets].empty())
        return;
    Source dlc;
    dlc.node = Node::Preset;
    dlc.title = tr("AWS Deep Learning Containers");
    dlc.subtitle = tr("Amazon ECR Public Gallery");
    dlc.host = QStringLiteral("public.ecr.aws");
    dlc.catalog = Catalog::Fixed;
    dlc.removable = false;
    dlc.stripPrefix = QStringLiteral("deep-learning-containers/");
    for (const char* r : {"pytorch-training", "pytorch-inference", "tensorflow-training", "vllm", "sglang"})
        dlc.repositories << QStringLiteral("deep-learning-containers/") + QLatin1String(r);
    append(GroupPresets, std::move(dlc));

    Source hub;
    hub.node = Node::Preset;
    hub.title = tr("Docker Hub");
    hub.host = QStringLiteral("docker.io");
    hub.catalog = Catalog::Fixed;
    hub.removable = false;
    hub.stripPrefix = QStringLiteral("library/");
    hub.repositories = {QStringLiteral("library/ubuntu"), QStringLiteral("library/python"),
                        QStringLiteral("library/busybox")};
    append(GroupPresets, std::move(hub));

    Source ghcr;
    ghcr.node = Node::Preset;
    ghcr.title = tr("GitHub Container Registry");
    ghcr.host = QStringLiteral("ghcr.io");
    ghcr.catalog = Catalog::Fixed;
    ghcr.removable = false;
    // Short enough for the sidebar's default width, in German too.
    ghcr.placeholder = tr("Type ghcr.io/OWNER/IMAGE above");
    ghcr.placeholderTip = tr("GitHub's registry lists no catalog: type ghcr.io/OWNER/IMAGE in the box above");
    append(GroupPresets, std::move(ghcr));
}

void SourcesModel::remove(const QModelIndex& source)
{
    if (!source.isValid() || tagOf(source) != TagSource)
        return;
    int group = 0, row = 0;
    const Source* s = sourceByUid(payloadOf(source), &group, &row);
    if (!s || !s->removable)
        return;
    eraseSource(group, row);
}

void SourcesModel::setCatalog(const QString& host, const QStringList& repositories)
{
    auto& g = m_groups[GroupRegistries];
    for (size_t i = 0; i < g.size(); ++i)
        if (g[i].host == host)
            replaceChildren(GroupRegistries, static_cast<int>(i), [&](Source& s) {
                s.catalog = Catalog::Loaded;
                s.repositories = repositories;
                s.placeholder = tr("No repositories");
            });
}

void SourcesModel::setCatalogFailed(const QString& host, const QString& reason)
{
    auto& g = m_groups[GroupRegistries];
    for (size_t i = 0; i < g.size(); ++i)
        if (g[i].host == host)
            replaceChildren(GroupRegistries, static_cast<int>(i), [&](Source& s) {
                s.catalog = Catalog::Failed;
                s.repositories.clear();
                s.placeholder = tr("No catalog: type a name above");
                s.placeholderTip = tr("No catalog (%1): type a repository in the box above").arg(reason);
            });
}

QList<SourcesModel::Registry> SourcesModel::registries() const
{
    QList<Registry> out;
    for (const auto& s : m_groups[GroupRegistries])
        out.append({s.host, s.plainHttp, s.insecure});
    return out;
}

QStringList SourcesModel::folders() const
{
    QStringList out;
    for (const auto& s : m_groups[GroupFolders])
        if (s.removable)
            out << s.path;
    return out;
}

QModelIndex SourcesModel::find(const QString& reference) const
{
    for (int g = 0; g < GroupCount; ++g) {
        const auto& group = m_groups[static_cast<size_t>(g)];
        for (size_t r = 0; r < group.size(); ++r) {
            const Source& s = group[r];
            if (s.node == Node::Folder && QStringLiteral("oci:") + s.path == reference)
                return sourceIndex(g, static_cast<int>(r));
            for (qsizetype i = 0; i < s.repositories.size(); ++i)
                if (s.host + QLatin1Char('/') + s.repositories[i] == reference)
                    return createIndex(static_cast<int>(i), 0, makeId(s.uid, TagChild));
        }
    }
    return {};
}

QModelIndex SourcesModel::nearest(const QString& reference) const
{
    if (const QModelIndex i = find(reference); i.isValid())
        return i;
    // Not listed (the catalog is not read yet, or does not name it): its registry.
    for (int g = 0; g < GroupCount; ++g) {
        const auto& group = m_groups[static_cast<size_t>(g)];
        for (size_t r = 0; r < group.size(); ++r)
            if (group[r].node != Node::Folder && !group[r].host.isEmpty() &&
                reference.startsWith(group[r].host + QLatin1Char('/')))
                return sourceIndex(g, static_cast<int>(r));
    }
    return {};
}

} // namespace sociscope::ui
