// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/lazycore.h"
#include "models/spanfiles.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace sociscope::ui {

// The span map's data: per layer one cell per span, coloured by the last
// thing that happened to it, fed by fetch events (in-process or from the
// daemon). Span counts come from the layers' zTOCs when known; events for
// spans beyond grow the layer. Plain data, no widget.
class SpanMapModel final {
    Q_DECLARE_TR_FUNCTIONS(SpanMapModel)

public:
    enum class Cell : std::uint8_t { Untouched, OnDemand, FromCache, Background, Failed, CellCount };

    // Forgets everything; `layers` layers with unknown span counts.
    void reset(int layers);
    // Layer `layer` has `spans` spans (its zTOC); keeps the cells already set.
    void setSpanCount(int layer, int spans, std::shared_ptr<const SpanFiles> files = {});
    // The layer has no zTOC: it is read whole, it has no cells.
    void setWhole(int layer);
    // Applies one event; true when a cell or a layer changed.
    bool apply(const lazy::FetchEvent& event);

    [[nodiscard]] int layerCount() const { return static_cast<int>(m_layers.size()); }
    [[nodiscard]] int spanCount(int layer) const;
    [[nodiscard]] bool isWhole(int layer) const;
    // The layer read whole has been fetched.
    [[nodiscard]] bool wholeFetched(int layer) const;
    [[nodiscard]] Cell cell(int layer, int span) const;
    [[nodiscard]] int count(int layer, Cell c) const;
    // Cells of every layer that are not Untouched.
    [[nodiscard]] int touched() const;
    [[nodiscard]] std::shared_ptr<const SpanFiles> files(int layer) const;
    // Outlines: spans marked apart from their colour (the spans of a startup
    // profile). Spans past the layer's count grow it, as events do.
    void setOutlined(int layer, int span, bool on = true);
    [[nodiscard]] bool isOutlined(int layer, int span) const;
    // Outlined cells of every layer.
    [[nodiscard]] int outlinedCount() const;

    // "untouched", "fetched on demand", …
    static QString cellName(Cell c);
    // "Layer 1, span 12: fetched on demand\n/usr/bin/tool\n… and 3 more files".
    [[nodiscard]] QString describe(int layer, int span) const;

private:
    struct Layer {
        std::vector<Cell> cells;
        bool knownCount = false;
        bool whole = false;
        bool wholeFetched = false;
        std::shared_ptr<const SpanFiles> files;
        std::vector<bool> outlined; // as long as cells, or empty
    };
    std::vector<Layer> m_layers;
};

} // namespace sociscope::ui
