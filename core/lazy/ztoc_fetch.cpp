// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/ztoc_fetch.h"

#include "soci/ztoc_limits.h"
#include "util/log.h"

namespace sociscope::lazy {

namespace {

Result<std::string> fetchRange(registry::Source& source, const oci::Digest& digest, std::uint64_t offset,
                               std::uint64_t length, const ZtocCounter& count)
{
    auto bytes = source.fetchBlobRange(digest, offset, length);
    if (!bytes)
        return bytes;
    count(bytes->size());
    if (bytes->size() != length)
        return makeError(ErrorCode::Network,
                         "the registry answered " + std::to_string(bytes->size()) + " bytes for " +
                             std::to_string(length) + " bytes of zTOC " + digest.str(),
                         source.describe());
    return bytes;
}

// Whole, through the source (which verifies it, and keeps it in the cache).
Result<std::string> fetchWhole(registry::Source& source, const oci::Descriptor& z) { return source.fetchBlobBytes(z, soci::MaxZtocFileSize); }

bool holds(const std::string& whole, std::uint64_t at, const std::string& part)
{
    return at <= whole.size() && whole.size() - at >= part.size() && whole.compare(at, part.size(), part) == 0;
}

} // namespace

Result<std::optional<PartialZtoc>> fetchTocRegion(registry::Source& source, const oci::Descriptor& z,
                                                  const ZtocCounter& count)
{
    const std::uint64_t size = static_cast<std::uint64_t>(std::max<std::int64_t>(z.size, 0));
    PartialZtoc p;
    std::uint64_t needed = std::min<std::uint64_t>(size, 64 * 1024);
    std::optional<soci::CheckpointRegion> region;
    for (int round = 0; round < 4 && needed > p.front.size() && needed <= size; ++round) {
        auto more = fetchRange(source, z.digest, p.front.size(), std::min(size, needed + 4096) - p.front.size(), count);
        if (!more)
            return more.error();
        p.front += *more;
        region = soci::locateCheckpoints(p.front, needed);
        if (region)
            break;
    }
    const std::uint64_t cpEnd = region ? region->start + region->length : 0;
    if (!region || cpEnd > size || region->start > p.front.size() || region->length < size / 4)
        return std::optional<PartialZtoc>();
    // The front may already reach into the checkpoints (or past them): the back
    // starts where the front ends, so no byte is asked for twice.
    p.backStart = std::max<std::uint64_t>(cpEnd, p.front.size());
    if (p.backStart < size) {
        auto back = fetchRange(source, z.digest, p.backStart, size - p.backStart, count);
        if (!back)
            return back.error();
        p.back = std::move(*back);
    }
    // Zeros where the checkpoints are: a TOC-only parse never looks at them.
    std::string buffer = p.front.substr(0, static_cast<std::size_t>(std::min<std::uint64_t>(p.front.size(), p.backStart)));
    buffer.resize(static_cast<std::size_t>(p.backStart), '\0');
    buffer += p.back;
    auto parsed = soci::parseZtoc(buffer, soci::ZtocParse::TocOnly);
    if (!parsed) {
        log::info("zTOC " + z.digest.str() + " read by ranges did not parse (" + parsed.error().message +
                  "); it is fetched whole");
        return std::optional<PartialZtoc>();
    }
    p.toc = std::make_shared<const soci::Ztoc>(std::move(*parsed));
    return std::optional<PartialZtoc>(std::move(p));
}

Result<VerifiedZtoc> fetchVerifiedZtoc(registry::Source& source, const oci::Descriptor& z, const PartialZtoc* held,
                                       DiskCache& cache, const ZtocCounter& count)
{
    const std::uint64_t size = static_cast<std::uint64_t>(std::max<std::int64_t>(z.size, 0));
    if (held && held->front.size() <= held->backStart && held->backStart <= size) {
        const std::uint64_t missing = held->backStart - held->front.size();
        auto middle = missing ? fetchRange(source, z.digest, held->front.size(), missing, count)
                              : Result<std::string>(std::string());
        if (middle) {
            std::string whole = held->front + *middle + held->back;
            if (whole.size() == size && oci::verify(whole, z.digest, "zTOC")) {
                (void)cache.put(DiskCache::Area::Objects, z.digest, whole);
                return VerifiedZtoc{std::move(whole), true};
            }
            log::warning("zTOC " + z.digest.str() + " assembled from range requests does not match its digest; "
                         "fetching it whole once");
        } else if (middle.error().code == ErrorCode::Cancelled) {
            return middle.error();
        } else {
            log::warning("the checkpoints of zTOC " + z.digest.str() + " could not be fetched (" +
                         middle.error().message + "); fetching it whole");
        }
        auto bytes = fetchWhole(source, z);
        if (!bytes)
            return bytes.error();
        VerifiedZtoc v;
        v.heldConfirmed = holds(*bytes, 0, held->front) && holds(*bytes, held->backStart, held->back);
        v.bytes = std::move(*bytes);
        return v;
    }
    auto bytes = fetchWhole(source, z);
    if (!bytes && bytes.error().code == ErrorCode::Integrity) {
        log::warning(bytes.error().text() + "; fetching the zTOC once more");
        bytes = fetchWhole(source, z);
    }
    if (!bytes)
        return bytes.error();
    return VerifiedZtoc{std::move(*bytes), held == nullptr};
}

} // namespace sociscope::lazy
