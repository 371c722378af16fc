// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/spans.h"
#include "soci/ztoc.h"

#include "ztoc_generated.h"

#include <algorithm>
#include <cstring>
#include <memory>

namespace sociscope::soci {

namespace {
Error malformed(std::string message)
{
    return makeError(ErrorCode::Malformed, std::move(message), "zTOC");
}

std::string str(const flatbuffers::String* s)
{
    return s ? std::string(s->data(), s->size()) : std::string();
}

// Every table visit the verifier makes is reached through a distinct 4-byte offset (or is
// the root), so a well-formed zTOC never has more than size / 4 + 1 of them. The 2.0.8
// default of 1,000,000 rejects big layers (every entry is a table, and so is each of its
// PAX records), while a fixed huge limit would let a hostile buffer that points many
// offsets at one table make the verifier do quadratic work.
flatbuffers::Verifier::Options verifierOptions(size_t size)
{
    flatbuffers::Verifier::Options o;
    o.max_tables = static_cast<flatbuffers::uoffset_t>(size / 4 + 1);
    // The schema nests Ztoc > TOC > FileMetadata > Xattr (vectors do not count), so the
    // depth never grows with the buffer: 8 leaves room and still stops a runaway.
    o.max_depth = 8;
    o.check_alignment = true;
    return o;
}

constexpr std::int64_t kTarBlock = 512;

// What decoding may allocate, counted as it goes. A FlatBuffer may point many
// offsets at one table or string, so a small buffer could decode to gigabytes
// (a 64 KiB name shared by a million entries). Writers do not share tables,
// and strings at most for repeated short values ("reg", "root"): an entry
// takes at least ~50 bytes of buffer and decodes to at most kEntryCost bytes
// (less: TocEntries keeps repeated values once) plus its names, so a real zTOC
// decodes to 1-3 times its size; sixteen times plus 1 MiB is ample, and still
// stops the blow-up.
class DecodeBudget final {
public:
    explicit DecodeBudget(size_t bufferSize) : m_left(16 * static_cast<std::uint64_t>(bufferSize) + (1u << 20)) {}
    // False once the total passes the budget.
    bool spend(std::uint64_t bytes)
    {
        if (bytes > m_left)
            return false;
        m_left -= bytes;
        return true;
    }
    static Error exceeded()
    {
        return malformed("the zTOC decodes to more than sixteen times its own size: its tables or strings are "
                         "shared between entries, which no zTOC writer does; the zTOC is broken or hostile");
    }

private:
    std::uint64_t m_left;
};

// What one entry may cost in a TocEntries besides its strings' bytes: the packed
// entry, an attribute set, four string slots and a PAX record count, none of them shared.
constexpr std::uint64_t kEntryCost = 148;
// The same for one PAX record: the record and its two string slots.
constexpr std::uint64_t kRecordCost = 32;

std::uint64_t strSize(const flatbuffers::String* s) { return s ? s->size() : 0; }

void assign(std::string& to, const flatbuffers::String* s)
{
    if (s)
        to.assign(s->data(), s->size());
    else
        to.clear();
}

// Section 2.6 rule 4: entries sorted by offset never overlap, and no offset or end overflows.
Status checkOffsets(const ztoc::FileMetadata* m, std::int64_t& next)
{
    const std::int64_t offset = m->uncompressed_offset();
    const std::int64_t size = m->uncompressed_size();
    std::int64_t end = 0;
    const auto name = [&] { return str(m->name()); };
    if (offset < 0 || size < 0 || __builtin_add_overflow(offset, size, &end) || end > INT64_MAX - kTarBlock)
        return malformed("invalid toc entry \"" + name() + "\": offset " + std::to_string(offset) + ", size "
            + std::to_string(size));
    if (next > offset)
        return malformed("invalid toc entry \"" + name() + "\": its data at " + std::to_string(offset)
            + " overlaps the previous entry, which ends at " + std::to_string(next));
    next = (end + kTarBlock - 1) / kTarBlock * kTarBlock;
    return {};
}

// The entries, sorted by offset (stable, as upstream sorts them) and checked, copied
// one by one into the compact TocEntries through a reused scratch entry.
Result<TocEntries> readToc(const ztoc::TOC* toc, DecodeBudget& budget)
{
    TocEntries entries;
    const auto* metadata = toc->metadata();
    if (!metadata)
        return entries;
    // Each entry costs at least its share, so the count is checked before reserving.
    if (!budget.spend(static_cast<std::uint64_t>(metadata->size()) * (kEntryCost + sizeof(std::uint32_t))))
        return DecodeBudget::exceeded();
    std::vector<std::uint32_t> order(metadata->size());
    for (flatbuffers::uoffset_t i = 0; i < metadata->size(); ++i)
        order[i] = i;
    const auto byOffset = [&](std::uint32_t a, std::uint32_t b) {
        return metadata->Get(a)->uncompressed_offset() < metadata->Get(b)->uncompressed_offset();
    };
    if (!std::is_sorted(order.begin(), order.end(), byOffset))
        std::stable_sort(order.begin(), order.end(), byOffset);
    entries.reserve(metadata->size());
    TocEntry e;
    std::int64_t next = 0;
    for (const std::uint32_t i : order) {
        const ztoc::FileMetadata* m = metadata->Get(i);
        std::uint64_t cost = strSize(m->name()) + strSize(m->type()) + strSize(m->linkname()) + strSize(m->uname())
                             + strSize(m->gname()) + strSize(m->mod_time());
        if (const auto* xattrs = m->xattrs())
            for (flatbuffers::uoffset_t j = 0; j < xattrs->size(); ++j)
                cost += kRecordCost + strSize(xattrs->Get(j)->key()) + strSize(xattrs->Get(j)->value());
        if (!budget.spend(cost))
            return DecodeBudget::exceeded();
        if (auto st = checkOffsets(m, next); !st)
            return st.error();
        assign(e.name, m->name());
        assign(e.type, m->type());
        e.uncompressedOffset = m->uncompressed_offset();
        e.uncompressedSize = m->uncompressed_size();
        assign(e.linkname, m->linkname());
        e.mode = m->mode();
        e.uid = m->uid();
        e.gid = m->gid();
        assign(e.uname, m->uname());
        assign(e.gname, m->gname());
        assign(e.modTime, m->mod_time());
        e.devmajor = m->devmajor();
        e.devminor = m->devminor();
        const auto* xattrs = m->xattrs();
        e.xattrs.resize(xattrs ? xattrs->size() : 0);
        for (flatbuffers::uoffset_t j = 0; j < e.xattrs.size(); ++j) {
            assign(e.xattrs[j].first, xattrs->Get(j)->key());
            assign(e.xattrs[j].second, xattrs->Get(j)->value());
        }
        entries.push_back(e); // sorts the PAX records by key
    }
    // Only adding needs the index; a parsed zTOC is read, not added to.
    entries.releaseIndex();
    return entries;
}
} // namespace

Result<Ztoc> parseZtoc(std::string_view bytes) { return parseZtoc(bytes, ZtocParse::Full); }

std::optional<CheckpointRegion> locateCheckpoints(std::string_view prefix, std::uint64_t& needed)
{
    needed = 0;
    const auto* p = reinterpret_cast<const std::uint8_t*>(prefix.data());
    const std::uint64_t n = prefix.size();
    // Little-endian loads, each checked against the prefix; a miss records how far we need.
    const auto u32 = [&](std::uint64_t at, std::uint32_t& out) {
        if (at + 4 > n) {
            needed = std::max<std::uint64_t>(needed, at + 4);
            return false;
        }
        out = static_cast<std::uint32_t>(p[at]) | static_cast<std::uint32_t>(p[at + 1]) << 8 |
              static_cast<std::uint32_t>(p[at + 2]) << 16 | static_cast<std::uint32_t>(p[at + 3]) << 24;
        return true;
    };
    const auto u16 = [&](std::uint64_t at, std::uint16_t& out) {
        if (at + 2 > n) {
            needed = std::max<std::uint64_t>(needed, at + 2);
            return false;
        }
        out = static_cast<std::uint16_t>(p[at] | p[at + 1] << 8);
        return true;
    };
    // Field slot of a table at `table`: its absolute position, or 0 when absent.
    const auto field = [&](std::uint64_t table, int slot, std::uint64_t& at) {
        std::uint32_t soff = 0;
        if (!u32(table, soff))
            return false;
        const std::int64_t vt = static_cast<std::int64_t>(table) - static_cast<std::int32_t>(soff);
        if (vt < 0)
            return false;
        std::uint16_t vtSize = 0;
        if (!u16(static_cast<std::uint64_t>(vt), vtSize))
            return false;
        const std::uint64_t entry = 4 + 2 * static_cast<std::uint64_t>(slot);
        if (entry + 2 > vtSize) {
            at = 0;
            return true;
        }
        std::uint16_t off = 0;
        if (!u16(static_cast<std::uint64_t>(vt) + entry, off))
            return false;
        at = off ? table + off : 0;
        return true;
    };
    const auto follow = [&](std::uint64_t at, std::uint64_t& target) {
        std::uint32_t rel = 0;
        if (!u32(at, rel))
            return false;
        target = at + rel;
        return true;
    };
    std::uint64_t root = 0, ciField = 0, ci = 0, cpField = 0, vec = 0;
    std::uint32_t len = 0;
    if (!follow(0, root) || !field(root, 5, ciField) || !ciField || !follow(ciField, ci) || !field(ci, 3, cpField) ||
        !cpField || !follow(cpField, vec) || !u32(vec, len))
        return std::nullopt;
    return CheckpointRegion{vec + 4, len};
}

Result<Ztoc> parseZtoc(std::string_view bytes, ZtocParse mode)
{
    if (bytes.size() < 8)
        return malformed("a zTOC needs at least 8 bytes, got " + std::to_string(bytes.size()));
    if (bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE)
        return malformed("zTOC of " + std::to_string(bytes.size()) + " bytes exceeds the 2 GiB FlatBuffers limit");

    // Accessors load scalars in place; copy unless the caller's bytes are 8-aligned.
    std::unique_ptr<std::uint64_t[]> aligned;
    const auto* buf = reinterpret_cast<const std::uint8_t*>(bytes.data());
    if (reinterpret_cast<std::uintptr_t>(buf) % alignof(std::uint64_t) != 0) {
        aligned.reset(new std::uint64_t[(bytes.size() + 7) / 8]);
        std::memcpy(aligned.get(), bytes.data(), bytes.size());
        buf = reinterpret_cast<const std::uint8_t*>(aligned.get());
    }

    flatbuffers::Verifier verifier(buf, bytes.size(), verifierOptions(bytes.size()));
    if (!ztoc::VerifyZtocBuffer(verifier))
        return malformed("not a valid zTOC FlatBuffer (an offset, length or table lies outside the "
            + std::to_string(bytes.size()) + "-byte buffer, or nesting is too deep)");
    const ztoc::Ztoc* root = ztoc::GetZtoc(buf);
    if (!root->toc())
        return malformed("the zTOC has no toc table");
    const ztoc::CompressionInfo* info = root->compression_info();
    if (!info)
        return malformed("the zTOC has no compression_info table");

    Ztoc z;
    z.version = str(root->version());
    z.buildToolIdentifier = str(root->build_tool_identifier());
    z.compressedArchiveSize = root->compressed_archive_size();
    z.uncompressedArchiveSize = root->uncompressed_archive_size();
    const auto algo = static_cast<std::int8_t>(info->compression_algorithm());
    if (algo != static_cast<std::int8_t>(CompressionAlgorithm::Gzip)
        && algo != static_cast<std::int8_t>(CompressionAlgorithm::Uncompressed))
        return malformed(
            "unknown compression_algorithm value " + std::to_string(algo) + " (1 = gzip, 2 = uncompressed)");
    z.algorithm = static_cast<CompressionAlgorithm>(algo);
    z.maxSpanId = info->max_span_id();
    DecodeBudget budget(bytes.size());
    if (const auto* digests = info->span_digests()) {
        std::uint64_t cost = static_cast<std::uint64_t>(digests->size()) * sizeof(std::string);
        for (flatbuffers::uoffset_t i = 0; i < digests->size(); ++i)
            cost += strSize(digests->Get(i));
        if (!budget.spend(cost))
            return DecodeBudget::exceeded();
        z.spanDigests.reserve(digests->size());
        for (flatbuffers::uoffset_t i = 0; i < digests->size(); ++i)
            z.spanDigests.push_back(str(digests->Get(i)));
    }
    if (const auto* cps = info->checkpoints(); cps && mode == ZtocParse::Full)
        z.checkpoints.assign(reinterpret_cast<const char*>(cps->data()), cps->size());

    auto entries = readToc(root->toc(), budget);
    if (!entries)
        return entries.error();
    z.entries = std::move(*entries);

    if (mode == ZtocParse::Full)
        if (auto index = SpanIndex::create(z); !index)
            return index.error();
    return z;
}

const char* compressionAlgorithmName(CompressionAlgorithm algorithm)
{
    switch (algorithm) {
    case CompressionAlgorithm::Gzip:
        return "gzip";
    case CompressionAlgorithm::Uncompressed:
        return "uncompressed";
    }
    return "unknown";
}

} // namespace sociscope::soci
