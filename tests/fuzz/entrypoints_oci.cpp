// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The OCI JSON readers under fuzzing: what a registry sends as a manifest, an index, a
// referrers answer, a config, a SOCI index or a prefetch artifact.
#include "entrypoints.h"

#include "oci/image.h"
#include "oci/mediatypes.h"
#include "soci/index.h"
#include "soci/prefetch.h"

#include <algorithm>
#include <string>

namespace sociscope::fuzz {

namespace {
// A reader refusing bytes says why with one of these codes (exit 6 or "unsupported").
bool refusal(const Error& e) { return e.code == ErrorCode::Malformed || e.code == ErrorCode::Unsupported; }

// Go JSON of what was read parses again to the same Go JSON: nothing read is lost or
// changed by the writer (the bytes a SOCI index or a rewritten manifest is made of).
template <typename Doc>
int roundTrips(const Doc& doc, std::string_view hint)
{
    const std::string go = doc.toGoJson();
    const auto again = Doc::parse(go, hint);
    return again && again->toGoJson() == go ? 0 : 1;
}
} // namespace

int ociJson(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)oci::sniffMediaType(bytes);

    if (const auto m = oci::Manifest::parse(bytes); !m) {
        if (!refusal(m.error()))
            return 10;
    } else if (roundTrips(*m, {}) != 0) {
        return 11;
    }

    // As a manifest-list answer and as a referrers answer (typed by its Content-Type).
    for (const std::string_view hint : {std::string_view(), oci::mt::OciIndex}) {
        if (const auto x = oci::Index::parse(bytes, hint); !x) {
            if (!refusal(x.error()))
                return 20;
        } else if (roundTrips(*x, hint) != 0) {
            return 21;
        }
    }

    if (const auto c = oci::ImageConfig::parse(bytes); !c) {
        if (!refusal(c.error()))
            return 30;
    } else {
        (void)c->platform().str();
    }

    // A prefetch artifact: what it accepts merges, writes and reads back to the same ranges.
    if (const auto a = soci::PrefetchArtifact::parse(bytes); !a) {
        if (!refusal(a.error()))
            return 50;
    } else {
        const auto merged = soci::PrefetchArtifact::ofSpans(a->spans);
        const auto again = soci::PrefetchArtifact::parse(merged.toGoJson());
        if (!again || again->spans != merged.spans || again->spanCount() != a->spanCount())
            return 51;
        std::int32_t last = 0;
        for (const auto& s : a->spans)
            last = std::max(last, s.end);
        if (!a->checkRange(last, "x") || (last > 0 && a->checkRange(last - 1, "x")))
            return 52;
    }

    const auto soci = soci::SociIndex::parse(std::string(bytes));
    if (!soci)
        return refusal(soci.error()) ? 0 : 40;
    if (soci->version != 1 && soci->version != 2)
        return 41;
    // Every zTOC the index names is found again by its layer digest.
    for (const auto& z : soci->manifest.layers) {
        if (z.mediaType != oci::mt::OctetStream)
            continue;
        const auto layer = oci::Digest::parse(z.annotation(soci::ann::ImageLayerDigest));
        if (layer && !soci->ztocFor(*layer))
            return 42;
    }
    // And every prefetch artifact by its layer (the first one listed for it).
    for (const auto& p : soci->prefetchDescriptors()) {
        const auto layer = oci::Digest::parse(p.annotation(soci::ann::ImageLayerDigest));
        if (layer && !soci->prefetchFor(*layer))
            return 43;
    }
    (void)soci->buildTool();
    return 0;
}

} // namespace sociscope::fuzz
