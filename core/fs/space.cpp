// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/space.h"

#include <algorithm>
#include <limits>

namespace sociscope::fs {

SpaceTotals spaceOf(const ImageTree& tree)
{
    SpaceTotals out;
    out.bytes.assign(tree.size() + 1, 0);
    out.files.assign(tree.size() + 1, 0);
    if (tree.size() == 0)
        return out;
    // Folders parents first, then summed from the end: children before parents.
    std::vector<Ino> folders{tree.root()};
    for (std::size_t i = 0; i < folders.size() && i <= tree.size(); ++i)
        for (const Child& c : tree.children(folders[i])) {
            const Inode& n = tree.inode(c.ino);
            if (n.type == FileType::Directory)
                folders.push_back(c.ino);
            else if (n.type == FileType::Regular && !n.whiteout && c.ino < out.bytes.size()) {
                out.bytes[c.ino] = std::max<std::int64_t>(n.size, 0);
                out.files[c.ino] = 1;
            }
        }
    for (auto it = folders.rbegin(); it != folders.rend(); ++it)
        for (const Child& c : tree.children(*it))
            if (c.ino < out.bytes.size()) {
                out.bytes[*it] += out.bytes[c.ino];
                out.files[*it] += out.files[c.ino];
            }
    return out;
}

namespace {

// The worst aspect ratio of a row of areas [max, min] summing to sum, laid along side.
double worst(double max, double min, double sum, double side)
{
    if (min <= 0 || sum <= 0 || side <= 0)
        return std::numeric_limits<double>::infinity();
    const double s2 = sum * sum, w2 = side * side;
    return std::max(w2 * max / s2, s2 / (w2 * min));
}

} // namespace

std::vector<TreemapRect> squarify(const std::vector<double>& values, TreemapRect area)
{
    std::vector<TreemapRect> out(values.size(), TreemapRect{area.x, area.y, 0, 0});
    std::size_t n = 0; // the positive values come first (largest first)
    double total = 0;
    while (n < values.size() && values[n] > 0)
        total += values[n++];
    if (total <= 0 || area.w <= 0 || area.h <= 0)
        return out;
    const double scale = area.w * area.h / total;
    TreemapRect free = area;
    std::size_t i = 0;
    while (i < n) {
        const double side = std::min(free.w, free.h);
        double sum = 0, best = std::numeric_limits<double>::infinity();
        std::size_t j = i;
        while (j < n) {
            const double a = values[j] * scale;
            const double w = worst(values[i] * scale, a, sum + a, side);
            if (j > i && w > best)
                break;
            best = w;
            sum += a;
            ++j;
        }
        if (j == n) // the last row takes what is left (no rounding gap)
            sum = free.w * free.h;
        if (free.w >= free.h) { // a column on the left
            const double width = free.h > 0 ? sum / free.h : 0;
            double y = free.y;
            for (std::size_t k = i; k < j; ++k) {
                const double h = width > 0 ? values[k] * scale / width : 0;
                out[k] = {free.x, y, width, h};
                y += h;
            }
            free.x += width;
            free.w = std::max(0.0, free.w - width);
        } else { // a row on top
            const double height = free.w > 0 ? sum / free.w : 0;
            double x = free.x;
            for (std::size_t k = i; k < j; ++k) {
                const double w = height > 0 ? values[k] * scale / height : 0;
                out[k] = {x, free.y, w, height};
                x += w;
            }
            free.y += height;
            free.h = std::max(0.0, free.h - height);
        }
        i = j;
    }
    return out;
}

} // namespace sociscope::fs
