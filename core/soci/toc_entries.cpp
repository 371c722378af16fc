// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/toc_entries.h"

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace sociscope::soci {

namespace {
using toc_storage::Block;
using toc_storage::Text;

constexpr std::uint32_t kBlockSize = 1u << 20;
constexpr std::uint32_t kFirstBlockSize = 4096;
// Strings up to this long are looked for among those kept already: types, owners,
// mtimes, PAX keys and most PAX values repeat, names (and long-name "path"
// records) do not, and looking them up would only fill the index.
constexpr std::size_t kMaxShared = 64;
// The index stops growing here (values past it are kept again, not shared), so a
// layer of a million distinct mtimes costs no more index than this.
constexpr std::size_t kMaxIndexed = 1u << 18;
constexpr std::int64_t kTarBlock = 512;

std::string_view view(const Block* blocks, const Text& t)
{
    return t.size ? std::string_view(blocks[t.block].data.get() + t.at, t.size) : std::string_view();
}

[[noreturn]] void tooMany(const char* what)
{
    throw std::length_error(std::string("TocEntries: more than 2^32 - 1 ") + what);
}

std::uint32_t narrow(std::size_t n, const char* what)
{
    if (n >= UINT32_MAX)
        tooMany(what);
    return static_cast<std::uint32_t>(n);
}

// The end of an entry's data rounded up to a tar block: where the next header starts.
std::int64_t nextHeader(std::int64_t offset, std::int64_t size)
{
    std::int64_t end = 0;
    if (__builtin_add_overflow(offset, size, &end) || end > INT64_MAX - kTarBlock)
        return INT64_MAX; // only for entries the reader would refuse
    return (end + kTarBlock - 1) / kTarBlock * kTarBlock;
}
} // namespace

struct TocEntries::Index {
    struct AttrsHash {
        std::size_t operator()(const Attrs& a) const
        {
            return absl::HashOf(a.mode, a.devmajor, a.devminor, a.uid, a.gid, a.type, a.uname, a.gname);
        }
    };
    absl::flat_hash_map<std::string_view, std::uint32_t> strings; // views of the kept bytes
    absl::flat_hash_map<Attrs, std::uint32_t, AttrsHash> attrs;
};

EntryType entryTypeFromString(std::string_view type)
{
    static constexpr std::pair<std::string_view, EntryType> kTypes[] = {
        { "reg", EntryType::Regular },
        { "dir", EntryType::Directory },
        { "symlink", EntryType::Symlink },
        { "hardlink", EntryType::Hardlink },
        { "char", EntryType::CharDevice },
        { "block", EntryType::BlockDevice },
        { "fifo", EntryType::Fifo },
    };
    for (const auto& [name, t] : kTypes)
        if (name == type)
            return t;
    return EntryType::Unknown;
}

const char* entryTypeString(EntryType type)
{
    switch (type) {
    case EntryType::Regular:
        return "reg";
    case EntryType::Directory:
        return "dir";
    case EntryType::Symlink:
        return "symlink";
    case EntryType::Hardlink:
        return "hardlink";
    case EntryType::CharDevice:
        return "char";
    case EntryType::BlockDevice:
        return "block";
    case EntryType::Fifo:
        return "fifo";
    case EntryType::Unknown:
        break;
    }
    return "";
}

PaxRecordView PaxRecords::operator[](std::size_t i) const
{
    const toc_storage::Record& r = m_first[i];
    return { view(m_blocks, m_strings[r.key]), view(m_blocks, m_strings[r.value]) };
}

std::vector<PaxRecord> PaxRecords::toVector() const
{
    std::vector<PaxRecord> out;
    out.reserve(size());
    for (const auto& [k, v] : *this)
        out.emplace_back(k, v);
    return out;
}

bool operator==(const PaxRecords& a, const PaxRecords& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

std::vector<PaxRecord> TocEntryView::filesystemXattrs() const
{
    static constexpr std::string_view kPrefix = "SCHILY.xattr.";
    std::vector<PaxRecord> out;
    for (const auto& [k, v] : xattrs)
        if (k.size() > kPrefix.size() && k.substr(0, kPrefix.size()) == kPrefix)
            out.emplace_back(k.substr(kPrefix.size()), v);
    return out;
}

TocEntry TocEntryView::toEntry() const
{
    TocEntry e;
    e.name = name;
    e.type = type;
    e.uncompressedOffset = uncompressedOffset;
    e.uncompressedSize = uncompressedSize;
    e.linkname = linkname;
    e.mode = mode;
    e.uid = uid;
    e.gid = gid;
    e.uname = uname;
    e.gname = gname;
    e.modTime = modTime;
    e.devmajor = devmajor;
    e.devminor = devminor;
    e.xattrs = xattrs.toVector();
    return e;
}

bool operator==(const TocEntryView& a, const TocEntryView& b)
{
    return a.name == b.name && a.type == b.type && a.uncompressedOffset == b.uncompressedOffset
        && a.uncompressedSize == b.uncompressedSize && a.linkname == b.linkname && a.mode == b.mode && a.uid == b.uid
        && a.gid == b.gid && a.uname == b.uname && a.gname == b.gname && a.modTime == b.modTime
        && a.devmajor == b.devmajor && a.devminor == b.devminor && a.xattrs == b.xattrs
        && a.tarHeaderOffset == b.tarHeaderOffset;
}

TocEntries::TocEntries() = default;

TocEntries::TocEntries(std::initializer_list<TocEntry> entries) : TocEntries()
{
    reserve(entries.size());
    for (const TocEntry& e : entries)
        push_back(e);
}

TocEntries::TocEntries(const std::vector<TocEntry>& entries) : TocEntries()
{
    reserve(entries.size());
    for (const TocEntry& e : entries)
        push_back(e);
}

TocEntries::TocEntries(const TocEntries& other) { copyFrom(other); }
TocEntries::TocEntries(TocEntries&& other) noexcept { *this = std::move(other); }
TocEntries::~TocEntries() = default;

TocEntries& TocEntries::operator=(TocEntries&& other) noexcept
{
    if (this == &other)
        return *this;
    // Vectors and blocks move their buffers: views of other stay valid, and so do the
    // index's views. other is left empty and usable.
    m_entries = std::exchange(other.m_entries, {});
    m_attrs = std::exchange(other.m_attrs, {});
    m_strings = std::exchange(other.m_strings, {});
    m_records = std::exchange(other.m_records, {});
    m_blocks = std::exchange(other.m_blocks, {});
    m_open = std::exchange(other.m_open, UINT32_MAX);
    m_index = std::exchange(other.m_index, nullptr);
    return *this;
}

TocEntries& TocEntries::operator=(const TocEntries& other)
{
    if (this != &other)
        copyFrom(other);
    return *this;
}

void TocEntries::copyFrom(const TocEntries& other)
{
    m_entries = other.m_entries;
    m_attrs = other.m_attrs;
    m_strings = other.m_strings;
    m_records = other.m_records;
    m_blocks.clear();
    m_blocks.reserve(other.m_blocks.size());
    for (const Block& b : other.m_blocks) {
        Block& copy = m_blocks.emplace_back();
        copy.data = std::make_unique_for_overwrite<char[]>(b.size);
        std::memcpy(copy.data.get(), b.data.get(), b.size);
        copy.size = copy.capacity = b.size;
    }
    m_open = UINT32_MAX; // the copies are full
    m_index.reset(); // it holds views of the other's bytes
}

std::string_view TocEntries::text(std::uint32_t id) const { return view(m_blocks.data(), m_strings[id]); }

TocEntryView TocEntries::operator[](std::size_t i) const
{
    const Packed& p = m_entries[i];
    const Attrs& a = m_attrs[p.attrs];
    TocEntryView v;
    const std::string_view both = view(m_blocks.data(), Text { p.nameBlock, p.nameAt, p.nameSize + p.linkSize });
    v.name = both.substr(0, p.nameSize);
    v.linkname = both.substr(p.nameSize);
    v.type = text(a.type);
    v.m_kind = a.kind;
    v.uncompressedOffset = p.offset;
    v.uncompressedSize = p.size;
    v.mode = a.mode;
    v.uid = a.uid;
    v.gid = a.gid;
    v.uname = text(a.uname);
    v.gname = text(a.gname);
    v.modTime = text(p.modTime);
    v.devmajor = a.devmajor;
    v.devminor = a.devminor;
    if (p.xattrs) {
        v.xattrs.m_first = m_records.data() + p.xattrs + 1;
        v.xattrs.m_strings = m_strings.data();
        v.xattrs.m_blocks = m_blocks.data();
        v.xattrs.m_count = m_records[p.xattrs].key;
    }
    if (i > 0)
        v.tarHeaderOffset = nextHeader(m_entries[i - 1].offset, m_entries[i - 1].size);
    return v;
}

std::string_view TocEntries::name(std::size_t i) const
{
    const Packed& p = m_entries[i];
    return view(m_blocks.data(), Text { p.nameBlock, p.nameAt, p.nameSize });
}

Text TocEntries::put(std::string_view a, std::string_view b)
{
    const std::uint32_t size = narrow(a.size() + b.size(), "bytes in one string");
    if (size == 0)
        return {};
    Block* block = m_open == UINT32_MAX ? nullptr : &m_blocks[m_open];
    if (size > kBlockSize / 4) {
        // A long string gets a block of its own; the open one stays open.
        block = &m_blocks.emplace_back();
        block->capacity = size;
    } else if (!block || block->capacity - block->size < size) {
        // Blocks double from 4 KiB to 1 MiB: most layers have a few hundred entries.
        const std::uint32_t previous = block ? block->capacity : kFirstBlockSize / 2;
        m_open = narrow(m_blocks.size(), "blocks");
        block = &m_blocks.emplace_back();
        block->capacity = std::max(size, std::min(kBlockSize, 2 * previous));
    }
    if (!block->data)
        block->data = std::make_unique_for_overwrite<char[]>(block->capacity);
    const Text t { narrow(static_cast<std::size_t>(block - m_blocks.data()), "blocks"), block->size, size };
    // An empty view may have no data pointer, which memcpy must not be given.
    if (!a.empty())
        std::memcpy(block->data.get() + block->size, a.data(), a.size());
    if (!b.empty())
        std::memcpy(block->data.get() + block->size + a.size(), b.data(), b.size());
    block->size += size;
    return t;
}

TocEntries::Index& TocEntries::index()
{
    if (m_index)
        return *m_index;
    m_index = std::make_unique<Index>();
    for (std::uint32_t id = 1; id < m_strings.size() && m_index->strings.size() < kMaxIndexed; ++id)
        if (m_strings[id].size <= kMaxShared)
            m_index->strings.emplace(text(id), id);
    for (std::uint32_t id = 0; id < m_attrs.size() && m_index->attrs.size() < kMaxIndexed; ++id)
        m_index->attrs.emplace(m_attrs[id], id);
    return *m_index;
}

std::uint32_t TocEntries::intern(std::string_view s)
{
    if (s.empty())
        return 0;
    auto& strings = index().strings;
    const bool shared = s.size() <= kMaxShared;
    if (shared)
        if (const auto it = strings.find(s); it != strings.end())
            return it->second;
    const std::uint32_t id = narrow(m_strings.size(), "strings");
    m_strings.push_back(put(s));
    if (shared && strings.size() < kMaxIndexed)
        strings.emplace(text(id), id);
    return id;
}

std::uint32_t TocEntries::internAttrs(const Attrs& a)
{
    auto& attrs = index().attrs;
    if (const auto it = attrs.find(a); it != attrs.end())
        return it->second;
    const std::uint32_t id = narrow(m_attrs.size(), "attribute sets");
    m_attrs.push_back(a);
    if (attrs.size() < kMaxIndexed)
        attrs.emplace(a, id);
    return id;
}

void TocEntries::push_back(const TocEntry& e)
{
    narrow(m_entries.size() + 1, "entries");
    if (m_strings.empty())
        m_strings.emplace_back(); // string 0 is ""
    narrow(e.name.size(), "bytes in one name");
    narrow(e.linkname.size(), "bytes in one link target");
    Packed p;
    p.offset = e.uncompressedOffset;
    p.size = e.uncompressedSize;
    const Text both = put(e.name, e.linkname);
    p.nameBlock = both.block;
    p.nameAt = both.at;
    p.nameSize = static_cast<std::uint32_t>(e.name.size());
    p.linkSize = static_cast<std::uint32_t>(e.linkname.size());
    Attrs a;
    a.mode = e.mode;
    a.devmajor = e.devmajor;
    a.devminor = e.devminor;
    a.uid = e.uid;
    a.gid = e.gid;
    a.type = intern(e.type);
    a.uname = intern(e.uname);
    a.gname = intern(e.gname);
    a.kind = entryTypeFromString(e.type);
    p.attrs = internAttrs(a);
    p.modTime = intern(e.modTime);
    if (!e.xattrs.empty()) {
        if (m_records.empty())
            m_records.emplace_back(); // record 0 is unused
        narrow(m_records.size() + 1 + e.xattrs.size(), "PAX records");
        p.xattrs = static_cast<std::uint32_t>(m_records.size());
        m_records.push_back({ static_cast<std::uint32_t>(e.xattrs.size()), 0 });
        const auto byKey = [](const PaxRecord& x, const PaxRecord& y) { return x.first < y.first; };
        if (std::is_sorted(e.xattrs.begin(), e.xattrs.end(), byKey)) {
            for (const auto& [k, v] : e.xattrs)
                m_records.push_back({ intern(k), intern(v) });
        } else {
            std::vector<std::size_t> order(e.xattrs.size());
            std::iota(order.begin(), order.end(), std::size_t(0));
            std::stable_sort(order.begin(), order.end(),
                [&](std::size_t x, std::size_t y) { return byKey(e.xattrs[x], e.xattrs[y]); });
            for (const std::size_t i : order)
                m_records.push_back({ intern(e.xattrs[i].first), intern(e.xattrs[i].second) });
        }
    }
    m_entries.push_back(p);
}

void TocEntries::reserve(std::size_t n) { m_entries.reserve(n); }

void TocEntries::clear() { *this = TocEntries(); }

void TocEntries::releaseIndex() { m_index.reset(); }

std::size_t TocEntries::memoryUsage() const
{
    std::size_t n = m_entries.capacity() * sizeof(Packed) + m_attrs.capacity() * sizeof(Attrs)
        + m_strings.capacity() * sizeof(Text) + m_records.capacity() * sizeof(Record)
        + m_blocks.capacity() * sizeof(Block);
    for (const Block& b : m_blocks)
        n += b.capacity;
    if (m_index)
        n += m_index->strings.capacity() * (sizeof(std::pair<std::string_view, std::uint32_t>) + 1)
            + m_index->attrs.capacity() * (sizeof(std::pair<Attrs, std::uint32_t>) + 1);
    return n;
}

bool operator==(const TocEntries& a, const TocEntries& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i]))
            return false;
    return true;
}

} // namespace sociscope::soci
