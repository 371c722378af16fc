// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sociscope::lazy {

class LazyImage;

// How the prefetch before a mount or run works (soci's [prefetch], 6.4).
struct PrefetchOptions {
    unsigned concurrency = 4; // span requests at once, across layers
    // The whole prefetch; what is not warm by then is left to the reads.
    std::chrono::milliseconds timeout{30000};
    std::int32_t spansPerRequest = 4; // adjacent spans fetched in one request
};

// What a prefetch did.
struct PrefetchReport {
    int artifacts = 0;          // prefetch artifacts read and used
    std::int64_t spans = 0;     // spans warm: verified and inflated
    std::uint64_t bytes = 0;    // their compressed bytes (fetched, or read from the disk cache)
    std::vector<std::string> problems; // what was skipped and why (logged; a prefetch never fails a mount)
    bool timedOut = false;
    std::chrono::milliseconds took{0};
};

// Warms the spans the image's SOCI index names in its prefetch artifacts
// (5.10): each artifact fetched (at most kMaxPrefetchArtifactBytes), verified
// and parsed; its spans fetched, verified against their digests and inflated,
// several at a time, within the timeout. Errors are logged and skipped, as
// soci does; an image whose index has no artifact costs nothing.
PrefetchReport prefetchImage(LazyImage& image, const PrefetchOptions& options = {});

} // namespace sociscope::lazy
