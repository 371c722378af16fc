// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/span_digester.h"

#include "oci/digest.h"

#include <algorithm>
#include <optional>

namespace sociscope::soci {

struct SpanDigester::State {
    std::optional<oci::Hasher> current; // none before span 0: the gzip header is in no span
    std::vector<std::string> digests;
    std::uint8_t previousLast = 0; // last byte of the previous buffer, for a shared byte
};

SpanDigester::SpanDigester(std::size_t bufferSize, int buffers)
    : m_bufferSize(bufferSize)
    , m_state(std::make_unique<State>())
{
    for (int i = 0; i < std::max(buffers, 2); ++i) {
        m_storage.emplace_back(new std::uint8_t[bufferSize]);
        m_free.push_back(m_storage.back().get());
    }
    m_thread = std::thread([this] { run(); });
}

SpanDigester::~SpanDigester()
{
    if (m_thread.joinable()) {
        {
            const std::lock_guard lock(m_mutex);
            m_closing = true;
            m_jobs.clear();
        }
        m_changed.notify_all();
        m_thread.join();
    }
}

std::uint8_t* SpanDigester::acquire()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_free.empty(); });
    std::uint8_t* buffer = m_free.back();
    m_free.pop_back();
    return buffer;
}

void SpanDigester::spanStart(std::int64_t in, std::uint8_t bits)
{
    m_pending.push_back({ in, bits });
}

void SpanDigester::submit(std::uint8_t* buffer, std::int64_t start, std::size_t size)
{
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back({ buffer, start, size, std::move(m_pending) });
    }
    m_pending.clear();
    m_changed.notify_all();
}

std::vector<std::string> SpanDigester::finish()
{
    {
        const std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_changed.notify_all();
    m_thread.join();
    if (m_state->current)
        m_state->digests.push_back(m_state->current->finish().str());
    return std::move(m_state->digests);
}

void SpanDigester::run()
{
    State& s = *m_state;
    for (;;) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return !m_jobs.empty() || m_closing; });
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        std::int64_t pos = job.start;
        const auto hashTo = [&](std::int64_t end) {
            if (s.current && end > pos)
                s.current->update(job.data + (pos - job.start), static_cast<size_t>(end - pos));
            pos = std::max(pos, end);
        };
        for (const Event& e : job.events) {
            hashTo(e.in);
            if (s.current)
                s.digests.push_back(s.current->finish().str());
            s.current.emplace("sha256");
            if (e.bits != 0) {
                const std::uint8_t shared = e.in - 1 >= job.start ? job.data[e.in - 1 - job.start] : s.previousLast;
                s.current->update(&shared, 1);
            }
        }
        hashTo(job.start + static_cast<std::int64_t>(job.size));
        if (job.size > 0)
            s.previousLast = job.data[job.size - 1];
        {
            const std::lock_guard lock(m_mutex);
            m_free.push_back(job.data);
        }
        m_changed.notify_all();
    }
}

} // namespace sociscope::soci
