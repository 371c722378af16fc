// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/zinfo.h"
#include "soci/ztoc.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace sociscope::soci {

// Where one span lives in the layer blob and in the uncompressed tar (section 3.4).
// Both ranges are half-open. For gzip, compressedStart is in - 1 when bits != 0: that
// byte is shared with the previous span.
struct SpanRange {
    std::int64_t compressedStart = 0;
    std::int64_t compressedEnd = 0;
    std::int64_t uncompressedStart = 0;
    std::int64_t uncompressedEnd = 0;

    friend bool operator==(const SpanRange&, const SpanRange&) = default;
};

// Gzip span ranges from checkpoints; the last span ends at C (compressed) and U.
std::vector<SpanRange> gzipSpanRanges(
    const std::vector<GzipCheckpoint>& checkpoints, std::int64_t compressedSize, std::int64_t uncompressedSize);

// Tar span ranges: fixed cuts of spanSize over [0, C); the last one ends at U uncompressed.
std::vector<SpanRange> tarSpanRanges(const TarZinfo& zinfo, std::int64_t compressedSize, std::int64_t uncompressedSize);

// The span layout of one zTOC: parsed checkpoints, span ranges and offset->span lookup.
class SpanIndex final {
public:
    // Parses the zTOC's checkpoint blob for its algorithm and applies section 2.6 rules
    // 1, 2, 3 and 5 (blob parses, max_span_id and digest count agree, non-last spans
    // are non-empty on both sides). Malformed otherwise.
    static Result<SpanIndex> create(const Ztoc& ztoc);

    [[nodiscard]] CompressionAlgorithm algorithm() const { return m_algorithm; }
    // The number of spans (max_span_id + 1); 0 for a header-only N = 0 blob.
    [[nodiscard]] std::int32_t spanCount() const { return static_cast<std::int32_t>(m_ranges.size()); }
    // The span size recorded in the blob.
    [[nodiscard]] std::int64_t spanSize() const { return m_spanSize; }
    // Ranges of span i; precondition 0 <= i < spanCount().
    [[nodiscard]] const SpanRange& range(std::int32_t i) const { return m_ranges[static_cast<size_t>(i)]; }
    [[nodiscard]] const std::vector<SpanRange>& ranges() const { return m_ranges; }
    // Gzip checkpoint i (empty list for tar layers); precondition 0 <= i < spanCount().
    [[nodiscard]] const GzipCheckpoint& checkpoint(std::int32_t i) const
    {
        return m_checkpoints[static_cast<size_t>(i)];
    }
    // The gzip zinfo version read (1 or 2); 0 for tar layers.
    [[nodiscard]] int zinfoVersion() const { return m_zinfoVersion; }

    // SpanOf(x) (section 3.5): gzip, the largest i with out[i] <= x; tar, x / span size,
    // clamped to the last span. -1 only when there are no spans or x < 0.
    [[nodiscard]] std::int32_t spanOf(std::int64_t offset) const;
    // The spans holding bytes [offset, offset + size): SpanOf(offset)..SpanOf(offset+size-1).
    // nullopt when size <= 0 (nothing to fetch).
    [[nodiscard]] std::optional<std::pair<std::int32_t, std::int32_t>> spansFor(
        std::int64_t offset, std::int64_t size) const;
    // Section 2.6 rule 6: layerHead (the layer bytes before span 0) must be exactly one
    // complete gzip member header. Always ok for tar layers.
    [[nodiscard]] Status checkLayerHead(std::string_view layerHead) const;

private:
    CompressionAlgorithm m_algorithm = CompressionAlgorithm::Gzip;
    std::int64_t m_spanSize = 0;
    int m_zinfoVersion = 0;
    std::vector<GzipCheckpoint> m_checkpoints;
    std::vector<SpanRange> m_ranges;
};

} // namespace sociscope::soci
