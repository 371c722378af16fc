// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "diff/overlay.h"

namespace sociscope::diff::detail {

void Overlay::apply(std::shared_ptr<const fs::ImageTree> layerView, int side)
{
    walk(*layerView, layerView->root(), std::string(), side);
    m_views.push_back(std::move(layerView));
}

void Overlay::eraseBelow(const std::string& path)
{
    const std::string from = path + "/";
    const std::string to = path + "0"; // '0' follows '/'
    m_nodes.erase(m_nodes.lower_bound(from), m_nodes.lower_bound(to));
}

namespace {

// True when a layer-view folder holds something other than whiteouts and
// opaque markers (which ImageTree's merge applies without making folders).
bool holdsEntries(const fs::ImageTree& view, fs::Ino dir)
{
    for (const auto& [name, child] : view.children(dir)) {
        const fs::Inode& n = view.inode(child);
        if (n.whiteout)
            continue;
        if (n.type != fs::FileType::Directory || n.layer >= 0 || holdsEntries(view, child))
            return true;
    }
    return false;
}

} // namespace

// The same rules as ImageTree's merge: an opaque folder drops what lower
// layers put in it, a whiteout removes a name, anything but a folder over a
// folder replaces the whole subtree, a folder over a folder keeps its children.
void Overlay::walk(const fs::ImageTree& view, fs::Ino dir, const std::string& path, int side)
{
    if (view.inode(dir).opaque) {
        eraseBelow(path);
        m_hidden.insert(path + "/");
    }
    for (const auto& [name, child] : view.children(dir)) {
        const std::string p = path + "/" + std::string(name);
        const fs::Inode& n = view.inode(child);
        Node node{&view, child, side, false, false};
        if (n.whiteout) {
            eraseBelow(p);
            m_hidden.insert(p);
            node.deleted = true;
            m_nodes[p] = node;
            continue;
        }
        if (n.type != fs::FileType::Directory) {
            eraseBelow(p);
            m_hidden.insert(p);
            m_nodes[p] = node;
            continue;
        }
        auto it = m_nodes.find(p);
        const bool wasFolder = it != m_nodes.end() && !it->second.deleted &&
                               it->second.tree->inode(it->second.ino).type == fs::FileType::Directory;
        if (n.layer >= 0) {
            m_nodes[p] = node;
        } else if (!wasFolder && holdsEntries(view, child)) {
            // Named only as a parent: the folder below (if any) stays, else one
            // is implied. Whiteouts and opaque markers alone imply nothing.
            node.implicit = true;
            m_nodes[p] = node;
        }
        walk(view, child, p, side);
    }
}

const Node* Overlay::find(const std::string& path) const
{
    auto it = m_nodes.find(path);
    return it == m_nodes.end() ? nullptr : &it->second;
}

const Node* Overlay::resolve(const Overlay& upper, const Overlay* base, const std::string& path)
{
    const Node* n = upper.find(path);
    if (n && !n->implicit)
        return n->deleted ? nullptr : n;
    if (!base || upper.hides(path))
        return n;
    const Node* b = base->find(path);
    if (!b || b->deleted)
        return n;
    // An implied folder keeps a folder below it, and replaces anything else.
    if (n && b->tree->inode(b->ino).type != fs::FileType::Directory)
        return n;
    return b;
}

bool Overlay::hides(std::string_view path) const
{
    if (m_hidden.empty())
        return false;
    if (m_hidden.count(path))
        return true;
    // Every proper ancestor q: "q" hides q and below, "q/" hides below q.
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] != '/')
            continue;
        if (i > 0 && m_hidden.count(path.substr(0, i)))
            return true;
        if (m_hidden.count(path.substr(0, i + 1)))
            return true;
    }
    return false;
}

bool Overlay::hidesBelow(std::string_view path) const
{
    return m_hidden.count(std::string(path) + "/") || hides(path);
}

} // namespace sociscope::diff::detail
