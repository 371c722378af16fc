// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/inspect.h"

#include "models/rowtablemodel.h"

#include <vector>

namespace sociscope::ui {

// One entry of the document: a platform image, or an artifact beside them.
struct PlatformRow {
    oci::Descriptor descriptor;
    int image = -1; // index into ImageInfo::images
    std::int64_t layersSize = -1;
    int layers = -1;
};

// The entries of the document the user opened: one row per platform image,
// then the entries that are not images — SOCI v2 indexes ("SOCI index"),
// attestations, other artifacts. A single manifest is one row.
class PlatformModel final : public RowTableModel<PlatformRow> {
    Q_OBJECT
public:
    enum Column { ColumnPlatform, ColumnKind, ColumnSize, ColumnDigest, ColumnMediaType, ColumnCount };
    enum Role {
        IsImageRole = Qt::UserRole + 1, // bool: a platform image the page can show
        ImageIndexRole,                 // int: index into ImageInfo::images, or -1
    };

    explicit PlatformModel(QObject* parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setImageInfo(const registry::ImageInfo& info);
    // "SOCI index", "Attestation", … for an index entry that is not an image.
    static QString artifactKind(const oci::Descriptor& d);

private:
    QVariant rowData(const Row& row, const QModelIndex& index, int role) const override;
};

} // namespace sociscope::ui
