// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace sociscope::lazy {

// Decompressed spans kept in memory under one byte budget, shared by every
// layer reader given the same SpanMemory (the daemon shares one among all its
// mounts; a reader without one gets a private one). Spans being fetched and
// decompressed count against the budget too: a reader reserves their bytes
// before allocating them, so the memory held for spans, cached or in flight,
// stays within the budget however many readers there are (one reservation is
// always let through, so a span larger than the budget is still read).
// Cached spans unused for `idle` are dropped by trimIdle(), so memory goes
// back once reading stops (the disk cache still has their compressed bytes).
// Thread-safe; never calls back into the readers.
class SpanMemory final : public std::enable_shared_from_this<SpanMemory> {
public:
    // A reader's span: owner from newOwner(), one per reader.
    using Key = std::pair<std::uint64_t, std::int32_t>;

    // Bytes held for in-flight spans until destroyed (shared by the tasks
    // finishing one fetch).
    class Reservation final {
    public:
        ~Reservation();
        Reservation(const Reservation&) = delete;
        Reservation& operator=(const Reservation&) = delete;

    private:
        friend class SpanMemory;
        Reservation(std::shared_ptr<SpanMemory> memory, std::uint64_t bytes)
            : m_memory(std::move(memory)), m_bytes(bytes) { }
        std::shared_ptr<SpanMemory> m_memory;
        std::uint64_t m_bytes; // guarded by the memory's mutex
    };

    struct Usage {
        std::uint64_t capacity = 0, cached = 0, inFlight = 0, entries = 0;
        std::uint64_t hits = 0, misses = 0, evicted = 0, expired = 0, waits = 0;
        std::uint64_t peak = 0; // most bytes held at once, cached and in flight
    };

    // capacity: the byte budget (at least 1); idle: how long an unused span
    // stays. Always held by a shared_ptr (reservations keep it alive).
    explicit SpanMemory(std::uint64_t capacity, std::chrono::milliseconds idle = std::chrono::seconds(5));
    SpanMemory(const SpanMemory&) = delete;
    SpanMemory& operator=(const SpanMemory&) = delete;

    // A fresh owner id for a reader's keys.
    static std::uint64_t newOwner();

    // The span, marked as just used; null when not kept.
    std::shared_ptr<const std::string> get(Key key);
    // Whether the span is kept (does not count as a use).
    [[nodiscard]] bool contains(Key key) const;
    // Keeps the span, dropping the least recently used ones over the budget.
    // from: the reservation the span was made under, if any; its bytes move
    // from in flight to cached.
    void put(Key key, std::shared_ptr<const std::string> data, Reservation* from = nullptr);
    // Forgets every span of an owner (a reader going away).
    void dropOwner(std::uint64_t owner);

    // Reserves bytes for spans about to be fetched and decompressed, dropping
    // cached spans to make room; waits while other in-flight work holds the
    // budget. Never call it while holding a reservation (that could wait
    // forever); the work a reservation covers must never wait for another one.
    std::shared_ptr<Reservation> reserve(std::uint64_t bytes);
    // As reserve, but null instead of waiting (for optional work: read-ahead,
    // background fetches, and anything on shared worker threads).
    std::shared_ptr<Reservation> tryReserve(std::uint64_t bytes);

    // Drops the spans unused for longer than idle; returns the bytes dropped.
    std::uint64_t trimIdle();
    [[nodiscard]] Usage usage() const;
    [[nodiscard]] std::uint64_t capacity() const { return m_capacity; }
    // Counts every get, put and reservation: unchanged means nobody read.
    [[nodiscard]] std::uint64_t activity() const;

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        std::shared_ptr<const std::string> data;
        Clock::time_point used;
        std::list<Key>::iterator lru;
    };
    // Drops least recently used spans until `more` bytes fit. Caller holds m_mutex.
    void makeRoom(std::uint64_t more);
    void erase(std::map<Key, Entry>::iterator it);
    void release(std::uint64_t bytes);
    bool admissible(std::uint64_t bytes) const;
    void notePeak() { m_counts.peak = std::max(m_counts.peak, m_cached + m_inFlight); }

    const std::uint64_t m_capacity;
    const std::chrono::milliseconds m_idle;
    mutable std::mutex m_mutex;
    std::condition_variable m_released;
    std::map<Key, Entry> m_entries;
    std::list<Key> m_lru; // most recently used at the front
    std::uint64_t m_cached = 0, m_inFlight = 0;
    Usage m_counts;
    std::uint64_t m_activity = 0;
};

} // namespace sociscope::lazy
