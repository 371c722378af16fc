// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::soci {

// Annotation keys defined by upstream (SOCI-FORMAT.md section 1).
namespace ann {
inline constexpr const char* ImageLayerDigest = "com.amazon.soci.image-layer-digest";
inline constexpr const char* ImageLayerMediaType = "com.amazon.soci.image-layer-mediaType";
inline constexpr const char* SpanSize = "com.amazon.soci.span-size";
inline constexpr const char* DisableXattrs = "com.amazon.soci.disable-xattrs";
inline constexpr const char* BuildToolIdentifier = "com.amazon.soci.build-tool-identifier";
inline constexpr const char* IndexDigest = "com.amazon.soci.index-digest";
inline constexpr const char* ImageManifestDigest = "com.amazon.soci.image-manifest-digest";
} // namespace ann

// The 2-byte "{}" config of every SOCI index.
inline constexpr const char* kEmptyConfig = "{}";
// Layers smaller than this (compressed) get no zTOC by default (section 5.8).
inline constexpr std::int64_t kDefaultMinLayerSize = 10485760;

// A SOCI index manifest (v1 or v2), with its bytes and digest.
struct SociIndex {
    int version = 0; // 1 or 2 (from config.mediaType)
    oci::Manifest manifest;
    std::string bytes;
    oci::Digest digest;

    // Parses an index manifest; Malformed when its config media type is not a
    // SOCI index type.
    static Result<SociIndex> parse(std::string bytes);
    // The zTOC descriptor of a layer (by the image-layer-digest annotation), or null.
    [[nodiscard]] const oci::Descriptor* ztocFor(const oci::Digest& layer) const;
    // The prefetch artifact descriptor of a layer (5.2, v0.13+), or null.
    [[nodiscard]] const oci::Descriptor* prefetchFor(const oci::Digest& layer) const;
    // How many zTOC descriptors it lists (prefetch descriptors not counted).
    [[nodiscard]] std::size_t ztocCount() const;
    // Its prefetch artifact descriptors, in the order listed.
    [[nodiscard]] std::vector<oci::Descriptor> prefetchDescriptors() const;
    // The build-tool annotation, or "".
    [[nodiscard]] std::string buildTool() const;
};

// Why a layer is (not) lazily readable.
enum class Coverage { Indexed, TooSmall, Zstd, UnsupportedMediaType, Refused, NotInIndex, NoIndex };
// "indexed", "too-small", "zstd", "unsupported-media-type", "refused", "not-in-index", "no-index".
const char* coverageName(Coverage c);

struct LayerCoverage {
    int index = 0; // bottom layer is 0
    oci::Descriptor layer;
    Coverage kind = Coverage::NoIndex;
    std::string reason;                // for people: "read whole: zstd", "smaller than 10 MiB", ...
    std::optional<oci::Descriptor> ztoc;
    std::int64_t spanSize = 0;         // from the span-size annotation when present
    [[nodiscard]] bool lazy() const { return kind == Coverage::Indexed; }
};

struct IndexBuildOptions {
    std::int64_t spanSize = 4194304;
    std::int64_t minLayerSize = kDefaultMinLayerSize;
    std::string ztocBuildTool;  // zTOC build_tool_identifier
    std::string indexBuildTool; // index build-tool annotation
    // layer index, layer count, bytes read of this layer, its size.
    std::function<void(int, int, std::int64_t, std::int64_t)> progress;
    // Set from any thread: the build ends with ErrorCode::Cancelled before the
    // next layer, or within the zTOC build of the current one (a layer blob's
    // fetch answers to the thread's util::CancelToken instead). Optional.
    const std::atomic<bool>* cancel = nullptr;
};

struct BuiltZtoc {
    oci::Descriptor descriptor; // application/octet-stream with the section 5.2 annotations
    std::string bytes;
};

struct BuiltIndex {
    SociIndex index;
    std::vector<BuiltZtoc> ztocs;
    std::vector<LayerCoverage> coverage;
};

// Serializes an index manifest in Go's exact form (sections 5.1, 5.4): v1 with a
// subject, v2 without.
std::string serializeIndex(const std::vector<oci::Descriptor>& ztocs, int version,
                           const std::optional<oci::Descriptor>& subject, const std::string& buildTool);

// Builds the zTOCs of one platform image and its index (version 1 or 2). Layers
// below minLayerSize, zstd and unknown layer types get none; a layer whose tar
// holds entries a zTOC cannot describe is left out with the reason (upstream
// would fail the whole build; here it is read whole instead). NotFound-like
// "no ztocs created" (Unsupported) when no layer qualifies.
Result<BuiltIndex> buildIndex(registry::Source& source, const registry::PlatformImage& image, int version,
                              const IndexBuildOptions& options);

// Coverage of each layer by an index (or none).
std::vector<LayerCoverage> coverageOf(const registry::PlatformImage& image, const SociIndex* index);

// Finds the index that applies to an image as the snapshotter does (5.7): v2
// through the manifest's index-digest annotation first, then v1 through the
// referrers API or the sha256-<hex> tag. nullopt when there is none.
struct FoundIndex {
    SociIndex index;
    std::string via; // "manifest annotation", "referrers"
};
Result<std::optional<FoundIndex>> findIndex(registry::Source& source, const registry::PlatformImage& image);

// Which SOCI index an image (by manifest or index digest) carries: "v2" (an
// index entry with the v2 artifact type, or the manifest annotation), "v1" (a
// referrer), or "none". Used to label `-soci` twins.
Result<std::string> sociVersionOf(registry::Source& source, const oci::Digest& image);

// Pushes zTOC blobs and the empty config (skipping what dst has).
Status pushArtifacts(registry::Source& dst, const BuiltIndex& built);

// Pushes a v1 index for its subject: blobs, the manifest by digest, and (when the
// registry has no referrers API) the referrers tag sha256-<subject hex>, where
// it goes last, or first when newestFirst (upstream takes the first referrer).
Status pushIndexV1(registry::Source& dst, const BuiltIndex& built, bool newestFirst = false);

struct ConvertOptions {
    IndexBuildOptions build;
    std::optional<oci::Platform> platform; // unset: every platform of the image
};

struct ConvertedPlatform {
    oci::Platform platform;
    oci::Digest manifest; // the rewritten image manifest
    oci::Digest index;    // its v2 SOCI index
    std::vector<LayerCoverage> coverage;
};

struct ConvertResult {
    oci::Digest digest; // the new OCI image index
    std::int64_t size = 0;
    std::vector<ConvertedPlatform> platforms;
};

// Makes a SOCI-enabled image (v2, section 5.6) from src:ref at dst:tag. Blobs
// of the original are copied to dst when they are not there.
Result<ConvertResult> convertImage(registry::Source& src, const std::string& ref, registry::Source& dst,
                                   const std::string& tag, const ConvertOptions& options);

} // namespace sociscope::soci
