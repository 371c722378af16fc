// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "models/fetchtimeline.h"

#include <QWidget>

#include <array>

class QLabel;

namespace sociscope::ui {

class FetchChartView;

// The live line chart of bytes fetched over time: one line per kind (index,
// zTOC, spans, whole layers over the network; spans from the cache), a
// dashed reference line at the full image size, the axis scaled to what was
// fetched or to the whole image. All of Qt Charts sits behind this class
// (it is deprecated from Qt 6.10 in favour of Qt Graphs): nothing else in
// ui/ includes a Qt Charts header.
class FetchChart final : public QWidget {
    Q_OBJECT
public:
    explicit FetchChart(QWidget* parent = nullptr);
    ~FetchChart() override;

    // Redraws from the timeline's points (cheap: points are bounded).
    void display(const FetchTimeline& timeline);
    // Axis up to the image size (the reference line shows) rather than up to
    // what was fetched.
    void setWholeImageScale(bool whole);
    [[nodiscard]] bool wholeImageScale() const { return m_wholeImage; }

    // What the chart holds, for tests and screenshots.
    [[nodiscard]] int pointCount(FetchTimeline::Series s) const;
    [[nodiscard]] double axisMaximum() const;
    [[nodiscard]] QString referenceLabel() const;
    // The legend under the chart (rich text; it wraps, nothing is cut off).
    [[nodiscard]] QString legendText() const;

private:
    FetchChartView* m_view;
    QLabel* m_legend;
    bool m_wholeImage = false;
};

} // namespace sociscope::ui
