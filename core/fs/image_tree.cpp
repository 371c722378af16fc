// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/image_tree.h"

#include "soci/rfc3339.h"
#include "util/log.h"
#include "util/strings.h"

#include <algorithm>
#include <optional>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace sociscope::fs {

namespace {
constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

std::pair<std::string, std::string> splitPath(const std::string& p)
{
    const size_t slash = p.rfind('/');
    if (slash == std::string::npos)
        return {std::string(), p};
    return {p.substr(0, slash), p.substr(slash + 1)};
}

FileType typeOf(soci::EntryType t)
{
    switch (t) {
    case soci::EntryType::Directory: return FileType::Directory;
    case soci::EntryType::Symlink: return FileType::Symlink;
    case soci::EntryType::CharDevice: return FileType::CharDevice;
    case soci::EntryType::BlockDevice: return FileType::BlockDevice;
    case soci::EntryType::Fifo: return FileType::Fifo;
    default: return FileType::Regular;
    }
}

std::uint32_t typeBits(FileType t)
{
    switch (t) {
    case FileType::Regular: return S_IFREG;
    case FileType::Directory: return S_IFDIR;
    case FileType::Symlink: return S_IFLNK;
    case FileType::CharDevice: return S_IFCHR;
    case FileType::BlockDevice: return S_IFBLK;
    case FileType::Fifo: return S_IFIFO;
    }
    return S_IFREG;
}

// An absolute name, or one whose ".." climbs above the archive root.
bool unsafe(std::string_view raw)
{
    if (!raw.empty() && raw.front() == '/')
        return true;
    int depth = 0;
    for (const auto& c : str::split(raw, '/')) {
        if (c == "..") {
            if (--depth < 0)
                return true;
        } else if (!c.empty() && c != ".") {
            ++depth;
        }
    }
    return false;
}
} // namespace

const char* fileTypeName(FileType t)
{
    switch (t) {
    case FileType::Regular: return "reg";
    case FileType::Directory: return "dir";
    case FileType::Symlink: return "symlink";
    case FileType::CharDevice: return "char";
    case FileType::BlockDevice: return "block";
    case FileType::Fifo: return "fifo";
    }
    return "reg";
}

std::string ImageTree::cleanPath(std::string_view name)
{
    std::vector<std::string> parts;
    for (const auto& p : str::split(name, '/')) {
        if (p.empty() || p == ".")
            continue;
        if (p == "..") {
            if (!parts.empty())
                parts.pop_back();
            continue;
        }
        parts.push_back(p);
    }
    return str::join(parts, "/");
}

Ino ImageTree::literal(const std::string& path) const
{
    Ino cur = kRootIno;
    if (path.empty())
        return cur;
    for (const auto& part : str::split(path, '/')) {
        const auto& kids = m_inodes[cur].children;
        const auto it = kids.find(part);
        if (it == kids.end())
            return 0;
        cur = it->second;
    }
    return cur;
}

Ino ImageTree::newInode()
{
    m_inodes.emplace_back();
    m_live.push_back(true);
    m_parentOfName.push_back(0);
    m_nameOf.emplace_back();
    return static_cast<Ino>(m_inodes.size() - 1);
}

Ino ImageTree::ensureDir(const std::string& path)
{
    Ino cur = kRootIno;
    if (path.empty())
        return cur;
    for (const auto& part : str::split(path, '/')) {
        auto& kids = m_inodes[cur].children;
        const auto it = kids.find(part);
        if (it != kids.end() && m_inodes[it->second].type == FileType::Directory) {
            cur = it->second;
            continue;
        }
        // Missing, or something else in the way: an implicit folder (0755, zero time).
        if (it != kids.end())
            unlinkName(cur, part);
        const Ino d = newInode();
        Inode& n = m_inodes[d];
        n.type = FileType::Directory;
        n.mode = 0755;
        n.parent = cur;
        m_parentOfName[d] = cur;
        m_nameOf[d] = part;
        m_inodes[cur].children.emplace(part, d);
        cur = d;
    }
    return cur;
}

void ImageTree::dropSubtree(Ino ino)
{
    Inode& n = m_inodes[ino];
    for (const auto& [name, child] : n.children) {
        Inode& c = m_inodes[child];
        if (c.type == FileType::Directory)
            dropSubtree(child);
        else if (c.nlink > 1)
            --c.nlink;
        else
            m_live[child] = false;
    }
    n.children.clear();
    m_live[ino] = false;
}

void ImageTree::unlinkName(Ino parent, const std::string& name)
{
    auto& kids = m_inodes[parent].children;
    const auto it = kids.find(name);
    if (it == kids.end())
        return;
    const Ino victim = it->second;
    kids.erase(it);
    Inode& v = m_inodes[victim];
    if (v.type == FileType::Directory) {
        dropSubtree(victim);
    } else if (v.nlink > 1) {
        --v.nlink;
        if (m_parentOfName[victim] == parent && m_nameOf[victim] == name) {
            // Its first name went away: point pathOf() at another one.
            m_parentOfName[victim] = 0;
        }
    } else {
        m_live[victim] = false;
    }
}

Status ImageTree::addEntry(std::int32_t layer, std::int32_t index, const soci::TocEntry& e, Mode mode)
{
    const std::string path = cleanPath(e.name);
    const bool isUnsafe = unsafe(e.name);
    if (path.empty()) {
        // "./" or "/": the root's own attributes.
        if (e.kind() == soci::EntryType::Directory) {
            Inode& r = m_inodes[kRootIno];
            r.mode = static_cast<std::uint32_t>(e.mode) & 07777;
            r.uid = e.uid;
            r.gid = e.gid;
            r.layer = layer;
            r.entry = index;
            if (auto t = soci::parseRfc3339(e.modTime)) {
                r.mtimeSec = t->seconds;
                r.mtimeNsec = t->nanos;
            }
        }
        return {};
    }
    const auto [dirPath, base] = splitPath(path);
    if (mode == Mode::Merged && str::startsWith(base, kWhiteoutPrefix))
        return {}; // applied in the whiteout pass
    const Ino parent = ensureDir(dirPath);

    if (e.kind() == soci::EntryType::Hardlink) {
        // The target must come earlier (upstream: in the same layer); resolve by name.
        const Ino found = literal(cleanPath(e.linkname));
        const std::optional<Ino> target = found ? std::optional<Ino>(found) : std::nullopt;
        if (!target || m_inodes[*target].type == FileType::Directory)
            return makeError(ErrorCode::Malformed,
                             "hardlink \"" + e.name + "\" points at \"" + e.linkname + "\", which is not an earlier file");
        if (auto it = m_inodes[parent].children.find(base); it != m_inodes[parent].children.end()) {
            if (it->second == *target)
                return {};
            unlinkName(parent, base);
        }
        m_inodes[parent].children.emplace(base, *target);
        ++m_inodes[*target].nlink;
        return {};
    }

    const FileType type = typeOf(e.kind());
    auto existing = m_inodes[parent].children.find(base);
    Ino ino = 0;
    if (existing != m_inodes[parent].children.end() && type == FileType::Directory &&
        m_inodes[existing->second].type == FileType::Directory) {
        ino = existing->second; // a folder entry updates the folder, its children stay
    } else {
        if (existing != m_inodes[parent].children.end())
            unlinkName(parent, base);
        ino = newInode();
        m_inodes[parent].children.emplace(base, ino);
        m_parentOfName[ino] = parent;
        m_nameOf[ino] = base;
    }
    Inode& n = m_inodes[ino];
    n.type = type;
    n.mode = static_cast<std::uint32_t>(e.mode) & 07777;
    n.uid = e.uid;
    n.gid = e.gid;
    n.layer = layer;
    n.entry = index;
    n.parent = type == FileType::Directory ? parent : 0;
    n.unsafeName = isUnsafe;
    n.size = type == FileType::Regular ? e.uncompressedSize
             : type == FileType::Symlink ? static_cast<std::int64_t>(e.linkname.size())
                                         : 0;
    n.rdevMajor = static_cast<std::uint32_t>(e.devmajor);
    n.rdevMinor = static_cast<std::uint32_t>(e.devminor);
    if (auto t = soci::parseRfc3339(e.modTime)) {
        n.mtimeSec = t->seconds;
        n.mtimeNsec = t->nanos;
    }
    return {};
}

Result<ImageTree> ImageTree::build(const std::vector<const soci::Ztoc*>& layers, Mode mode, std::int32_t firstLayer)
{
    if (mode == Mode::LayerView && layers.size() != 1)
        return makeError(ErrorCode::Usage, "a layer view is built from exactly one layer");
    ImageTree t;
    t.m_layers = layers;
    t.m_firstLayer = firstLayer;
    t.m_inodes.emplace_back(); // 0: unused
    t.m_live.push_back(false);
    t.m_parentOfName.push_back(0);
    t.m_nameOf.emplace_back();
    const Ino root = t.newInode();
    t.m_inodes[root].type = FileType::Directory;
    t.m_inodes[root].mode = 0755;
    t.m_inodes[root].parent = root;

    for (std::int32_t L = 0; L < static_cast<std::int32_t>(layers.size()); ++L) {
        const auto& entries = layers[static_cast<size_t>(L)]->entries;
        if (mode == Mode::Merged) {
            // Whiteouts and opaque markers hide lower layers only: apply them first.
            for (const auto& e : entries) {
                const std::string path = cleanPath(e.name);
                const auto [dirPath, base] = splitPath(path);
                if (base == kOpaqueMarker) {
                    if (const Ino d = t.literal(dirPath); d && t.m_inodes[d].type == FileType::Directory) {
                        auto kids = t.m_inodes[d].children;
                        for (const auto& [name, child] : kids)
                            t.unlinkName(d, name);
                    }
                } else if (str::startsWith(base, kWhiteoutPrefix)) {
                    if (const Ino d = t.literal(dirPath); d && t.m_inodes[d].type == FileType::Directory)
                        t.unlinkName(d, base.substr(kWhiteoutPrefix.size()));
                }
            }
        }
        for (std::int32_t i = 0; i < static_cast<std::int32_t>(entries.size()); ++i) {
            const auto& e = entries[static_cast<size_t>(i)];
            if (mode == Mode::LayerView) {
                const std::string path = cleanPath(e.name);
                const auto [dirPath, base] = splitPath(path);
                if (base == kOpaqueMarker) {
                    t.m_inodes[t.ensureDir(dirPath)].opaque = true;
                    continue;
                }
                if (str::startsWith(base, kWhiteoutPrefix)) {
                    // Shown as a 0:0 character device named after what it hides,
                    // unless a real entry of that name exists in this layer.
                    const std::string hidden = base.substr(kWhiteoutPrefix.size());
                    const Ino parent = t.ensureDir(dirPath);
                    if (t.m_inodes[parent].children.count(hidden))
                        continue;
                    const Ino w = t.newInode();
                    Inode& n = t.m_inodes[w];
                    n.type = FileType::CharDevice;
                    n.whiteout = true;
                    n.layer = L + firstLayer;
                    n.entry = i;
                    t.m_inodes[parent].children.emplace(hidden, w);
                    t.m_parentOfName[w] = parent;
                    t.m_nameOf[w] = hidden;
                    continue;
                }
                // A real entry replaces a whiteout shown under its name.
                const Ino parent = t.ensureDir(dirPath);
                if (auto it = t.m_inodes[parent].children.find(base);
                    it != t.m_inodes[parent].children.end() && t.m_inodes[it->second].whiteout)
                    t.unlinkName(parent, base);
            }
            if (auto s = t.addEntry(L + firstLayer, i, e, mode); !s)
                return s.error();
        }
    }
    t.finish();
    return t;
}

void ImageTree::finish()
{
    // A folder's link count is 2 plus one per child folder.
    for (Ino i = kRootIno; i < m_inodes.size(); ++i) {
        if (!m_live[i] || m_inodes[i].type != FileType::Directory)
            continue;
        std::uint32_t sub = 0;
        for (const auto& [name, child] : m_inodes[i].children)
            if (m_inodes[child].type == FileType::Directory)
                ++sub;
        m_inodes[i].nlink = 2 + sub;
    }
}

Result<Ino> ImageTree::lookup(Ino parent, std::string_view name) const
{
    if (!valid(parent))
        return makeError(ErrorCode::NotFound, "no such inode");
    const Inode& p = m_inodes[parent];
    if (p.type != FileType::Directory)
        return makeError(ErrorCode::Usage, "not a folder");
    if (name == ".")
        return parent;
    if (name == "..")
        return p.parent ? p.parent : kRootIno;
    const auto it = p.children.find(name);
    if (it == p.children.end())
        return makeError(ErrorCode::NotFound, "no such file: " + std::string(name));
    return it->second;
}

Result<std::vector<DirEntry>> ImageTree::readdir(Ino dir) const
{
    if (!valid(dir))
        return makeError(ErrorCode::NotFound, "no such inode");
    const Inode& d = m_inodes[dir];
    if (d.type != FileType::Directory)
        return makeError(ErrorCode::Usage, "not a folder");
    std::vector<DirEntry> out;
    out.reserve(d.children.size());
    for (const auto& [name, ino] : d.children)
        out.push_back({name, ino, m_inodes[ino].type});
    return out;
}

Result<Attr> ImageTree::getattr(Ino ino) const
{
    if (!valid(ino))
        return makeError(ErrorCode::NotFound, "no such inode");
    const Inode& n = m_inodes[ino];
    Attr a;
    a.ino = ino;
    a.type = n.type;
    a.mode = typeBits(n.type) | n.mode;
    a.nlink = n.nlink;
    a.uid = n.uid;
    a.gid = n.gid;
    a.size = n.size;
    a.blocks = (n.size + 4095) / 4096 * 8;
    a.mtimeSec = n.mtimeSec;
    a.mtimeNsec = n.mtimeNsec;
    a.rdev = makedev(n.rdevMajor, n.rdevMinor);
    return a;
}

const soci::TocEntry* ImageTree::entry(Ino ino) const
{
    if (!valid(ino))
        return nullptr;
    const Inode& n = m_inodes[ino];
    const std::int32_t local = n.layer - m_firstLayer;
    if (n.layer < 0 || n.entry < 0 || local < 0 || static_cast<size_t>(local) >= m_layers.size())
        return nullptr;
    const auto& entries = m_layers[static_cast<size_t>(local)]->entries;
    return static_cast<size_t>(n.entry) < entries.size() ? &entries[static_cast<size_t>(n.entry)] : nullptr;
}

Result<std::string> ImageTree::readlink(Ino ino) const
{
    if (!valid(ino) || m_inodes[ino].type != FileType::Symlink)
        return makeError(ErrorCode::Usage, "not a symlink");
    const auto* e = entry(ino);
    return e ? e->linkname : std::string();
}

Result<std::vector<std::pair<std::string, std::string>>> ImageTree::xattrs(Ino ino) const
{
    if (!valid(ino))
        return makeError(ErrorCode::NotFound, "no such inode");
    std::vector<std::pair<std::string, std::string>> out;
    if (!m_inodes[ino].whiteout)
        if (const auto* e = entry(ino))
            out = e->filesystemXattrs();
    if (m_inodes[ino].opaque)
        out.emplace_back("trusted.overlay.opaque", "y");
    return out;
}

Result<Ino> ImageTree::resolve(std::string_view path, bool followLast) const
{
    std::vector<std::string> todo;
    for (const auto& p : str::split(path, '/'))
        if (!p.empty() && p != ".")
            todo.push_back(p);
    std::reverse(todo.begin(), todo.end());
    Ino cur = kRootIno;
    int hops = 0;
    while (!todo.empty()) {
        const std::string part = todo.back();
        todo.pop_back();
        if (part == "..") {
            cur = m_inodes[cur].parent ? m_inodes[cur].parent : kRootIno;
            continue;
        }
        auto next = lookup(cur, part);
        if (!next)
            return makeError(ErrorCode::NotFound, "no such file in the image: " + std::string(path));
        const Inode& n = m_inodes[*next];
        if (n.type == FileType::Symlink && (!todo.empty() || followLast)) {
            if (++hops > 40)
                return makeError(ErrorCode::Malformed, "too many levels of symbolic links: " + std::string(path));
            const auto* e = entry(*next);
            const std::string target = e ? e->linkname : std::string();
            std::vector<std::string> parts;
            for (const auto& p : str::split(target, '/'))
                if (!p.empty() && p != ".")
                    parts.push_back(p);
            for (auto it = parts.rbegin(); it != parts.rend(); ++it)
                todo.push_back(*it);
            if (!target.empty() && target.front() == '/')
                cur = kRootIno;
            continue;
        }
        if (!todo.empty() && n.type != FileType::Directory)
            return makeError(ErrorCode::NotFound, "not a folder on the way to " + std::string(path));
        cur = *next;
    }
    return cur;
}

std::string ImageTree::pathOf(Ino ino) const
{
    if (ino == kRootIno)
        return "/";
    if (!valid(ino))
        return {};
    std::vector<std::string> parts;
    Ino cur = ino;
    for (int guard = 0; cur != kRootIno && guard < 4096; ++guard) {
        Ino parent = m_parentOfName[cur];
        std::string name = m_nameOf[cur];
        if (parent == 0 || !m_live[parent] || !m_inodes[parent].children.count(name) ||
            m_inodes[parent].children.at(name) != cur) {
            // The first name is gone (hardlink): find another, slowly.
            parent = 0;
            for (Ino p = kRootIno; p < m_inodes.size() && !parent; ++p)
                if (m_live[p])
                    for (const auto& [n, c] : m_inodes[p].children)
                        if (c == cur) {
                            parent = p;
                            name = n;
                            break;
                        }
            if (!parent)
                return {};
        }
        parts.push_back(name);
        cur = parent;
    }
    std::string out;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it)
        out += "/" + *it;
    return out;
}

} // namespace sociscope::fs
