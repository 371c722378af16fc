// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/ztoc.h"
#include "util/result.h"

#include <cstdint>
#include <map>
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
    std::map<std::string, Ino, std::less<>> children; // folders only, by name
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
// of FUSE or Qt. The zTOCs it was built from must outlive it.
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

    // NotFound when parent has no such name; Usage when parent is not a folder.
    Result<Ino> lookup(Ino parent, std::string_view name) const;
    // Sorted by name; "." and ".." are not included.
    Result<std::vector<DirEntry>> readdir(Ino dir) const;
    Result<Attr> getattr(Ino ino) const;
    Result<std::string> readlink(Ino ino) const;
    // Filesystem xattrs (SCHILY.xattr.* without the prefix; trusted.overlay.opaque in layer views).
    Result<std::vector<std::pair<std::string, std::string>>> xattrs(Ino ino) const;
    // The TOC entry behind an inode, or null for implicit folders.
    [[nodiscard]] const soci::TocEntry* entry(Ino ino) const;

    // Resolves an absolute path inside the image. Symlinks are followed inside
    // the image (absolute targets from the image root, ".." stops at the root),
    // at most 40 of them; the last component is followed only when followLast.
    Result<Ino> resolve(std::string_view path, bool followLast = true) const;
    // One absolute path of an inode ("/usr/bin/perl").
    [[nodiscard]] std::string pathOf(Ino ino) const;

    // "./a/../b/" -> "b": the snapshotter's path normalisation (section 4.2).
    static std::string cleanPath(std::string_view name);

private:
    // The inode at a literal archive path (no symlinks followed), or 0.
    Ino literal(const std::string& cleanPath) const;
    Ino newInode();
    Ino ensureDir(const std::string& path);
    void unlinkName(Ino parent, const std::string& name);
    void dropSubtree(Ino ino);
    Status addEntry(std::int32_t layer, std::int32_t index, const soci::TocEntry& e, Mode mode);
    void finish();

    std::vector<Inode> m_inodes;
    std::vector<bool> m_live;
    std::vector<Ino> m_parentOfName; // parent folder of each inode's first name
    std::vector<std::string> m_nameOf;
    std::vector<const soci::Ztoc*> m_layers;
    std::int32_t m_firstLayer = 0;
};

} // namespace sociscope::fs
