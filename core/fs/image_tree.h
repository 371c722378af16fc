// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/ztoc.h"
#include "util/huge_pages.h"
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sociscope::fs {

// Inode numbers: 1 is the root (as FUSE expects); 0 is never used.
using Ino = std::uint32_t;
inline constexpr Ino kRootIno = 1;

enum class FileType : std::uint8_t { Regular, Directory, Symlink, CharDevice, BlockDevice, Fifo };
// "reg", "dir", "symlink", "char", "block", "fifo".
const char* fileTypeName(FileType t);

// One inode: a file, folder, link or device, and where its metadata and data
// come from (the layer and its TOC entry: provenance).
struct Inode {
    FileType type = FileType::Regular;
    std::uint32_t mode = 0;     // permission and setuid/setgid/sticky bits (07777)
    std::uint32_t uid = 0, gid = 0;
    std::int64_t size = 0;      // data length; a symlink's target length
    std::int64_t mtimeSec = 0;
    std::uint32_t mtimeNsec = 0;
    std::uint32_t nlink = 1;
    std::uint32_t rdevMajor = 0, rdevMinor = 0;
    std::int32_t layer = -1;    // index of the layer that made it (-1: implicit folder)
    std::int32_t entry = -1;    // index into that layer's zTOC entries
    Ino parent = 0;             // folders: the parent folder
    bool opaque = false;        // layer view: a folder with .wh..wh..opq
    bool whiteout = false;      // layer view: a whiteout shown as char 0:0
    bool unsafeName = false;    // the tar name was absolute or climbed above the root with ".."
};

// One name in a folder. The name's bytes are the zTOC's (part of an entry's raw
// name) or the tree's (a name that had to be cleaned).
struct Child {
    std::string_view name;
    Ino ino = 0;
};

// A folder's names, sorted by name in byte order (as `ls` in the C locale).
// A view into the tree: valid as long as the tree is (moving the tree keeps it valid).
class ChildList {
public:
    ChildList() = default;
    ChildList(const Child* first, const Child* last) : m_first(first), m_last(last) {}
    [[nodiscard]] const Child* begin() const { return m_first; }
    [[nodiscard]] const Child* end() const { return m_last; }
    [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(m_last - m_first); }
    [[nodiscard]] bool empty() const { return m_first == m_last; }
    // The child of that name, or end(). Binary search: O(log n).
    [[nodiscard]] const Child* find(std::string_view name) const;
    [[nodiscard]] bool contains(std::string_view name) const { return find(name) != end(); }

private:
    const Child* m_first = nullptr;
    const Child* m_last = nullptr;
};

// What stat() reports.
struct Attr {
    Ino ino = 0;
    FileType type = FileType::Regular;
    std::uint32_t mode = 0; // full st_mode: type bits | permission bits
    std::uint32_t nlink = 1;
    std::uint32_t uid = 0, gid = 0;
    std::int64_t size = 0;
    std::int64_t blocks = 0; // 512-byte blocks: ceil(size/4096) * 8
    std::int64_t mtimeSec = 0;
    std::uint32_t mtimeNsec = 0;
    std::uint64_t rdev = 0;
};

struct DirEntry {
    std::string name;
    Ino ino = 0;
    FileType type = FileType::Regular;
};

// A file tree built from layer TOCs, and the inode-based operations a
// filesystem needs (lookup, readdir, getattr, readlink, xattrs). Knows nothing
// of FUSE or Qt. The zTOCs it was built from must outlive it, unchanged (names
// and entries are read from them).
class ImageTree final {
public:
    enum class Mode {
        Merged,   // layers applied bottom to top with whiteouts and opaque folders
        LayerView // one layer's own tree, whiteouts shown as overlayfs expects them
    };

    // Builds the tree. layers[i] is layer (firstLayer + i)'s zTOC, bottom first;
    // LayerView takes exactly one. Inode::layer holds the real layer index.
    // Hardlinks whose target is missing are errors (Malformed) naming the entry.
    static Result<ImageTree> build(const std::vector<const soci::Ztoc*>& layers, Mode mode, std::int32_t firstLayer = 0);

    [[nodiscard]] Ino root() const { return kRootIno; }
    [[nodiscard]] std::size_t size() const { return m_inodes.size() - 1; } // inodes in use (incl. root)
    [[nodiscard]] const Inode& inode(Ino ino) const { return m_inodes[ino]; }
    [[nodiscard]] bool valid(Ino ino) const { return ino >= kRootIno && ino < m_inodes.size() && m_live[ino]; }
    // A folder's names, sorted; empty for anything else and for invalid inodes.
    [[nodiscard]] ChildList children(Ino dir) const;

    // NotFound when parent has no such name; Usage when parent is not a folder.
    Result<Ino> lookup(Ino parent, std::string_view name) const;
    // Sorted by name; "." and ".." are not included.
    Result<std::vector<DirEntry>> readdir(Ino dir) const;
    Result<Attr> getattr(Ino ino) const;
    Result<std::string> readlink(Ino ino) const;
    // Filesystem xattrs (SCHILY.xattr.* without the prefix; trusted.overlay.opaque in layer views).
    Result<std::vector<std::pair<std::string, std::string>>> xattrs(Ino ino) const;
    // The TOC entry behind an inode, or nullopt for implicit folders.
    [[nodiscard]] std::optional<soci::TocEntryView> entry(Ino ino) const;

    // Resolves an absolute path inside the image. Symlinks are followed inside
    // the image (absolute targets from the image root, ".." stops at the root),
    // at most 40 of them; the last component is followed only when followLast.
    Result<Ino> resolve(std::string_view path, bool followLast = true) const;
    // One absolute path of an inode ("/usr/bin/perl").
    [[nodiscard]] std::string pathOf(Ino ino) const;

    // "./a/../b/" -> "b": the snapshotter's path normalisation (section 4.2).
    static std::string cleanPath(std::string_view name);

    // An empty tree (no inodes, not even the root): only to be assigned a built one.
    ImageTree() = default;
    ImageTree(ImageTree&&) noexcept = default;
    ImageTree& operator=(ImageTree&&) noexcept = default;
    // Not copyable: child lists point into the tree's own name storage (and the zTOCs').
    ImageTree(const ImageTree&) = delete;
    ImageTree& operator=(const ImageTree&) = delete;

private:
    class Builder; // image_tree_build.cpp: the mutable state only building needs

    std::vector<Inode, util::HugePageAllocator<Inode>> m_inodes;
    std::vector<bool> m_live;
    // Each folder's names, sorted by name; m_dirOf[ino] is the folder's list
    // (kNoDir for anything that never had a name in it).
    static constexpr std::uint32_t kNoDir = UINT32_MAX;
    std::vector<std::vector<Child>> m_dirs;
    std::vector<std::uint32_t> m_dirOf;
    // The name pathOf() uses: its folder and its position in that folder's list,
    // or kNoName when that first name went away (a hardlink's) and another is searched for.
    static constexpr std::uint32_t kNoName = UINT32_MAX;
    std::vector<Ino> m_parentOfName;
    std::vector<std::uint32_t> m_firstName;
    // The bytes of names that are not part of a raw name in a zTOC, in blocks that never move.
    std::vector<std::unique_ptr<char[]>> m_nameBlocks;
    std::vector<const soci::Ztoc*> m_layers;
    std::int32_t m_firstLayer = 0;
};

} // namespace sociscope::fs
