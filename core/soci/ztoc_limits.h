// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "util/result.h"

#include <cstdint>

namespace sociscope::soci {

// The largest zTOC accepted for a layer of layerSize bytes (compressed, as in
// the manifest): max(16 x layerSize, 1 MiB) + 1 MiB, and never more than
// 128 MiB. A zTOC holds a 32 KiB window per span and an entry per file; both
// are bounded by the layer, except that tar headers of empty files compress to
// a few bytes while their entries keep the names (50,000 empty files gave a
// zTOC 10x the layer), hence the factor. Anything larger is broken or an
// attempt to make us download and hold something huge: the layer is then read
// whole instead. The ceiling bounds the memory one zTOC can take; 128 MiB of
// checkpoints index about 16 GiB of uncompressed data at 4 MiB spans.
std::uint64_t maxZtocSize(std::int64_t layerSize);

// The whole zTOC file read from disk: the ceiling of maxZtocSize.
inline constexpr std::uint64_t MaxZtocFileSize = 128ull << 20;

// Ok when the zTOC descriptor's size is within maxZtocSize of the layer;
// otherwise a Malformed error naming both digests, checked before anything is
// downloaded (LazyImage then reads the layer whole). A negative (unknown) zTOC size is refused too.
Status checkZtocSize(const oci::Descriptor& ztoc, const oci::Descriptor& layer);

} // namespace sociscope::soci
