// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sociscope::soci {

// The file type of a TOC entry, decoded from its "type" string.
enum class EntryType : std::uint8_t { Regular, Directory, Symlink, Hardlink, CharDevice, BlockDevice, Fifo, Unknown };

// "reg", "dir", "symlink", "hardlink", "char", "block", "fifo" -> EntryType; Unknown otherwise.
EntryType entryTypeFromString(std::string_view type);
// The inverse of entryTypeFromString; "" for Unknown.
const char* entryTypeString(EntryType type);

// One PAX record of a tar entry (zTOC "xattrs" holds all of them, not only SCHILY.xattr.*).
using PaxRecord = std::pair<std::string, std::string>;
// A PAX record read in place from a TocEntries.
using PaxRecordView = std::pair<std::string_view, std::string_view>;

// One tar entry as a value of its own: every FileMetadata field of the zTOC. What
// builders fill in and TocEntries::push_back() copies; a Ztoc hands out TocEntryViews.
struct TocEntry {
    std::string name; // raw tar name after PAX path / GNU long name, never cleaned
    std::string type; // "reg", "dir", ... as stored
    std::int64_t uncompressedOffset = 0; // first data byte in the uncompressed tar
    std::int64_t uncompressedSize = 0; // the header's size field
    std::string linkname;
    std::int64_t mode = 0; // raw tar mode field (may carry file-type bits)
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::string uname;
    std::string gname;
    std::string modTime; // RFC 3339 text; parse with parseRfc3339()
    std::int64_t devmajor = 0;
    std::int64_t devminor = 0;
    std::vector<PaxRecord> xattrs; // all PAX records (TocEntries keeps them sorted by key)

    // The decoded type.
    [[nodiscard]] EntryType kind() const { return entryTypeFromString(type); }

    friend bool operator==(const TocEntry&, const TocEntry&) = default;
};

class TocEntries;

// How TocEntries stores strings; in the header only because views point at them.
namespace toc_storage {
// Bytes that never move once written: views stay valid while blocks are added
// and when the TocEntries moves.
struct Block {
    std::unique_ptr<char[]> data;
    std::uint32_t size = 0, capacity = 0;
};
// Where a string's bytes are: blocks[block] from byte at.
struct Text {
    std::uint32_t block = 0, at = 0, size = 0;
};
struct Record {
    std::uint32_t key = 0, value = 0; // string numbers
};

// A random-access iterator over an Owner read by index, whose elements (Value) are
// made on access by Owner::operator[].
template<typename Owner, typename Value>
class IndexIterator {
public:
    using iterator_category = std::input_iterator_tag; // elements are values, not references
    using iterator_concept = std::random_access_iterator_tag;
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using reference = Value;
    using pointer = void;
    IndexIterator() = default;
    IndexIterator(const Owner* owner, std::size_t i) : m_owner(owner), m_i(i) {}
    Value operator*() const { return (*m_owner)[m_i]; }
    Value operator[](difference_type n) const { return (*m_owner)[m_i + static_cast<std::size_t>(n)]; }
    IndexIterator& operator++() { ++m_i; return *this; }
    IndexIterator operator++(int) { auto old = *this; ++m_i; return old; }
    IndexIterator& operator--() { --m_i; return *this; }
    IndexIterator operator--(int) { auto old = *this; --m_i; return old; }
    IndexIterator& operator+=(difference_type n) { m_i += static_cast<std::size_t>(n); return *this; }
    IndexIterator& operator-=(difference_type n) { m_i -= static_cast<std::size_t>(n); return *this; }
    friend IndexIterator operator+(IndexIterator it, difference_type n) { return it += n; }
    friend IndexIterator operator+(difference_type n, IndexIterator it) { return it += n; }
    friend IndexIterator operator-(IndexIterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const IndexIterator& a, const IndexIterator& b)
    {
        return static_cast<difference_type>(a.m_i) - static_cast<difference_type>(b.m_i);
    }
    friend bool operator==(const IndexIterator& a, const IndexIterator& b) { return a.m_i == b.m_i; }
    friend auto operator<=>(const IndexIterator& a, const IndexIterator& b) { return a.m_i <=> b.m_i; }

private:
    const Owner* m_owner = nullptr;
    std::size_t m_i = 0;
};
} // namespace toc_storage

// An entry's PAX records, sorted by key (byte order), read in place from the
// TocEntries that holds them.
class PaxRecords {
public:
    using const_iterator = toc_storage::IndexIterator<PaxRecords, PaxRecordView>;

    PaxRecords() = default;
    [[nodiscard]] std::size_t size() const { return m_count; }
    [[nodiscard]] bool empty() const { return m_count == 0; }
    // Precondition: i < size().
    PaxRecordView operator[](std::size_t i) const;
    [[nodiscard]] const_iterator begin() const { return {this, 0}; }
    [[nodiscard]] const_iterator end() const { return {this, m_count}; }
    // Copies of the records.
    [[nodiscard]] std::vector<PaxRecord> toVector() const;

    friend bool operator==(const PaxRecords& a, const PaxRecords& b);

private:
    friend class TocEntries;
    const toc_storage::Record* m_first = nullptr;
    const toc_storage::Text* m_strings = nullptr;
    const toc_storage::Block* m_blocks = nullptr;
    std::uint32_t m_count = 0;
};

// One entry of a TocEntries, read in place: the fields of TocEntry, its strings
// pointing into the TocEntries. Valid while that is neither changed nor destroyed
// (moving it keeps them valid). Cheap to make: the TocEntries stores entries
// packed, a view is made on each access.
class TocEntryView {
public:
    std::string_view name; // raw tar name after PAX path / GNU long name, never cleaned
    std::string_view type; // "reg", "dir", ... as stored
    std::int64_t uncompressedOffset = 0;
    std::int64_t uncompressedSize = 0;
    std::string_view linkname;
    std::int64_t mode = 0;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::string_view uname;
    std::string_view gname;
    std::string_view modTime; // RFC 3339 text; parse with parseRfc3339()
    std::int64_t devmajor = 0;
    std::int64_t devminor = 0;
    PaxRecords xattrs; // all PAX records, sorted by key (byte order)
    // Derived, not stored: where the entry's first header block starts (the previous
    // entry's data end rounded up to 512; 0 for the first entry), as section 2.6 rule 4 derives it.
    std::int64_t tarHeaderOffset = 0;

    // The decoded type (decoded once per distinct type, not per access).
    [[nodiscard]] EntryType kind() const { return m_kind; }
    // Filesystem xattrs: the SCHILY.xattr.<name> records with the prefix removed.
    [[nodiscard]] std::vector<PaxRecord> filesystemXattrs() const;
    // A copy that owns its strings.
    [[nodiscard]] TocEntry toEntry() const;

    friend bool operator==(const TocEntryView& a, const TocEntryView& b);

private:
    friend class TocEntries;
    EntryType m_kind = EntryType::Unknown;
};

// The entries of a zTOC in archive order, stored compactly: a million entries take
// about 44 bytes each plus their names, where a vector<TocEntry> took 390. Names and
// link targets sit back to back in large blocks; the values most entries share
// (type, mode, owner, group, device numbers, mtime text, PAX keys) are kept once
// and referred to by number. Every byte of every field is kept as given, so a zTOC
// re-serializes identically. A plain value: copy, move, compare.
class TocEntries {
public:
    using const_iterator = toc_storage::IndexIterator<TocEntries, TocEntryView>;
    using iterator = const_iterator;
    using value_type = TocEntryView;
    using size_type = std::size_t;

    TocEntries();
    // So that a list of entries reads as one: `ztoc.entries = {dir, file}`.
    TocEntries(std::initializer_list<TocEntry> entries);
    TocEntries(const std::vector<TocEntry>& entries); // NOLINT(google-explicit-constructor): same as above
    TocEntries(const TocEntries& other);
    TocEntries(TocEntries&& other) noexcept;
    TocEntries& operator=(const TocEntries& other);
    TocEntries& operator=(TocEntries&& other) noexcept;
    ~TocEntries();

    [[nodiscard]] std::size_t size() const { return m_entries.size(); }
    [[nodiscard]] bool empty() const { return m_entries.empty(); }
    // Precondition: i < size().
    TocEntryView operator[](std::size_t i) const;
    // Only the name of entry i (what a whiteout pass needs), without making a whole view.
    [[nodiscard]] std::string_view name(std::size_t i) const;
    [[nodiscard]] TocEntryView front() const { return (*this)[0]; }
    [[nodiscard]] TocEntryView back() const { return (*this)[size() - 1]; }
    [[nodiscard]] const_iterator begin() const { return {this, 0}; }
    [[nodiscard]] const_iterator end() const { return {this, size()}; }

    // Appends a copy of e, its PAX records sorted by key (stable). Entries belong in
    // ascending uncompressed offset (tarHeaderOffset is derived from the previous one).
    // Throws std::length_error past 2^32 - 1 entries, strings or PAX records, as a
    // vector does past max_size() (memory runs out long before).
    void push_back(const TocEntry& e);
    // Room for n entries without moving the packed array.
    void reserve(std::size_t n);
    void clear();
    // Frees what only adding needs (the index that finds values kept already).
    // Adding later still works; the index is then rebuilt.
    void releaseIndex();
    // Bytes held on the heap (what the entries cost), for benchmarks and limits.
    [[nodiscard]] std::size_t memoryUsage() const;

    friend bool operator==(const TocEntries& a, const TocEntries& b);

private:
    struct Index;

    using Text = toc_storage::Text;
    using Record = toc_storage::Record;
    using Block = toc_storage::Block;
    // What many entries share; kept once, an entry holds its number.
    struct Attrs {
        std::int64_t mode = 0, devmajor = 0, devminor = 0;
        std::uint32_t uid = 0, gid = 0;
        std::uint32_t type = 0, uname = 0, gname = 0; // string numbers
        EntryType kind = EntryType::Unknown;
        friend bool operator==(const Attrs&, const Attrs&) = default;
    };
    // One entry. The link target's bytes follow the name's. Packed to 4-byte
    // alignment: 44 bytes instead of 48, 4 MB per million entries.
#pragma pack(push, 4)
    struct Packed {
        std::int64_t offset = 0, size = 0;
        std::uint32_t nameBlock = 0, nameAt = 0, nameSize = 0, linkSize = 0;
        std::uint32_t attrs = 0, modTime = 0; // numbers in m_attrs, m_strings
        // 0: no PAX records; else m_records[xattrs].key is their count, and they follow it.
        std::uint32_t xattrs = 0;
    };
#pragma pack(pop)
    static_assert(sizeof(Packed) == 44, "the packed entry is what a million entries cost: keep it small");
    [[nodiscard]] std::string_view text(std::uint32_t id) const;
    Text put(std::string_view a, std::string_view b = {});
    std::uint32_t intern(std::string_view s);
    std::uint32_t internAttrs(const Attrs& a);
    Index& index();
    void copyFrom(const TocEntries& other);

    std::vector<Packed> m_entries;
    std::vector<Attrs> m_attrs;
    std::vector<Text> m_strings; // [0] is "" (made by the first push_back)
    std::vector<Record> m_records; // [0] unused, so that 0 means none
    std::vector<Block> m_blocks;
    std::uint32_t m_open = UINT32_MAX; // the block short strings go to; UINT32_MAX: none yet
    std::unique_ptr<Index> m_index; // built when adding, rebuilt after a copy or releaseIndex()
};

} // namespace sociscope::soci
