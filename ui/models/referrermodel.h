// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/imageloader.h"

#include "models/rowtablemodel.h"

#include <vector>

namespace sociscope::ui {

// Manifests that refer to the image — signatures, SBOMs, attestations, SOCI
// v1 indexes — named by their artifact type.
class ReferrerModel final : public RowTableModel<ReferrerEntry> {
    Q_OBJECT
public:
    enum Column { ColumnType, ColumnSubject, ColumnCreated, ColumnSize, ColumnDigest, ColumnArtifactType, ColumnCount };

    explicit ReferrerModel(QObject* parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setReferrers(const std::vector<ReferrerEntry>& referrers) { setRows(referrers); }
    // "Signature (Sigstore)", "SBOM (SPDX)", "SOCI index v1", … from an artifact type.
    static QString friendlyType(const std::string& artifactType);

private:
    QVariant rowData(const Row& r, const QModelIndex& index, int role) const override;
};

} // namespace sociscope::ui
