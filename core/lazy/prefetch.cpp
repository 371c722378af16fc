// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/prefetch.h"

#include "lazy/lazy_image.h"
#include "soci/prefetch.h"
#include "util/cancel.h"
#include "util/log.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace sociscope::lazy {

namespace {
// Spans [first, last] of one layer, one request's worth.
struct Work {
    std::shared_ptr<LayerReader> reader;
    std::size_t layer = 0;
    std::int32_t first = 0, last = 0;
};
} // namespace

PrefetchReport prefetchImage(LazyImage& image, const PrefetchOptions& options)
{
    PrefetchReport report;
    const auto& found = image.index();
    if (!found || found->index.prefetchDescriptors().empty())
        return report;
    const auto started = std::chrono::steady_clock::now();
    std::mutex mutex; // report
    const auto problem = [&](std::string text) {
        log::warning("prefetch: " + text);
        std::lock_guard lock(mutex);
        report.problems.push_back(std::move(text));
    };

    std::vector<Work> work;
    const auto& layers = image.image().manifest.layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto* d = found->index.prefetchFor(layers[i].digest);
        if (!d)
            continue;
        const std::string what = "prefetch artifact " + d->digest.str() + " of layer " + std::to_string(i);
        auto bytes = image.source().fetchBlobBytes(*d, soci::kMaxPrefetchArtifactBytes);
        if (!bytes) {
            problem(what + ": " + bytes.error().text());
            continue;
        }
        image.stats().addFetched(FetchKind::Index, bytes->size());
        auto artifact = soci::PrefetchArtifact::parse(*bytes);
        if (!artifact) {
            problem(what + ": " + artifact.error().message);
            continue;
        }
        auto reader = image.layer(i);
        if (!reader) {
            problem(what + ": " + reader.error().text());
            continue;
        }
        if ((*reader)->isLocal())
            continue; // read whole already: every span is on disk
        if (auto s = artifact->checkRange((*reader)->spans().spanCount() - 1, what); !s) {
            problem(s.error().message);
            continue;
        }
        ++report.artifacts;
        const std::int32_t step = std::max<std::int32_t>(options.spansPerRequest, 1);
        for (const auto& r : soci::mergePrefetchSpans(artifact->spans))
            for (std::int64_t a = r.start; a <= r.end; a += step)
                work.push_back({ *reader, i, static_cast<std::int32_t>(a),
                                 static_cast<std::int32_t>(std::min<std::int64_t>(a + step - 1, r.end)) });
    }

    // Bounded in time: requests past the deadline are cancelled, the rest skipped.
    const util::CancelToken token = util::currentCancelToken().child(started + options.timeout);
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
        const util::CancelScope scope(token);
        for (std::size_t k = next++; k < work.size(); k = next++) {
            if (token.stopRequested())
                return;
            const Work& w = work[k];
            auto warmed = w.reader->warm(w.first, w.last);
            if (!warmed) {
                problem("spans " + std::to_string(w.first) + "-" + std::to_string(w.last) + " of layer " +
                        std::to_string(w.layer) + ": " + warmed.error().text());
                continue;
            }
            std::uint64_t bytes = 0;
            for (std::int32_t s = w.first; s <= w.last; ++s)
                bytes += static_cast<std::uint64_t>(w.reader->spans().range(s).compressedEnd -
                                                    w.reader->spans().range(s).compressedStart);
            std::lock_guard lock(mutex);
            report.spans += *warmed;
            report.bytes += bytes;
        }
    };
    const unsigned threads = static_cast<unsigned>(
        std::min<std::size_t>(std::max(options.concurrency, 1u), std::max<std::size_t>(work.size(), 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    report.timedOut = token.reason() == util::StopReason::DeadlinePassed;
    if (report.timedOut)
        problem("stopped after " + std::to_string(options.timeout.count()) + " ms; the rest is left to the reads");
    report.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    log::info("prefetch: " + std::to_string(report.spans) + " spans (" + std::to_string(report.bytes) + " bytes) of " +
              std::to_string(report.artifacts) + " artifacts warm in " + std::to_string(report.took.count()) + " ms");
    return report;
}

} // namespace sociscope::lazy
