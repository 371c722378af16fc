// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/span_reader.h"

#include "oci/digest.h"

#include <algorithm>

namespace sociscope::soci {

Result<std::string> inflateFromCheckpoint(
    const GzipCheckpoint& cp, std::string_view compressed, std::int64_t offset, std::size_t length, Inflater inflater)
{
    if (offset < cp.out)
        return makeError(ErrorCode::Usage,
            "offset " + std::to_string(offset) + " lies before checkpoint out " + std::to_string(cp.out));
    if (length == 0)
        return std::string();
    std::string out(length, '\0');
    if (auto st = inflateInto(inflater, cp, compressed, static_cast<std::uint64_t>(offset - cp.out), out); !st)
        return st.error();
    return out;
}

Result<std::string> decompressSpan(
    const SpanIndex& index, std::int32_t span, std::string_view compressed, Inflater inflater)
{
    if (span < 0 || span >= index.spanCount())
        return makeError(ErrorCode::Usage, "span " + std::to_string(span) + " does not exist");
    const SpanRange& r = index.range(span);
    if (static_cast<std::int64_t>(compressed.size()) != r.compressedEnd - r.compressedStart)
        return makeError(ErrorCode::Usage,
            "span " + std::to_string(span) + " is " + std::to_string(r.compressedEnd - r.compressedStart)
                + " compressed bytes, got " + std::to_string(compressed.size()));
    const std::int64_t want = std::max<std::int64_t>(r.uncompressedEnd - r.uncompressedStart, 0);
    if (index.algorithm() == CompressionAlgorithm::Uncompressed) {
        if (want > static_cast<std::int64_t>(compressed.size()))
            return makeError(ErrorCode::Malformed,
                "span " + std::to_string(span) + " is shorter than its uncompressed range", "span data");
        return std::string(compressed.substr(0, static_cast<size_t>(want)));
    }
    return inflateFromCheckpoint(
        index.checkpoint(span), compressed, r.uncompressedStart, static_cast<size_t>(want), inflater);
}

Status verifySpan(std::string_view bytes, std::string_view digest)
{
    auto expected = oci::Digest::parse(digest);
    if (!expected)
        return makeError(ErrorCode::Integrity, "span digest \"" + std::string(digest) + "\" does not parse",
            expected.error().message);
    return oci::verify(bytes, *expected, "span");
}

} // namespace sociscope::soci
