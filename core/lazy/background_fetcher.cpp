// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/background_fetcher.h"

#include "fs/search.h"
#include "lazy/lazy_image.h"
#include "util/log.h"
#include "util/strings.h"

namespace sociscope::lazy {

namespace {
// A registry that keeps failing is left alone after this many requests in a row.
constexpr int kMaxFailures = 5;
// How long it waits after a failed request before the next.
constexpr std::chrono::seconds kRetryPause{2};
} // namespace

std::string BackgroundOptions::describe() const
{
    return byteBudget == 0 ? std::string("all") : str::humanBytes(byteBudget);
}

Result<std::optional<BackgroundOptions>> parseBackgroundPolicy(std::string_view text, BackgroundOptions base)
{
    const std::string t = str::toLower(str::trim(text));
    if (t == "off" || t == "none" || t == "0")
        return std::optional<BackgroundOptions>();
    if (t == "all") {
        base.byteBudget = 0;
        return std::optional<BackgroundOptions>(base);
    }
    const auto bytes = fs::parseSize(t);
    if (!bytes || *bytes <= 0)
        return makeError(ErrorCode::Usage,
                         "a background fetch policy is \"off\", \"all\" or a byte budget such as 64MiB, not \"" +
                             std::string(text) + "\"");
    base.byteBudget = static_cast<std::uint64_t>(*bytes);
    return std::optional<BackgroundOptions>(base);
}

BackgroundFetcher::BackgroundFetcher(LazyImage& image, BackgroundOptions options)
    : m_image(image), m_options(std::move(options))
{
    m_thread = std::thread([this] {
        // Stopping cancels the request in flight, not only the next one.
        const util::CancelScope scope(m_cancel);
        run();
    });
}

BackgroundFetcher::~BackgroundFetcher() { stop(); }

void BackgroundFetcher::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cancel.cancel();
    m_cv.notify_all();
    std::call_once(m_joined, [this] { m_thread.join(); });
}

void BackgroundFetcher::setPaused(bool paused)
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = paused;
    }
    m_cv.notify_all();
}

bool BackgroundFetcher::paused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

void BackgroundFetcher::noteActivity()
{
    std::lock_guard lock(m_mutex);
    m_lastActivity = std::chrono::steady_clock::now();
}

std::uint64_t BackgroundFetcher::bytesFetched() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

bool BackgroundFetcher::done() const
{
    std::lock_guard lock(m_mutex);
    return m_state == State::Done || m_state == State::BudgetSpent || m_state == State::Failed;
}

BackgroundFetcher::State BackgroundFetcher::state() const
{
    std::lock_guard lock(m_mutex);
    if (m_paused && m_state != State::Done && m_state != State::BudgetSpent && m_state != State::Failed)
        return State::Paused;
    return m_state;
}

const char* BackgroundFetcher::stateName(State s)
{
    switch (s) {
    case State::Waiting: return "waiting";
    case State::Fetching: return "fetching";
    case State::Paused: return "paused";
    case State::Done: return "done";
    case State::BudgetSpent: return "budget spent";
    case State::Failed: return "failed";
    }
    return "?";
}

bool BackgroundFetcher::waitTurn(std::unique_lock<std::mutex>& lock)
{
    // Bounded by the stop flag: every wait wakes on it.
    for (;;) {
        if (m_stop)
            return false;
        if (m_paused) {
            m_cv.wait(lock);
            continue;
        }
        const auto quietAt = m_lastActivity + m_options.quietPeriod;
        if (std::chrono::steady_clock::now() >= quietAt)
            return true;
        m_state = State::Waiting;
        m_cv.wait_until(lock, quietAt);
    }
}

bool BackgroundFetcher::fetchNext(std::unique_lock<std::mutex>& lock)
{
    // The next span not yet available, in order: the listed ones first, then
    // layer by layer. Layers are opened (their zTOCs verified) as needed.
    std::size_t layerIndex = 0;
    std::int32_t from = 0;
    std::int32_t to = -1;
    while (to < 0) {
        const bool listed = m_firstDone < m_options.first.size();
        if (!listed && m_layer >= m_image.layerCount())
            return false;
        const std::size_t l = listed ? m_options.first[m_firstDone].first : m_layer;
        const std::int32_t s = listed ? m_options.first[m_firstDone].second : m_span;
        const std::uint64_t bytesSoFar = m_bytes;
        lock.unlock();
        auto layer = l < m_image.layerCount() && m_image.coverage()[l].lazy()
            ? m_image.layer(l)
            : Result<std::shared_ptr<LayerReader>>(makeError(ErrorCode::NotFound, "not a lazy layer"));
        std::int32_t found = -1;
        std::int32_t end = -1;
        if (layer && !(*layer)->isLocal()) {
            const auto& spans = (*layer)->spans();
            for (std::int32_t k = s; k < spans.spanCount() && (listed ? k == s : true); ++k)
                if (!(*layer)->spanAvailable(k)) {
                    found = k;
                    break;
                }
            // Following missing spans go in the same request, up to its size.
            if (found >= 0) {
                end = found;
                const auto start = spans.range(found).compressedStart;
                // Never past what is left of the budget either.
                std::uint64_t cap = m_options.maxRequestBytes;
                if (m_options.byteBudget)
                    cap = std::min(cap, m_options.byteBudget - std::min(m_options.byteBudget, bytesSoFar));
                while (!listed && end + 1 < spans.spanCount() && !(*layer)->spanAvailable(end + 1) &&
                       static_cast<std::uint64_t>(spans.range(end + 1).compressedEnd - start) <= cap)
                    ++end;
            }
        } else if (!layer && l < m_image.layerCount() && m_image.coverage()[l].lazy()) {
            log::info("background fetch: layer " + std::to_string(l) + " skipped: " + layer.error().text());
        }
        lock.lock();
        if (listed) {
            ++m_firstDone;
        } else if (found < 0) {
            ++m_layer;
            m_span = 0;
        } else {
            m_span = end + 1;
        }
        if (found >= 0) {
            layerIndex = l;
            from = found;
            to = end;
        }
        if (m_stop)
            return false;
    }
    // The budget is checked before the request, counting it whole.
    auto layer = m_image.layer(layerIndex);
    if (!layer)
        return true;
    const auto& spans = (*layer)->spans();
    const auto want = static_cast<std::uint64_t>(spans.range(to).compressedEnd - spans.range(from).compressedStart);
    if (m_options.byteBudget && m_bytes + want > m_options.byteBudget) {
        m_state = State::BudgetSpent;
        return false;
    }
    m_state = State::Fetching;
    lock.unlock();
    const auto started = std::chrono::steady_clock::now();
    auto got = (*layer)->fill(from, to, m_options.maxRequestBytes);
    lock.lock();
    if (!got) {
        if (m_stop)
            return false;
        log::info("background fetch: layer " + std::to_string(layerIndex) + " spans " + std::to_string(from) + "-" +
                  std::to_string(to) + ": " + got.error().text());
        if (++m_failures >= kMaxFailures) {
            m_state = State::Failed;
            return false;
        }
        m_cv.wait_for(lock, kRetryPause, [this] { return m_stop; });
        return true;
    }
    m_failures = 0;
    m_bytes += *got;
    // The rate limit: the request's bytes take at least bytes/rate seconds.
    if (m_options.bytesPerSecond) {
        const auto until = started + std::chrono::microseconds(*got * 1000000 / m_options.bytesPerSecond);
        m_cv.wait_until(lock, until, [this] { return m_stop; });
    }
    return true;
}

void BackgroundFetcher::run()
{
    std::unique_lock lock(m_mutex);
    while (waitTurn(lock)) {
        if (!fetchNext(lock)) {
            if (m_state != State::BudgetSpent && m_state != State::Failed && !m_stop)
                m_state = State::Done;
            break;
        }
    }
    m_cv.notify_all();
}

} // namespace sociscope::lazy
