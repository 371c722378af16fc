// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What the image page shows, loaded on a job thread. Plain C++ over core.
#pragma once

#include "models/spanfiles.h"
#include "oci/image.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "soci/index.h"
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::ui {

// A manifest that refers to the image (signature, SBOM, SOCI v1 index, …).
struct ReferrerEntry {
    oci::Descriptor descriptor;
    std::string subject; // "image index" or the platform ("linux/amd64")
};

// One platform's image with its SOCI coverage and referrers.
struct ImageDetails {
    registry::PlatformImage image;
    std::optional<soci::FoundIndex> index;
    std::vector<soci::LayerCoverage> coverage;
    std::vector<ReferrerEntry> referrers;
    // Problems that did not stop the load ("referrers: 401 …").
    std::vector<std::string> warnings;

    [[nodiscard]] std::int64_t coveredBytes() const;
    [[nodiscard]] std::int64_t totalBytes() const;
};

// What a layer's zTOC says, read on demand (zTOCs can be megabytes).
struct ZtocStats {
    int spans = -1;
    int files = -1;
    std::int64_t uncompressedSize = -1;
    // Which files have data in each span (span map tooltips).
    std::shared_ptr<const SpanFiles> spanFiles;
};

// The top document and every platform's manifest and config.
Result<registry::ImageInfo> loadImageInfo(registry::Source& source, const std::string& ref);
// SOCI index, coverage and referrers of one platform image; top is the
// document the user opened (referrers of an index are listed too).
Result<ImageDetails> loadImageDetails(registry::Source& source, const registry::PlatformImage& image,
                                      const registry::FetchedManifest& top);
// Fetches and parses a zTOC blob (refused above maxBytes).
Result<ZtocStats> loadZtocStats(registry::Source& source, const oci::Descriptor& ztoc,
                                std::uint64_t maxBytes = 64ull << 20);

} // namespace sociscope::ui
