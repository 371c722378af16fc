// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/spans.h"

#include <algorithm>

namespace sociscope::soci {

namespace {
Error malformed(std::string message)
{
    return makeError(ErrorCode::Malformed, std::move(message), "zTOC");
}
} // namespace

std::vector<SpanRange> gzipSpanRanges(
    const std::vector<GzipCheckpoint>& cps, std::int64_t compressedSize, std::int64_t uncompressedSize)
{
    std::vector<SpanRange> ranges;
    ranges.reserve(cps.size());
    for (size_t i = 0; i < cps.size(); ++i) {
        const bool last = i + 1 == cps.size();
        SpanRange r;
        r.compressedStart = cps[i].bits != 0 ? cps[i].in - 1 : cps[i].in;
        r.compressedEnd = last ? compressedSize : cps[i + 1].in;
        r.uncompressedStart = cps[i].out;
        r.uncompressedEnd = last ? uncompressedSize : cps[i + 1].out;
        ranges.push_back(r);
    }
    return ranges;
}

std::vector<SpanRange> tarSpanRanges(const TarZinfo& zinfo, std::int64_t compressedSize, std::int64_t uncompressedSize)
{
    std::vector<SpanRange> ranges;
    const std::int32_t maxId = zinfo.maxSpanId();
    ranges.reserve(static_cast<size_t>(std::max(maxId, 0)) + 1);
    for (std::int32_t i = 0; i <= maxId; ++i) {
        const bool last = i == maxId;
        const std::int64_t start = zinfo.spanSize * i;
        SpanRange r;
        r.compressedStart = r.uncompressedStart = start;
        r.compressedEnd = last ? compressedSize : start + zinfo.spanSize;
        r.uncompressedEnd = last ? uncompressedSize : start + zinfo.spanSize;
        ranges.push_back(r);
    }
    return ranges;
}

Result<SpanIndex> SpanIndex::create(const Ztoc& ztoc)
{
    SpanIndex index;
    index.m_algorithm = ztoc.algorithm;
    std::int64_t expectedMax = 0;
    if (ztoc.algorithm == CompressionAlgorithm::Gzip) {
        auto zinfo = parseGzipZinfo(ztoc.checkpoints);
        if (!zinfo)
            return zinfo.error();
        index.m_spanSize = zinfo->spanSize;
        index.m_zinfoVersion = zinfo->version;
        index.m_checkpoints = std::move(zinfo->checkpoints);
        expectedMax = static_cast<std::int64_t>(index.m_checkpoints.size()) - 1;
    } else if (ztoc.algorithm == CompressionAlgorithm::Uncompressed) {
        auto zinfo = parseTarZinfo(ztoc.checkpoints);
        if (!zinfo)
            return zinfo.error();
        index.m_spanSize = zinfo->spanSize;
        expectedMax = zinfo->maxSpanId();
        if (zinfo->size != ztoc.compressedArchiveSize)
            return malformed("TarZinfo says the tar is " + std::to_string(zinfo->size)
                + " bytes but compressed_archive_size is " + std::to_string(ztoc.compressedArchiveSize));
    } else {
        return malformed("unknown compression algorithm " + std::to_string(static_cast<int>(ztoc.algorithm)));
    }
    if (ztoc.maxSpanId != expectedMax)
        return malformed("max_span_id is " + std::to_string(ztoc.maxSpanId) + " but the checkpoints describe "
            + std::to_string(expectedMax + 1) + " spans");
    if (static_cast<std::int64_t>(ztoc.spanDigests.size()) != expectedMax + 1)
        return malformed("the zTOC has " + std::to_string(ztoc.spanDigests.size()) + " span digests for "
            + std::to_string(expectedMax + 1) + " spans");
    if (ztoc.compressedArchiveSize < 0 || ztoc.uncompressedArchiveSize < 0)
        return malformed("negative archive size");

    if (ztoc.algorithm == CompressionAlgorithm::Gzip) {
        index.m_ranges = gzipSpanRanges(index.m_checkpoints, ztoc.compressedArchiveSize, ztoc.uncompressedArchiveSize);
    } else {
        TarZinfo t { 2, index.m_spanSize, ztoc.compressedArchiveSize };
        index.m_ranges = tarSpanRanges(t, ztoc.compressedArchiveSize, ztoc.uncompressedArchiveSize);
    }
    for (size_t i = 0; i + 1 < index.m_ranges.size(); ++i) {
        const SpanRange& r = index.m_ranges[i];
        if (!(r.compressedStart < r.compressedEnd) || !(r.uncompressedStart < r.uncompressedEnd))
            return malformed("span " + std::to_string(i) + " is empty or reversed (compressed ["
                + std::to_string(r.compressedStart) + ", " + std::to_string(r.compressedEnd) + "), uncompressed ["
                + std::to_string(r.uncompressedStart) + ", " + std::to_string(r.uncompressedEnd) + "))");
    }
    // A last span starting past the blob cannot be fetched (not checked upstream; never
    // true for a zTOC that describes its layer).
    if (!index.m_ranges.empty() && index.m_ranges.back().compressedStart > ztoc.compressedArchiveSize)
        return malformed("the last span starts at " + std::to_string(index.m_ranges.back().compressedStart)
            + ", past the end of the " + std::to_string(ztoc.compressedArchiveSize) + "-byte layer");
    return index;
}

std::int32_t SpanIndex::spanOf(std::int64_t offset) const
{
    if (m_ranges.empty() || offset < 0)
        return -1;
    if (m_algorithm == CompressionAlgorithm::Uncompressed)
        return static_cast<std::int32_t>(std::min<std::int64_t>(offset / m_spanSize, spanCount() - 1));
    // Ranges are strictly increasing in uncompressedStart except possibly the last one.
    const auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), offset,
        [](std::int64_t x, const SpanRange& r) { return x < r.uncompressedStart; });
    return static_cast<std::int32_t>(std::max<std::ptrdiff_t>(it - m_ranges.begin() - 1, 0));
}

std::optional<std::pair<std::int32_t, std::int32_t>> SpanIndex::spansFor(std::int64_t offset, std::int64_t size) const
{
    if (size <= 0 || offset < 0 || m_ranges.empty())
        return std::nullopt;
    std::int64_t lastByte = 0;
    if (__builtin_add_overflow(offset, size - 1, &lastByte))
        return std::nullopt;
    return std::make_pair(spanOf(offset), spanOf(lastByte));
}

Status SpanIndex::checkLayerHead(std::string_view layerHead) const
{
    if (m_algorithm != CompressionAlgorithm::Gzip || m_ranges.empty())
        return {};
    if (static_cast<std::int64_t>(layerHead.size()) != m_ranges.front().compressedStart)
        return makeError(ErrorCode::Malformed,
            "expected the " + std::to_string(m_ranges.front().compressedStart) + " layer bytes before span 0, got "
                + std::to_string(layerHead.size()),
            "layer header");
    auto len = parseGzipHeader(layerHead);
    if (!len)
        return len.error();
    if (*len != layerHead.size())
        return makeError(ErrorCode::Malformed,
            "the gzip header is " + std::to_string(*len) + " bytes but span 0 starts at "
                + std::to_string(layerHead.size()),
            "layer header");
    return {};
}

} // namespace sociscope::soci
