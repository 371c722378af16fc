// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/cancel.h"
#include "util/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace sociscope::lazy {

class LazyImage;

// What the background fetcher does and how fast. The defaults suit a mount
// someone browses: a byte budget, so nothing downloads a whole image unasked.
// A run asks for the whole image (byteBudget 0) with its entrypoint first.
struct BackgroundOptions {
    std::uint64_t byteBudget = 64ull << 20;        // compressed bytes it may fetch; 0 = every span
    // Foreground reads come first: it waits until no read happened for this
    // long before each request (upstream's "silence period", 6.3, is 30 s;
    // short here because one request at a time of at most maxRequestBytes
    // leaves a read little to wait for).
    std::chrono::milliseconds quietPeriod{200};
    std::uint64_t bytesPerSecond = 0;              // 0: no rate limit
    std::uint64_t maxRequestBytes = 8ull << 20;    // adjacent spans fetched in one request
    // (layer, span) fetched before the rest, in this order (a run's
    // entrypoint); then every span, layer by layer from the bottom.
    std::vector<std::pair<std::size_t, std::int32_t>> first;

    // "all" or the budget, e.g. "64.0 MiB".
    [[nodiscard]] std::string describe() const;
};

// A background policy as users write it (flags, options): "off", "all", or a
// budget ("64MiB", "1G", "500000"); base's other settings are kept. nullopt
// for "off"; Usage error for anything else.
Result<std::optional<BackgroundOptions>> parseBackgroundPolicy(std::string_view text, BackgroundOptions base = {});

// Fills the disk cache with the spans of an image's lazy layers that are not
// there yet, one request at a time, only while no foreground read is going
// on, within a byte budget and an optional rate. Verified, not inflated (see
// LayerReader::fill). Pausable. Owns its thread; the destructor cancels the
// request in flight and joins.
class BackgroundFetcher final {
public:
    enum class State { Waiting, Fetching, Paused, Done, BudgetSpent, Failed };

    BackgroundFetcher(LazyImage& image, BackgroundOptions options);
    ~BackgroundFetcher();
    BackgroundFetcher(const BackgroundFetcher&) = delete;
    BackgroundFetcher& operator=(const BackgroundFetcher&) = delete;

    // Stops it and waits for its thread (the request in flight is cancelled).
    // Idempotent; the destructor does it too.
    void stop();
    void setPaused(bool paused);
    [[nodiscard]] bool paused() const;
    // A foreground read happened: the fetcher waits for the quiet period again.
    void noteActivity();
    // Network bytes it fetched so far.
    [[nodiscard]] std::uint64_t bytesFetched() const;
    // True once it stopped for good: every span is available, the budget is
    // spent, or the registry kept failing.
    [[nodiscard]] bool done() const;
    [[nodiscard]] State state() const;
    [[nodiscard]] const BackgroundOptions& options() const { return m_options; }
    // "fetching", "done", "budget spent", ...
    static const char* stateName(State s);

private:
    void run();
    // Waits until not paused and quiet; false when stopping.
    bool waitTurn(std::unique_lock<std::mutex>& lock);
    // Fetches the next missing spans in order; false when there are none.
    bool fetchNext(std::unique_lock<std::mutex>& lock);

    LazyImage& m_image;
    const BackgroundOptions m_options;
    const util::CancelToken m_cancel = util::CancelToken::make();
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_paused = false;
    State m_state = State::Waiting;
    // Starts as if a read just happened: a new mount's first reads go first.
    std::chrono::steady_clock::time_point m_lastActivity = std::chrono::steady_clock::now();
    std::uint64_t m_bytes = 0;
    // Where the walk is: the index into options.first, then (layer, span).
    std::size_t m_firstDone = 0;
    std::size_t m_layer = 0;
    std::int32_t m_span = 0;
    int m_failures = 0; // consecutive failed requests
    std::thread m_thread;
    std::once_flag m_joined;
};

} // namespace sociscope::lazy
