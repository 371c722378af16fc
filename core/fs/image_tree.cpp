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

const Child* ChildList::find(std::string_view name) const
{
    const Child* it = std::lower_bound(m_first, m_last, name, [](const Child& c, std::string_view n) { return c.name < n; });
    return it != m_last && it->name == name ? it : m_last;
}

ChildList ImageTree::children(Ino dir) const
{
    if (!valid(dir) || m_dirOf[dir] == kNoDir)
        return {};
    const auto& kids = m_dirs[m_dirOf[dir]];
    return {kids.data(), kids.data() + kids.size()};
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
    const ChildList kids = children(parent);
    const Child* it = kids.find(name);
    if (it == kids.end())
        return makeError(ErrorCode::NotFound, "no such file: " + std::string(name));
    return it->ino;
}

Result<std::vector<DirEntry>> ImageTree::readdir(Ino dir) const
{
    if (!valid(dir))
        return makeError(ErrorCode::NotFound, "no such inode");
    const Inode& d = m_inodes[dir];
    if (d.type != FileType::Directory)
        return makeError(ErrorCode::Usage, "not a folder");
    const ChildList kids = children(dir);
    std::vector<DirEntry> out;
    out.reserve(kids.size());
    for (const auto& [name, ino] : kids)
        out.push_back({std::string(name), ino, m_inodes[ino].type});
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

std::optional<soci::TocEntryView> ImageTree::entry(Ino ino) const
{
    if (!valid(ino))
        return std::nullopt;
    const Inode& n = m_inodes[ino];
    const std::int32_t local = n.layer - m_firstLayer;
    if (n.layer < 0 || n.entry < 0 || local < 0 || static_cast<size_t>(local) >= m_layers.size())
        return std::nullopt;
    const auto& entries = m_layers[static_cast<size_t>(local)]->entries;
    if (static_cast<size_t>(n.entry) >= entries.size())
        return std::nullopt;
    return entries[static_cast<size_t>(n.entry)];
}

Result<std::string> ImageTree::readlink(Ino ino) const
{
    if (!valid(ino) || m_inodes[ino].type != FileType::Symlink)
        return makeError(ErrorCode::Usage, "not a symlink");
    const auto e = entry(ino);
    return e ? std::string(e->linkname) : std::string();
}

Result<std::vector<std::pair<std::string, std::string>>> ImageTree::xattrs(Ino ino) const
{
    if (!valid(ino))
        return makeError(ErrorCode::NotFound, "no such inode");
    std::vector<std::pair<std::string, std::string>> out;
    if (!m_inodes[ino].whiteout)
        if (const auto e = entry(ino))
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
            const auto e = entry(*next);
            const std::string target = e ? std::string(e->linkname) : std::string();
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
    std::vector<std::string_view> parts;
    Ino cur = ino;
    for (int guard = 0; cur != kRootIno && guard < 4096; ++guard) {
        Ino parent = m_parentOfName[cur];
        std::string_view name;
        if (const std::uint32_t first = m_firstName[cur]; first != kNoName) {
            name = m_dirs[m_dirOf[parent]][first].name;
        } else {
            // The first name is gone (hardlink): find another, slowly.
            parent = 0;
            for (Ino p = kRootIno; p < m_inodes.size() && !parent; ++p)
                for (const auto& [n, c] : children(p))
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
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        out += '/';
        out += *it;
    }
    return out;
}

} // namespace sociscope::fs
