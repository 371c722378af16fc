// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Prefetch artifacts (SOCI-FORMAT.md 5.10, soci v0.13+): per layer, the spans
// a snapshotter fetches, verifies and inflates before the container starts.
#pragma once

#include "oci/image.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::soci {

// The only version readers accept.
inline constexpr const char* kPrefetchVersion = "1.0";
// Inputs are capped: 1 MiB of JSON, and 16384 ranges (every other span of a
// 128 GiB layer with 4 MiB spans; a range takes 30 bytes at least, so the byte
// cap alone would allow 35 k).
inline constexpr std::size_t kMaxPrefetchArtifactBytes = 1u << 20;
inline constexpr std::size_t kMaxPrefetchRanges = 16384;

// Spans [start, end] of one layer, both inclusive; priority is upstream's
// optional field for later use (lower first), written only when not 0.
struct PrefetchSpan {
    std::int32_t start = 0;
    std::int32_t end = 0;
    std::int64_t priority = 0;
    friend bool operator==(const PrefetchSpan&, const PrefetchSpan&) = default;
};

// Sorts ranges by start (then end) and merges those that overlap or touch, as
// upstream's builder does; priorities of merged ranges are dropped (0).
std::vector<PrefetchSpan> mergePrefetchSpans(std::vector<PrefetchSpan> spans);
// The merged ranges covering a set of span ids (any order, repeats allowed).
std::vector<PrefetchSpan> prefetchSpansOf(std::vector<std::int32_t> ids);

// One layer's prefetch artifact.
struct PrefetchArtifact {
    std::string version = kPrefetchVersion;
    std::vector<PrefetchSpan> spans; // as listed

    // Parses the JSON as upstream's reader does, stricter where upstream
    // would misbehave: Malformed for more than kMaxPrefetchArtifactBytes or
    // kMaxPrefetchRanges, JSON that is not an object, a version other than
    // "1.0", no spans, and a range with a negative or inverted id. Unknown
    // fields are ignored (Go does so too).
    static Result<PrefetchArtifact> parse(std::string_view bytes);
    // An artifact of merged ranges (mergePrefetchSpans).
    static PrefetchArtifact ofSpans(std::vector<PrefetchSpan> spans);
    // Go's compact encoding, field for field as upstream's json.Marshal
    // writes it: {"version":"1.0","prefetch_spans":[{"start_span":S,"end_span":E}]}.
    [[nodiscard]] std::string toGoJson() const;
    // How many span ids the ranges name (overlaps counted once).
    [[nodiscard]] std::int64_t spanCount() const;
    // Malformed (exit 6) when a range names a span past the layer's last
    // (maxSpanId, from its zTOC): `what` names the artifact in the message.
    [[nodiscard]] Status checkRange(std::int32_t maxSpanId, const std::string& what) const;
};

// The descriptor of an artifact in an index's layers (5.2): the prefetch media
// type, digest and size of the JSON, and the image-layer-digest annotation.
oci::Descriptor prefetchDescriptor(std::string_view json, const oci::Digest& layer);

} // namespace sociscope::soci
