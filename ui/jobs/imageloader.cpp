// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/imageloader.h"

#include "oci/mediatypes.h"
#include "soci/ztoc.h"

#include <algorithm>

namespace sociscope::ui {

std::int64_t ImageDetails::coveredBytes() const
{
    std::int64_t n = 0;
    for (const auto& c : coverage)
        if (c.lazy())
            n += c.layer.size;
    return n;
}

std::int64_t ImageDetails::totalBytes() const
{
    std::int64_t n = 0;
    for (const auto& c : coverage)
        n += c.layer.size;
    return n;
}

Result<registry::ImageInfo> loadImageInfo(registry::Source& source, const std::string& ref)
{
    return registry::inspectImage(source, ref);
}

Result<ImageDetails> loadImageDetails(registry::Source& source, const registry::PlatformImage& image,
                                      const registry::FetchedManifest& top)
{
    ImageDetails out;
    out.image = image;
    auto found = soci::findIndex(source, image);
    if (!found)
        return found.error();
    out.index = std::move(*found);
    out.coverage = soci::coverageOf(image, out.index ? &out.index->index : nullptr);

    const auto addReferrers = [&](const oci::Digest& subject, const std::string& name) {
        auto refs = source.referrers(subject, "");
        if (!refs) {
            out.warnings.push_back("referrers of " + name + ": " + refs.error().message);
            return;
        }
        for (auto& d : *refs)
            out.referrers.push_back({std::move(d), name});
    };
    if (top.digest != image.raw.digest)
        addReferrers(top.digest, "image index");
    addReferrers(image.raw.digest, image.platform().str());
    return out;
}

Result<ZtocStats> loadZtocStats(registry::Source& source, const oci::Descriptor& ztoc, std::uint64_t maxBytes)
{
    auto bytes = source.fetchBlobBytes(ztoc, maxBytes);
    if (!bytes)
        return bytes.error();
    auto z = soci::parseZtoc(*bytes);
    if (!z)
        return z.error();
    ZtocStats s;
    s.spans = z->maxSpanId + 1;
    s.files = static_cast<int>(std::count_if(z->entries.begin(), z->entries.end(), [](const soci::TocEntryView& e) {
        return e.kind() == soci::EntryType::Regular;
    }));
    s.uncompressedSize = z->uncompressedArchiveSize;
    auto spans = soci::SpanIndex::create(*z);
    if (!spans)
        return spans.error();
    s.spanFiles = SpanFiles::build(*z, *spans);
    return s;
}

} // namespace sociscope::ui
