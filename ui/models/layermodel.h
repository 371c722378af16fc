// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/imageloader.h"

#include "models/rowtablemodel.h"

#include "diff/layer_changes.h"

#include <vector>

namespace sociscope::ui {

// One layer: its coverage, and what its zTOC says once read.
struct LayerRow {
    soci::LayerCoverage coverage;
    ZtocStats stats;
    bool statsFailed = false;
    std::int64_t wastedBytes = -1; // -1: the layers are not compared yet
    std::int64_t wastedFiles = 0;
};

// The layers of one platform image, bottom first, with their SOCI coverage:
// size, media type, whether a zTOC covers it, span size and count (read from
// the zTOC later, setZtocStats) and why a layer is read whole.
class LayerModel final : public RowTableModel<LayerRow> {
    Q_OBJECT
public:
    enum Column {
        ColumnIndex,
        ColumnSize,
        ColumnMediaType,
        ColumnZtoc,
        ColumnSpanSize,
        ColumnSpans,
        ColumnFiles,
        ColumnWasted,
        ColumnCoverage,
        ColumnDigest,
        ColumnReason,
        ColumnCount
    };
    enum Role {
        LazyRole = Qt::UserRole + 1, // bool
        CoverageRole,                // QString: core's coverage name ("indexed", "too-small", …)
        SizeRole,                    // qint64
    };

    explicit LayerModel(QObject* parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setCoverage(const std::vector<soci::LayerCoverage>& coverage);
    // What the zTOC of layer row says (spans, files); failed = could not be read.
    void setZtocStats(int row, const ZtocStats& stats, bool failed = false);
    [[nodiscard]] const soci::LayerCoverage& coverage(int row) const { return rows()[static_cast<size_t>(row)].coverage; }
    // What setZtocStats() gave for row (spans -1 until then).
    // Per layer, the bytes of its files that upper layers overwrite or remove.
    void setWaste(const diff::ImageChanges& changes);
    [[nodiscard]] const ZtocStats& ztocStats(int row) const { return rows()[static_cast<size_t>(row)].stats; }

    // "Lazy", "Too small", "zstd", … for a coverage kind.
    static QString coverageText(soci::Coverage kind);
    // core's reason without its "read whole: " / "lazy: " prefix, capitalised.
    static QString reasonText(const soci::LayerCoverage& c);

private:
    QVariant rowData(const Row& row, const QModelIndex& index, int role) const override;
};

} // namespace sociscope::ui
