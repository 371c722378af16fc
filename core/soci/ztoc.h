// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/toc_entries.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sociscope::soci {

// How the layer blob is stored; the values are the FlatBuffers enum values.
enum class CompressionAlgorithm : std::int8_t { Gzip = 1, Uncompressed = 2 };

// "gzip" or "uncompressed", as upstream spells it (lower case of the enum name).
const char* compressionAlgorithmName(CompressionAlgorithm algorithm);

// The zTOC of one layer (SOCI-FORMAT.md section 2). A plain value: build it, parse it,
// serialize it.
struct Ztoc {
    std::string version = "0.9";
    std::string buildToolIdentifier;
    std::int64_t compressedArchiveSize = 0; // C: the layer blob's length
    std::int64_t uncompressedArchiveSize = 0; // U: position just after the tar's first two zero blocks
    CompressionAlgorithm algorithm = CompressionAlgorithm::Gzip;
    std::int32_t maxSpanId = 0; // number of spans - 1
    std::vector<std::string> spanDigests; // "sha256:<hex>" per span, in span order
    std::string checkpoints; // the raw checkpoint blob (gzip zinfo or TarZinfo FlatBuffer)
    TocEntries entries; // ascending uncompressed offset (= archive order)

    friend bool operator==(const Ztoc&, const Ztoc&) = default;
};

// Parses zTOC bytes. First the FlatBuffers verifier (limits scaled to the buffer size),
// then every check upstream applies on load (section 2.6): the checkpoint blob parses,
// max_span_id and span_digests agree with it, the TOC offsets are consistent (entries
// come back sorted by offset, with tarHeaderOffset derived), span ranges are
// monotonic. Absent strings read as "", an absent algorithm as Gzip. Any violation is
// a Malformed error; hostile input never reads out of bounds. The input needs no
// particular alignment. Rule 6 (the gzip header) needs the layer: see SpanIndex::checkLayerHead().
Result<Ztoc> parseZtoc(std::string_view bytes);

// TocOnly: the same FlatBuffers verification and TOC checks, but the checkpoint
// blob is neither copied nor checked (it may be zero-filled): for reading the
// file tree from a zTOC fetched partly (the checkpoints skipped). Such a Ztoc
// must not be used to read data.
enum class ZtocParse { Full, TocOnly };
Result<Ztoc> parseZtoc(std::string_view bytes, ZtocParse mode);

// Where the checkpoint bytes sit in a serialized zTOC, found from its first
// bytes: [start, start + length). nullopt when prefix is too short to tell
// (the returned `needed` then says how many leading bytes would be), or the
// zTOC has no checkpoints. Bounds-checked against the prefix only.
struct CheckpointRegion {
    std::uint64_t start = 0;
    std::uint64_t length = 0;
};
std::optional<CheckpointRegion> locateCheckpoints(std::string_view prefix, std::uint64_t& needed);

// Serializes with the exact FlatBuffers construction order upstream uses (section 2.5),
// so upstream-made zTOCs re-encode byte for byte. PAX records are written sorted by
// key; entries in the given order. Fails (Usage) only for values that cannot be encoded:
// an unknown algorithm value or a result over the 2 GiB FlatBuffers limit.
Result<std::string> serializeZtoc(const Ztoc& ztoc);

} // namespace sociscope::soci
