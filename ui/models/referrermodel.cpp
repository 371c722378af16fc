// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/referrermodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include "oci/mediatypes.h"

namespace sociscope::ui {

ReferrerModel::ReferrerModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex ReferrerModel::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex ReferrerModel::parent(const QModelIndex&) const { return {}; }

int ReferrerModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReferrerModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ReferrerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ColumnType: return tr("Type");
    case ColumnSubject: return tr("Refers to");
    case ColumnCreated: return tr("Created");
    case ColumnSize: return tr("Size");
    case ColumnDigest: return tr("Digest");
    case ColumnArtifactType: return tr("Artifact type");
    default: return {};
    }
}

QString ReferrerModel::friendlyType(const std::string& t)
{
    const QString s = qs(t);
    if (t == oci::mt::SociIndexV1)
        return tr("SOCI index v1");
    if (t == oci::mt::SociIndexV2)
        return tr("SOCI index v2");
    if (s.startsWith(QLatin1String("application/vnd.dev.cosign")) || s.startsWith(QLatin1String("application/vnd.dev.sigstore")))
        return tr("Signature (Sigstore)");
    if (s.startsWith(QLatin1String("application/vnd.cncf.notary")))
        return tr("Signature (Notation)");
    if (s.contains(QLatin1String("spdx"), Qt::CaseInsensitive))
        return tr("SBOM (SPDX)");
    if (s.contains(QLatin1String("cyclonedx"), Qt::CaseInsensitive))
        return tr("SBOM (CycloneDX)");
    if (s.contains(QLatin1String("in-toto"), Qt::CaseInsensitive))
        return tr("Attestation (in-toto)");
    if (s.contains(QLatin1String("sbom"), Qt::CaseInsensitive))
        return tr("SBOM");
    if (s.contains(QLatin1String("signature"), Qt::CaseInsensitive))
        return tr("Signature");
    return s.isEmpty() ? tr("Artifact") : s;
}

QVariant ReferrerModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ReferrerEntry& r = m_rows[static_cast<size_t>(index.row())];
    const oci::Descriptor& d = r.descriptor;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColumnType: return friendlyType(d.artifactType);
        case ColumnSubject: return qs(r.subject);
        case ColumnCreated: return Format::time(d.annotation("org.opencontainers.image.created"));
        case ColumnSize: return Format::bytes(d.size);
        case ColumnDigest: return Format::shortDigest(d.digest);
        case ColumnArtifactType: return qs(d.artifactType);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ColumnDigest)
            return qs(d.digest.str());
        if (index.column() == ColumnType)
            return qs(d.mediaType);
        return {};
    case Qt::DecorationRole:
        if (index.column() == ColumnType)
            return d.artifactType == oci::mt::SociIndexV1 ? Icons::get(Icons::SociIndex) : Icons::get(Icons::Signature);
        return {};
    default: return {};
    }
}

void ReferrerModel::setReferrers(const std::vector<ReferrerEntry>& referrers)
{
    beginResetModel();
    m_rows = referrers;
    endResetModel();
}

void ReferrerModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace sociscope::ui
