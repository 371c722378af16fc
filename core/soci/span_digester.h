// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sociscope::soci {

// Computes gzip span digests (section 3.4) on a thread of its own while the caller
// inflates: the caller reads the layer into buffers it borrows from here, marks span
// starts, and hands each full buffer over. Used by buildZtoc; one instance per build.
class SpanDigester final {
public:
    // bufferSize bytes per buffer, `buffers` of them in rotation (>= 2).
    explicit SpanDigester(std::size_t bufferSize, int buffers = 3);
    // Stops and joins the thread if finish() was not called.
    ~SpanDigester();
    SpanDigester(const SpanDigester&) = delete;
    SpanDigester& operator=(const SpanDigester&) = delete;

    [[nodiscard]] std::size_t bufferSize() const { return m_bufferSize; }
    // A free buffer for the next bytes of the layer; blocks while all are being hashed.
    std::uint8_t* acquire();
    // Span i + 1 starts at compressed offset in (in - 1 when bits != 0, sharing that byte
    // with span i). Offsets must not decrease, and must lie in the buffer being filled.
    void spanStart(std::int64_t in, std::uint8_t bits);
    // Hands over the buffer from acquire(): it holds layer bytes [start, start + size).
    void submit(std::uint8_t* buffer, std::int64_t start, std::size_t size);
    // Waits for all hashing and returns "sha256:<hex>" per span. Call once, last.
    std::vector<std::string> finish();

private:
    struct Event {
        std::int64_t in;
        std::uint8_t bits;
    };
    struct Job {
        std::uint8_t* data;
        std::int64_t start;
        std::size_t size;
        std::vector<Event> events;
    };
    struct State; // the hashing side: EVP context, digests so far

    void run();

    std::size_t m_bufferSize;
    std::vector<std::unique_ptr<std::uint8_t[]>> m_storage;
    std::vector<Event> m_pending;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_jobs;
    std::vector<std::uint8_t*> m_free;
    bool m_closing = false;
    std::unique_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace sociscope::soci
