// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/lazy_image.h"

#include "lazy/caching_source.h"
#include "lazy/whole_layer.h"
#include "soci/ztoc_limits.h"
#include "util/cancel.h"
#include "util/files.h"
#include "util/log.h"

#include <future>

#include <thread>

namespace sociscope::lazy {

Result<std::shared_ptr<LazyImage>> LazyImage::open(std::shared_ptr<registry::Source> source, const std::string& ref,
                                                   LazyOptions options)
{
    std::shared_ptr<LazyImage> img(new LazyImage());
    img->m_options = options;
    img->m_cache = options.cache ? options.cache : std::make_shared<DiskCache>(defaultCacheRoot(), defaultCacheCap());
    const unsigned workers = options.workers ? options.workers : std::max(4u, 2 * std::thread::hardware_concurrency());
    img->m_pool = std::make_shared<WorkerPool>(workers);
    img->m_source = makeCachingSource(std::move(source), img->m_cache, img->m_stats.get(), img->m_events.get());
    auto pi = registry::resolvePlatformImage(*img->m_source, ref, options.platform);
    if (!pi)
        return pi.error();
    img->m_image = std::move(*pi);
    auto found = soci::findIndex(*img->m_source, img->m_image);
    if (!found)
        return found.error();
    img->m_index = std::move(*found);
    img->m_coverage = soci::coverageOf(img->m_image, img->m_index ? &img->m_index->index : nullptr);
    const size_t n = img->m_image.manifest.layers.size();
    img->m_layers.resize(n);
    img->m_layerTrees.resize(n);
    img->m_fast.resize(n);
    for (size_t i = 0; i < n; ++i)
        img->m_layerOpen.push_back(std::make_shared<std::mutex>());
    return img;
}

LazyImage::~LazyImage()
{
    m_background.reset();
    m_pool.reset();
}

void LazyImage::startBackground(BackgroundOptions options)
{
    m_background.reset();
    m_background = std::make_unique<BackgroundFetcher>(*this, options);
}

void LazyImage::stopBackground() { m_background.reset(); }

Result<std::shared_ptr<LayerReader>> LazyImage::layer(std::size_t i)
{
    if (i >= layerCount())
        return makeError(ErrorCode::NotFound, "the image has " + std::to_string(layerCount()) + " layers");
    std::shared_ptr<std::mutex> opener;
    {
        std::lock_guard lock(m_mutex);
        if (m_layers[i])
            return m_layers[i];
        opener = m_layerOpen[i];
    }
    std::lock_guard openLock(*opener);
    {
        std::lock_guard lock(m_mutex);
        if (m_layers[i])
            return m_layers[i];
    }
    const auto& cov = m_coverage[i];
    const oci::Descriptor& layerDesc = m_image.manifest.layers[i];
    LayerReader::Options ro;
    ro.cache = m_cache;
    ro.stats = m_stats.get();
    ro.events = m_events.get();
    ro.pool = m_pool;
    ro.layerIndex = static_cast<int>(i);
    ro.memorySpans = m_options.memorySpans;
    ro.memory = m_options.memory;
    Result<std::shared_ptr<LayerReader>> reader = makeError(ErrorCode::Internal, "layer not opened");
    std::string wholeReason = cov.reason;
    if (cov.lazy() && cov.ztoc) {
        // The zTOC is trusted only as a whole blob matching the index's digest.
        const Status sizeOk = soci::checkZtocSize(*cov.ztoc, layerDesc);
        Result<std::string> bytes = sizeOk ? m_source->fetchBlobBytes(*cov.ztoc, soci::maxZtocSize(layerDesc.size))
                                           : Result<std::string>(sizeOk.error());
        if (!bytes && bytes.error().code == ErrorCode::Integrity) {
            log::warning(bytes.error().text() + "; fetching the zTOC once more");
            bytes = m_source->fetchBlobBytes(*cov.ztoc, soci::maxZtocSize(layerDesc.size));
        }
        if (!bytes)
            return makeError(bytes.error().code, "zTOC of layer " + std::to_string(i) + ": " + bytes.error().message,
                             bytes.error().context);
        // A tree shown from the TOC region alone is confirmed by the verified bytes.
        {
            std::lock_guard lock(m_mutex);
            const FastToc& f = m_fast[i];
            if (f.ztoc && (bytes->size() < f.tailStart || bytes->compare(f.tailStart, std::string::npos, f.tail) != 0))
                return makeError(ErrorCode::Integrity,
                                 "the file list of layer " + std::to_string(i) +
                                     " read before its zTOC was verified does not match the verified zTOC; open the image again",
                                 m_source->describe());
        }
        auto z = soci::parseZtoc(*bytes);
        if (z) {
            reader = LayerReader::remote(m_source, layerDesc, std::move(*z), ro);
            if (!reader)
                wholeReason = "read whole: " + reader.error().message;
        } else {
            wholeReason = "read whole: the zTOC was rejected: " + z.error().message;
        }
        if (!reader)
            log::warning("layer " + std::to_string(i) + ": " + wholeReason);
    }
    if (!reader)
        reader = openWholeLayer(*m_source, layerDesc, wholeReason, *m_cache, ro);
    if (!reader)
        return reader.error();
    std::lock_guard lock(m_mutex);
    m_layers[i] = *reader;
    return *reader;
}

Result<std::shared_ptr<const fs::ImageTree>> LazyImage::tree()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_tree)
            return m_tree;
    }
    // Every layer's TOC, a few layers at a time in parallel.
    std::vector<std::shared_ptr<const soci::Ztoc>> tocs(layerCount());
    constexpr size_t Batch = 8;
    for (size_t first = 0; first < layerCount(); first += Batch) {
        std::vector<std::future<Result<std::shared_ptr<const soci::Ztoc>>>> pending;
        for (size_t i = first; i < std::min(layerCount(), first + Batch); ++i)
            pending.push_back(std::async(std::launch::async, [this, i, cancel = util::currentCancelToken()] {
                const util::CancelScope scope(cancel); // the caller's owner owns these fetches too
                return toc(i);
            }));
        for (size_t k = 0; k < pending.size(); ++k) {
            auto t = pending[k].get();
            if (!t)
                return t.error();
            tocs[first + k] = std::move(*t);
        }
    }
    std::vector<const soci::Ztoc*> ztocs;
    for (const auto& t : tocs)
        ztocs.push_back(t.get());
    auto t = fs::ImageTree::build(ztocs, fs::ImageTree::Mode::Merged);
    if (!t)
        return t.error();
    auto shared = std::make_shared<const fs::ImageTree>(std::move(*t));
    std::lock_guard lock(m_mutex);
    if (!m_tree)
        m_tree = shared;
    return m_tree;
}

Result<std::shared_ptr<const fs::ImageTree>> LazyImage::layerTree(std::size_t i)
{
    {
        std::lock_guard lock(m_mutex);
        if (i < m_layerTrees.size() && m_layerTrees[i])
            return m_layerTrees[i];
    }
    auto z = toc(i);
    if (!z)
        return z.error();
    auto t = fs::ImageTree::build({z->get()}, fs::ImageTree::Mode::LayerView, static_cast<std::int32_t>(i));
    if (!t)
        return t.error();
    auto shared = std::make_shared<const fs::ImageTree>(std::move(*t));
    std::lock_guard lock(m_mutex);
    if (!m_layerTrees[i])
        m_layerTrees[i] = shared;
    return m_layerTrees[i];
}

Result<std::string> LazyImage::read(const fs::ImageTree& tree, fs::Ino ino, std::int64_t offset, std::size_t length)
{
    if (!tree.valid(ino))
        return makeError(ErrorCode::NotFound, "no such file");
    const fs::Inode& n = tree.inode(ino);
    if (n.type != fs::FileType::Regular)
        return makeError(ErrorCode::Usage, "not a regular file: " + tree.pathOf(ino));
    if (offset < 0)
        return makeError(ErrorCode::Usage, "negative offset");
    if (offset >= n.size || length == 0)
        return std::string();
    const std::size_t len = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(length), n.size - offset));
    const auto* e = tree.entry(ino);
    if (!e)
        return makeError(ErrorCode::Internal, "file without a TOC entry");
    // Names in a tree read from TOC regions are trusted only once every
    // layer's TOC matched its verified zTOC (an upper layer could hide or
    // rename a lower file).
    if (m_background)
        m_background->noteActivity();
    if (!treeVerified())
        if (auto v = verifyTree(); !v)
            return v.error();
    const std::size_t layerIndex = static_cast<std::size_t>(n.layer);
    auto l = layer(layerIndex);
    if (!l)
        return l.error();
    // The tree may come from a TOC-only read: the verified zTOC must agree.
    const auto& entries = (*l)->ztoc().entries;
    if (static_cast<size_t>(n.entry) >= entries.size() || entries[static_cast<size_t>(n.entry)].uncompressedOffset != e->uncompressedOffset ||
        entries[static_cast<size_t>(n.entry)].uncompressedSize != e->uncompressedSize)
        return makeError(ErrorCode::Integrity, "the file list and the verified zTOC of layer " + std::to_string(layerIndex) +
                                                   " disagree about " + tree.pathOf(ino));
    return (*l)->read(e->uncompressedOffset + offset, len, e->uncompressedOffset + e->uncompressedSize);
}

Result<std::shared_ptr<const soci::Ztoc>> LazyImage::toc(std::size_t i)
{
    if (i >= layerCount())
        return makeError(ErrorCode::NotFound, "no such layer");
    {
        std::lock_guard lock(m_mutex);
        if (m_layers[i])
            return std::shared_ptr<const soci::Ztoc>(m_layers[i], &m_layers[i]->ztoc());
        if (m_fast[i].ztoc)
            return m_fast[i].ztoc;
    }
    const auto& cov = m_coverage[i];
    // A zTOC already in the cache (verified) or in a local folder is read whole.
    const bool inObjects = cov.ztoc && files::exists(m_cache->areaPath(DiskCache::Area::Objects, cov.ztoc->digest));
    if (!m_options.fastToc || !cov.lazy() || !cov.ztoc || inObjects || m_source->isLayout()) {
        auto l = layer(i);
        if (!l)
            return l.error();
        return std::shared_ptr<const soci::Ztoc>(*l, &(*l)->ztoc());
    }
    // The front (tables and span digests) and the back (the TOC), skipping the checkpoints.
    const oci::Descriptor& z = *cov.ztoc;
    const std::uint64_t size = static_cast<std::uint64_t>(z.size);
    std::string prefix;
    std::uint64_t needed = std::min<std::uint64_t>(size, 64 * 1024);
    std::optional<soci::CheckpointRegion> region;
    for (int round = 0; round < 4 && needed > prefix.size() && needed <= size; ++round) {
        auto more = m_source->fetchBlobRange(z.digest, prefix.size(), std::min(size, needed + 4096) - prefix.size());
        if (!more)
            return more.error();
        m_stats->addFetched(FetchKind::Ztoc, more->size());
        ++m_stats->rangeRequests;
        ++m_stats->requests;
        prefix += *more;
        region = soci::locateCheckpoints(prefix, needed);
        if (region)
            break;
    }
    const std::uint64_t cpEnd = region ? region->start + region->length : 0;
    if (!region || cpEnd > size || region->start > prefix.size() || region->length < size / 4) {
        // Not worth it (or not understood): the whole zTOC, verified.
        auto l = layer(i);
        if (!l)
            return l.error();
        return std::shared_ptr<const soci::Ztoc>(*l, &(*l)->ztoc());
    }
    std::string tail;
    if (cpEnd < size) {
        auto t = m_source->fetchBlobRange(z.digest, cpEnd, size - cpEnd);
        if (!t)
            return t.error();
        m_stats->addFetched(FetchKind::Ztoc, t->size());
        ++m_stats->rangeRequests;
        ++m_stats->requests;
        tail = std::move(*t);
    }
    std::string buffer = prefix.substr(0, region->start);
    buffer.append(region->length, '\0');
    buffer += tail;
    auto parsed = soci::parseZtoc(buffer, soci::ZtocParse::TocOnly);
    if (!parsed) {
        // Unverified bytes that do not parse: take the whole zTOC, which is checked.
        log::info("zTOC of layer " + std::to_string(i) + " read by ranges did not parse (" + parsed.error().message +
                  "); fetching it whole");
        auto l = layer(i);
        if (!l)
            return l.error();
        return std::shared_ptr<const soci::Ztoc>(*l, &(*l)->ztoc());
    }
    FastToc f;
    f.ztoc = std::make_shared<const soci::Ztoc>(std::move(*parsed));
    f.tail = std::move(tail);
    f.tailStart = cpEnd;
    std::lock_guard lock(m_mutex);
    if (!m_fast[i].ztoc)
        m_fast[i] = std::move(f);
    return m_fast[i].ztoc;
}

bool LazyImage::treeVerified()
{
    std::lock_guard lock(m_mutex);
    for (size_t i = 0; i < m_layers.size(); ++i)
        if (!m_layers[i] && m_fast[i].ztoc)
            return false;
    return true;
}

Status LazyImage::verifyTree()
{
    for (size_t i = 0; i < layerCount(); ++i) {
        bool fast = false;
        {
            std::lock_guard lock(m_mutex);
            fast = !m_layers[i] && m_fast[i].ztoc;
        }
        if (fast)
            if (auto l = layer(i); !l)
                return l.error();
    }
    return {};
}

Result<std::uint64_t> LazyImage::costOf(const fs::ImageTree& tree, fs::Ino ino)
{
    if (!tree.valid(ino) || tree.inode(ino).type != fs::FileType::Regular)
        return std::uint64_t(0);
    const auto* e = tree.entry(ino);
    auto l = layer(static_cast<std::size_t>(tree.inode(ino).layer));
    if (!l || !e)
        return std::uint64_t(0);
    return (*l)->costOf(e->uncompressedOffset, e->uncompressedSize);
}

std::optional<std::pair<std::int32_t, std::int32_t>> LazyImage::spansOf(const fs::ImageTree& tree, fs::Ino ino)
{
    if (!tree.valid(ino))
        return std::nullopt;
    const auto* e = tree.entry(ino);
    auto l = layer(static_cast<std::size_t>(tree.inode(ino).layer));
    if (!l || !e)
        return std::nullopt;
    return (*l)->spans().spansFor(e->uncompressedOffset, e->uncompressedSize);
}

} // namespace sociscope::lazy
