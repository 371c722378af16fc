// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Internal to core/diff: the effect of a run of layers, by path.
#pragma once

#include "fs/image_tree.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace sociscope::diff::detail {

// What a run of layers says about one path: an entry of one layer's own tree
// (its LayerView), a deletion (whiteout), or a folder the run only implies.
struct Node {
    const fs::ImageTree* tree = nullptr; // the layer view holding it
    fs::Ino ino = 0;
    int side = 0;          // whose layer indexes tree->inode(ino).layer refers to: 0 = A (and the base), 1 = B
    bool deleted = false;  // a whiteout
    bool implicit = false; // a folder named only as the parent of something
};

// Layers applied bottom to top, remembering what they decide and what they
// hide of the layers below them (whiteouts, opaque folders, a file put where
// a folder was). Kept apart from ImageTree's merge because the diff needs to
// know, for a run of upper layers, which paths the run decides by itself and
// which still depend on the layers under it.
class Overlay final {
public:
    // Applies one layer's view (whiteouts as whiteout inodes, opaque folders
    // marked); the tree is kept alive by the overlay.
    void apply(std::shared_ptr<const fs::ImageTree> layerView, int side);

    // What the run says of path ("/a/b"), or null when it says nothing.
    [[nodiscard]] const Node* find(const std::string& path) const;
    // True when the run hides whatever the layers below have at path.
    [[nodiscard]] bool hides(std::string_view path) const;
    // True when the run hides everything the layers below have strictly under folder path.
    [[nodiscard]] bool hidesBelow(std::string_view path) const;
    [[nodiscard]] const std::map<std::string, Node, std::less<>>& nodes() const { return m_nodes; }
    // Paths whose lower contents are hidden: "/a" (a and below) or "/a/" (below a only).
    [[nodiscard]] const std::set<std::string, std::less<>>& hidden() const { return m_hidden; }

    // What path is in the layers of `upper` applied over those of `base` (null:
    // base not read, which is right only where upper decides), or null when absent.
    static const Node* resolve(const Overlay& upper, const Overlay* base, const std::string& path);

private:
    void walk(const fs::ImageTree& view, fs::Ino dir, const std::string& path, int side);
    void eraseBelow(const std::string& path);

    std::map<std::string, Node, std::less<>> m_nodes;
    std::set<std::string, std::less<>> m_hidden;
    std::vector<std::shared_ptr<const fs::ImageTree>> m_views;
};

} // namespace sociscope::diff::detail
