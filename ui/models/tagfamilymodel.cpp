// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/tagfamilymodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include <QFont>
#include <QIcon>
#include <QSet>

#include <algorithm>

namespace sociscope::ui {

namespace {

bool isReferrersTag(const std::string& tag)
{
    if (tag.size() != 7 + 64 || tag.rfind("sha256-", 0) != 0)
        return false;
    return std::all_of(tag.begin() + 7, tag.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool sameFamily(const registry::TagFamily& a, const registry::TagFamily& b)
{
    return a.tags == b.tags && a.kind == b.kind && a.twinOf == b.twinOf && a.sociTwins == b.sociTwins &&
           a.mediaType == b.mediaType;
}

} // namespace

TagFamilyModel::TagFamilyModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex TagFamilyModel::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex TagFamilyModel::parent(const QModelIndex&) const { return {}; }

int TagFamilyModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TagFamilyModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TagFamilyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ColumnTag: return tr("Tag");
        case ColumnKind: return tr("Kind");
        case ColumnRelease: return tr("Release");
        case ColumnVersion: return tr("Version");
        case ColumnDevice: return tr("Device");
        case ColumnPython: return tr("Python");
        case ColumnCuda: return tr("CUDA");
        case ColumnOs: return tr("OS");
        case ColumnPlatform: return tr("Platform");
        case ColumnDate: return tr("Date");
        case ColumnSize: return tr("Size");
        case ColumnDigest: return tr("Digest");
        case ColumnSoci: return tr("SOCI twin");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ColumnTag: return tr("The most specific tag of the image; hover a row for all of them");
        case ColumnKind: return tr("An image, or the SOCI-enabled twin (“…-soci”) of the image above it");
        case ColumnRelease:
            return tr("Rolling tags move to each new release; pinned tags (with a timestamp or minor release) never move");
        case ColumnVersion: return tr("Framework version (Deep Learning Containers tag grammar)");
        case ColumnDate: return tr("Build time: in the tag (UTC) for Deep Learning Containers tags, else the image's "
                                   "creation time from its config");
        case ColumnSize: return tr("Compressed size of the image for this computer's platform: what a full pull fetches");
        case ColumnSoci: return tr("The image's SOCI-enabled twin (“…-soci”); double-click it to open the twin");
        default: break;
        }
    }
    return {};
}

QString TagFamilyModel::kindText(const Row& row) const
{
    if (row.family.kind != registry::FamilyKind::SociTwin)
        return tr("Image");
    const QString& v = row.sociVersion;
    if (v == QLatin1String("v1") || v == QLatin1String("v2"))
        return tr("SOCI twin (%1)").arg(v);
    if (v == QLatin1String("none"))
        return tr("SOCI twin (no index)");
    if (v == QLatin1String("error"))
        return tr("SOCI twin (?)");
    return tr("SOCI twin (…)");
}

QStringList TagFamilyModel::bestFirst(const std::vector<std::string>& tags, bool dlc)
{
    QStringList out = qsList(tags);
    if (out.size() < 2)
        return out;
    // What a person reads of a twin's tag is its image's name.
    const auto base = [](const QString& t) {
        return t.endsWith(QLatin1String("-soci")) ? t.chopped(5) : t;
    };
    const auto parts = [&](const QString& t) {
        return base(t).count(QLatin1Char('.')) + base(t).count(QLatin1Char('-')) + base(t).count(QLatin1Char('_'));
    };
    qsizetype best = 0;
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (base(out[i]) == QLatin1String("latest")) {
            best = i;
            break;
        }
        // The DLC grammar put its most specific tag first already.
        if (!dlc && parts(out[i]) > parts(out[best]))
            best = i;
    }
    out.move(best, 0);
    return out;
}

const TagFamilyModel::Row* TagFamilyModel::firstTwin(const Row& row) const
{
    for (const auto& d : row.family.sociTwins)
        if (const int r = rowOfDigest(qs(d.str())); r >= 0)
            return &m_rows[static_cast<size_t>(r)];
    return nullptr;
}

QString TagFamilyModel::sociTwinTag(const Row& row) const
{
    const Row* twin = firstTwin(row);
    if (!twin)
        return {};
    return twin->tags.isEmpty() ? Format::shortDigest(twin->family.digest) : twin->tags.front();
}

QString TagFamilyModel::sociText(const Row& row) const
{
    const Row* twin = firstTwin(row);
    if (!twin)
        return {};
    const QString& v = twin->sociVersion;
    const bool known = v == QLatin1String("v1") || v == QLatin1String("v2");
    // A twin named "<one of this row's tags>-soci" is what the column
    // promises; repeating that name beside the tag took the room the tag's
    // own (long, DLC) name needs. Only its index version is news. Any other
    // name is shown whole: the user could not guess it.
    const QString tag = sociTwinTag(row);
    if (tag.endsWith(QLatin1String("-soci")) && row.tags.contains(tag.chopped(5))) {
        if (known)
            return v;
        if (v == QLatin1String("none"))
            return tr("no index");
        if (v == QLatin1String("error"))
            return tr("?");
        return tr("…");
    }
    return known ? tr("%1 (%2)").arg(tag, v) : tag;
}

void TagFamilyModel::fillCells(Row& row) const
{
    const auto& f = row.family;
    auto& c = row.cells;
    c[ColumnTag] = row.tags.isEmpty() ? QString() : row.tags.front();
    if (row.tags.size() > 1)
        c[ColumnTag] += QStringLiteral("  +%1").arg(row.tags.size() - 1);
    c[ColumnKind] = kindText(row);
    if (f.rolling && f.pinned)
        c[ColumnRelease] = tr("Rolling, pinned");
    else if (f.pinned)
        c[ColumnRelease] = tr("Pinned");
    else if (f.rolling)
        c[ColumnRelease] = tr("Rolling");
    else
        c[ColumnRelease].clear();
    const registry::DlcTag empty;
    const registry::DlcTag& d = f.dlc ? *f.dlc : empty;
    c[ColumnVersion] = qs(d.version);
    c[ColumnDevice] = qs(d.device);
    c[ColumnPython] = qs(d.python);
    c[ColumnCuda] = qs(d.cuda.empty() ? d.neuronSdk : d.cuda);
    c[ColumnOs] = qs(d.os);
    c[ColumnPlatform] = qs(d.platform);
    c[ColumnDate] = !d.timestamp.empty() ? Format::dlcTimestamp(d.timestamp)
                    : row.created.isEmpty()  ? QString()
                                             : Format::time(row.created.toStdString());
    c[ColumnSize] = !row.size ? QString() : *row.size < 0 ? tr("?") : Format::bytes(*row.size);
    c[ColumnDigest] = Format::shortDigest(f.digest);
}

QString TagFamilyModel::tooltip(const Row& row) const
{
    QStringList lines;
    lines << (row.family.kind == registry::FamilyKind::SociTwin ? tr("SOCI twin %1").arg(row.digest)
                                                                 : tr("Image %1").arg(row.digest));
    for (const auto& t : row.family.tags) {
        QString line = QStringLiteral("  ") + qs(t);
        if (auto d = registry::parseDlcTag(t))
            line += d->pinned() ? tr("  (pinned)") : tr("  (rolling)");
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant TagFamilyModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    const bool twin = row.family.kind == registry::FamilyKind::SociTwin;
    switch (role) {
    case Qt::DisplayRole:
        // Looked up when shown: the twin's row and version come and go.
        if (index.column() == ColumnSoci)
            return sociText(row);
        return row.cells[static_cast<size_t>(index.column())];
    case Qt::ToolTipRole:
        if (index.column() == ColumnSoci && !row.family.sociTwins.empty())
            return tr("Double-click to open the SOCI twin %1").arg(sociTwinTag(row));
        return index.column() == ColumnDigest ? row.digest : tooltip(row);
    case Qt::DecorationRole:
        if (index.column() == ColumnTag)
            return twin ? Icons::get(Icons::SociTwin) : Icons::get(Icons::Image);
        if (index.column() == ColumnSoci && !row.family.sociTwins.empty())
            return Icons::get(Icons::SociTwin);
        return {};
    case Qt::FontRole:
        if (index.column() == ColumnDigest) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        }
        return {};
    case DigestRole: return row.digest;
    case TagsRole: return row.tags;
    case IsTwinRole: return twin;
    case TwinOfRole: return row.family.twinOf ? qs(row.family.twinOf->str()) : QString();
    case SociVersionRole: return row.sociVersion;
    case RollingRole: return row.family.rolling;
    case PinnedRole: return row.family.pinned;
    case SociTwinTagRole: return sociTwinTag(row);
    case SortKeyRole:
        if (index.column() == ColumnSize && row.size && *row.size >= 0)
            return *row.size;
        return {};
    default: return {};
    }
}

void TagFamilyModel::clear()
{
    beginResetModel();
    m_builder = registry::FamilyBuilder{};
    m_rows.clear();
    m_rowByDigest.clear();
    m_sociVersions.clear();
    m_summaries.clear();
    m_referrerTags = 0;
    endResetModel();
}

void TagFamilyModel::rebuildIndex()
{
    m_rowByDigest.clear();
    m_rowByDigest.reserve(static_cast<qsizetype>(m_rows.size()));
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rowByDigest.insert(m_rows[i].digest, static_cast<int>(i));
}

void TagFamilyModel::addBatch(const std::vector<registry::ResolvedTag>& resolved,
                              const std::vector<registry::UnresolvedTag>& failed)
{
    bool any = false;
    for (const auto& r : resolved) {
        if (isReferrersTag(r.tag)) {
            ++m_referrerTags;
            continue;
        }
        m_builder.add(r);
        any = true;
    }
    for (const auto& f : failed) {
        m_builder.addFailed(f);
        any = true;
    }
    if (!any)
        return;

    const std::vector<registry::TagFamily> families = m_builder.families();
    QHash<QString, int> rank;
    rank.reserve(static_cast<qsizetype>(families.size()));
    for (size_t i = 0; i < families.size(); ++i)
        rank.insert(qs(families[i].digest.str()), static_cast<int>(i));

    // Images that vanished (a tag moved to another digest): remove, bottom up.
    rebuildIndex();
    for (int r = rowCount() - 1; r >= 0; --r) {
        if (!rank.contains(m_rows[static_cast<size_t>(r)].digest)) {
            beginRemoveRows({}, r, r);
            m_rows.erase(m_rows.begin() + r);
            rebuildIndex(); // the proxy asks for anchors while it handles the removal
            endRemoveRows();
        }
    }

    // Update rows in place; collect the new ones.
    QSet<QString> changed;
    std::vector<Row> added;
    for (const auto& f : families) {
        const QString digest = qs(f.digest.str());
        auto it = m_rowByDigest.constFind(digest);
        if (it != m_rowByDigest.constEnd()) {
            Row& row = m_rows[static_cast<size_t>(*it)];
            if (!sameFamily(row.family, f)) {
                row.family = f;
                row.tags = bestFirst(f.tags, f.dlc.has_value());
                fillCells(row);
                changed.insert(digest);
                // A twin's or image's link changed: its partner is re-sorted and re-filtered too.
                if (f.twinOf)
                    changed.insert(qs(f.twinOf->str()));
                for (const auto& t : f.sociTwins)
                    changed.insert(qs(t.str()));
            }
            continue;
        }
        Row row;
        row.family = f;
        row.digest = digest;
        row.tags = bestFirst(f.tags, f.dlc.has_value());
        row.sociVersion = m_sociVersions.value(digest, QStringLiteral("unknown"));
        if (const auto known = m_summaries.constFind(digest); known != m_summaries.constEnd()) {
            row.size = known->size;
            row.created = known->created;
        }
        fillCells(row);
        added.push_back(std::move(row));
    }
    if (!added.empty()) {
        const int first = rowCount();
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        for (auto& r : added)
            m_rows.push_back(std::move(r));
        rebuildIndex(); // before the proxy sorts the new rows by their anchors
        endInsertRows();
    }

    // Keep FamilyBuilder's order with one layout change when rows moved.
    const bool ordered = std::is_sorted(m_rows.begin(), m_rows.end(), [&](const Row& a, const Row& b) {
        return rank.value(a.digest) < rank.value(b.digest);
    });
    if (!ordered) {
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList before = persistentIndexList();
        QStringList digestsBefore;
        digestsBefore.reserve(before.size());
        for (const auto& i : before)
            digestsBefore << m_rows[static_cast<size_t>(i.row())].digest;
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [&](const Row& a, const Row& b) { return rank.value(a.digest) < rank.value(b.digest); });
        rebuildIndex();
        QModelIndexList after;
        after.reserve(before.size());
        for (qsizetype i = 0; i < before.size(); ++i)
            after << index(m_rowByDigest.value(digestsBefore[i]), before[i].column());
        changePersistentIndexList(before, after);
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    if (!changed.isEmpty()) {
        int lo = rowCount(), hi = -1;
        for (const auto& d : changed) {
            const int r = m_rowByDigest.value(d, -1);
            if (r >= 0) {
                lo = std::min(lo, r);
                hi = std::max(hi, r);
            }
        }
        if (hi >= lo)
            emit dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
    }
}

void TagFamilyModel::setSociVersion(const QString& digest, const QString& version)
{
    m_sociVersions.insert(digest, version);
    const int r = rowOfDigest(digest);
    if (r < 0)
        return;
    Row& row = m_rows[static_cast<size_t>(r)];
    if (row.sociVersion == version)
        return;
    row.sociVersion = version;
    row.family.sociIndexVersion = version.toStdString();
    fillCells(row);
    emit dataChanged(index(r, ColumnKind), index(r, ColumnKind));
    // Its image's row names it with the version.
    if (const int image = anchorRow(r); image != r)
        emit dataChanged(index(image, ColumnSoci), index(image, ColumnSoci));
}

void TagFamilyModel::setImageSummary(const QString& digest, qint64 size, const QString& created)
{
    m_summaries.insert(digest, Summary{size, created});
    const int r = rowOfDigest(digest);
    if (r < 0)
        return;
    Row& row = m_rows[static_cast<size_t>(r)];
    row.size = size;
    row.created = created;
    fillCells(row);
    emit dataChanged(index(r, ColumnDate), index(r, ColumnSize));
}

bool TagFamilyModel::needsSummary(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    const Row& r = m_rows[static_cast<size_t>(row)];
    return r.family.kind != registry::FamilyKind::SociTwin && !r.size && !m_summaries.contains(r.digest);
}

int TagFamilyModel::rowOfDigest(const QString& digest) const { return m_rowByDigest.value(digest, -1); }

int TagFamilyModel::anchorRow(int row) const
{
    const auto& f = m_rows[static_cast<size_t>(row)].family;
    if (f.kind == registry::FamilyKind::SociTwin && f.twinOf) {
        const int a = rowOfDigest(qs(f.twinOf->str()));
        if (a >= 0)
            return a;
    }
    return row;
}

QList<int> TagFamilyModel::twinRows(int row) const
{
    QList<int> out;
    for (const auto& d : m_rows[static_cast<size_t>(row)].family.sociTwins) {
        const int r = rowOfDigest(qs(d.str()));
        if (r >= 0)
            out << r;
    }
    return out;
}

} // namespace sociscope::ui
