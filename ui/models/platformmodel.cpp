// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/platformmodel.h"

#include "common/icons.h"
#include "common/qtformat.h"

#include "oci/mediatypes.h"

namespace sociscope::ui {

PlatformModel::PlatformModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

QVariant PlatformModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnTitle({tr("Platform"), tr("Kind"), tr("Size"), tr("Digest"), tr("Media type")}, section, orientation, role);
}

QString PlatformModel::artifactKind(const oci::Descriptor& d)
{
    if (d.artifactType == oci::mt::SociIndexV2)
        return tr("SOCI index");
    if (d.annotation("vnd.docker.reference.type") == "attestation-manifest")
        return tr("Attestation");
    if (!d.artifactType.empty())
        return tr("Artifact (%1)").arg(qs(d.artifactType));
    return tr("Artifact");
}

QVariant PlatformModel::rowData(const Row& row, const QModelIndex& index, int role) const
{
    const oci::Descriptor& d = row.descriptor;
    const bool image = row.image >= 0;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColumnPlatform: return d.platform ? qs(d.platform->str()) : QString();
        case ColumnKind:
            if (!image)
                return artifactKind(d);
            return row.layers >= 0 ? tr("Image · %n layer(s)", "", row.layers) : tr("Image");
        case ColumnSize: return image && row.layersSize >= 0 ? Format::bytes(row.layersSize) : Format::bytes(d.size);
        case ColumnDigest: return Format::shortDigest(d.digest);
        case ColumnMediaType: return Format::mediaType(d.mediaType);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ColumnDigest)
            return qs(d.digest.str());
        if (index.column() == ColumnMediaType)
            return qs(d.mediaType);
        if (index.column() == ColumnSize && image)
            return tr("Compressed size of the layers");
        return {};
    case Qt::DecorationRole:
        if (index.column() == ColumnPlatform)
            return image ? Icons::get(Icons::Image) : Icons::get(Icons::SociIndex);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ColumnSize)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IsImageRole: return image;
    case ImageIndexRole: return row.image;
    default: return {};
    }
}

void PlatformModel::setImageInfo(const registry::ImageInfo& info)
{
    std::vector<Row> rows;
    for (size_t i = 0; i < info.images.size(); ++i) {
        const auto& img = info.images[i];
        Row r;
        r.descriptor = img.descriptor;
        if (!r.descriptor.platform)
            r.descriptor.platform = img.platform();
        r.image = static_cast<int>(i);
        r.layersSize = img.layersSize();
        r.layers = static_cast<int>(img.manifest.layers.size());
        rows.push_back(std::move(r));
    }
    for (const auto& a : info.artifacts)
        rows.push_back({a, -1, -1, -1});
    setRows(std::move(rows));
}

} // namespace sociscope::ui
