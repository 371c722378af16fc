// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/selection_cost.h"

#include <map>
#include <set>

namespace sociscope::lazy {

Result<SelectionCost> costOfSelection(LazyImage& image, const fs::ImageTree& tree, const std::vector<fs::Ino>& roots,
                                      const std::atomic<bool>* cancel)
{
    SelectionCost cost;
    std::set<fs::Ino> seen;
    std::map<std::int32_t, std::vector<bool>> wanted; // layer -> spans needed
    std::map<std::int32_t, std::shared_ptr<LayerReader>> readers;
    std::vector<fs::Ino> pending(roots.begin(), roots.end());
    std::uint64_t visited = 0;
    while (!pending.empty()) {
        if ((++visited & 1023) == 0 && cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, "cancelled");
        const fs::Ino ino = pending.back();
        pending.pop_back();
        if (!tree.valid(ino) || !seen.insert(ino).second)
            continue;
        const fs::Inode& n = tree.inode(ino);
        if (n.type == fs::FileType::Directory) {
            ++cost.folders;
            for (const auto& [name, child] : tree.children(ino))
                pending.push_back(child);
            continue;
        }
        if (n.type != fs::FileType::Regular || n.whiteout)
            continue;
        ++cost.files;
        cost.bytes += static_cast<std::uint64_t>(n.size);
        const auto e = tree.entry(ino);
        if (!e || n.size <= 0 || n.layer < 0)
            continue;
        auto& reader = readers[n.layer];
        if (!reader) {
            auto l = image.layer(static_cast<std::size_t>(n.layer));
            if (!l)
                return l.error();
            reader = *l;
            wanted[n.layer].assign(static_cast<size_t>(reader->spans().spanCount()), false);
        }
        if (reader->isLocal()) {
            cost.localBytes += static_cast<std::uint64_t>(n.size);
            continue;
        }
        const auto range = reader->spans().spansFor(e->uncompressedOffset, e->uncompressedSize);
        if (!range)
            continue;
        auto& bits = wanted[n.layer];
        for (std::int32_t s = range->first; s <= range->second && s < static_cast<std::int32_t>(bits.size()); ++s)
            bits[static_cast<size_t>(s)] = true;
    }
    for (const auto& [layer, bits] : wanted) {
        const auto& reader = readers[layer];
        for (std::int32_t s = 0; s < static_cast<std::int32_t>(bits.size()); ++s) {
            if (!bits[static_cast<size_t>(s)])
                continue;
            const auto& r = reader->spans().range(s);
            const auto bytes = static_cast<std::uint64_t>(r.compressedEnd - r.compressedStart);
            ++cost.spans;
            cost.spanBytes += bytes;
            if (reader->spanAvailable(s)) {
                ++cost.cachedSpans;
                cost.cachedBytes += bytes;
            }
        }
    }
    return cost;
}

} // namespace sociscope::lazy
