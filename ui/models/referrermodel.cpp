// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/referrermodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include "oci/mediatypes.h"

namespace sociscope::ui {

ReferrerModel::ReferrerModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

QVariant ReferrerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnTitle({tr("Type"), tr("Refers to"), tr("Created"), tr("Size"), tr("Digest"), tr("Artifact type")}, section,
                       orientation, role);
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

QVariant ReferrerModel::rowData(const Row& r, const QModelIndex& index, int role) const
{
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

} // namespace sociscope::ui
