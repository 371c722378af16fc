// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ImageTree::build: layers applied entry by entry over a hash index of
// (folder, name), then every folder's names sorted once.
// A million entries take well under a second and about 200 bytes each: no
// map node, no string per name (a name is a view of the zTOC's own bytes, or
// of a copy in large blocks when it had to be cleaned), no path
// built per entry, and a cache of cleaned folder paths so an entry costs one
// hash lookup for its folder instead of one per path component.
#include "fs/image_tree.h"
#include "fs/raw_names.h"

#include "soci/rfc3339.h"
#include "util/strings.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>

namespace sociscope::fs {

namespace {
constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr std::size_t kNameBlockSize = std::size_t(1) << 20;
// Folder paths remembered for ensureDir(); beyond this the walk from the root
// still answers, so a hostile layer of millions of folders costs time, not memory.
constexpr std::size_t kMaxCachedDirs = 1 << 18;

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

// Hash and equality for string keys that also take string_views (no temporary string).
struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return absl::HashOf(absl::string_view(s.data(), s.size())); }
};
struct PathEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};
} // namespace

using rawnames::cleanView;
using rawnames::forEachComponent;
using rawnames::splitPath;
using rawnames::unsafe;

class ImageTree::Builder {
public:
    Builder(ImageTree& t, std::size_t entries) : m_t(t)
    {
        // Entries plus some implicit folders; growing past this is allowed, just slower.
        const std::size_t inodes = entries + entries / 8 + 64;
        m_t.m_inodes.reserve(inodes);
        m_t.m_live.reserve(inodes);
        m_t.m_parentOfName.reserve(inodes);
        m_nameOf.reserve(inodes);
        m_t.m_dirOf.reserve(inodes);
        m_index.reserve(entries + entries / 16 + 64);
        newInode(); // 0: unused
        m_t.m_live[0] = false;
        const Ino root = newInode();
        Inode& r = m_t.m_inodes[root];
        r.type = FileType::Directory;
        r.mode = 0755;
        r.parent = root;
    }

    // Merged mode, before a layer's entries: its whiteouts and opaque markers
    // hide what the layers below made.
    void applyWhiteouts(std::string_view name)
    {
        // The cleaned base name is one of the raw name's components.
        if (name.find(kWhiteoutPrefix) == std::string::npos)
            return;
        const auto [dirPath, base] = splitPath(cleanView(name, m_scratch));
        if (base == kOpaqueMarker) {
            if (const Ino d = literalDir(dirPath); d && m_t.m_dirOf[d] != kNoDir) {
                const std::vector<Child> kids = m_t.m_dirs[m_t.m_dirOf[d]];
                for (const auto& [name, child] : kids)
                    unlinkName(d, name);
            }
        } else if (str::startsWith(base, kWhiteoutPrefix)) {
            if (const Ino d = literalDir(dirPath))
                unlinkName(d, base.substr(kWhiteoutPrefix.size()));
        }
    }

    // Layer view: whiteouts become 0:0 character devices named after what they
    // hide, opaque markers a flag on their folder. False when the entry is done
    // with; true when addEntry() should add it.
    bool prepareLayerViewEntry(std::int32_t layer, std::int32_t index, const soci::TocEntryView& e)
    {
        m_raw = e.name;
        const auto [dirPath, base] = splitPath(cleanView(e.name, m_scratch));
        if (base == kOpaqueMarker) {
            m_t.m_inodes[ensureDir(dirPath)].opaque = true;
            return false;
        }
        if (str::startsWith(base, kWhiteoutPrefix)) {
            // Unless a real entry of that name exists in this layer.
            const std::string_view hidden = base.substr(kWhiteoutPrefix.size());
            const Ino parent = ensureDir(dirPath);
            if (find(parent, hidden))
                return false;
            const Ino w = newInode();
            Inode& n = m_t.m_inodes[w];
            n.type = FileType::CharDevice;
            n.whiteout = true;
            n.layer = layer;
            n.entry = index;
            m_nameOf[w] = link(parent, hidden, w);
            m_t.m_parentOfName[w] = parent;
            return false;
        }
        // A real entry replaces a whiteout shown under its name.
        const Ino parent = ensureDir(dirPath);
        if (const Ino k = find(parent, base); k && m_t.m_inodes[k].whiteout)
            unlinkName(parent, base);
        return true;
    }

    Status addEntry(std::int32_t layer, std::int32_t index, const soci::TocEntryView& e, Mode mode)
    {
        m_raw = e.name;
        const std::string_view path = cleanView(e.name, m_scratch);
        const bool isUnsafe = unsafe(e.name);
        if (path.empty()) {
            // "./" or "/": the root's own attributes.
            if (e.kind() == soci::EntryType::Directory) {
                Inode& r = m_t.m_inodes[kRootIno];
                r.mode = static_cast<std::uint32_t>(e.mode) & 07777;
                r.uid = e.uid;
                r.gid = e.gid;
                r.layer = layer;
                r.entry = index;
                setTime(r, e.modTime);
            }
            return {};
        }
        const auto [dirPath, base] = splitPath(path);
        if (mode == Mode::Merged && str::startsWith(base, kWhiteoutPrefix))
            return {}; // applied in the whiteout pass
        const Ino parent = ensureDir(dirPath);

        if (e.kind() == soci::EntryType::Hardlink) {
            // The target must come earlier (upstream: in the same layer); resolve by name.
            const Ino target = literal(cleanView(e.linkname, m_linkScratch));
            if (!target || m_t.m_inodes[target].type == FileType::Directory)
                return makeError(ErrorCode::Malformed,
                                 "hardlink \"" + std::string(e.name) + "\" points at \"" + std::string(e.linkname) +
                                     "\", which is not an earlier file");
            if (const Ino existing = find(parent, base)) {
                if (existing == target)
                    return {};
                unlinkName(parent, base);
            }
            link(parent, base, target);
            ++m_t.m_inodes[target].nlink;
            return {};
        }

        const FileType type = typeOf(e.kind());
        const Ino existing = find(parent, base);
        Ino ino = 0;
        if (existing && type == FileType::Directory && m_t.m_inodes[existing].type == FileType::Directory) {
            ino = existing; // a folder entry updates the folder, its children stay
        } else {
            if (existing)
                unlinkName(parent, base);
            ino = newInode();
            m_nameOf[ino] = link(parent, base, ino);
            m_t.m_parentOfName[ino] = parent;
        }
        Inode& n = m_t.m_inodes[ino];
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
        setTime(n, e.modTime);
        return {};
    }

    // Sorts every folder's names, sets folder link counts (2 plus one per
    // child folder) and the names pathOf() starts from.
    void finish()
    {
        decltype(m_index)().swap(m_index);
        decltype(m_dirPaths)().swap(m_dirPaths);
        auto& inodes = m_t.m_inodes;
        const std::size_t count = inodes.size();
        m_t.m_firstName.assign(count, kNoName);
        for (Ino i = kRootIno; i < count; ++i) {
            if (!m_t.m_live[i] || inodes[i].type != FileType::Directory)
                continue;
            std::uint32_t sub = 0;
            if (m_t.m_dirOf[i] != kNoDir) {
                auto& kids = m_t.m_dirs[m_t.m_dirOf[i]];
                sortByName(kids);
                for (std::uint32_t k = 0; k < kids.size(); ++k) {
                    const Child& c = kids[k];
                    if (inodes[c.ino].type == FileType::Directory)
                        ++sub;
                    // pathOf() starts from an inode's first name while that name still names it.
                    if (m_t.m_parentOfName[c.ino] == i && m_nameOf[c.ino] == c.name)
                        m_t.m_firstName[c.ino] = k;
                }
            }
            inodes[i].nlink = 2 + sub;
        }
    }

private:
    // Byte order of names. Archives list a folder's names in order more often
    // than not; otherwise big folders are sorted on each name's first 8 bytes
    // first, which keeps most comparisons off the names' scattered bytes.
    void sortByName(std::vector<Child>& kids)
    {
        const auto byName = [](const Child& a, const Child& b) { return a.name < b.name; };
        if (std::is_sorted(kids.begin(), kids.end(), byName))
            return;
        if (kids.size() < 64) {
            std::sort(kids.begin(), kids.end(), byName);
            return;
        }
        // A big-endian prefix padded with zero bytes orders as the names do;
        // equal prefixes fall back to the whole names.
        m_sortKeys.resize(kids.size());
        for (std::uint32_t k = 0; k < kids.size(); ++k) {
            const std::string_view n = kids[k].name;
            std::uint64_t prefix = 0;
            for (std::size_t b = 0; b < std::min<std::size_t>(n.size(), 8); ++b)
                prefix |= std::uint64_t(static_cast<unsigned char>(n[b])) << (56 - 8 * b);
            m_sortKeys[k] = {prefix, k};
        }
        std::sort(m_sortKeys.begin(), m_sortKeys.end(), [&](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : kids[a.second].name < kids[b.second].name;
        });
        m_sorted.resize(kids.size());
        for (std::size_t k = 0; k < kids.size(); ++k)
            m_sorted[k] = kids[m_sortKeys[k].second];
        std::copy(m_sorted.begin(), m_sorted.end(), kids.begin());
    }

    // (folder, name) -> the name's position in that folder's list in m_t.m_dirs.
    struct Key {
        const char* data;
        std::uint32_t size;
        Ino parent;
        [[nodiscard]] std::string_view name() const { return {data, size}; }
    };
    static Key key(Ino parent, std::string_view name) { return {name.data(), static_cast<std::uint32_t>(name.size()), parent}; }
    struct KeyHash {
        std::size_t operator()(const Key& k) const { return absl::HashOf(k.parent, absl::string_view(k.data, k.size)); }
    };
    struct KeyEq {
        bool operator()(const Key& a, const Key& b) const { return a.parent == b.parent && a.name() == b.name(); }
    };

    Ino newInode()
    {
        m_t.m_inodes.emplace_back();
        m_t.m_live.push_back(true);
        m_t.m_parentOfName.push_back(0);
        m_nameOf.emplace_back();
        m_t.m_dirOf.push_back(kNoDir);
        return static_cast<Ino>(m_t.m_inodes.size() - 1);
    }

    // The name itself when it is part of the entry's raw name (the zTOC keeps those
    // bytes in place for as long as the tree may live); otherwise a copy that lives
    // as long as the tree.
    std::string_view keep(std::string_view name)
    {
        if (name.empty())
            return {};
        const std::less_equal<> le; // pointers into different arrays compare safely
        if (le(m_raw.data(), name.data()) && le(name.data() + name.size(), m_raw.data() + m_raw.size()))
            return name;
        if (name.size() > kNameBlockSize / 4) {
            // A long name gets a block of its own; the current one stays in use.
            auto& block = m_t.m_nameBlocks.emplace_back(std::make_unique_for_overwrite<char[]>(name.size()));
            std::memcpy(block.get(), name.data(), name.size());
            return {block.get(), name.size()};
        }
        if (name.size() > m_room) {
            m_next = m_t.m_nameBlocks.emplace_back(std::make_unique_for_overwrite<char[]>(kNameBlockSize)).get();
            m_room = kNameBlockSize;
        }
        std::memcpy(m_next, name.data(), name.size());
        const std::string_view kept(m_next, name.size());
        m_next += name.size();
        m_room -= name.size();
        return kept;
    }

    // The child of that name, or 0.
    Ino find(Ino parent, std::string_view name) const
    {
        const auto it = m_index.find(key(parent, name));
        return it == m_index.end() ? 0 : m_t.m_dirs[m_t.m_dirOf[parent]][it->second].ino;
    }

    // Adds a name the folder does not have yet; returns the kept copy of the name.
    std::string_view link(Ino parent, std::string_view name, Ino ino)
    {
        if (m_t.m_dirOf[parent] == kNoDir) {
            m_t.m_dirOf[parent] = static_cast<std::uint32_t>(m_t.m_dirs.size());
            m_t.m_dirs.emplace_back();
        }
        auto& kids = m_t.m_dirs[m_t.m_dirOf[parent]];
        const std::string_view kept = keep(name);
        m_index.emplace(key(parent, kept), static_cast<std::uint32_t>(kids.size()));
        kids.push_back({kept, ino});
        return kept;
    }

    // Removes a name from its folder (the last name takes its place); returns what it named, or 0.
    Ino unlink(Ino parent, std::string_view name)
    {
        const auto it = m_index.find(key(parent, name));
        if (it == m_index.end())
            return 0;
        const std::uint32_t pos = it->second;
        m_index.erase(it);
        auto& kids = m_t.m_dirs[m_t.m_dirOf[parent]];
        const Ino victim = kids[pos].ino;
        if (pos + 1 != kids.size()) {
            kids[pos] = kids.back();
            m_index.find(key(parent, kids[pos].name))->second = pos;
        }
        kids.pop_back();
        return victim;
    }

    void unlinkName(Ino parent, std::string_view name)
    {
        const Ino victim = unlink(parent, name);
        if (!victim)
            return;
        Inode& v = m_t.m_inodes[victim];
        if (v.type == FileType::Directory) {
            dropSubtree(victim);
        } else if (v.nlink > 1) {
            --v.nlink;
            if (m_t.m_parentOfName[victim] == parent && m_nameOf[victim] == name) {
                // Its first name went away: pathOf() looks for another one.
                m_t.m_parentOfName[victim] = 0;
            }
        } else {
            m_t.m_live[victim] = false;
        }
    }

    // A folder already unlinked from its parent and everything below it.
    // Hardlinked files lose a link per name; an explicit stack, as image trees
    // can be deeper than the thread's stack allows.
    void dropSubtree(Ino top)
    {
        std::vector<Ino> pending{top};
        while (!pending.empty()) {
            const Ino d = pending.back();
            pending.pop_back();
            if (const std::uint32_t slot = m_t.m_dirOf[d]; slot != kNoDir) {
                const std::vector<Child> kids = std::move(m_t.m_dirs[slot]);
                m_t.m_dirs[slot] = {};
                for (const auto& [name, child] : kids) {
                    m_index.erase(key(d, name));
                    Inode& c = m_t.m_inodes[child];
                    if (c.type == FileType::Directory)
                        pending.push_back(child);
                    else if (c.nlink > 1)
                        --c.nlink;
                    else
                        m_t.m_live[child] = false;
                }
            }
            m_t.m_live[d] = false;
        }
    }

    // A live folder remembered for that cleaned path, or 0. A folder that is
    // still live is still at the path it was made at: every removal goes
    // through unlinkName(), which kills the whole subtree.
    Ino cachedDir(std::string_view dirPath)
    {
        if (m_lastDirIno && dirPath == m_lastDir && m_t.m_live[m_lastDirIno])
            return m_lastDirIno;
        const auto it = m_dirPaths.find(dirPath);
        if (it == m_dirPaths.end() || !m_t.m_live[it->second])
            return 0;
        remember(dirPath, it->second);
        return it->second;
    }

    void remember(std::string_view dirPath, Ino dir)
    {
        m_lastDir.assign(dirPath);
        m_lastDirIno = dir;
        if (const auto it = m_dirPaths.find(dirPath); it != m_dirPaths.end())
            it->second = dir;
        else if (m_dirPaths.size() < kMaxCachedDirs)
            m_dirPaths.emplace(std::string(dirPath), dir);
    }

    // The folder at a cleaned path, no symlinks followed. With make, missing
    // folders (and anything else in the way) become implicit folders (0755,
    // zero time); without, 0 when there is none.
    Ino folderAt(std::string_view dirPath, bool make)
    {
        if (dirPath.empty())
            return kRootIno;
        if (const Ino d = cachedDir(dirPath))
            return d;
        Ino cur = kRootIno;
        forEachComponent(dirPath, [&](std::string_view part) {
            const Ino kid = find(cur, part);
            if (kid && m_t.m_inodes[kid].type == FileType::Directory) {
                cur = kid;
                return true;
            }
            if (!make) {
                cur = 0;
                return false;
            }
            if (kid)
                unlinkName(cur, part);
            const Ino d = newInode();
            Inode& n = m_t.m_inodes[d];
            n.type = FileType::Directory;
            n.mode = 0755;
            n.parent = cur;
            m_t.m_parentOfName[d] = cur;
            m_nameOf[d] = link(cur, part, d);
            cur = d;
            return true;
        });
        if (cur)
            remember(dirPath, cur);
        return cur;
    }
    Ino ensureDir(std::string_view dirPath) { return folderAt(dirPath, true); }
    Ino literalDir(std::string_view dirPath) { return folderAt(dirPath, false); }

    // The inode at a cleaned path, or 0.
    Ino literal(std::string_view path)
    {
        if (path.empty())
            return kRootIno;
        const auto [dirPath, base] = splitPath(path);
        const Ino d = literalDir(dirPath);
        return d ? find(d, base) : 0;
    }

    // Most entries share a handful of times: parse each distinct text once in a row.
    void setTime(Inode& n, std::string_view text)
    {
        if (!m_timeParsed || text != m_timeText) {
            m_timeText = text;
            m_time = soci::parseRfc3339(text);
            m_timeParsed = true;
        }
        if (m_time) {
            n.mtimeSec = m_time->seconds;
            n.mtimeNsec = m_time->nanos;
        }
    }

    ImageTree& m_t;
    absl::flat_hash_map<Key, std::uint32_t, KeyHash, KeyEq, util::HugePageAllocator<std::pair<const Key, std::uint32_t>>> m_index;
    std::vector<std::string_view> m_nameOf; // each inode's first name (kept copy)
    absl::flat_hash_map<std::string, Ino, PathHash, PathEq> m_dirPaths; // cleaned folder path -> folder
    std::string m_lastDir;
    Ino m_lastDirIno = 0;
    char* m_next = nullptr; // free room in the current name block
    std::size_t m_room = 0;
    std::string m_scratch, m_linkScratch; // cleaned names that are not part of the raw one
    std::string_view m_raw; // the raw name of the entry being added: its bytes are the zTOC's
    std::string m_timeText;
    std::optional<soci::Timestamp> m_time;
    bool m_timeParsed = false;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> m_sortKeys; // sortByName()'s scratch
    std::vector<Child> m_sorted;
};

Result<ImageTree> ImageTree::build(const std::vector<const soci::Ztoc*>& layers, Mode mode, std::int32_t firstLayer)
{
    if (mode == Mode::LayerView && layers.size() != 1)
        return makeError(ErrorCode::Usage, "a layer view is built from exactly one layer");
    std::size_t entries = 0;
    for (const auto* z : layers)
        entries += z->entries.size();
    ImageTree t;
    t.m_layers = layers;
    t.m_firstLayer = firstLayer;
    {
        Builder b(t, entries);
        for (std::int32_t L = 0; L < static_cast<std::int32_t>(layers.size()); ++L) {
            const auto& list = layers[static_cast<size_t>(L)]->entries;
            if (mode == Mode::Merged) {
                // Whiteouts and opaque markers hide lower layers only: apply them first.
                for (std::size_t i = 0; i < list.size(); ++i)
                    b.applyWhiteouts(list.name(i));
            }
            for (std::int32_t i = 0; i < static_cast<std::int32_t>(list.size()); ++i) {
                const auto& e = list[static_cast<size_t>(i)];
                if (mode == Mode::LayerView && !b.prepareLayerViewEntry(L + firstLayer, i, e))
                    continue;
                if (auto s = b.addEntry(L + firstLayer, i, e, mode); !s)
                    return s.error();
            }
        }
        b.finish();
    }
    return t;
}

} // namespace sociscope::fs
