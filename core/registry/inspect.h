// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "registry/source.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <vector>

namespace sociscope::registry {

// One platform's image: its manifest and config.
struct PlatformImage {
    oci::Descriptor descriptor; // as listed in the index (or synthesised for a single manifest)
    FetchedManifest raw;
    oci::Manifest manifest;
    std::string configBytes;
    oci::ImageConfig config;
    [[nodiscard]] oci::Platform platform() const;
    [[nodiscard]] std::int64_t layersSize() const;
};

// What a reference names: an index with its platforms, or one manifest.
struct ImageInfo {
    FetchedManifest top;
    std::optional<oci::Index> index;
    // Image manifests of the index (all, or those matching the platform filter).
    std::vector<PlatformImage> images;
    // Index entries that are not images: SOCI v2 indexes, attestations, ...
    std::vector<oci::Descriptor> artifacts;
};

// True for index entries that are not runnable images: SOCI v2 index
// descriptors (artifactType) and attestation manifests ("unknown/unknown").
bool isArtifactEntry(const oci::Descriptor& d);

// Fetches the top document of ref and, for each image platform (matching
// `platform` when given), its manifest and config. NotFound when no platform
// matches.
Result<ImageInfo> inspectImage(Source& source, const std::string& ref,
                               const std::optional<oci::Platform>& platform = std::nullopt);

// Picks the manifest for platform (default: this host) from an index and
// returns it with its config; a single manifest is returned as is.
Result<PlatformImage> resolvePlatformImage(Source& source, const std::string& ref,
                                           const std::optional<oci::Platform>& platform = std::nullopt);

} // namespace sociscope::registry
