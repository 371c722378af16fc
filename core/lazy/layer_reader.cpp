// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/layer_reader.h"

#include "soci/span_reader.h"
#include "util/log.h"
#include "util/strings.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::lazy {

LayerReader::LayerReader(oci::Descriptor layer, soci::Ztoc ztoc, soci::SpanIndex spans, Options options)
    : m_layer(std::move(layer)), m_ztoc(std::move(ztoc)), m_spans(std::move(spans)), m_options(std::move(options))
{
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

Status LayerReader::checkHead()
{
    // Section 2.6 rule 6: the bytes before span 0 must be one gzip member header.
    if (m_spans.spanCount() == 0 || m_spans.algorithm() != soci::CompressionAlgorithm::Gzip)
        return {};
    const auto start = m_spans.range(0).compressedStart;
    if (start <= 0)
        return makeError(ErrorCode::Malformed, "zTOC of layer " + m_layer.digest.str() + " starts span 0 at offset 0");
    // The header bytes are kept too, so an image read once reads offline.
    const std::string refName = "gzip-head " + m_layer.digest.str() + " " + std::to_string(start);
    if (m_options.cache)
        if (auto d = m_options.cache->lookupRef(refName))
            if (auto bytes = m_options.cache->get(DiskCache::Area::Objects, *d))
                return m_spans.checkLayerHead(*bytes);
    auto head = m_source->fetchBlobRange(m_layer.digest, 0, static_cast<std::uint64_t>(start));
    if (!head)
        return head.error();
    if (m_options.stats) {
        m_options.stats->addFetched(FetchKind::Span, head->size());
        ++m_options.stats->rangeRequests;
        ++m_options.stats->requests;
    }
    if (auto s = m_spans.checkLayerHead(*head); !s)
        return s;
    if (m_options.cache) {
        const auto d = oci::Digest::sha256Of(*head);
        if (m_options.cache->put(DiskCache::Area::Objects, d, *head))
            m_options.cache->rememberRef(refName, d);
    }
    return {};
}

Result<std::string> LayerReader::fetchCompressed(std::int32_t i)
{
    const auto& r = m_spans.range(i);
    const std::uint64_t len = static_cast<std::uint64_t>(r.compressedEnd - r.compressedStart);
    if (!m_localPath.empty()) {
        const int fd = ::open(m_localPath.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return makeError(ErrorCode::Io, std::string("cannot open local layer: ") + std::strerror(errno), m_localPath);
        std::string out(len, '\0');
        size_t done = 0;
        while (done < len) {
            const ssize_t n = ::pread(fd, out.data() + done, len - done, static_cast<off_t>(r.compressedStart) + static_cast<off_t>(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            done += static_cast<size_t>(n);
        }
        ::close(fd);
        if (done != len)
            return makeError(ErrorCode::Integrity, "local layer file is shorter than its zTOC says", m_localPath);
        return out;
    }
    const std::string& digest = m_ztoc.spanDigests[static_cast<size_t>(i)];
    auto key = oci::Digest::parse(digest);
    if (m_options.cache && key) {
        if (auto cached = m_options.cache->get(DiskCache::Area::Spans, *key)) {
            if (m_options.stats) {
                ++m_options.stats->cacheHits;
                m_options.stats->cachedBytes += cached->size();
            }
            emit(FetchEvent::Type::SpanCached, i, cached->size(), 0);
            return std::move(*cached);
        }
        if (m_options.stats)
            ++m_options.stats->cacheMisses;
    }
    // One retry: a corrupted transfer is refetched once, then reported.
    Error last;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto started = std::chrono::steady_clock::now();
        Result<std::string> bytes = [&] {
            FetchTimer t(m_options.stats);
            return m_source->fetchBlobRange(m_layer.digest, static_cast<std::uint64_t>(r.compressedStart), len);
        }();
        const auto micros = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
        if (m_options.stats) {
            ++m_options.stats->rangeRequests;
            ++m_options.stats->requests;
        }
        if (!bytes) {
            emit(FetchEvent::Type::SpanFailed, i, 0, micros);
            return bytes.error();
        }
        if (m_options.stats) {
            m_options.stats->addFetched(FetchKind::Span, bytes->size());
            ++m_options.stats->spansFetched;
        }
        if (auto v = soci::verifySpan(*bytes, digest); !v) {
            if (m_options.stats)
                ++m_options.stats->spansFailed;
            emit(FetchEvent::Type::SpanFailed, i, bytes->size(), micros);
            last = makeError(ErrorCode::Integrity,
                             "span " + std::to_string(i) + " of layer " + m_layer.digest.str() +
                                 " does not match its digest in the zTOC (the registry sent wrong bytes)",
                             m_source->describe());
            log::warning(last.text());
            continue;
        }
        if (m_options.stats)
            ++m_options.stats->spansVerified;
        emit(FetchEvent::Type::Span, i, bytes->size(), micros);
        if (m_options.cache && key)
            (void)m_options.cache->put(DiskCache::Area::Spans, *key, *bytes);
        return std::move(*bytes);
    }
    return last;
}

void LayerReader::emit(FetchEvent::Type type, std::int32_t span, std::uint64_t bytes, std::uint64_t micros)
{
    if (!m_options.events)
        return;
    FetchEvent e;
    e.type = type;
    e.layer = m_options.layerIndex;
    e.span = span;
    e.bytes = bytes;
    e.micros = micros;
    m_options.events->emit(e);
}

Result<std::shared_ptr<const std::string>> LayerReader::loadSpan(std::int32_t i)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_headChecked) {
            // Checked once, before the first span is used.
            m_headChecked = true;
            if (auto s = checkHead(); !s) {
                m_headChecked = false;
                return s.error();
            }
        }
    }
    auto compressed = fetchCompressed(i);
    if (!compressed)
        return compressed.error();
    auto plain = soci::decompressSpan(m_spans, i, *compressed);
    if (!plain)
        return makeError(plain.error().code, "span " + std::to_string(i) + " of layer " + m_layer.digest.str() + ": " +
                                                 plain.error().message);
    return std::make_shared<const std::string>(std::move(*plain));
}

Result<std::shared_ptr<const std::string>> LayerReader::span(std::int32_t i)
{
    if (i < 0 || i >= m_spans.spanCount())
        return makeError(ErrorCode::Internal, "span " + std::to_string(i) + " out of range");
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (auto it = m_memory.find(i); it != m_memory.end()) {
            m_lru.remove(i);
            m_lru.push_front(i);
            return it->second;
        }
        if (!m_inFlight.count(i))
            break;
        // Another thread fetches this span: share its result.
        m_cv.wait(lock);
    }
    m_inFlight[i] = true;
    lock.unlock();
    auto result = loadSpan(i);
    lock.lock();
    m_inFlight.erase(i);
    if (result) {
        m_memory[i] = *result;
        m_lru.push_front(i);
        while (m_lru.size() > std::max<std::size_t>(m_options.memorySpans, 1)) {
            m_memory.erase(m_lru.back());
            m_lru.pop_back();
        }
    }
    m_cv.notify_all();
    return result;
}

bool LayerReader::spanAvailable(std::int32_t i) const
{
    if (!m_localPath.empty())
        return true;
    {
        std::lock_guard lock(m_mutex);
        if (m_memory.count(i))
            return true;
    }
    if (!m_options.cache || i < 0 || i >= static_cast<std::int32_t>(m_ztoc.spanDigests.size()))
        return false;
    auto key = oci::Digest::parse(m_ztoc.spanDigests[static_cast<size_t>(i)]);
    return key && ::access(m_options.cache->areaPath(DiskCache::Area::Spans, *key).c_str(), F_OK) == 0;
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

Result<std::string> LayerReader::read(std::int64_t offset, std::size_t length)
{
    std::string out;
    if (length == 0)
        return out;
    if (offset < 0 || offset + static_cast<std::int64_t>(length) > m_ztoc.uncompressedArchiveSize)
        return makeError(ErrorCode::Malformed, "read of [" + std::to_string(offset) + ", " +
                                                   std::to_string(offset + static_cast<std::int64_t>(length)) +
                                                   ") is past the end of layer " + m_layer.digest.str());
    const auto range = m_spans.spansFor(offset, static_cast<std::int64_t>(length));
    if (!range)
        return out;
    out.reserve(length);
    const std::int64_t end = offset + static_cast<std::int64_t>(length);
    for (std::int32_t i = range->first; i <= range->second; ++i) {
        auto s = span(i);
        if (!s)
            return s.error();
        const auto& r = m_spans.range(i);
        const std::int64_t from = std::max(offset, r.uncompressedStart);
        const std::int64_t to = std::min(end, r.uncompressedEnd);
        if (to <= from)
            continue;
        if (static_cast<std::int64_t>((*s)->size()) < to - r.uncompressedStart)
            return makeError(ErrorCode::Integrity, "span " + std::to_string(i) + " decompressed short");
        out.append(**s, static_cast<size_t>(from - r.uncompressedStart), static_cast<size_t>(to - from));
    }
    if (out.size() != length)
        return makeError(ErrorCode::Integrity, "read returned " + std::to_string(out.size()) + " of " +
                                                   std::to_string(length) + " bytes from layer " + m_layer.digest.str());
    return out;
}

} // namespace sociscope::lazy
