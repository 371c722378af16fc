// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "diff/tree_diff.h"

#include "diff/overlay.h"
#include "fs/image_tree.h"

#include <algorithm>
#include <set>

namespace sociscope::diff {

using detail::Node;
using detail::Overlay;

const char* kindName(Kind k)
{
    switch (k) {
    case Kind::Added: return "added";
    case Kind::Removed: return "removed";
    case Kind::Changed: return "changed";
    case Kind::Unknown: return "unknown";
    case Kind::Same: return "same";
    }
    return "?";
}

const char* contentName(Content c)
{
    switch (c) {
    case Content::NotCompared: return "not-compared";
    case Content::SameLayer: return "same-layer";
    case Content::SameSpans: return "same-spans";
    case Content::Unknown: return "unknown";
    case Content::Equal: return "equal";
    case Content::Differs: return "differs";
    }
    return "?";
}

namespace {

bool under(std::string_view path, std::string_view root)
{
    if (root == "/")
        return true;
    return path == root || (path.size() > root.size() && path.substr(0, root.size()) == root && path[root.size()] == '/');
}

Status cancelled(const Options& o)
{
    if (o.cancel && o.cancel->load())
        return makeError(ErrorCode::Cancelled, "the comparison was cancelled");
    return {};
}

class Differ final {
public:
    Differ(lazy::LazyImage& a, lazy::LazyImage& b, const Options& o) : m_img{&a, &b}, m_o(o) {}

    Result<ImageDiff> run();

private:
    Status readLayers();
    Status readBase();
    [[nodiscard]] bool needsBase() const;
    // The final node of path on a side (0 = A, 1 = B), or null when absent.
    [[nodiscard]] const Node* resolve(int side, const std::string& path) const;
    Result<Entry> compare(const std::string& path, const Node* a, const Node* b);
    Result<Content> contentKnown(const Node& a, const Node& b);
    Result<Content> spansEqual(const Node& a, const Node& b);
    Result<bool> bytesEqual(const Node& a, const Node& b);
    [[nodiscard]] lazy::LazyImage& imageOf(const Node& n) const { return *m_img[n.side]; }
    void progress(const std::string& stage, std::size_t done, std::size_t total) const
    {
        if (m_o.progress)
            m_o.progress(stage, done, total);
    }

    lazy::LazyImage* m_img[2];
    const Options& m_o;
    std::size_t m_shared = 0;
    Overlay m_upper[2];
    Overlay m_base;
    bool m_baseRead = false;
    std::uint64_t m_contentBytes = 0;
};

Side sideOf(const Node& n)
{
    const fs::Inode& i = n.tree->inode(n.ino);
    Side s;
    s.type = i.type;
    s.mode = i.mode;
    s.uid = i.uid;
    s.gid = i.gid;
    s.size = i.size;
    s.layer = n.implicit ? -1 : i.layer;
    s.rdevMajor = i.rdevMajor;
    s.rdevMinor = i.rdevMinor;
    if (i.type == fs::FileType::Symlink)
        if (auto t = n.tree->readlink(n.ino))
            s.target = *t;
    return s;
}

Status Differ::readLayers()
{
    const auto& la = m_img[0]->image().manifest.layers;
    const auto& lb = m_img[1]->image().manifest.layers;
    while (m_shared < la.size() && m_shared < lb.size() && la[m_shared].digest == lb[m_shared].digest)
        ++m_shared;
    const std::size_t total = la.size() + lb.size() - 2 * m_shared;
    std::size_t done = 0;
    for (int side = 0; side < 2; ++side) {
        for (std::size_t i = m_shared; i < m_img[side]->layerCount(); ++i) {
            if (auto c = cancelled(m_o); !c)
                return c;
            progress("layers", done++, total);
            auto view = m_img[side]->layerTree(i);
            if (!view)
                return view.error();
            m_upper[side].apply(*view, side);
        }
    }
    return {};
}

// The base (shared layers) is read only when the upper layers of one side
// leave open a path the other side's upper layers decide, or hide lower
// entries the other side does not hide.
bool Differ::needsBase() const
{
    if (m_shared == 0)
        return false;
    for (int side = 0; side < 2; ++side) {
        const Overlay& mine = m_upper[side];
        const Overlay& other = m_upper[1 - side];
        for (const auto& [path, node] : mine.nodes()) {
            if (!under(path, m_o.path))
                continue;
            const bool mineDecides = !node.implicit || mine.hides(path);
            const Node* o = other.find(path);
            const bool otherDecides = (o && !o->implicit) || other.hides(path);
            // Neither deciding is fine when both imply the folder: both sides
            // then resolve to the same thing, whatever the base holds.
            if (mineDecides != otherDecides || (!mineDecides && !o))
                return true;
        }
        for (const auto& h : mine.hidden()) {
            const bool below = !h.empty() && h.back() == '/';
            const std::string dir = below ? h.substr(0, h.size() - 1) : h;
            if (!under(dir.empty() ? "/" : dir, m_o.path) && !under(m_o.path, dir.empty() ? "/" : dir))
                continue;
            if (!(below ? other.hidesBelow(dir) : other.hides(dir)))
                return true;
        }
    }
    return false;
}

Status Differ::readBase()
{
    for (std::size_t i = 0; i < m_shared; ++i) {
        if (auto c = cancelled(m_o); !c)
            return c;
        progress("shared layers", i, m_shared);
        auto view = m_img[0]->layerTree(i);
        if (!view)
            return view.error();
        m_base.apply(*view, 0);
    }
    m_baseRead = true;
    return {};
}

const Node* Differ::resolve(int side, const std::string& path) const
{
    return Overlay::resolve(m_upper[side], m_baseRead ? &m_base : nullptr, path);
}

Result<ImageDiff> Differ::run()
{
    ImageDiff out;
    if (m_o.path.empty() || m_o.path[0] != '/')
        return makeError(ErrorCode::Usage, "the path to compare must be absolute, not \"" + m_o.path + "\"");
    if (m_img[0]->image().descriptor.digest == m_img[1]->image().descriptor.digest) {
        out.sameImage = true;
        out.sharedLayers = m_img[0]->layerCount();
        return out;
    }
    if (auto s = readLayers(); !s)
        return s.error();
    if (needsBase())
        if (auto s = readBase(); !s)
            return s.error();
    out.sharedLayers = m_shared;
    out.baseRead = m_baseRead;

    // Every path an upper layer touches, and the lower entries one side hides.
    std::set<std::string, std::less<>> paths;
    for (const auto& up : m_upper)
        for (const auto& [path, node] : up.nodes())
            if (under(path, m_o.path))
                paths.insert(path);
    if (m_baseRead)
        for (const auto& [path, node] : m_base.nodes())
            if (under(path, m_o.path) && (m_upper[0].hides(path) || m_upper[1].hides(path)))
                paths.insert(path);

    std::size_t done = 0;
    for (const auto& path : paths) {
        if (auto c = cancelled(m_o); !c)
            return c.error();
        if (done % 256 == 0)
            progress("comparing", done, paths.size());
        ++done;
        const Node* a = resolve(0, path);
        const Node* b = resolve(1, path);
        if (!a && !b)
            continue;
        auto e = compare(path, a, b);
        if (!e)
            return e.error();
        if (e->kind == Kind::Same)
            ++out.same;
        else
            out.entries.push_back(std::move(*e));
    }
    if (m_o.path != "/" && out.entries.empty() && out.same == 0) {
        // Nothing touched below PATH: it must still exist on one side to be a valid question.
        auto ta = m_img[0]->tree();
        if (!ta)
            return ta.error();
        if (!(*ta)->resolve(m_o.path, false)) {
            auto tb = m_img[1]->tree();
            if (!tb)
                return tb.error();
            if (!(*tb)->resolve(m_o.path, false))
                return makeError(ErrorCode::NotFound, "neither image has " + m_o.path);
        }
    }
    out.contentBytesRead = m_contentBytes;
    return out;
}

Result<Entry> Differ::compare(const std::string& path, const Node* a, const Node* b)
{
    Entry e;
    e.path = path;
    if (a)
        e.a = sideOf(*a);
    if (b)
        e.b = sideOf(*b);
    if (!a || !b) {
        e.kind = a ? Kind::Removed : Kind::Added;
        return e;
    }
    if (a->tree == b->tree && a->ino == b->ino)
        return e; // the same entry of the same layer (from the shared layers)
    const Side& x = *e.a;
    const Side& y = *e.b;
    if (x.type != y.type)
        e.changes.emplace_back("type");
    if (x.mode != y.mode)
        e.changes.emplace_back("mode");
    if (x.uid != y.uid || x.gid != y.gid)
        e.changes.emplace_back("owner");
    if (x.type == y.type && x.type == fs::FileType::Regular && x.size != y.size)
        e.changes.emplace_back("size");
    if (x.type == y.type && x.type == fs::FileType::Symlink && x.target != y.target)
        e.changes.emplace_back("target");
    if (x.type == y.type && (x.type == fs::FileType::CharDevice || x.type == fs::FileType::BlockDevice) &&
        (x.rdevMajor != y.rdevMajor || x.rdevMinor != y.rdevMinor))
        e.changes.emplace_back("device");
    auto xa = a->tree->xattrs(a->ino);
    auto xb = b->tree->xattrs(b->ino);
    if (xa && xb && *xa != *xb)
        e.changes.emplace_back("xattrs");
    if (x.type == fs::FileType::Regular && y.type == fs::FileType::Regular && x.size == y.size) {
        auto c = contentKnown(*a, *b);
        if (!c)
            return c.error();
        e.content = *c;
        if (e.content == Content::Unknown && m_o.compareContent) {
            auto eq = bytesEqual(*a, *b);
            if (!eq)
                return eq.error();
            e.content = *eq ? Content::Equal : Content::Differs;
        }
        if (e.content == Content::Differs)
            e.changes.emplace_back("content");
    }
    if (!e.changes.empty())
        e.kind = Kind::Changed;
    else if (e.content == Content::Unknown)
        e.kind = Kind::Unknown;
    else
        e.kind = Kind::Same;
    return e;
}

// Equal without reading when both name the same bytes of the same blob, or
// the same verified span bytes decompressed from the same state.
Result<Content> Differ::contentKnown(const Node& a, const Node& b)
{
    const fs::Inode& ia = a.tree->inode(a.ino);
    const fs::Inode& ib = b.tree->inode(b.ino);
    if (ia.size == 0)
        return Content::Equal;
    const auto ea = a.tree->entry(a.ino);
    const auto eb = b.tree->entry(b.ino);
    if (!ea || !eb || ia.layer < 0 || ib.layer < 0)
        return Content::Unknown;
    const auto& da = imageOf(a).image().manifest.layers.at(static_cast<std::size_t>(ia.layer)).digest;
    const auto& db = imageOf(b).image().manifest.layers.at(static_cast<std::size_t>(ib.layer)).digest;
    if (da == db && ea->uncompressedOffset == eb->uncompressedOffset)
        return Content::SameLayer;
    return spansEqual(a, b);
}

// A span's output is a function of its compressed bytes (its digest) and the
// decompressor's state at its start (gzip: the checkpoint's unused bits and
// 32 KiB window; a plain tar has none). When the spans over both files match
// one for one, start at the same distance before the files and have the same
// lengths, the files' bytes are the same.
Result<Content> Differ::spansEqual(const Node& a, const Node& b)
{
    const fs::Inode& ia = a.tree->inode(a.ino);
    const fs::Inode& ib = b.tree->inode(b.ino);
    const auto la = static_cast<std::size_t>(ia.layer);
    const auto lb = static_cast<std::size_t>(ib.layer);
    const auto& ca = imageOf(a).coverage().at(la);
    const auto& cb = imageOf(b).coverage().at(lb);
    if (!ca.lazy() || !ca.ztoc || !cb.lazy() || !cb.ztoc)
        return Content::Unknown; // layers read whole: no span digests to trust
    auto ra = imageOf(a).layer(la);
    if (!ra)
        return ra.error();
    auto rb = imageOf(b).layer(lb);
    if (!rb)
        return rb.error();
    if ((*ra)->isLocal() || (*rb)->isLocal())
        return Content::Unknown;
    const soci::SpanIndex& sa = (*ra)->spans();
    const soci::SpanIndex& sb = (*rb)->spans();
    const auto ea = a.tree->entry(a.ino);
    const auto eb = b.tree->entry(b.ino);
    if (sa.algorithm() != sb.algorithm())
        return Content::Unknown;
    const auto fa = sa.spansFor(ea->uncompressedOffset, ia.size);
    const auto fb = sb.spansFor(eb->uncompressedOffset, ib.size);
    if (!fa || !fb || fa->second - fa->first != fb->second - fb->first)
        return Content::Unknown;
    if (ea->uncompressedOffset - sa.range(fa->first).uncompressedStart !=
        eb->uncompressedOffset - sb.range(fb->first).uncompressedStart)
        return Content::Unknown;
    const auto& digA = (*ra)->ztoc().spanDigests;
    const auto& digB = (*rb)->ztoc().spanDigests;
    for (std::int32_t j = 0; j <= fa->second - fa->first; ++j) {
        const std::int32_t x = fa->first + j;
        const std::int32_t y = fb->first + j;
        if (digA.at(static_cast<std::size_t>(x)) != digB.at(static_cast<std::size_t>(y)))
            return Content::Unknown;
        const auto& rx = sa.range(x);
        const auto& ry = sb.range(y);
        if (j < fa->second - fa->first &&
            rx.uncompressedEnd - rx.uncompressedStart != ry.uncompressedEnd - ry.uncompressedStart)
            return Content::Unknown;
        if (sa.algorithm() == soci::CompressionAlgorithm::Gzip) {
            const auto& kx = sa.checkpoint(x);
            const auto& ky = sb.checkpoint(y);
            if (kx.bits != ky.bits || kx.window != ky.window)
                return Content::Unknown;
        }
    }
    return Content::SameSpans;
}

// Both files read through their layers' spans, 1 MiB at a time, stopping at
// the first difference.
Result<bool> Differ::bytesEqual(const Node& a, const Node& b)
{
    const std::int64_t size = a.tree->inode(a.ino).size;
    constexpr std::size_t Chunk = 1 << 20;
    for (std::int64_t off = 0; off < size; off += static_cast<std::int64_t>(Chunk)) {
        if (auto c = cancelled(m_o); !c)
            return c.error();
        auto x = imageOf(a).read(*a.tree, a.ino, off, Chunk);
        if (!x)
            return x.error();
        auto y = imageOf(b).read(*b.tree, b.ino, off, Chunk);
        if (!y)
            return y.error();
        m_contentBytes += x->size() + y->size();
        if (*x != *y)
            return false;
    }
    return true;
}

} // namespace

Result<std::pair<oci::Descriptor, oci::Descriptor>> resolveBoth(registry::Source& a, const std::string& refA,
                                                                 registry::Source& b, const std::string& refB)
{
    auto da = a.resolve(refA);
    if (!da)
        return da.error();
    auto db = b.resolve(refB);
    if (!db)
        return db.error();
    return std::pair(std::move(*da), std::move(*db));
}

Result<ImageDiff> diffImages(lazy::LazyImage& a, lazy::LazyImage& b, const Options& options)
{
    Differ d(a, b, options);
    return d.run();
}

} // namespace sociscope::diff
