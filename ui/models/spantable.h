// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/lazycore.h"
#include "fs/image_tree.h"
#include "util/result.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace sociscope::ui {

// Which spans hold a file, for the Spans column: each layer's span layout,
// taken once the image's zTOCs are verified. Immutable and pure afterwards
// (no lock, no I/O), so the GUI thread may ask it anything.
class SpanTable final {
public:
    // Opens every layer's reader (fetching what is not fetched yet): call on
    // a job thread, after LazyImage::tree().
    static Result<std::shared_ptr<const SpanTable>> build(lazy::LazyImage& image);

    // The spans of the file's layer holding its data; nullopt for files
    // without data or in layers read whole.
    [[nodiscard]] std::optional<std::pair<int, int>> spansOf(const fs::ImageTree& tree, fs::Ino ino) const;
    // True when layer i was fetched whole (no zTOC).
    [[nodiscard]] bool isWhole(int layer) const;
    [[nodiscard]] int spanCount(int layer) const;

private:
    std::vector<std::shared_ptr<const lazy::LayerReader>> m_layers;
};

} // namespace sociscope::ui
