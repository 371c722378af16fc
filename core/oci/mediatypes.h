// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <string_view>

namespace sociscope::oci::mt {

inline constexpr std::string_view OciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view OciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view OciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view OciLayerTar = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view OciEmpty = "application/vnd.oci.empty.v1+json";
inline constexpr std::string_view DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view DockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";
inline constexpr std::string_view DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
inline constexpr std::string_view OctetStream = "application/octet-stream";
inline constexpr std::string_view SociIndexV1 = "application/vnd.amazon.soci.index.v1+json";
inline constexpr std::string_view SociIndexV2 = "application/vnd.amazon.soci.index.v2+json";
inline constexpr std::string_view SociPrefetch = "application/vnd.amazon.soci.prefetch.v1+json";

// The Accept list for manifest requests: every manifest and index type we read.
inline constexpr std::string_view ManifestAccept =
    "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

inline bool isIndex(std::string_view m) { return m == OciIndex || m == DockerManifestList; }
inline bool isManifest(std::string_view m) { return m == OciManifest || m == DockerManifest; }

// How a layer's bytes are compressed, from its media type.
enum class LayerCompression { Gzip, Zstd, None, Unknown, Unsupported };
LayerCompression layerCompression(std::string_view mediaType);
const char* compressionName(LayerCompression c);

} // namespace sociscope::oci::mt
