// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "registry/source.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sociscope::registry {

struct CopyProgress {
    std::uint64_t bytesDone = 0;  // bytes of blobs transferred or skipped so far
    std::uint64_t bytesTotal = 0; // bytes of all blobs known so far
    int blobsDone = 0;
    int blobsTotal = 0;
    std::string current; // digest being copied
};

struct CopyOptions {
    // Copy only this platform's manifest (the destination tag then names that
    // manifest, not the index). Unset = every platform, index digest kept.
    std::optional<oci::Platform> platform;
    std::function<void(const CopyProgress&)> progress;
};

struct CopyResult {
    oci::Digest digest; // of what the destination tag names
    std::string mediaType;
    std::int64_t size = 0;
    int blobsCopied = 0;
    int blobsSkipped = 0; // already present
    int blobsMounted = 0; // cross-repository mounts
    std::uint64_t bytesCopied = 0;
};

// Copies an image (index with all its manifests, or one manifest) with its
// blobs from src to dst, skipping blobs dst has, verifying every digest, and
// pushing manifests as their original bytes. On failure what was written to an
// OCI layout destination is removed again.
Result<CopyResult> copyImage(Source& src, const std::string& srcRef, Source& dst, const std::string& dstTag,
                             const CopyOptions& options = {});

// Copies one blob (spooled through a temporary file unless src is a folder).
Status copyBlob(Source& src, Source& dst, const oci::Descriptor& blob, bool& skipped);

} // namespace sociscope::registry
