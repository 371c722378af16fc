// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace sociscope::lazy {

// What a fetched byte was for.
enum class FetchKind { Index, Ztoc, Span, WholeLayer };

// Counters of one image session, cheap enough to leave on (relaxed atomics).
// Bytes "fetched" came over the network; "cached" were served from the disk cache.
struct FetchStats {
    std::atomic<std::uint64_t> indexBytes{0};      // manifests, configs, SOCI indexes
    std::atomic<std::uint64_t> ztocBytes{0};
    std::atomic<std::uint64_t> spanBytes{0};
    std::atomic<std::uint64_t> wholeLayerBytes{0}; // layers read whole (no zTOC)
    std::atomic<std::uint64_t> cachedBytes{0};
    std::atomic<std::uint64_t> requests{0};        // requests that reached the network
    std::atomic<std::uint64_t> rangeRequests{0};
    std::atomic<std::uint64_t> spansFetched{0};
    std::atomic<std::uint64_t> spansVerified{0};
    std::atomic<std::uint64_t> spansFailed{0};
    std::atomic<std::uint64_t> cacheHits{0};
    std::atomic<std::uint64_t> cacheMisses{0};
    // Hits served by the disk cache's inflated tier (also in cacheHits), and
    // the decompressed bytes they read: spans not inflated again.
    std::atomic<std::uint64_t> inflatedHits{0};
    std::atomic<std::uint64_t> inflatedBytes{0};
    std::atomic<std::uint64_t> fetchMicros{0};     // time spent waiting on the network
    // Of spanBytes: fetched by the background fetcher, not for a read.
    std::atomic<std::uint64_t> backgroundBytes{0};
    // Of spanBytes: fetched by the prefetch before a mount or run (the
    // index's prefetch artifacts), not for a read; and the spans it warmed.
    std::atomic<std::uint64_t> prefetchBytes{0};
    std::atomic<std::uint64_t> prefetchSpans{0};

    void addFetched(FetchKind kind, std::uint64_t bytes);
    [[nodiscard]] std::uint64_t networkBytes() const;
    // networkBytes() less what the background fetcher and the prefetch fetched: what reads cost.
    [[nodiscard]] std::uint64_t foregroundBytes() const
    {
        return networkBytes() - backgroundBytes.load() - prefetchBytes.load();
    }
};

// Measures a network wait into FetchStats::fetchMicros.
class FetchTimer final {
public:
    explicit FetchTimer(FetchStats* s) : m_stats(s), m_start(std::chrono::steady_clock::now()) {}
    ~FetchTimer()
    {
        if (m_stats)
            m_stats->fetchMicros += static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_start).count());
    }
    FetchTimer(const FetchTimer&) = delete;
    FetchTimer& operator=(const FetchTimer&) = delete;

private:
    FetchStats* m_stats;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace sociscope::lazy
