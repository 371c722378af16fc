// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "models/spanmap.h"

#include <QWidget>

namespace sociscope::ui {

// Paints a SpanMapModel: a row per layer (bottom first), one small cell per
// span wrapping to the width, coloured untouched / on demand / from cache /
// background / failed; a layer without a zTOC is one bar, filled once it
// was fetched whole. Hovering a cell names the files in its span.
class SpanMapView final : public QWidget {
    Q_OBJECT
public:
    explicit SpanMapView(const SpanMapModel& model, QWidget* parent = nullptr);

    // The model changed: lay out and repaint.
    void modelChanged();
    // The cell under a point, as (layer, span); (-1, -1) when none.
    [[nodiscard]] std::pair<int, int> cellAt(const QPoint& p) const;
    // The centre of a cell (tests hover there).
    [[nodiscard]] QPoint cellCenter(int layer, int span) const;

    static QColor color(SpanMapModel::Cell c, const QPalette& palette);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] bool hasHeightForWidth() const override { return true; }
    [[nodiscard]] int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Row {
        int top = 0; // of the label line
        int cellsTop = 0;
        int lines = 1; // lines of cells
    };
    [[nodiscard]] int perLine(int width) const;
    [[nodiscard]] std::vector<Row> layout(int width) const;
    [[nodiscard]] QString label(int layer) const;

    const SpanMapModel& m_model;
    std::vector<Row> m_rows;
};

} // namespace sociscope::ui
