// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sociscope::diff {

// What a layer does to one path of the layers below it (dive's view).
enum class Change : std::uint8_t {
    None,     // a folder the layers below already have (or one only implied)
    Added,    // nothing was at this path below
    Modified, // shadows what a lower layer put here
    Removed,  // a whiteout: deletes the lower path
    Opaque,   // a folder that hides every lower entry under it (.wh..wh..opq)
};

struct LayerChanges {
    std::vector<Change> byIno; // indexed by the Ino of this layer's own view; None beyond
    std::size_t added = 0, modified = 0, removed = 0; // Opaque folders count as removed
    // Bytes of this layer's regular files that upper layers overwrite or
    // remove: shipped and stored, never seen in the image. A file with several
    // names (hardlinks) is counted per name, as dive does.
    std::int64_t wastedBytes = 0;
    std::size_t wastedFiles = 0;
    [[nodiscard]] Change at(fs::Ino ino) const { return ino < byIno.size() ? byIno[ino] : Change::None; }
};

struct ImageChanges {
    std::vector<LayerChanges> layers; // bottom first, as given
    std::int64_t wastedBytes = 0;     // the layers' sum
    std::size_t wastedFiles = 0;
};

// Applies the layers' own trees (ImageTree LayerView, bottom first) one over
// the other and says what each does to the ones below, from the zTOC trees
// alone (no layer bytes). The views' Inode::layer values are ignored: position
// in `views` is the layer.
ImageChanges layerChanges(const std::vector<const fs::ImageTree*>& views);

// "added", "modified", "removed", "opaque", "".
const char* changeName(Change c);

} // namespace sociscope::diff
