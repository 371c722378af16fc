// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/inflater.h"
#include "soci/spans.h"
#include "soci/zinfo.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sociscope::soci {

// Resumes decompression at a checkpoint (section 3.6) and returns exactly the
// uncompressed bytes [offset, offset + length). compressed holds the layer bytes of
// one or more consecutive spans, starting at the compressed start of the span that
// checkpoint opens (so at in - 1 when bits != 0). Crosses gzip member ends. A pure
// function: Usage when offset < checkpoint.out; Malformed when the data is not a valid
// deflate stream or ends before length bytes were produced. inflater picks the library.
Result<std::string> inflateFromCheckpoint(const GzipCheckpoint& checkpoint, std::string_view compressed,
    std::int64_t offset, std::size_t length, Inflater inflater = defaultInflater());

// The whole uncompressed content of span i from its fetched compressed bytes
// [range(i).compressedStart, range(i).compressedEnd): inflated for gzip (with inflater,
// ISA-L unless SOCISCOPE_INFLATE=zlib), copied for tar. Malformed when it does not
// produce exactly the span's uncompressed length.
Result<std::string> decompressSpan(
    const SpanIndex& index, std::int32_t span, std::string_view compressed, Inflater inflater = defaultInflater());

// Integrity error unless sha256(bytes) equals digest ("sha256:<hex>"). A digest that
// does not parse fails too, as upstream keeps such digests empty and fails the span.
Status verifySpan(std::string_view bytes, std::string_view digest);

} // namespace sociscope::soci
