// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/image_fs.h"

#include "util/cancel.h"
#include "util/log.h"
#include "util/strings.h"

#include <algorithm>
#include <fcntl.h>
#include <optional>

namespace sociscope::lazy {

using fs::DirListEntry;
using fs::FsResult;
using fs::NodeId;
using fs::XattrAnswer;

namespace {
constexpr std::uint32_t kBlockSize = 4096;

// "7" -> 7; rejects "", "07", "+7", "x".
std::optional<std::size_t> layerNumber(std::string_view name)
{
    if (name.empty() || name.size() > 6 || (name.size() > 1 && name[0] == '0'))
        return std::nullopt;
    std::size_t n = 0;
    for (char c : name) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}
} // namespace

Result<std::shared_ptr<ImageFs>> ImageFs::open(std::shared_ptr<LazyImage> image)
{
    std::shared_ptr<ImageFs> self(new ImageFs());
    self->m_image = std::move(image);
    auto merged = self->m_image->tree();
    if (!merged)
        return merged.error();
    self->m_views.push_back({ *merged, 0, -1 });
    const auto& mt = **merged;
    if (mt.valid(fs::kRootIno))
        if (auto hit = mt.lookup(fs::kRootIno, kLayersDir); hit)
            log::warning("the image has its own /" + std::string(kLayersDir)
                + "; the mount shows the layer views there instead");
    self->m_layersIno = mt.size() + 1;
    NodeId base = self->m_layersIno;
    for (std::size_t i = 0; i < self->m_image->layerCount(); ++i) {
        auto t = self->m_image->layerTree(i);
        if (!t) {
            // The merged tree is fine (a hardlink to a lower layer, say): mount
            // it, and answer EIO for this one layer's view.
            log::warning("layer " + std::to_string(i) + " has no view of its own: " + t.error().text());
            self->m_views.push_back({ nullptr, base, static_cast<int>(i) });
            continue;
        }
        self->m_views.push_back({ *t, base, static_cast<int>(i) });
        base += (*t)->size();
    }
    self->m_lastIno = base;
    for (fs::Ino i = fs::kRootIno; i <= mt.size(); ++i)
        if (mt.valid(i) && mt.inode(i).type == fs::FileType::Regular)
            self->m_dataBlocks += (static_cast<std::uint64_t>(mt.inode(i).size) + kBlockSize - 1) / kBlockSize;
    for (const auto& v : self->m_views)
        for (fs::Ino i = fs::kRootIno; v.tree && i <= v.tree->size(); ++i)
            self->m_inodes += v.tree->valid(i) ? 1 : 0;
    self->m_inodes += 1; // .layers
    return self;
}

NodeId ImageFs::layerRootIno(std::size_t layer) const
{
    return layer + 1 < m_views.size() && m_views[layer + 1].tree ? m_views[layer + 1].base + fs::kRootIno : 0;
}

ImageFs::Located ImageFs::locate(NodeId ino) const
{
    if (ino == 0 || ino > m_lastIno)
        return {};
    if (ino == m_layersIno)
        return { -1, 0 };
    // The last view whose range starts below ino.
    const auto it
        = std::upper_bound(m_views.begin(), m_views.end(), ino, [](NodeId n, const View& v) { return n <= v.base; });
    if (it == m_views.begin())
        return {};
    const auto view = static_cast<int>(std::distance(m_views.begin(), it) - 1);
    const View& v = m_views[static_cast<std::size_t>(view)];
    const NodeId local = ino - v.base;
    if (!v.tree || local > v.tree->size() || !v.tree->valid(static_cast<fs::Ino>(local)))
        return {};
    return { view, static_cast<fs::Ino>(local) };
}

struct stat ImageFs::statOf(const View& v, fs::Ino local) const
{
    struct stat st { };
    const auto a = v.tree->getattr(local);
    st.st_ino = v.base + local;
    st.st_mode = a->mode;
    st.st_nlink = a->nlink;
    st.st_uid = a->uid;
    st.st_gid = a->gid;
    st.st_size = a->size;
    st.st_blocks = a->blocks;
    st.st_blksize = kBlockSize;
    st.st_rdev = a->rdev;
    // As the SOCI snapshotter does: only mtime is set; atime and ctime stay 0.
    st.st_mtim.tv_sec = a->mtimeSec;
    st.st_mtim.tv_nsec = a->mtimeNsec;
    return st;
}

struct stat ImageFs::layersDirStat() const
{
    struct stat st { };
    st.st_ino = m_layersIno;
    st.st_mode = S_IFDIR | 0555;
    st.st_nlink = static_cast<nlink_t>(2 + layerCount());
    st.st_blksize = kBlockSize;
    return st;
}

bool ImageFs::hidden(int view, fs::Ino dir, std::string_view name) const
{
    // The image's own /.layers, if any, is shadowed by the layer views.
    return view == 0 && dir == fs::kRootIno && name == kLayersDir;
}

FsResult<struct stat> ImageFs::getattr(NodeId ino) const
{
    const Located at = locate(ino);
    if (at.view == -2)
        return FsResult<struct stat>::fail(ENOENT);
    if (at.view == -1)
        return layersDirStat();
    return statOf(m_views[static_cast<std::size_t>(at.view)], at.local);
}

FsResult<struct stat> ImageFs::lookup(NodeId parent, std::string_view name) const
{
    const Located at = locate(parent);
    if (at.view == -2)
        return FsResult<struct stat>::fail(ENOENT);
    if (at.view == -1) {
        if (name == ".")
            return layersDirStat();
        if (name == "..")
            return getattr(fs::kRootIno);
        const auto n = layerNumber(name);
        if (!n || *n >= layerCount())
            return FsResult<struct stat>::fail(ENOENT);
        if (!layerRootIno(*n))
            return FsResult<struct stat>::fail(EIO);
        return getattr(layerRootIno(*n));
    }
    if (at.view == 0 && at.local == fs::kRootIno && name == kLayersDir)
        return layersDirStat();
    const View& v = m_views[static_cast<std::size_t>(at.view)];
    if (at.view > 0 && at.local == fs::kRootIno && name == "..")
        return layersDirStat();
    auto child = v.tree->lookup(at.local, name);
    if (!child)
        return FsResult<struct stat>::fail(fs::errnoFor(child.error()));
    return statOf(v, *child);
}

FsResult<std::string> ImageFs::readlink(NodeId ino) const
{
    const Located at = locate(ino);
    if (at.view == -2)
        return FsResult<std::string>::fail(ENOENT);
    if (at.view == -1)
        return FsResult<std::string>::fail(EINVAL);
    auto target = m_views[static_cast<std::size_t>(at.view)].tree->readlink(at.local);
    if (!target)
        return FsResult<std::string>::fail(EINVAL);
    return *target;
}

FsResult<std::shared_ptr<const std::vector<DirListEntry>>> ImageFs::listDir(NodeId ino) const
{
    using Out = FsResult<std::shared_ptr<const std::vector<DirListEntry>>>;
    const Located at = locate(ino);
    if (at.view == -2)
        return Out::fail(ENOENT);
    auto list = std::make_shared<std::vector<DirListEntry>>();
    if (at.view == -1) {
        list->push_back({ ".", m_layersIno, S_IFDIR });
        list->push_back({ "..", fs::kRootIno, S_IFDIR });
        for (std::size_t i = 0; i < layerCount(); ++i)
            if (layerRootIno(i))
                list->push_back({ std::to_string(i), layerRootIno(i), S_IFDIR });
        return Out(std::move(list));
    }
    const View& v = m_views[static_cast<std::size_t>(at.view)];
    auto kids = v.tree->readdir(at.local);
    if (!kids)
        return Out::fail(fs::errnoFor(kids.error()));
    const fs::Inode& dir = v.tree->inode(at.local);
    NodeId parent = v.base + (dir.parent ? dir.parent : fs::kRootIno);
    if (at.local == fs::kRootIno)
        parent = at.view == 0 ? fs::kRootIno : m_layersIno;
    list->reserve(kids->size() + 2);
    list->push_back({ ".", ino, S_IFDIR });
    list->push_back({ "..", parent, S_IFDIR });
    for (auto& k : *kids)
        if (!hidden(at.view, at.local, k.name))
            list->push_back({ std::move(k.name), v.base + k.ino, fs::typeBits(k.type) });
    return Out(std::move(list));
}

FsResult<bool> ImageFs::open(NodeId ino, int flags) const
{
    const Located at = locate(ino);
    if (at.view == -2)
        return FsResult<bool>::fail(ENOENT);
    if (at.view == -1)
        return FsResult<bool>::fail(EISDIR);
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
        return FsResult<bool>::fail(EROFS);
    const fs::Inode& n = m_views[static_cast<std::size_t>(at.view)].tree->inode(at.local);
    if (n.type == fs::FileType::Directory)
        return FsResult<bool>::fail(EISDIR);
    return true;
}

FsResult<std::string> ImageFs::read(NodeId ino, std::int64_t offset, std::size_t size)
{
    const Located at = locate(ino);
    if (at.view == -2)
        return FsResult<std::string>::fail(ENOENT);
    if (at.view == -1)
        return FsResult<std::string>::fail(EISDIR);
    const View& v = m_views[static_cast<std::size_t>(at.view)];
    const fs::Inode& n = v.tree->inode(at.local);
    if (n.type == fs::FileType::Directory)
        return FsResult<std::string>::fail(EISDIR);
    if (n.type != fs::FileType::Regular)
        return FsResult<std::string>::fail(EINVAL);
    // The read's own token: its fetches (on this thread and the pool) and its
    // waits on other reads' fetches give up at the deadline.
    const util::CancelToken limit = m_readTimeout.count() > 0
        ? util::currentCancelToken().child(std::chrono::steady_clock::now() + m_readTimeout)
        : util::currentCancelToken();
    const util::CancelScope scope(limit);
    auto data = m_image->read(*v.tree, at.local, offset, size);
    if (!data && limit.reason() == util::StopReason::DeadlinePassed)
        data = makeError(ErrorCode::Network,
            "not served within "
                + (m_readTimeout.count() % 1000 == 0 ? std::to_string(m_readTimeout.count() / 1000) + " s"
                                                     : std::to_string(m_readTimeout.count()) + " ms")
                + " (sociscoped --read-timeout): " + data.error().message,
            data.error().context);
    if (!data) {
        ++m_counters.errors;
        const std::string path = pathOf(ino);
        log::warning(
            "read of " + path + " at " + std::to_string(offset) + " failed, answering EIO: " + data.error().text());
        if (m_onReadError)
            m_onReadError(path, n.layer, data.error());
        return FsResult<std::string>::fail(EIO);
    }
    ++m_counters.reads;
    m_counters.bytes += data->size();
    return std::move(*data);
}

FsResult<XattrAnswer> ImageFs::getxattr(NodeId ino, std::string_view name, std::size_t size) const
{
    const Located at = locate(ino);
    if (at.view == -2)
        return FsResult<XattrAnswer>::fail(ENOENT);
    if (at.view == -1)
        return FsResult<XattrAnswer>::fail(ENODATA);
    auto attrs = m_views[static_cast<std::size_t>(at.view)].tree->xattrs(at.local);
    if (!attrs)
        return FsResult<XattrAnswer>::fail(ENOENT);
    for (auto& [k, v] : *attrs)
        if (k == name)
            return fs::xattrAnswer(std::move(v), size);
    return FsResult<XattrAnswer>::fail(ENODATA);
}

FsResult<XattrAnswer> ImageFs::listxattr(NodeId ino, std::size_t size) const
{
    const Located at = locate(ino);
    if (at.view == -2)
        return FsResult<XattrAnswer>::fail(ENOENT);
    std::string names;
    if (at.view >= 0) {
        auto attrs = m_views[static_cast<std::size_t>(at.view)].tree->xattrs(at.local);
        if (!attrs)
            return FsResult<XattrAnswer>::fail(ENOENT);
        for (const auto& kv : *attrs) {
            names += kv.first;
            names.push_back('\0');
        }
    }
    return fs::xattrAnswer(std::move(names), size);
}

struct statvfs ImageFs::statfs() const
{
    struct statvfs s { };
    s.f_bsize = kBlockSize;
    s.f_frsize = kBlockSize;
    s.f_blocks = m_dataBlocks;
    s.f_files = m_inodes;
    s.f_namemax = 255;
    s.f_flag = ST_RDONLY;
    return s;
}

std::string ImageFs::pathOf(NodeId ino) const
{
    const Located at = locate(ino);
    if (at.view == -2)
        return "(inode " + std::to_string(ino) + ")";
    if (at.view == -1)
        return "/" + std::string(kLayersDir);
    const View& v = m_views[static_cast<std::size_t>(at.view)];
    std::string inTree = v.tree->pathOf(at.local);
    if (at.view == 0)
        return inTree;
    return "/" + std::string(kLayersDir) + "/" + std::to_string(v.layer) + (inTree == "/" ? "" : inTree);
}

} // namespace sociscope::lazy
