// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace sociscope::lazy {

class LazyImage;

// Background fetch settings; the defaults are upstream's (SOCI-FORMAT.md 6.3)
// plus a byte budget, so nothing downloads a whole image unasked.
struct BackgroundOptions {
    std::chrono::milliseconds fetchPeriod{500};    // at most one span started per period
    std::chrono::milliseconds silencePeriod{30000}; // quiet time (no reads) before it starts
    std::size_t maxQueue = 300;                    // layers waiting their turn
    bool dropOldest = false;                       // full queue: drop the newest (default) or the oldest
    std::uint64_t byteBudget = 64ull << 20;        // compressed bytes it may fetch; 0 = no limit
};

// Fills the spans of an image's lazy layers that nobody read yet, one span at
// a time, layers taking turns, only after the image has been quiet for the
// silence period, at a bounded rate and within a byte budget. Pausable. Owns
// its thread and joins it on destruction.
class BackgroundFetcher final {
public:
    BackgroundFetcher(LazyImage& image, BackgroundOptions options);
    ~BackgroundFetcher();
    BackgroundFetcher(const BackgroundFetcher&) = delete;
    BackgroundFetcher& operator=(const BackgroundFetcher&) = delete;

    void setPaused(bool paused);
    [[nodiscard]] bool paused() const;
    // A foreground read happened: the silence period starts again.
    void noteActivity();
    [[nodiscard]] std::uint64_t bytesScheduled() const;
    // True when every span of every lazy layer is available, or the budget is spent.
    [[nodiscard]] bool done() const;

private:
    void run();
    bool waitQuiet(std::unique_lock<std::mutex>& lock);

    LazyImage& m_image;
    BackgroundOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_paused = false;
    bool m_done = false;
    std::chrono::steady_clock::time_point m_lastActivity = std::chrono::steady_clock::now();
    std::uint64_t m_bytes = 0;
    std::deque<std::pair<std::size_t, std::int32_t>> m_queue; // layer, next span to look at
    std::thread m_thread;
};

} // namespace sociscope::lazy
