// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/span_memory.h"

#include <atomic>

namespace sociscope::lazy {

SpanMemory::Reservation::~Reservation()
{
    m_memory->release(m_bytes);
}

SpanMemory::SpanMemory(std::uint64_t capacity, std::chrono::milliseconds idle)
    : m_capacity(std::max<std::uint64_t>(capacity, 1))
    , m_idle(idle)
{
    m_counts.capacity = m_capacity;
}

std::uint64_t SpanMemory::newOwner()
{
    static std::atomic<std::uint64_t> next { 1 };
    return next++;
}

void SpanMemory::erase(std::map<Key, Entry>::iterator it)
{
    m_cached -= it->second.data->size();
    m_lru.erase(it->second.lru);
    m_entries.erase(it);
}

void SpanMemory::makeRoom(std::uint64_t more)
{
    // The newest span stays even alone over the budget: it was just made for
    // a reader, and dropping it would only make that reader fetch it again.
    while (m_lru.size() > (more ? 0u : 1u) && m_cached + m_inFlight + more > m_capacity) {
        erase(m_entries.find(m_lru.back()));
        ++m_counts.evicted;
    }
}

std::shared_ptr<const std::string> SpanMemory::get(Key key)
{
    std::lock_guard lock(m_mutex);
    ++m_activity;
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        ++m_counts.misses;
        return nullptr;
    }
    ++m_counts.hits;
    it->second.used = Clock::now();
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    return it->second.data;
}

bool SpanMemory::contains(Key key) const
{
    std::lock_guard lock(m_mutex);
    return m_entries.count(key) != 0;
}

void SpanMemory::put(Key key, std::shared_ptr<const std::string> data, Reservation* from)
{
    if (!data)
        return;
    std::lock_guard lock(m_mutex);
    ++m_activity;
    if (from) {
        const std::uint64_t moved = std::min<std::uint64_t>(from->m_bytes, data->size());
        from->m_bytes -= moved;
        m_inFlight -= std::min(moved, m_inFlight);
        m_released.notify_all();
    }
    if (const auto it = m_entries.find(key); it != m_entries.end())
        erase(it);
    m_lru.push_front(key);
    m_cached += data->size();
    m_entries.emplace(key, Entry { std::move(data), Clock::now(), m_lru.begin() });
    makeRoom(0);
    notePeak();
}

void SpanMemory::dropOwner(std::uint64_t owner)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.lower_bound(Key { owner, INT32_MIN });
    while (it != m_entries.end() && it->first.first == owner)
        erase(it++);
}

bool SpanMemory::admissible(std::uint64_t bytes) const
{
    // Only in-flight work can make a reservation wait: cached spans give way.
    return m_inFlight == 0 || m_inFlight + bytes <= m_capacity;
}

std::shared_ptr<SpanMemory::Reservation> SpanMemory::reserve(std::uint64_t bytes)
{
    std::unique_lock lock(m_mutex);
    ++m_activity;
    if (!admissible(bytes)) {
        ++m_counts.waits;
        // Every reservation ends once its fetch and decompression do, and
        // those never wait for a reservation, so this wait ends.
        m_released.wait(lock, [&] { return admissible(bytes); });
    }
    makeRoom(bytes);
    m_inFlight += bytes;
    notePeak();
    return std::shared_ptr<Reservation>(new Reservation(shared_from_this(), bytes));
}

std::shared_ptr<SpanMemory::Reservation> SpanMemory::tryReserve(std::uint64_t bytes)
{
    std::lock_guard lock(m_mutex);
    ++m_activity;
    if (!admissible(bytes))
        return nullptr;
    makeRoom(bytes);
    m_inFlight += bytes;
    notePeak();
    return std::shared_ptr<Reservation>(new Reservation(shared_from_this(), bytes));
}

void SpanMemory::release(std::uint64_t bytes)
{
    {
        std::lock_guard lock(m_mutex);
        m_inFlight -= std::min(bytes, m_inFlight);
    }
    m_released.notify_all();
}

std::uint64_t SpanMemory::trimIdle()
{
    std::lock_guard lock(m_mutex);
    const auto before = Clock::now() - m_idle;
    std::uint64_t dropped = 0;
    while (!m_lru.empty()) {
        const auto it = m_entries.find(m_lru.back());
        if (it->second.used > before)
            break;
        dropped += it->second.data->size();
        erase(it);
        ++m_counts.expired;
    }
    return dropped;
}

SpanMemory::Usage SpanMemory::usage() const
{
    std::lock_guard lock(m_mutex);
    Usage u = m_counts;
    u.cached = m_cached;
    u.inFlight = m_inFlight;
    u.entries = m_entries.size();
    return u;
}

std::uint64_t SpanMemory::activity() const
{
    std::lock_guard lock(m_mutex);
    return m_activity;
}

} // namespace sociscope::lazy
