// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/layer_reader.h"

#include "soci/span_reader.h"
#include "util/cancel.h"
#include "util/fd.h"
#include "util/log.h"
#include "util/strings.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::lazy {

LayerReader::LayerReader(oci::Descriptor layer, soci::Ztoc ztoc, soci::SpanIndex spans, Options options)
    : m_layer(std::move(layer)), m_ztoc(std::move(ztoc)), m_spans(std::move(spans)), m_options(std::move(options))
{
    m_slots.resize(static_cast<size_t>(std::max(m_spans.spanCount(), 0)));
    m_memory = m_options.memory;
    if (!m_memory)
        m_memory = std::make_shared<SpanMemory>(std::max<std::uint64_t>(m_options.memorySpans, 2) *
                                                static_cast<std::uint64_t>(std::max<std::int64_t>(m_spans.spanSize(), 1)));
}

LayerReader::~LayerReader()
{
    m_memory->dropOwner(m_owner);
}

Result<std::shared_ptr<LayerReader>> LayerReader::remote(std::shared_ptr<registry::Source> source,
                                                         oci::Descriptor layer, soci::Ztoc ztoc, Options options)
{
    auto spans = soci::SpanIndex::create(ztoc);
    if (!spans)
        return makeError(spans.error().code, "zTOC of layer " + layer.digest.str() + ": " + spans.error().message);
    if (layer.size >= 0 && ztoc.compressedArchiveSize != layer.size)
        return makeError(ErrorCode::Malformed, "zTOC of layer " + layer.digest.str() + " describes a blob of " +
                                                   std::to_string(ztoc.compressedArchiveSize) + " bytes, the layer has " +
                                                   std::to_string(layer.size));
    std::shared_ptr<LayerReader> r(new LayerReader(std::move(layer), std::move(ztoc), std::move(*spans), std::move(options)));
    r->m_source = std::move(source);
    r->m_how = "lazy: " + std::to_string(r->m_spans.spanCount()) + " spans of " +
               str::humanBytes(static_cast<std::uint64_t>(r->m_spans.spanSize()));
    return r;
}

Result<std::shared_ptr<LayerReader>> LayerReader::local(std::string path, oci::Descriptor layer, soci::Ztoc ztoc,
                                                        std::string how, Options options)
{
    auto spans = soci::SpanIndex::create(ztoc);
    if (!spans)
        return spans.error();
    std::shared_ptr<LayerReader> r(new LayerReader(std::move(layer), std::move(ztoc), std::move(*spans), std::move(options)));
    r->m_localPath = std::move(path);
    r->m_how = std::move(how);
    r->m_headChecked = true;
    return r;
}

void LayerReader::emit(FetchEvent::Type type, std::int32_t span, std::uint64_t bytes, std::uint64_t micros, bool background)
{
    if (!m_options.events)
        return;
    FetchEvent e;
    e.type = type;
    e.layer = m_options.layerIndex;
    e.span = span;
    e.bytes = bytes;
    e.micros = micros;
    e.background = background;
    e.prefetch = prefetching();
    m_options.events->emit(e);
}

Status LayerReader::checkHead(std::string_view fetched)
{
    std::lock_guard lock(m_headMutex);
    if (m_headChecked)
        return {};
    // Section 2.6 rule 6: the bytes before span 0 must be one gzip member header.
    if (m_spans.spanCount() == 0 || m_spans.algorithm() != soci::CompressionAlgorithm::Gzip) {
        m_headChecked = true;
        return {};
    }
    const auto start = m_spans.range(0).compressedStart;
    if (start <= 0)
        return makeError(ErrorCode::Malformed, "zTOC of layer " + m_layer.digest.str() + " starts span 0 at offset 0");
    // The header bytes are kept too, so an image read once reads offline.
    const std::string refName = "gzip-head " + m_layer.digest.str() + " " + std::to_string(start);
    if (m_options.cache)
        if (auto d = m_options.cache->lookupRef(refName))
            if (auto bytes = m_options.cache->get(DiskCache::Area::Objects, *d)) {
                if (auto s = m_spans.checkLayerHead(*bytes); !s)
                    return s;
                m_headChecked = true;
                return {};
            }
    std::string head(fetched);
    if (head.empty()) {
        auto got = fetchRange(0, start);
        if (!got)
            return got.error();
        if (m_options.stats)
            m_options.stats->addFetched(FetchKind::Span, got->size());
        head = std::move(*got);
    }
    if (auto s = m_spans.checkLayerHead(head); !s)
        return s;
    if (m_options.cache) {
        const auto d = oci::Digest::sha256Of(head);
        if (m_options.cache->put(DiskCache::Area::Objects, d, head))
            m_options.cache->rememberRef(refName, d);
    }
    m_headChecked = true;
    return {};
}

Result<std::string> LayerReader::fetchRange(std::int64_t start, std::int64_t end)
{
    const std::uint64_t len = static_cast<std::uint64_t>(end - start);
    if (!m_localPath.empty()) {
        const util::Fd file(::open(m_localPath.c_str(), O_RDONLY | O_CLOEXEC));
        if (!file)
            return makeError(ErrorCode::Io, std::string("cannot open local layer: ") + std::strerror(errno), m_localPath);
        std::string out(len, '\0');
        size_t done = 0;
        while (done < len) {
            const ssize_t n = ::pread(file.get(), out.data() + done, len - done, static_cast<off_t>(start) + static_cast<off_t>(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            done += static_cast<size_t>(n);
        }
        if (done != len)
            return makeError(ErrorCode::Integrity, "local layer file is shorter than its zTOC says", m_localPath);
        return out;
    }
    if (m_options.stats) {
        ++m_options.stats->rangeRequests;
        ++m_options.stats->requests;
    }
    FetchTimer t(m_options.stats);
    return m_source->fetchBlobRange(m_layer.digest, static_cast<std::uint64_t>(start), len);
}

std::optional<std::string> LayerReader::fromDiskCache(std::int32_t i)
{
    if (!m_options.cache || !m_localPath.empty())
        return std::nullopt;
    auto key = oci::Digest::parse(m_ztoc.spanDigests[static_cast<size_t>(i)]);
    if (!key)
        return std::nullopt;
    auto cached = m_options.cache->get(DiskCache::Area::Spans, *key);
    if (m_options.stats) {
        if (cached) {
            ++m_options.stats->cacheHits;
            m_options.stats->cachedBytes += cached->size();
        } else {
            ++m_options.stats->cacheMisses;
        }
    }
    return cached;
}

Result<std::shared_ptr<const std::string>> LayerReader::decompress(std::int32_t i, std::string_view compressed)
{
    auto plain = soci::decompressSpan(m_spans, i, compressed);
    if (!plain)
        return makeError(plain.error().code, "span " + std::to_string(i) + " of layer " + m_layer.digest.str() + ": " +
                                                 plain.error().message);
    return std::make_shared<const std::string>(std::move(*plain));
}

void LayerReader::finish(std::int32_t i, Result<std::shared_ptr<const std::string>> result,
                         SpanMemory::Reservation* room)
{
    if (result)
        m_memory->put(key(i), *result, room);
    std::lock_guard lock(m_mutex);
    Slot& s = m_slots[static_cast<size_t>(i)];
    if (result) {
        s.state = State::Empty;
        if (s.waiters > 0)
            s.handoff = std::move(*result);
    } else {
        s.state = State::Failed;
        s.error = result.error();
    }
    m_cv.notify_all();
}

void LayerReader::leave(Slot& s)
{
    if (--s.waiters == 0)
        s.handoff.reset();
}

void LayerReader::fetchRun(std::int32_t first, std::int32_t last, bool background, bool mayWait)
{
    // Room for the compressed bytes and the decompressed spans, held until the
    // last of them is decompressed (possibly on the pool).
    const auto& from = m_spans.range(first);
    const auto& to = m_spans.range(last);
    const auto need = static_cast<std::uint64_t>((to.compressedEnd - from.compressedStart) +
                                                 (to.uncompressedEnd - from.uncompressedStart));
    std::shared_ptr<SpanMemory::Reservation> room = mayWait ? m_memory->reserve(need) : m_memory->tryReserve(need);
    if (!room) {
        std::lock_guard lock(m_mutex);
        for (std::int32_t k = first; k <= last; ++k)
            m_slots[static_cast<size_t>(k)].state = State::Empty;
        m_cv.notify_all();
        return;
    }
    // Spans the disk cache has are decompressed from it; the rest are fetched
    // in as few range requests as there are gaps.
    // Verified compressed bytes of each span: a view into the request's buffer.
    struct Piece {
        std::int32_t span;
        std::shared_ptr<const std::string> buffer;
        std::string_view bytes;
    };
    std::vector<Piece> ready;
    std::vector<size_t> fetched;                             // entries of ready that came over the network
    std::int32_t i = first;
    while (i <= last) {
        if (auto hot = fromInflatedTier(i)) {
            const auto& r = m_spans.range(i);
            emit(FetchEvent::Type::SpanCached, i, static_cast<std::uint64_t>(r.compressedEnd - r.compressedStart), 0,
                 background);
            finish(i, std::move(hot), room.get());
            ++i;
            continue;
        }
        if (auto cached = fromDiskCache(i)) {
            emit(FetchEvent::Type::SpanCached, i, cached->size(), 0, background);
            auto buffer = std::make_shared<const std::string>(std::move(*cached));
            ready.push_back({i, buffer, *buffer});
            ++i;
            continue;
        }
        std::int32_t j = i;
        // The run stops before a span the disk cache has (or, fetching
        // over the network, one already in memory).
        const auto stopsRun = [&](std::int32_t k) { return m_localPath.empty() ? spanAvailable(k) : inDiskCache(k); };
        while (j < last && !(m_options.cache && stopsRun(j + 1)))
            ++j;
        std::vector<bool> ok(static_cast<size_t>(j - i + 1), false);
        const Error failure = fetchVerified(i, j, background, ok,
            [&](std::int32_t k, const std::shared_ptr<const std::string>& buffer, std::string_view bytes) {
                ready.push_back({k, buffer, bytes});
                if (m_localPath.empty())
                    fetched.push_back(static_cast<size_t>(ready.size() - 1));
            });
        for (std::int32_t k = i; k <= j; ++k)
            if (!ok[static_cast<size_t>(k - i)])
                finish(k, failure);
        i = j + 1;
    }
    // Decompress: all but the last on the pool (never waited for here: a pool
    // thread waiting on pool work could starve the pool), the last one here.
    // Fetched spans go to the disk cache afterwards, off the reader's critical path.
    const auto pool = m_options.pool.lock();
    const auto store = [this](std::int32_t span, std::string_view data) { storeSpan(span, data); };
    std::vector<bool> toStore(ready.size(), false);
    for (size_t k : fetched)
        toStore[k] = true;
    for (size_t k = 0; k < ready.size(); ++k) {
        const Piece piece = ready[k];
        const bool keep = toStore[k];
        if (pool && k + 1 < ready.size()) {
            auto self = shared_from_this();
            pool->submit(background ? WorkerPool::Priority::Background : WorkerPool::Priority::Foreground,
                         [self, piece, keep, store, room, background](bool cancelled) {
                             if (cancelled) {
                                 self->finish(piece.span, makeError(ErrorCode::Cancelled, "shutting down"));
                                 return;
                             }
                             self->finish(piece.span, self->inflate(piece.span, piece.bytes, background), room.get());
                             if (keep)
                                 store(piece.span, piece.bytes);
                         });
        } else {
            finish(piece.span, inflate(piece.span, piece.bytes, background), room.get());
            if (keep)
                store(piece.span, piece.bytes);
        }
    }
}

std::vector<std::pair<std::int32_t, std::int32_t>> LayerReader::claimRuns(
    std::int32_t first, std::int32_t last, const std::function<bool(std::int32_t)>& skip)
{
    std::vector<std::pair<std::int32_t, std::int32_t>> runs;
    std::int64_t runBytes = 0;
    for (std::int32_t i = first; i <= last; ++i) {
        Slot& s = m_slots[static_cast<size_t>(i)];
        if (s.state == State::InFlight || m_memory->contains(key(i)) || (skip && skip(i)))
            continue;
        s.state = State::InFlight;
        s.error = {};
        const auto& r = m_spans.range(i);
        const std::int64_t bytes = r.compressedEnd - r.compressedStart;
        if (!runs.empty() && runs.back().second == i - 1 &&
            runBytes + bytes <= static_cast<std::int64_t>(m_options.maxRunBytes)) {
            runs.back().second = i;
            runBytes += bytes;
        } else {
            runs.emplace_back(i, i);
            runBytes = bytes;
        }
    }
    return runs;
}

void LayerReader::schedule(const std::vector<std::pair<std::int32_t, std::int32_t>>& runs,
                           WorkerPool::Priority priority, bool runFirstHere)
{
    const bool background = priority == WorkerPool::Priority::Background;
    const auto pool = m_options.pool.lock();
    for (size_t k = 0; k < runs.size(); ++k) {
        const auto [a, b] = runs[k];
        if (!pool || (runFirstHere && k == 0))
            continue;
        auto self = shared_from_this();
        pool->submit(priority, [self, a = a, b = b, background](bool cancelled) {
            if (cancelled) {
                for (std::int32_t i = a; i <= b; ++i)
                    self->finish(i, makeError(ErrorCode::Cancelled, "shutting down"));
                return;
            }
            self->fetchRun(a, b, background, false);
        });
    }
    // The caller's own thread does the first run (or all, without a pool).
    for (size_t k = 0; k < runs.size(); ++k)
        if (!pool || (runFirstHere && k == 0))
            fetchRun(runs[k].first, runs[k].second, background, true);
}

void LayerReader::prefetch(std::int32_t first, std::int32_t last, WorkerPool::Priority priority)
{
    first = std::max(first, 0);
    last = std::min(last, m_spans.spanCount() - 1);
    if (first > last || m_options.pool.expired())
        return;
    std::vector<std::pair<std::int32_t, std::int32_t>> runs;
    {
        std::lock_guard lock(m_mutex);
        runs = claimRuns(first, last);
    }
    schedule(runs, priority, false);
}

Result<std::shared_ptr<const std::string>> LayerReader::obtain(std::int32_t i, bool counted)
{
    if (i < 0 || i >= m_spans.spanCount())
        return makeError(ErrorCode::Internal, "span " + std::to_string(i) + " out of range");
    Slot& s = m_slots[static_cast<size_t>(i)];
    for (int round = 0; round < 8; ++round) {
        {
            std::unique_lock lock(m_mutex);
            if (!counted) {
                ++s.waiters;
                counted = true;
            }
            if (s.state == State::InFlight) {
                // Another thread fetches it. Wait, but not past what this
                // reader's owner allows: a stuck fetch must not hold it.
                const util::CancelToken cancel = util::currentCancelToken();
                while (!m_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return s.state != State::InFlight; }))
                    if (const auto why = cancel.reason(); why != util::StopReason::None) {
                        leave(s);
                        return makeError(why == util::StopReason::Cancelled ? ErrorCode::Cancelled : ErrorCode::Network,
                                         "span " + std::to_string(i) + " of layer " + m_layer.digest.str() + ": " +
                                             util::stopText(why) + " while another read was fetching it");
                    }
            }
            std::shared_ptr<const std::string> data = s.handoff;
            if (!data)
                data = m_memory->get(key(i));
            if (data) {
                leave(s);
                return data;
            }
            if (s.state == State::Failed) {
                Error e = s.error;
                s.state = State::Empty; // a later read tries again
                leave(s);
                return e;
            }
            // Not fetched, or dropped before we got to it: fetch it here.
            s.state = State::InFlight;
            s.error = {};
        }
        fetchRun(i, i, false, true);
    }
    std::lock_guard lock(m_mutex);
    leave(s);
    return makeError(ErrorCode::Internal, "span " + std::to_string(i) + " kept being dropped from memory");
}

bool LayerReader::spanAvailable(std::int32_t i) const
{
    if (!m_localPath.empty())
        return true;
    if (m_memory->contains(key(i)))
        return true;
    return inDiskCache(i);
}

std::uint64_t LayerReader::costOf(std::int64_t offset, std::int64_t length) const
{
    const auto range = m_spans.spansFor(offset, length);
    if (!range)
        return 0;
    std::uint64_t total = 0;
    for (std::int32_t i = range->first; i <= range->second; ++i)
        if (!spanAvailable(i))
            total += static_cast<std::uint64_t>(m_spans.range(i).compressedEnd - m_spans.range(i).compressedStart);
    return total;
}

Result<std::string> LayerReader::read(std::int64_t offset, std::size_t length, std::int64_t readAheadUntil)
{
    std::string out;
    if (length == 0)
        return out;
    const std::int64_t end = offset + static_cast<std::int64_t>(length);
    if (offset < 0 || end > m_ztoc.uncompressedArchiveSize)
        return makeError(ErrorCode::Malformed, "read of [" + std::to_string(offset) + ", " + std::to_string(end) +
                                                   ") is past the end of layer " + m_layer.digest.str());
    const auto range = m_spans.spansFor(offset, static_cast<std::int64_t>(length));
    if (!range)
        return out;
    {
        std::lock_guard lock(m_mutex);
        if (m_needed.empty())
            m_needed.resize(m_slots.size(), false);
        for (std::int32_t i = range->first; i <= range->second; ++i)
            if (!m_needed[static_cast<size_t>(i)]) {
                m_needed[static_cast<size_t>(i)] = true;
                m_neededBytes += static_cast<std::uint64_t>(m_spans.range(i).compressedEnd - m_spans.range(i).compressedStart);
            }
    }
    out.reserve(length);
    // Work in windows of a few spans, so what one read holds stays small
    // against the memory budget.
    const std::uint64_t budgetSpans =
        m_memory->capacity() / static_cast<std::uint64_t>(std::max<std::int64_t>(m_spans.spanSize(), 1));
    const auto window = static_cast<std::int32_t>(std::clamp<std::uint64_t>(budgetSpans / 2, 1, 8));
    for (std::int32_t a = range->first; a <= range->second; a += window) {
        const std::int32_t b = std::min(range->second, a + window - 1);
        // Spans of the window, and of the read-ahead after it, that the
        // inflated tier has: read from it in parts, never fetched or claimed
        // (the kernel reads ahead in their files).
        const std::int32_t lastLook = std::min(b + std::max(m_options.readAheadSpans, 0), m_spans.spanCount() - 1);
        std::vector<bool> hot(static_cast<size_t>(lastLook - a + 1), false);
        for (std::int32_t i = a; i <= lastLook; ++i)
            hot[static_cast<size_t>(i - a)] = readableHot(i);
        const auto isHot = [&](std::int32_t i) { return i >= a && i <= lastLook && hot[static_cast<size_t>(i - a)]; };
        std::vector<std::pair<std::int32_t, std::int32_t>> runs, ahead;
        bool hotAhead = false; // a sequential reader goes on into the next span
        {
            std::lock_guard lock(m_mutex);
            // One being fetched meanwhile is waited for as usual.
            for (std::int32_t i = a; i <= lastLook; ++i)
                if (hot[static_cast<size_t>(i - a)] && m_slots[static_cast<size_t>(i)].state == State::InFlight)
                    hot[static_cast<size_t>(i - a)] = false;
            runs = claimRuns(a, b, isHot);
            // This read waits for each span of the window: what is fetched for
            // it is handed over even if the budget drops it meanwhile.
            for (std::int32_t i = a; i <= b; ++i)
                if (!isHot(i))
                    ++m_slots[static_cast<size_t>(i)].waiters;
            const bool sequential = offset == m_lastReadEnd || a > range->first;
            // Ahead only inside what the caller will read (the file), never past it.
            const std::int64_t until = readAheadUntil >= 0 ? std::min(readAheadUntil, m_ztoc.uncompressedArchiveSize)
                                                           : m_ztoc.uncompressedArchiveSize;
            const std::int32_t lastAhead =
                until > end ? m_spans.spanOf(until - 1) : b;
            hotAhead = sequential && lastAhead > b;
            if (sequential && m_options.readAheadSpans > 0 && b == range->second && lastAhead > b)
                ahead = claimRuns(b + 1, std::min({b + m_options.readAheadSpans, lastAhead, m_spans.spanCount() - 1}),
                                  isHot);
            if (b == range->second)
                m_lastReadEnd = end;
        }
        schedule(runs, WorkerPool::Priority::Foreground, true);
        // Read-ahead spans go as separate requests, fetched in parallel.
        std::vector<std::pair<std::int32_t, std::int32_t>> singles;
        for (const auto& [x, y] : ahead)
            for (std::int32_t k = x; k <= y; ++k)
                singles.emplace_back(k, k);
        schedule(singles, WorkerPool::Priority::ReadAhead, false);
        // On failure, the spans of the window not yet taken are no longer waited for.
        const auto abandonAfter = [&](std::int32_t i) {
            std::lock_guard lock(m_mutex);
            for (std::int32_t k = i + 1; k <= b; ++k)
                if (!isHot(k))
                    leave(m_slots[static_cast<size_t>(k)]);
        };
        for (std::int32_t i = a; i <= b; ++i) {
            const auto& r = m_spans.range(i);
            const std::int64_t from = std::max(offset, r.uncompressedStart);
            const std::int64_t to = std::min(end, r.uncompressedEnd);
            if (isHot(i) && (to <= from || readHot(i, from, to, out, hotAhead || i < b)))
                continue;
            // Not hot, or its file failed us (then it is not among the waiters yet).
            auto s = obtain(i, !isHot(i));
            if (!s) {
                abandonAfter(i);
                return s.error();
            }
            if (to <= from)
                continue;
            if (static_cast<std::int64_t>((*s)->size()) < to - r.uncompressedStart) {
                abandonAfter(i);
                return makeError(ErrorCode::Integrity, "span " + std::to_string(i) + " decompressed short");
            }
            out.append(**s, static_cast<size_t>(from - r.uncompressedStart), static_cast<size_t>(to - from));
        }
    }
    if (out.size() != length)
        return makeError(ErrorCode::Integrity, "read returned " + std::to_string(out.size()) + " of " +
                                                   std::to_string(length) + " bytes from layer " + m_layer.digest.str());
    return out;
}

} // namespace sociscope::lazy
