// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/ztoc.h"

#include "ztoc_generated.h"

#include <algorithm>

namespace sociscope::soci {

namespace {
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

Offset<flatbuffers::String> text(FlatBufferBuilder& fbb, std::string_view s) { return fbb.CreateString(s.data(), s.size()); }

// Section 2.5 step 2 for one entry: strings, xattrs (TocEntries keeps them sorted by
// key), then the table with its fields added in slot order. The generated
// CreateFileMetadata() adds fields largest first and would give different bytes.
Offset<ztoc::FileMetadata> writeEntry(FlatBufferBuilder& fbb, const TocEntryView& e,
    std::vector<Offset<ztoc::Xattr>>& xattrOffsets)
{
    const auto name = text(fbb, e.name);
    const auto type = text(fbb, e.type);
    const auto linkname = text(fbb, e.linkname);
    const auto uname = text(fbb, e.uname);
    const auto gname = text(fbb, e.gname);
    const auto modTime = text(fbb, e.modTime);

    xattrOffsets.clear();
    for (const auto& [k, v] : e.xattrs) {
        const auto key = text(fbb, k);
        const auto value = text(fbb, v);
        ztoc::XattrBuilder xb(fbb);
        xb.add_key(key);
        xb.add_value(value);
        xattrOffsets.push_back(xb.Finish());
    }
    const auto xattrs = fbb.CreateVector(xattrOffsets);

    ztoc::FileMetadataBuilder b(fbb);
    b.add_name(name);
    b.add_type(type);
    b.add_uncompressed_offset(e.uncompressedOffset);
    b.add_uncompressed_size(e.uncompressedSize);
    b.add_linkname(linkname);
    b.add_mode(e.mode);
    b.add_uid(e.uid);
    b.add_gid(e.gid);
    b.add_uname(uname);
    b.add_gname(gname);
    b.add_mod_time(modTime);
    b.add_devmajor(e.devmajor);
    b.add_devminor(e.devminor);
    b.add_xattrs(xattrs);
    return b.Finish();
}

// A generous upper bound of the encoded size, to refuse instead of overflowing the
// builder (FlatBuffers asserts, or worse in release builds, past 2 GiB).
std::uint64_t sizeBound(const Ztoc& z)
{
    const auto s = [](std::string_view x) { return x.size() + 12; };
    std::uint64_t n = 256 + s(z.version) + s(z.buildToolIdentifier) + z.checkpoints.size() + 8;
    for (const std::string& d : z.spanDigests)
        n += s(d) + 4;
    for (const TocEntryView e : z.entries) {
        n += 160 + s(e.name) + s(e.type) + s(e.linkname) + s(e.uname) + s(e.gname) + s(e.modTime);
        for (const auto& [k, v] : e.xattrs)
            n += 32 + s(k) + s(v);
    }
    return n;
}
} // namespace

Result<std::string> serializeZtoc(const Ztoc& z)
{
    if (z.algorithm != CompressionAlgorithm::Gzip && z.algorithm != CompressionAlgorithm::Uncompressed)
        return makeError(
            ErrorCode::Usage, "cannot encode compression algorithm " + std::to_string(static_cast<int>(z.algorithm)));
    if (sizeBound(z) >= FLATBUFFERS_MAX_BUFFER_SIZE)
        return makeError(ErrorCode::Usage, "the zTOC would exceed the 2 GiB FlatBuffers limit",
            std::to_string(z.entries.size()) + " entries, " + std::to_string(z.spanDigests.size()) + " spans");

    FlatBufferBuilder fbb(std::max<size_t>(1024, z.checkpoints.size() + z.entries.size() * 160 + 4096));
    const auto version = fbb.CreateString(z.version);
    const auto buildTool = fbb.CreateString(z.buildToolIdentifier);

    std::vector<Offset<ztoc::FileMetadata>> entryOffsets(z.entries.size());
    std::vector<Offset<ztoc::Xattr>> xattrScratch;
    for (size_t i = z.entries.size(); i-- > 0;)
        entryOffsets[i] = writeEntry(fbb, z.entries[i], xattrScratch);
    const auto metadata = fbb.CreateVector(entryOffsets);
    ztoc::TOCBuilder tb(fbb);
    tb.add_metadata(metadata);
    const auto toc = tb.Finish();

    const auto checkpoints
        = fbb.CreateVector(reinterpret_cast<const std::uint8_t*>(z.checkpoints.data()), z.checkpoints.size());
    std::vector<Offset<flatbuffers::String>> digestOffsets;
    digestOffsets.reserve(z.spanDigests.size());
    for (const std::string& d : z.spanDigests)
        digestOffsets.push_back(fbb.CreateString(d));
    const auto spanDigests = fbb.CreateVector(digestOffsets);

    ztoc::CompressionInfoBuilder cb(fbb);
    cb.add_max_span_id(z.maxSpanId);
    cb.add_span_digests(spanDigests);
    cb.add_checkpoints(checkpoints);
    // Last, as upstream does; Gzip equals the default and is dropped by the builder.
    cb.add_compression_algorithm(static_cast<ztoc::CompressionAlgorithm>(z.algorithm));
    const auto info = cb.Finish();

    ztoc::ZtocBuilder zb(fbb);
    zb.add_version(version);
    zb.add_build_tool_identifier(buildTool);
    zb.add_toc(toc);
    zb.add_compressed_archive_size(z.compressedArchiveSize);
    zb.add_uncompressed_archive_size(z.uncompressedArchiveSize);
    zb.add_compression_info(info);
    fbb.Finish(zb.Finish());
    return std::string(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
}

} // namespace sociscope::soci
