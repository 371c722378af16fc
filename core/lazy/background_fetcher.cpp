// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/background_fetcher.h"

#include "lazy/lazy_image.h"
#include "util/log.h"

namespace sociscope::lazy {

BackgroundFetcher::BackgroundFetcher(LazyImage& image, BackgroundOptions options)
    : m_image(image), m_options(options)
{
    for (std::size_t i = 0; i < image.layerCount(); ++i) {
        if (!image.coverage()[i].lazy())
            continue;
        if (m_queue.size() >= std::max<std::size_t>(m_options.maxQueue, 1)) {
            if (!m_options.dropOldest)
                continue; // drop the newest
            m_queue.pop_front();
        }
        m_queue.emplace_back(i, 0);
    }
    m_thread = std::thread([this] { run(); });
}

BackgroundFetcher::~BackgroundFetcher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
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

std::uint64_t BackgroundFetcher::bytesScheduled() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

bool BackgroundFetcher::done() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

bool BackgroundFetcher::waitQuiet(std::unique_lock<std::mutex>& lock)
{
    for (;;) {
        if (m_stop)
            return false;
        if (m_paused) {
            m_cv.wait(lock);
            continue;
        }
        const auto quietAt = m_lastActivity + m_options.silencePeriod;
        if (std::chrono::steady_clock::now() >= quietAt)
            return true;
        m_cv.wait_until(lock, quietAt);
    }
}

void BackgroundFetcher::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_queue.empty()) {
        if (!waitQuiet(lock))
            return;
        if (m_options.byteBudget && m_bytes >= m_options.byteBudget)
            break;
        auto [layerIndex, next] = m_queue.front();
        m_queue.pop_front();
        lock.unlock();
        auto layer = m_image.layer(layerIndex);
        std::int32_t started = -1;
        std::uint64_t bytes = 0;
        if (layer) {
            const auto& spans = (*layer)->spans();
            for (std::int32_t i = next; i < spans.spanCount(); ++i) {
                if ((*layer)->spanAvailable(i))
                    continue;
                (*layer)->prefetch(i, i, WorkerPool::Priority::Background);
                started = i;
                bytes = static_cast<std::uint64_t>(spans.range(i).compressedEnd - spans.range(i).compressedStart);
                break;
            }
        } else {
            log::info("background fetch: layer " + std::to_string(layerIndex) + ": " + layer.error().text());
        }
        lock.lock();
        if (started >= 0) {
            m_bytes += bytes;
            // Layers take turns: back to the tail with the next span to look at.
            m_queue.emplace_back(layerIndex, started + 1);
            // One span per fetch period.
            const auto until = std::chrono::steady_clock::now() + m_options.fetchPeriod;
            while (!m_stop && std::chrono::steady_clock::now() < until)
                m_cv.wait_until(lock, until);
            if (m_stop)
                return;
        }
    }
    m_done = true;
}

} // namespace sociscope::lazy
