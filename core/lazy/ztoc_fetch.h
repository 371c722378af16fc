// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/disk_cache.h"
#include "registry/source.h"
#include "soci/ztoc.h"
#include "util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sociscope::lazy {

// Called with the size of every network answer for a zTOC (counting).
using ZtocCounter = std::function<void(std::uint64_t bytes)>;

// The front (tables, span digests) and the back (the TOC) of a zTOC, read by
// range requests that skip the checkpoints between them. Unverified: its file
// list may be shown marked as such, never trusted.
struct PartialZtoc {
    std::shared_ptr<const soci::Ztoc> toc; // TOC-only parse of front + zeros + back
    std::string front;                     // bytes [0, front.size())
    std::string back;                      // bytes [backStart, size)
    std::uint64_t backStart = 0;
};

// Reads the front and the TOC region of zTOC z. nullopt when that is not worth
// it (small checkpoints) or the bytes are not understood: fetch it whole then.
// Errors are network errors of the range requests.
Result<std::optional<PartialZtoc>> fetchTocRegion(registry::Source& source, const oci::Descriptor& z,
                                                  const ZtocCounter& count);

// A zTOC's bytes, verified against its descriptor, and whether the bytes of
// `held` are part of them (so a file list read from them is the verified one).
struct VerifiedZtoc {
    std::string bytes;
    bool heldConfirmed = false;
};

// The whole zTOC, verified. With held: only the range between its front and
// back is fetched, assembled with them and hashed (stored in the cache's
// objects when it matches); on a mismatch the zTOC is fetched whole once.
// Without held: fetched whole (a cached copy is used), once more on a
// mismatch. Integrity error when it never matches its digest.
Result<VerifiedZtoc> fetchVerifiedZtoc(registry::Source& source, const oci::Descriptor& z, const PartialZtoc* held,
                                       DiskCache& cache, const ZtocCounter& count);

} // namespace sociscope::lazy
