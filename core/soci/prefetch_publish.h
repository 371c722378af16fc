// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Reading an index's prefetch artifacts, and publishing new ones: a new SOCI
// index with the same zTOCs and one artifact per layer (5.2, 5.10), pushed as
// `convert` (v2) or `push` (v1) would; the old index is left as it is.
#pragma once

#include "registry/inspect.h"
#include "registry/source.h"
#include "soci/index.h"
#include "soci/prefetch.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <vector>

namespace sociscope::soci {

// A prefetch artifact of an index, fetched (at most kMaxPrefetchArtifactBytes),
// verified against its descriptor and parsed.
Result<PrefetchArtifact> fetchPrefetchArtifact(registry::Source& source, const oci::Descriptor& d);

// The spans to prefetch of one layer.
struct LayerSpans {
    oci::Digest layer;
    std::vector<PrefetchSpan> spans;
};

struct PublishedPrefetch {
    oci::Digest oldIndex;
    SociIndex index; // the new one
    std::vector<std::pair<oci::Descriptor, PrefetchArtifact>> artifacts; // in image-layer order
    std::optional<oci::Digest> manifest; // v2: the image manifest now naming the new index
    std::optional<oci::Digest> top;      // v2: what `tag` (or the digest) now names
};

// Writes one artifact per layer of `layers` (ranges sorted and merged) into a
// new index made of found's other entries, the artifacts after them in
// image-layer order (artifacts the old index had are replaced), and pushes
// it: v1 as a new referrer of the image, listed first; v2 as a new image
// manifest naming it and the image index (or manifest) at `tag` updated the
// way `index convert` writes them. Malformed (exit 6) when a layer has no
// zTOC in the index or its spans go past the zTOC's last; nothing is pushed
// then. ref: the tag or digest the image was resolved from; tag: where the
// updated v2 image goes ("" when ref is a digest: pushed by digest only).
Result<PublishedPrefetch> publishPrefetch(registry::Source& source, const std::string& ref, const std::string& tag,
                                          const registry::PlatformImage& image, const FoundIndex& found,
                                          const std::vector<LayerSpans>& layers);

} // namespace sociscope::soci
