// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "util/result.h"

#include <cstdint>

namespace sociscope::soci {

// The largest zTOC accepted for a layer of layerSize bytes (compressed, as in
// the manifest): max(layerSize, 1 MiB) + 1 MiB, and never more than 128 MiB.
// A zTOC exists to spare reading its layer; one larger than the layer itself
// saves nothing, so a larger one is either broken or an attempt to make us
// download and hold something huge. The 1 MiB floor and slack cover small
// layers, where a single 32 KiB checkpoint and the file list's fixed overhead
// outweigh the data. The ceiling bounds the memory one zTOC can take for the
// largest layers; 128 MiB of checkpoints index about 16 GiB of uncompressed
// data at 4 MiB spans.
std::uint64_t maxZtocSize(std::int64_t layerSize);

// The whole zTOC file read from disk: the ceiling of maxZtocSize.
inline constexpr std::uint64_t MaxZtocFileSize = 128ull << 20;

// Ok when the zTOC descriptor's size is within maxZtocSize of the layer;
// otherwise a Malformed error naming both digests, to be returned before
// anything is downloaded. A negative (unknown) zTOC size is refused too.
Status checkZtocSize(const oci::Descriptor& ztoc, const oci::Descriptor& layer);

} // namespace sociscope::soci
