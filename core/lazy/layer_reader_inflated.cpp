// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// LayerReader and the disk cache's inflated tier: the tier's key of a span,
// reading spans (or parts of them) from it, and keeping spans there once a
// reader inflated them. The rest of the reader is in layer_reader.cpp.
#include "lazy/layer_reader.h"

#include "util/log.h"

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::lazy {

std::optional<oci::Digest> LayerReader::inflatedKey(std::int32_t i) const
{
    if (m_spans.algorithm() != soci::CompressionAlgorithm::Gzip || i < 0 || i >= m_spans.spanCount() ||
        i >= static_cast<std::int32_t>(m_ztoc.spanDigests.size()))
        return std::nullopt;
    std::lock_guard lock(m_keysMutex);
    m_inflatedKeys.resize(static_cast<size_t>(m_spans.spanCount()));
    std::string& hex = m_inflatedKeys[static_cast<size_t>(i)];
    if (hex.empty()) {
        // Everything the decompressed bytes depend on. The window is in: two
        // zTOCs of one layer (from two images) agreeing on the span but not
        // on its window would inflate it differently, and one image's zTOC
        // must not decide the bytes another reads.
        const auto& r = m_spans.range(i);
        const auto& c = m_spans.checkpoint(i);
        const std::string text = "sociscope inflated span 1\nlayer " + m_layer.digest.str() + "\nspan " +
                                 m_ztoc.spanDigests[static_cast<size_t>(i)] + "\ncompressed " +
                                 std::to_string(r.compressedStart) + " " + std::to_string(r.compressedEnd) +
                                 "\nuncompressed " + std::to_string(r.uncompressedStart) + " " +
                                 std::to_string(r.uncompressedEnd) + "\ncheckpoint " + std::to_string(c.in) + " " +
                                 std::to_string(c.out) + " " + std::to_string(static_cast<unsigned>(c.bits)) + " " +
                                 oci::Digest::sha256Of(c.window).hex() + "\n";
        hex = oci::Digest::sha256Of(text).hex();
    }
    auto d = oci::Digest::parse("sha256:" + hex);
    if (!d)
        return std::nullopt;
    return *d;
}

bool LayerReader::inDiskCache(std::int32_t i) const
{
    if (!m_options.cache || i < 0 || i >= static_cast<std::int32_t>(m_ztoc.spanDigests.size()))
        return false;
    if (m_localPath.empty())
        if (auto key = oci::Digest::parse(m_ztoc.spanDigests[static_cast<size_t>(i)]);
            key && ::access(m_options.cache->areaPath(DiskCache::Area::Spans, *key).c_str(), F_OK) == 0)
            return true;
    const auto hot = m_options.cache->inflatedCap() > 0 ? inflatedKey(i) : std::nullopt;
    return hot && m_options.cache->hasInflated(*hot);
}

std::shared_ptr<const std::string> LayerReader::fromInflatedTier(std::int32_t i)
{
    if (!m_options.cache || m_options.cache->inflatedCap() == 0)
        return nullptr;
    const auto key = inflatedKey(i);
    if (!key)
        return nullptr;
    const auto& r = m_spans.range(i);
    auto bytes = m_options.cache->getInflated(*key, static_cast<std::uint64_t>(r.uncompressedEnd - r.uncompressedStart));
    if (!bytes)
        return nullptr;
    if (m_options.stats) {
        // A cache hit like any other (cachedBytes: the compressed bytes it saved
        // fetching), and counted apart as served without inflating.
        ++m_options.stats->cacheHits;
        ++m_options.stats->inflatedHits;
        if (m_localPath.empty())
            m_options.stats->cachedBytes += static_cast<std::uint64_t>(r.compressedEnd - r.compressedStart);
        m_options.stats->inflatedBytes += bytes->size();
    }
    return std::make_shared<const std::string>(std::move(*bytes));
}

void LayerReader::keepInflated(std::int32_t i, const std::shared_ptr<const std::string>& data)
{
    const auto pool = m_options.pool.lock();
    // Without a pool the write would sit on the reader's path: skipped.
    if (!pool || !m_options.cache || m_options.cache->inflatedCap() == 0)
        return;
    const auto key = inflatedKey(i);
    if (!key || m_options.cache->hasInflated(*key))
        return;
    // Too much queued already (the disk is slower than the reads): skipped;
    // a later read of the span queues it again.
    if (!m_options.cache->beginInflatedWrite(data->size()))
        return;
    pool->submit(WorkerPool::Priority::Background, [cache = m_options.cache, key = *key, data](bool) {
        // Written even when the pool is shutting down (cancelled): the bytes
        // queued are bounded, and dropping them would lose the span.
        if (auto s = cache->putInflated(key, *data); !s)
            log::warning("could not keep an inflated span: " + s.error().text());
        cache->endInflatedWrite(data->size());
    });
}

bool LayerReader::readableHot(std::int32_t i) const
{
    if (!m_options.cache || m_options.cache->inflatedCap() == 0 || m_memory->contains(key(i)))
        return false;
    {
        std::lock_guard lock(m_hotMutex);
        // Once seen there, taken to be there: if it went since, readHot
        // fails and the span is obtained the usual way.
        if (i >= 0 && static_cast<size_t>(i) < m_hotKnown.size() && m_hotKnown[static_cast<size_t>(i)])
            return true;
    }
    const auto hotKey = inflatedKey(i);
    if (!hotKey || !m_options.cache->hasInflated(*hotKey))
        return false;
    std::lock_guard lock(m_hotMutex);
    m_hotKnown.resize(static_cast<size_t>(m_spans.spanCount()), false);
    m_hotKnown[static_cast<size_t>(i)] = true;
    return true;
}

std::shared_ptr<util::Fd> LayerReader::hotFile(std::int32_t i, bool open)
{
    {
        std::lock_guard lock(m_hotMutex);
        for (const auto& h : m_hotFiles)
            if (h.span == i)
                return h.file;
    }
    if (!open)
        return nullptr;
    const auto hotKey = inflatedKey(i);
    if (!hotKey)
        return nullptr;
    const auto& r = m_spans.range(i);
    // Checked (size, owner, mode) once, when opened.
    util::Fd opened = m_options.cache->openInflated(*hotKey, static_cast<std::uint64_t>(r.uncompressedEnd - r.uncompressedStart));
    std::lock_guard lock(m_hotMutex);
    if (!opened) {
        if (static_cast<size_t>(i) < m_hotKnown.size())
            m_hotKnown[static_cast<size_t>(i)] = false;
        return nullptr;
    }
    ::posix_fadvise(opened.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    auto file = std::make_shared<util::Fd>(std::move(opened));
    m_hotFiles.push_back({i, file});
    if (m_hotFiles.size() > kHotFiles)
        m_hotFiles.erase(m_hotFiles.begin());
    return file;
}

bool LayerReader::readHot(std::int32_t i, std::int64_t from, std::int64_t to, std::string& out, bool sequential)
{
    const auto& r = m_spans.range(i);
    const bool opened = !hotFile(i, false);
    const auto file = hotFile(i, true);
    if (!file)
        return false;
    // A sequential reader crosses into the next span's file: the kernel reads
    // that one ahead too, while this one is read.
    if (opened && sequential && i + 1 < m_spans.spanCount() && readableHot(i + 1))
        if (const auto next = hotFile(i + 1, true))
            ::posix_fadvise(next->get(), 0, 0, POSIX_FADV_WILLNEED);
    bool first = false;
    {
        std::lock_guard lock(m_hotMutex);
        if (m_hotCounted.empty())
            m_hotCounted.resize(static_cast<size_t>(m_spans.spanCount()), false);
        first = !m_hotCounted[static_cast<size_t>(i)];
        m_hotCounted[static_cast<size_t>(i)] = true;
    }
    const size_t before = out.size();
    const auto length = static_cast<std::uint64_t>(to - from);
    out.resize(before + length);
    if (!preadAll(file->get(), out.data() + before, length, static_cast<std::uint64_t>(from - r.uncompressedStart))) {
        // Shortened after it was opened: not to be trusted any more.
        out.resize(before);
        std::lock_guard lock(m_hotMutex);
        std::erase_if(m_hotFiles, [&](const HotFile& h) { return h.span == i; });
        if (static_cast<size_t>(i) < m_hotKnown.size())
            m_hotKnown[static_cast<size_t>(i)] = false;
        m_hotCounted[static_cast<size_t>(i)] = false;
        if (const auto hotKey = inflatedKey(i))
            ::unlink(m_options.cache->areaPath(DiskCache::Area::Inflated, *hotKey).c_str());
        log::warning("span " + std::to_string(i) + " of layer " + m_layer.digest.str() +
                     " could not be read from the inflated tier; reading it again");
        return false;
    }
    if (m_options.stats) {
        // Counted as fromInflatedTier does, once per span and reader.
        if (first) {
            ++m_options.stats->cacheHits;
            ++m_options.stats->inflatedHits;
            if (m_localPath.empty())
                m_options.stats->cachedBytes += static_cast<std::uint64_t>(r.compressedEnd - r.compressedStart);
        }
        m_options.stats->inflatedBytes += length;
    }
    if (first)
        emit(FetchEvent::Type::SpanCached, i, static_cast<std::uint64_t>(r.compressedEnd - r.compressedStart), 0, false);
    return true;
}

Result<std::shared_ptr<const std::string>> LayerReader::inflate(std::int32_t i, std::string_view compressed,
                                                                bool background)
{
    auto plain = decompress(i, compressed);
    // Only what a reader asked for (read-ahead included) is worth keeping
    // inflated; a background fill of the whole image would churn the tier.
    if (plain && !background)
        keepInflated(i, *plain);
    return plain;
}

} // namespace sociscope::lazy
