// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "diff/layer_changes.h"

#include <map>
#include <string>
#include <string_view>

namespace sociscope::diff {

namespace {

// What the layers applied so far hold at one path.
struct Held {
    int layer = -1;        // -1: a folder only implied
    std::int64_t size = 0; // regular files only
    bool folder = false;
};

class Stack {
public:
    explicit Stack(ImageChanges& out) : m_out(out) {}

    void apply(const fs::ImageTree& view, int layer)
    {
        LayerChanges& lc = m_out.layers[static_cast<std::size_t>(layer)];
        lc.byIno.assign(view.size() + 1, Change::None);
        // Folders are walked with an explicit stack: trees can be deep.
        std::vector<std::pair<fs::Ino, std::string>> pending{{view.root(), std::string()}};
        for (std::size_t guard = 0; !pending.empty() && guard <= view.size(); ++guard) {
            auto [dir, prefix] = std::move(pending.back());
            pending.pop_back();
            for (const fs::Child& c : view.children(dir)) {
                std::string path = prefix + "/" + std::string(c.name);
                const fs::Inode& n = view.inode(c.ino);
                const Change change = visit(n, path, layer);
                if (c.ino < lc.byIno.size())
                    lc.byIno[c.ino] = change;
                lc.added += change == Change::Added;
                lc.modified += change == Change::Modified;
                lc.removed += change == Change::Removed || change == Change::Opaque;
                if (n.type == fs::FileType::Directory && !n.whiteout)
                    pending.emplace_back(c.ino, std::move(path));
            }
        }
    }

private:
    Change visit(const fs::Inode& n, const std::string& path, int layer)
    {
        if (n.whiteout) {
            drop(path, true);
            return Change::Removed;
        }
        const bool folder = n.type == fs::FileType::Directory;
        auto it = m_held.find(path);
        Change change = Change::Added;
        if (it != m_held.end()) {
            // A folder over a folder merges with it; anything else replaces
            // what was there, and everything under it when that was a folder.
            if (folder && it->second.folder) {
                change = Change::None;
            } else {
                change = Change::Modified;
                drop(path, true);
            }
        }
        if (folder && n.opaque) {
            drop(path, false);
            if (change == Change::None)
                change = Change::Opaque;
        }
        Held& h = m_held[path];
        // A folder merged into a lower one keeps the lower one's record; a
        // folder only implied by a deeper entry names no layer of its own.
        if (change != Change::None && change != Change::Opaque)
            h = Held{n.layer < 0 ? -1 : layer, n.type == fs::FileType::Regular ? n.size : 0, folder};
        return change;
    }

    // Forgets path (withSelf) and everything under it, charging each file's
    // bytes to the layer that wrote them.
    void drop(const std::string& path, bool withSelf)
    {
        if (withSelf)
            if (auto it = m_held.find(path); it != m_held.end()) {
                charge(it->second);
                m_held.erase(it);
            }
        const std::string below = path + "/";
        auto it = m_held.lower_bound(below);
        while (it != m_held.end() && std::string_view(it->first).starts_with(below)) {
            charge(it->second);
            it = m_held.erase(it);
        }
    }

    void charge(const Held& h)
    {
        if (h.layer < 0 || h.folder)
            return;
        LayerChanges& lc = m_out.layers[static_cast<std::size_t>(h.layer)];
        lc.wastedBytes += h.size;
        ++lc.wastedFiles;
        m_out.wastedBytes += h.size;
        ++m_out.wastedFiles;
    }

    ImageChanges& m_out;
    std::map<std::string, Held, std::less<>> m_held;
};

} // namespace

ImageChanges layerChanges(const std::vector<const fs::ImageTree*>& views)
{
    ImageChanges out;
    out.layers.resize(views.size());
    Stack stack(out);
    for (std::size_t i = 0; i < views.size(); ++i)
        if (views[i])
            stack.apply(*views[i], static_cast<int>(i));
    return out;
}

const char* changeName(Change c)
{
    switch (c) {
    case Change::Added: return "added";
    case Change::Modified: return "modified";
    case Change::Removed: return "removed";
    case Change::Opaque: return "opaque";
    case Change::None: break;
    }
    return "";
}

} // namespace sociscope::diff
