// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The filesystem a lazily read image serves: the merged tree and one view per
// layer (what a run's overlayfs stacks), answered inode by inode in the
// kernel's terms, with no FUSE in sight (daemon/fuse_adaptor translates).
#pragma once

#include "fs/fs_result.h"
#include "fs/image_tree.h"
#include "lazy/lazy_image.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <vector>

namespace sociscope::lazy {

// Counters of one mounted image's reads, as answered to the kernel.
struct ReadCounters {
    std::atomic<std::uint64_t> reads { 0 };
    std::atomic<std::uint64_t> bytes { 0 };
    std::atomic<std::uint64_t> errors { 0 };
};

// The filesystem one mount serves, as inode-based operations that know
// nothing of FUSE: the merged tree at the top, and each layer's own tree
// (whiteouts as 0:0 character devices, opaque folders marked with
// trusted.overlay.opaque=y) under the hidden folder ".layers/<index>".
//
// Inode ranges: the merged tree keeps its own numbers (1 = root); ".layers"
// follows the merged tree's last inode; layer i's tree is shifted past the
// trees before it, so every view has a range of its own and hardlinks share an
// inode within their view. Immutable once built; every call is thread-safe.
class ImageFs final {
public:
    // The name of the hidden top-level folder holding the layer views.
    static constexpr std::string_view kLayersDir = ".layers";

    // Builds every tree (opens every layer: zTOCs fetched, or layers read
    // whole); the merged tree's errors are the mount's. A layer whose own
    // tree cannot be built (a hardlink to a lower layer) is logged, left out
    // of ".layers" and answers EIO.
    static Result<std::shared_ptr<ImageFs>> open(std::shared_ptr<LazyImage> image);

    // Called, on the reading thread, for each read answered EIO.
    using ReadErrorHandler = std::function<void(const std::string& path, int layer, const Error& error)>;
    // Set before the filesystem is served; not thread-safe against reads.
    void setReadErrorHandler(ReadErrorHandler handler) { m_onReadError = std::move(handler); }
    // A read not served within this time answers EIO (and is reported to the
    // handler above); the fetches it started stop, and a reader waiting on
    // another read's fetch is released. 0 = no limit. Set before serving.
    void setReadTimeout(std::chrono::milliseconds limit) { m_readTimeout = limit; }

    // The attributes of a child; ENOENT (also for whiteout names), ENOTDIR.
    fs::FsResult<struct stat> lookup(fs::NodeId parent, std::string_view name) const;
    // ENOENT for unknown inodes.
    fs::FsResult<struct stat> getattr(fs::NodeId ino) const;
    // The target of a symlink; EINVAL for other inodes.
    fs::FsResult<std::string> readlink(fs::NodeId ino) const;
    // A folder's entries in a stable order, "." and ".." first; ENOTDIR.
    fs::FsResult<std::shared_ptr<const std::vector<fs::DirListEntry>>> listDir(fs::NodeId ino) const;
    // Whether a file may be opened with these open(2) flags: EISDIR, EROFS
    // for any write access, ENOENT.
    fs::FsResult<bool> open(fs::NodeId ino, int flags) const;
    // Up to size bytes at offset, fewer only at the end of the file. EIO, and
    // counted, when the bytes cannot be fetched or verified, or not within the
    // read timeout: never wrong bytes.
    fs::FsResult<std::string> read(fs::NodeId ino, std::int64_t offset, std::size_t size);
    // One extended attribute for a caller's buffer of `size` bytes; ENODATA, ERANGE.
    fs::FsResult<fs::XattrAnswer> getxattr(fs::NodeId ino, std::string_view name, std::size_t size) const;
    // The attribute names, NUL-terminated, for a buffer of `size` bytes; ERANGE.
    fs::FsResult<fs::XattrAnswer> listxattr(fs::NodeId ino, std::size_t size) const;
    // Block size 4096, the image's data blocks and inodes, nothing free.
    [[nodiscard]] struct statvfs statfs() const;

    // The image served (for its fetch stats and events).
    [[nodiscard]] LazyImage& image() { return *m_image; }
    // Reads answered so far.
    [[nodiscard]] const ReadCounters& counters() const { return m_counters; }
    // The image's layers (views may be fewer, see open()).
    [[nodiscard]] std::size_t layerCount() const { return m_views.size() - 1; }
    // The inode of ".layers" and of layer i's root.
    [[nodiscard]] fs::NodeId layersDirIno() const { return m_layersIno; }
    [[nodiscard]] fs::NodeId layerRootIno(std::size_t layer) const;
    // The path of an inode inside the mount ("/etc/hosts", "/.layers/2/etc"), for messages.
    [[nodiscard]] std::string pathOf(fs::NodeId ino) const;

private:
    struct View {
        std::shared_ptr<const fs::ImageTree> tree;
        fs::NodeId base = 0; // kernel inode = base + tree inode
        int layer = -1; // -1: the merged tree
    };
    // Where a kernel inode lives: a view and its tree inode; view -1 is ".layers".
    struct Located {
        int view = -2; // -2: nowhere
        fs::Ino local = 0;
    };

    ImageFs() = default;
    [[nodiscard]] Located locate(fs::NodeId ino) const;
    [[nodiscard]] struct stat layersDirStat() const;
    [[nodiscard]] struct stat statOf(const View& v, fs::Ino local) const;
    [[nodiscard]] bool hidden(int view, fs::Ino dir, std::string_view name) const;

    std::shared_ptr<LazyImage> m_image;
    std::vector<View> m_views; // [0] merged, [1 + i] layer i
    fs::NodeId m_layersIno = 0;
    std::chrono::milliseconds m_readTimeout{0};
    fs::NodeId m_lastIno = 0;
    std::uint64_t m_dataBlocks = 0;
    std::uint64_t m_inodes = 0;
    ReadCounters m_counters;
    ReadErrorHandler m_onReadError;
};

} // namespace sociscope::lazy
