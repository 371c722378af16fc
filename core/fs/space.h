// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"

#include <cstdint>
#include <vector>

namespace sociscope::fs {

// Where the space of a tree goes, from its entries alone: each folder's bytes
// and regular files, everything under it included (a file with several names
// counted under each, as the names are what a listing shows).
struct SpaceTotals {
    std::vector<std::int64_t> bytes;  // by Ino: a file's size, a folder's total
    std::vector<std::uint32_t> files; // by Ino: 1 for a regular file, a folder's count
    [[nodiscard]] std::int64_t bytesOf(Ino ino) const { return ino < bytes.size() ? bytes[ino] : 0; }
    [[nodiscard]] std::uint32_t filesOf(Ino ino) const { return ino < files.size() ? files[ino] : 0; }
};
SpaceTotals spaceOf(const ImageTree& tree);

// One rectangle of a treemap.
struct TreemapRect {
    double x = 0, y = 0, w = 0, h = 0;
};

// The squarified treemap layout (Bruls, Huizing and van Wijk, 2000): values
// (largest first; zero or negative ones get empty rectangles) laid out in
// area, each rectangle's area proportional to its value and as close to a
// square as rows allow. One rectangle per value, in the same order.
std::vector<TreemapRect> squarify(const std::vector<double>& values, TreemapRect area);

} // namespace sociscope::fs
