// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace sociscope::registry {

// The layer an argument names: its index from the bottom ("0"), or its digest
// ("sha256:…", or a prefix of the hex of at least 6 characters that names one
// layer). NotFound / Usage errors name the layers there are.
Result<std::size_t> findLayer(const PlatformImage& image, const std::string& which);

struct LayerExportOptions {
    bool uncompressed = false; // write the tar (gzip or zstd decompressed) and check it against the diff_id
    bool replace = false;      // replace an existing file (only once the new one is verified)
    const std::atomic<bool>* cancel = nullptr; // set from any thread: Cancelled, nothing left behind
    // Called from the fetching thread as bytes arrive: layer bytes received so far, and the layer's size.
    std::function<void(std::uint64_t received, std::uint64_t total)> progress;
};

struct LayerExport {
    std::uint64_t bytesWritten = 0;
    oci::Digest verified; // the layer digest, or with uncompressed the diff_id
};

// Streams layer `index` of image into path (never the whole blob in memory):
// written to a temporary file beside path, checked against the layer digest
// (and with uncompressed against config.rootfs.diff_ids[index]), renamed to
// path only then; removed on any failure. Usage error when path exists and
// replace is not set; Integrity when a digest does not match; Malformed when
// the layer does not decompress.
Result<LayerExport> exportLayer(Source& source, const PlatformImage& image, std::size_t index, const std::string& path,
                                const LayerExportOptions& options = {});

} // namespace sociscope::registry
