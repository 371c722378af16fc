// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/disk_cache.h"
#include "lazy/layer_reader.h"
#include "registry/source.h"
#include "util/result.h"

#include <memory>
#include <string>

namespace sociscope::lazy {

// Span size of zTOCs built here for layers held on local disk.
inline constexpr std::int64_t kLocalSpanSize = 1 << 20;

// A layer without a usable zTOC (no index, under the minimum size, zstd,
// entries SOCI refuses): fetched once, whole, with its digest verified and
// kept in the cache; then indexed here with the zTOC builder so the same
// reader serves it. zstd layers and tars the builder refuses are first
// rewritten as a plain tar with libarchive. `why` says why the layer is read whole.
Result<std::shared_ptr<LayerReader>> openWholeLayer(registry::Source& source, const oci::Descriptor& layer,
                                                    const std::string& why, DiskCache& cache,
                                                    LayerReader::Options options);

// Rewrites any archive libarchive reads (tar of any flavour, gzip/zstd/xz/...)
// as a plain PAX tar with sparse files expanded. Used for layers a zTOC cannot
// describe as they are.
Status normaliseTar(const std::string& input, const std::string& output);

} // namespace sociscope::lazy
