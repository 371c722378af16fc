// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/imageloader.h"
#include "pages/image/tabletab.h"

#include "diff/layer_changes.h"

class QLabel;
class QPushButton;
class QTreeView;

namespace sociscope::ui {

class CoverageBar;
class LayerModel;

// The image page's Layers tab: how much of the image SOCI covers (a line,
// a note on the index found, a bar coloured by layer), then one row per
// layer with its coverage and zTOC figures.
class LayersTab final : public TableTab {
    Q_OBJECT
public:
    explicit LayersTab(QWidget* parent = nullptr);

    // The page fills in the zTOC figures row by row as they are read.
    [[nodiscard]] LayerModel* model() const { return m_model; }
    // No layers; "Looking for a SOCI index…" until setDetails or setError.
    void clear();
    // convertHint: the command that would make this image SOCI-enabled.
    void setDetails(const ImageDetails& details, const QString& convertHint);
    void setError();
    // The layers compared: each row's wasted bytes, and the image's in the summary.
    void setChanges(const diff::ImageChanges& changes);

    // Where "Save layer as…" shows its progress: under the table.
    void addFooter(QWidget* footer);

signals:
    // "Save layer as…" on a row (its context menu, or the button for the current row).
    void saveLayerRequested(int layer);

private:
    LayerModel* m_model;
    QLabel* m_summary;
    QLabel* m_note;
    QLabel* m_waste;
    CoverageBar* m_bar;
    QTreeView* m_view;
    QPushButton* m_save;
};

} // namespace sociscope::ui
