// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "lazy/lazy_image.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace sociscope::lazy {

// What reading a selection of files and folders costs, before reading it.
struct SelectionCost {
    std::uint64_t files = 0;       // regular files (a hardlinked file counts once)
    std::uint64_t folders = 0;
    std::uint64_t bytes = 0;       // their own size, uncompressed
    std::uint64_t spans = 0;       // spans holding their data, over all layers
    std::uint64_t spanBytes = 0;   // compressed size of those spans
    std::uint64_t cachedSpans = 0; // of those, in memory or in the disk cache
    std::uint64_t cachedBytes = 0;
    std::uint64_t localBytes = 0;  // data in layers already fetched whole (nothing more to fetch)
    // Bytes a read of everything would fetch now: spanBytes - cachedBytes.
    [[nodiscard]] std::uint64_t fetchBytes() const { return spanBytes - cachedBytes; }
};

// Adds up the spans the regular files in `roots` (and below them, for
// folders) need, each span once, and which of them are already here. Opens
// each layer involved (fetching its zTOC once, as a read would). Symlinks
// are not followed. Cancelled when *cancel turns true.
Result<SelectionCost> costOfSelection(LazyImage& image, const fs::ImageTree& tree, const std::vector<fs::Ino>& roots,
                                      const std::atomic<bool>* cancel = nullptr);

} // namespace sociscope::lazy
