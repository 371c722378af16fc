// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/imageloader.h"

#include <QAbstractItemModel>

#include <vector>

namespace sociscope::ui {

// Manifests that refer to the image — signatures, SBOMs, attestations, SOCI
// v1 indexes — named by their artifact type.
class ReferrerModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { ColumnType, ColumnSubject, ColumnCreated, ColumnSize, ColumnDigest, ColumnArtifactType, ColumnCount };

    explicit ReferrerModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setReferrers(const std::vector<ReferrerEntry>& referrers);
    void clear();
    // "Signature (Sigstore)", "SBOM (SPDX)", "SOCI index v1", … from an artifact type.
    static QString friendlyType(const std::string& artifactType);

private:
    std::vector<ReferrerEntry> m_rows;
};

} // namespace sociscope::ui
