// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QWidget>

#include <cstdint>
#include <vector>

namespace sociscope::ui {

// A bar of an image's layers, each as wide as its share of the bytes:
// green for layers read lazily through a zTOC, grey for layers read whole.
class CoverageBar final : public QWidget {
    Q_OBJECT
public:
    struct Segment {
        std::int64_t bytes = 0;
        bool lazy = false;
        QString label; // tooltip line
    };

    explicit CoverageBar(QWidget* parent = nullptr);
    void setSegments(std::vector<Segment> segments);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<Segment> m_segments;
};

} // namespace sociscope::ui
