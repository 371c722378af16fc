// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/inspect.h"

#include <QAbstractItemModel>

#include <vector>

namespace sociscope::ui {

// The entries of the document the user opened: one row per platform image,
// then the entries that are not images — SOCI v2 indexes ("SOCI index"),
// attestations, other artifacts. A single manifest is one row.
class PlatformModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { ColumnPlatform, ColumnKind, ColumnSize, ColumnDigest, ColumnMediaType, ColumnCount };
    enum Role {
        IsImageRole = Qt::UserRole + 1, // bool: a platform image the page can show
        ImageIndexRole,                 // int: index into ImageInfo::images, or -1
    };

    explicit PlatformModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setImageInfo(const registry::ImageInfo& info);
    void clear();
    // "SOCI index", "Attestation", … for an index entry that is not an image.
    static QString artifactKind(const oci::Descriptor& d);

private:
    struct Row {
        oci::Descriptor descriptor;
        int image = -1;            // index into ImageInfo::images
        std::int64_t layersSize = -1;
        int layers = -1;
    };
    std::vector<Row> m_rows;
};

} // namespace sociscope::ui
