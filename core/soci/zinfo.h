// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::soci {

// Deflate's window: every gzip checkpoint carries the 32 KiB before it.
inline constexpr std::size_t kWindowSize = 32768;
// int32 N + int64 span_size in front of a gzip checkpoint blob.
inline constexpr std::size_t kGzipZinfoHeaderSize = 12;
// in (8) + out (8) + bits (1) + window, tightly packed.
inline constexpr std::size_t kGzipCheckpointSize = 17 + kWindowSize;

// One place where decompression can resume (section 3.1).
struct GzipCheckpoint {
    std::int64_t in = 0; // compressed offset of the first byte not yet consumed
    std::int64_t out = 0; // uncompressed offset
    std::uint8_t bits = 0; // unused bits (0..7) of the byte at in - 1
    std::string window; // the kWindowSize uncompressed bytes before out, oldest first

    friend bool operator==(const GzipCheckpoint&, const GzipCheckpoint&) = default;
};

// A parsed gzip checkpoint blob ("zinfo").
struct GzipZinfo {
    int version = 2; // 2, or 1 for a legacy blob whose checkpoint 0 was synthesized
    std::int64_t spanSize = 0; // the span size requested at build time
    std::vector<GzipCheckpoint> checkpoints;
};

// Parses a gzip checkpoint blob, v2 or legacy v1 (sections 3.1, 3.2), including the
// header-only N = 0 and N = 1 forms. Malformed when the length fits neither version,
// N < 0, or a record has bits > 7 or a negative offset.
Result<GzipZinfo> parseGzipZinfo(std::string_view blob);

// Appends one packed v2 record (in, out, bits, window) to blob. window must hold
// exactly kWindowSize bytes.
void appendGzipCheckpoint(std::string& blob, std::int64_t in, std::int64_t out, std::uint8_t bits, const void* window);

// Writes the 12-byte header (N, span size) over the start of blob, which must be at
// least that long: for writers that append records first and count them as they go.
void writeGzipZinfoHeader(std::string& blob, std::int32_t count, std::int64_t spanSize);

// A v2 blob: header, then the records. Each window must hold kWindowSize bytes.
std::string serializeGzipZinfo(std::int64_t spanSize, const std::vector<GzipCheckpoint>& checkpoints);

// The checkpoint "blob" of an uncompressed layer: a tiny FlatBuffer (section 3.4).
struct TarZinfo {
    std::int32_t version = 2;
    std::int64_t spanSize = 0;
    std::int64_t size = 0; // tar file length (C)

    // floor(size / spanSize), minus 1 when size is a multiple of spanSize. Needs spanSize > 0.
    [[nodiscard]] std::int32_t maxSpanId() const;
    friend bool operator==(const TarZinfo&, const TarZinfo&) = default;
};

// Verifies and reads a TarZinfo FlatBuffer. Malformed unless span_size > 0, size >= 0
// and the span count fits int32.
Result<TarZinfo> parseTarZinfo(std::string_view blob);

// Builds the TarZinfo FlatBuffer, adding version, span_size, size in that order (11.3).
std::string serializeTarZinfo(const TarZinfo& zinfo);

// The length of the complete gzip member header (RFC 1952: FEXTRA, FNAME, FCOMMENT,
// FHCRC) at the start of bytes. Malformed when bytes do not start with one, or end inside it.
Result<std::size_t> parseGzipHeader(std::string_view bytes);

} // namespace sociscope::soci
