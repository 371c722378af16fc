// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// LayerReader over the network: fetching runs of spans in one range request
// and verifying each against its digest (with the gzip header before span 0),
// storing verified spans in the disk cache, and the background fill that does
// only that. Reading, read-ahead and memory are in layer_reader.cpp; the
// inflated tier in layer_reader_inflated.cpp.
#include "lazy/layer_reader.h"

#include "soci/span_reader.h"
#include "util/cancel.h"
#include "util/log.h"

#include <algorithm>
#include <chrono>

namespace sociscope::lazy {

namespace {
std::uint64_t microsSince(std::chrono::steady_clock::time_point t)
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t).count());
}
} // namespace

Error LayerReader::fetchVerified(std::int32_t i, std::int32_t j, bool background, std::vector<bool>& ok,
                                 const VerifiedSpan& verified, std::uint64_t* networkBytes)
{
    // Span 0 is fetched together with the gzip header before it, which is
    // checked (section 2.6 rule 6) in the same request.
    bool withHead = false;
    if (i == 0 && m_localPath.empty() && m_spans.algorithm() == soci::CompressionAlgorithm::Gzip) {
        std::lock_guard lock(m_headMutex);
        withHead = !m_headChecked;
    }
    const std::int64_t start = withHead ? 0 : m_spans.range(i).compressedStart;
    const std::int64_t end = m_spans.range(j).compressedEnd;
    Error failure;
    // One retry: a corrupted transfer is refetched once, then reported.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto started = std::chrono::steady_clock::now();
        auto got = fetchRange(start, end);
        const auto micros = microsSince(started);
        if (!got) {
            failure = got.error();
            for (std::int32_t k = i; k <= j; ++k)
                emit(FetchEvent::Type::SpanFailed, k, 0, micros, background);
            break;
        }
        const auto buffer = std::make_shared<const std::string>(std::move(*got));
        const std::string& bytes = *buffer;
        if (m_localPath.empty()) {
            if (m_options.stats) {
                m_options.stats->addFetched(FetchKind::Span, bytes.size());
                if (background)
                    m_options.stats->backgroundBytes += bytes.size();
                else if (prefetching())
                    m_options.stats->prefetchBytes += bytes.size();
            }
            if (networkBytes)
                *networkBytes += bytes.size();
        }
        if (withHead) {
            if (auto h = checkHead(std::string_view(bytes).substr(0, static_cast<size_t>(m_spans.range(0).compressedStart)));
                !h) {
                failure = h.error();
                break;
            }
        }
        bool allOk = true;
        for (std::int32_t k = i; k <= j; ++k) {
            if (ok[static_cast<size_t>(k - i)])
                continue;
            const auto& r = m_spans.range(k);
            const std::string_view slice(bytes.data() + (r.compressedStart - start),
                                         static_cast<size_t>(r.compressedEnd - r.compressedStart));
            if (!m_localPath.empty()) {
                ok[static_cast<size_t>(k - i)] = true; // a verified local file
                verified(k, buffer, slice);
                continue;
            }
            if (m_options.stats)
                ++m_options.stats->spansFetched;
            if (auto v = soci::verifySpan(slice, m_ztoc.spanDigests[static_cast<size_t>(k)]); !v) {
                allOk = false;
                if (m_options.stats)
                    ++m_options.stats->spansFailed;
                emit(FetchEvent::Type::SpanFailed, k, slice.size(), micros, background);
                failure = makeError(ErrorCode::Integrity,
                                    "span " + std::to_string(k) + " of layer " + m_layer.digest.str() +
                                        " does not match its digest in the zTOC (the registry sent wrong bytes)",
                                    m_source ? m_source->describe() : std::string());
                log::warning(failure.text());
                continue;
            }
            ok[static_cast<size_t>(k - i)] = true;
            if (m_options.stats)
                ++m_options.stats->spansVerified;
            emit(FetchEvent::Type::Span, k, slice.size(), micros, background);
            verified(k, buffer, slice);
        }
        if (allOk)
            break;
    }
    return failure;
}

void LayerReader::storeSpan(std::int32_t i, std::string_view compressed)
{
    if (!m_options.cache)
        return;
    if (auto key = oci::Digest::parse(m_ztoc.spanDigests[static_cast<size_t>(i)]))
        (void)m_options.cache->put(DiskCache::Area::Spans, *key, compressed);
}

Result<std::uint64_t> LayerReader::fill(std::int32_t first, std::int32_t last, std::uint64_t maxRequestBytes)
{
    first = std::max(first, 0);
    last = std::min(last, m_spans.spanCount() - 1);
    // Without a disk cache there is nowhere to keep what is filled.
    if (!m_localPath.empty() || !m_options.cache || first > last)
        return std::uint64_t(0);
    // Claimed (marked in flight) so that a read of one of them waits for this
    // fetch instead of starting its own; grouped into runs of adjacent spans.
    std::vector<std::pair<std::int32_t, std::int32_t>> runs;
    {
        std::lock_guard lock(m_mutex);
        std::int64_t runBytes = 0;
        for (std::int32_t k = first; k <= last; ++k) {
            Slot& s = m_slots[static_cast<size_t>(k)];
            if (s.state == State::InFlight || spanAvailable(k))
                continue;
            s.state = State::InFlight;
            s.error = {};
            const std::int64_t bytes = m_spans.range(k).compressedEnd - m_spans.range(k).compressedStart;
            if (!runs.empty() && runs.back().second == k - 1 &&
                runBytes + bytes <= static_cast<std::int64_t>(std::max<std::uint64_t>(maxRequestBytes, 1))) {
                runs.back().second = k;
                runBytes += bytes;
            } else {
                runs.emplace_back(k, k);
                runBytes = bytes;
            }
        }
    }
    std::uint64_t network = 0;
    Error failure;
    bool failed = false;
    for (const auto& [a, b] : runs) {
        std::vector<bool> ok(static_cast<size_t>(b - a + 1), false);
        if (!failed) {
            failure = fetchVerified(a, b, true, ok,
                [this](std::int32_t k, const std::shared_ptr<const std::string>&, std::string_view bytes) {
                    storeSpan(k, bytes);
                }, &network);
            failed = std::find(ok.begin(), ok.end(), false) != ok.end();
        }
        // Released as not fetched either way: a waiting read finds the span on
        // disk, or (when this failed) fetches it itself and sees its own error.
        std::lock_guard lock(m_mutex);
        for (std::int32_t k = a; k <= b; ++k)
            m_slots[static_cast<size_t>(k)].state = State::Empty;
        m_cv.notify_all();
    }
    if (failed)
        return failure;
    return network;
}

namespace {
// Set on a thread while it runs warm(): fetchRun() and fetchVerified() run on
// it, so what they emit and count is the prefetch's. Pool threads that only
// inflate emit nothing.
thread_local bool t_prefetching = false;
} // namespace

bool LayerReader::prefetching() { return t_prefetching; }

Result<std::int32_t> LayerReader::warm(std::int32_t first, std::int32_t last)
{
    first = std::max(first, 0);
    last = std::min(last, m_spans.spanCount() - 1);
    if (first > last)
        return std::int32_t(0);
    std::vector<std::pair<std::int32_t, std::int32_t>> runs;
    {
        std::lock_guard lock(m_mutex);
        runs = claimRuns(first, last);
    }
    struct Mark {
        Mark() { t_prefetching = true; }
        ~Mark() { t_prefetching = false; }
    } mark;
    // Not background: what is inflated is kept in the inflated tier, as soci
    // keeps prefetched spans decompressed in its cache.
    for (const auto& [a, b] : runs)
        fetchRun(a, b, false, true);
    // Inflation of all but a run's last span goes on the pool: wait for it,
    // as long as the caller's owner lets us.
    std::int32_t warmed = 0;
    Error failure;
    const util::CancelToken cancel = util::currentCancelToken();
    std::unique_lock lock(m_mutex);
    for (const auto& [a, b] : runs)
        for (std::int32_t k = a; k <= b; ++k) {
            Slot& s = m_slots[static_cast<size_t>(k)];
            while (!m_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return s.state != State::InFlight; }))
                if (const auto why = cancel.reason(); why != util::StopReason::None)
                    return makeError(why == util::StopReason::Cancelled ? ErrorCode::Cancelled : ErrorCode::Network,
                                     "prefetch of layer " + m_layer.digest.str() + ": " + util::stopText(why));
            if (s.state == State::Failed) {
                failure = s.error;
                s.state = State::Empty; // a later read tries again
            } else {
                ++warmed;
            }
        }
    if (m_options.stats)
        m_options.stats->prefetchSpans += static_cast<std::uint64_t>(warmed);
    if (!failure.message.empty())
        return failure;
    return warmed;
}

std::vector<std::int32_t> LayerReader::neededSpans() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::int32_t> out;
    for (std::size_t i = 0; i < m_needed.size(); ++i)
        if (m_needed[i])
            out.push_back(static_cast<std::int32_t>(i));
    return out;
}

std::uint64_t LayerReader::neededBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_neededBytes;
}

} // namespace sociscope::lazy
