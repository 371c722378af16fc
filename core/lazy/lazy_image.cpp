// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/lazy_image.h"

#include "lazy/caching_source.h"
#include "lazy/whole_layer.h"
#include "soci/ztoc_limits.h"
#include "util/cancel.h"
#include "util/files.h"
#include "util/log.h"

#include <atomic>
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
    img->m_previews.resize(n);
    img->m_floors.resize(n);
    for (size_t i = 0; i < n; ++i)
        img->m_layerOpen.push_back(std::make_shared<std::mutex>());
    return img;
}

LazyImage::~LazyImage()
{
    // Stopped here, not when the last holder lets go: its thread uses *this.
    stopBackground();
    m_pool.reset();
}

void LazyImage::startBackground(BackgroundOptions options)
{
    stopBackground();
    auto fetcher = std::make_shared<BackgroundFetcher>(*this, std::move(options));
    std::lock_guard lock(m_mutex);
    m_background = std::move(fetcher);
}

void LazyImage::stopBackground()
{
    std::shared_ptr<BackgroundFetcher> old;
    {
        std::lock_guard lock(m_mutex);
        old.swap(m_background);
    }
    if (old)
        old->stop();
}

std::shared_ptr<BackgroundFetcher> LazyImage::background()
{
    std::lock_guard lock(m_mutex);
    return m_background;
}

namespace {
std::uint64_t localBytesOf(const LayerReader& r)
{
    if (r.isLocal())
        return static_cast<std::uint64_t>(std::max<std::int64_t>(r.layer().size, 0));
    std::uint64_t total = 0;
    const auto& spans = r.spans();
    for (std::int32_t i = 0; i < spans.spanCount(); ++i)
        if (r.spanAvailable(i))
            total += static_cast<std::uint64_t>(spans.range(i).compressedEnd - spans.range(i).compressedStart);
    return total;
}
} // namespace

std::uint64_t LazyImage::localBytes()
{
    std::vector<std::shared_ptr<LayerReader>> readers;
    {
        std::lock_guard lock(m_mutex);
        readers = m_layers;
    }
    std::uint64_t total = 0;
    for (const auto& r : readers)
        if (r)
            total += localBytesOf(*r);
    return total;
}

std::uint64_t LazyImage::localBytes(std::size_t i)
{
    std::shared_ptr<LayerReader> r;
    {
        std::lock_guard lock(m_mutex);
        if (i < m_layers.size())
            r = m_layers[i];
    }
    return r ? localBytesOf(*r) : 0;
}

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
    // A zTOC larger than its layer allows is not downloaded: the layer is read whole.
    const Status sizeOk = cov.lazy() && cov.ztoc ? soci::checkZtocSize(*cov.ztoc, layerDesc) : Status{};
    if (!sizeOk) {
        wholeReason = "read whole: " + sizeOk.error().message;
        log::warning("layer " + std::to_string(i) + ": " + wholeReason);
    }
    if (cov.lazy() && cov.ztoc && sizeOk) {
        // The zTOC is trusted only as a whole blob matching the index's digest;
        // what previewTree() fetched of it is not fetched again.
        std::optional<PartialZtoc> held;
        {
            std::lock_guard lock(m_mutex);
            held = std::move(m_previews[i].partial);
            m_previews[i].partial.reset();
        }
        auto verified = fetchVerifiedZtoc(*m_source, *cov.ztoc, held ? &*held : nullptr, *m_cache,
                                          [this, i](std::uint64_t n) { countZtoc(i, n); });
        if (!verified) {
            std::lock_guard lock(m_mutex);
            if (held && verified.error().code != ErrorCode::Integrity)
                m_previews[i].partial = std::move(held); // a later try still has them
            return makeError(verified.error().code, "zTOC of layer " + std::to_string(i) + ": " + verified.error().message,
                             verified.error().context);
        }
        {
            std::lock_guard lock(m_mutex);
            // Without a preview of this layer, any later one comes from the verified zTOC.
            m_previews[i].confirmed = held ? verified->heldConfirmed : true;
            m_floors[i].ztocBytes = static_cast<std::uint64_t>(std::max<std::int64_t>(cov.ztoc->size, 0));
        }
        auto z = soci::parseZtoc(verified->bytes);
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
    if (!reader) {
        reader = openWholeLayer(*m_source, layerDesc, wholeReason, *m_cache, ro);
        if (!reader)
            return reader.error();
        std::lock_guard lock(m_mutex);
        // A preview of this layer from its zTOC is not what the whole layer
        // holds; a later one is read through here.
        m_previews[i].confirmed = !m_previews[i].toc;
        m_floors[i].wholeLayerBytes = static_cast<std::uint64_t>(std::max<std::int64_t>(layerDesc.size, 0));
    }
    std::lock_guard lock(m_mutex);
    m_layers[i] = *reader;
    return *reader;
}

Status LazyImage::forEachLayer(const std::function<Status(std::size_t)>& fn)
{
    // Bounded: a registry (and this machine) is asked for a few zTOCs at a time.
    constexpr std::size_t MaxParallel = 8;
    const std::size_t n = layerCount();
    std::vector<std::optional<Error>> errors(n);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto work = [&, cancel = util::currentCancelToken()] {
        const util::CancelScope scope(cancel); // the caller's owner owns these fetches too
        for (std::size_t i = next++; i < n && !failed; i = next++)
            if (auto s = fn(i); !s) {
                errors[i] = s.error();
                failed = true;
            }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 1; t < std::min(n, MaxParallel); ++t)
        threads.emplace_back(work);
    work();
    for (auto& t : threads)
        t.join();
    for (auto& e : errors)
        if (e)
            return *e;
    return {};
}

Result<std::shared_ptr<const fs::ImageTree>> LazyImage::tree()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_tree)
            return m_tree;
    }
    auto opened = forEachLayer([this](std::size_t i) -> Status {
        auto l = layer(i);
        if (!l)
            return l.error();
        return {};
    });
    if (!opened)
        return opened.error();
    std::vector<std::shared_ptr<LayerReader>> readers;
    {
        std::lock_guard lock(m_mutex);
        if (m_tree)
            return m_tree;
        // The preview is the verified tree when every byte it came from was.
        bool previewHolds = m_preview != nullptr;
        for (const auto& p : m_previews)
            previewHolds = previewHolds && p.confirmed;
        if (previewHolds) {
            m_tree = m_preview;
            return m_tree;
        }
        readers = m_layers;
    }
    std::vector<const soci::Ztoc*> ztocs;
    for (const auto& r : readers)
        ztocs.push_back(&r->ztoc());
    auto t = fs::ImageTree::build(ztocs, fs::ImageTree::Mode::Merged);
    if (!t)
        return t.error();
    auto shared = std::make_shared<const fs::ImageTree>(std::move(*t));
    std::lock_guard lock(m_mutex);
    if (!m_tree)
        m_tree = shared;
    return m_tree;
}

Result<std::shared_ptr<const fs::ImageTree>> LazyImage::previewTree()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_tree)
            return m_tree;
        if (m_preview)
            return m_preview;
    }
    std::vector<std::shared_ptr<const soci::Ztoc>> tocs(layerCount());
    auto read = forEachLayer([this, &tocs](std::size_t i) -> Status {
        auto t = previewToc(i);
        if (!t)
            return t.error();
        tocs[i] = std::move(*t);
        return {};
    });
    if (!read)
        return read.error();
    std::vector<const soci::Ztoc*> ztocs;
    for (const auto& t : tocs)
        ztocs.push_back(t.get());
    auto t = fs::ImageTree::build(ztocs, fs::ImageTree::Mode::Merged);
    if (!t)
        return t.error();
    auto shared = std::make_shared<const fs::ImageTree>(std::move(*t));
    std::lock_guard lock(m_mutex);
    if (m_tree)
        return m_tree;
    if (!m_preview)
        m_preview = shared;
    return m_preview;
}

bool LazyImage::isVerified(const fs::ImageTree& t)
{
    std::lock_guard lock(m_mutex);
    if (&t == m_tree.get())
        return true;
    for (const auto& l : m_layerTrees)
        if (&t == l.get())
            return true;
    return false;
}

Status LazyImage::ensureVerified(const fs::ImageTree& t)
{
    if (isVerified(t))
        return {};
    auto verified = tree();
    if (!verified)
        return verified.error();
    if (!isVerified(t))
        return makeError(ErrorCode::Integrity,
                         "the file list read before the zTOCs were verified is not what they hold; list the files again",
                         m_source->describe());
    return {};
}

FetchFloor LazyImage::floor()
{
    std::lock_guard lock(m_mutex);
    FetchFloor f;
    for (const auto& l : m_floors) {
        f.ztocBytes += l.ztocBytes;
        f.wholeLayerBytes += l.wholeLayerBytes;
    }
    // A layer read whole needs no span fetched: its spans are read from disk.
    for (const auto& r : m_layers)
        if (r && !r->isLocal())
            f.spanBytes += r->neededBytes();
    return f;
}

std::vector<std::vector<std::int32_t>> LazyImage::neededSpans()
{
    std::vector<std::shared_ptr<LayerReader>> readers;
    {
        std::lock_guard lock(m_mutex);
        readers = m_layers;
    }
    std::vector<std::vector<std::int32_t>> out(layerCount());
    for (std::size_t i = 0; i < readers.size() && i < out.size(); ++i)
        if (readers[i] && !readers[i]->isLocal())
            out[i] = readers[i]->neededSpans();
    return out;
}

void LazyImage::countZtoc(std::size_t layer, std::uint64_t bytes)
{
    m_stats->addFetched(FetchKind::Ztoc, bytes);
    ++m_stats->rangeRequests;
    ++m_stats->requests;
    FetchEvent e;
    e.type = FetchEvent::Type::Ztoc;
    e.layer = static_cast<int>(layer);
    e.bytes = bytes;
    m_events->emit(e);
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
    // A preview is read from only once it turned out to be the verified tree
    // (an upper layer's unverified list could hide or rename a lower file).
    if (auto v = ensureVerified(tree); !v)
        return v.error();
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
    const auto e = tree.entry(ino);
    if (!e)
        return makeError(ErrorCode::Internal, "file without a TOC entry");
    if (auto bg = background())
        bg->noteActivity();
    auto l = layer(static_cast<std::size_t>(n.layer));
    if (!l)
        return l.error();
    return (*l)->read(e->uncompressedOffset + offset, len, e->uncompressedOffset + e->uncompressedSize);
}

Result<std::shared_ptr<const soci::Ztoc>> LazyImage::toc(std::size_t i)
{
    auto l = layer(i);
    if (!l)
        return l.error();
    return std::shared_ptr<const soci::Ztoc>(*l, &(*l)->ztoc());
}

Result<std::shared_ptr<const soci::Ztoc>> LazyImage::previewToc(std::size_t i)
{
    if (i >= layerCount())
        return makeError(ErrorCode::NotFound, "no such layer");
    const auto known = [this, i]() -> std::shared_ptr<const soci::Ztoc> {
        std::lock_guard lock(m_mutex);
        if (m_layers[i])
            return std::shared_ptr<const soci::Ztoc>(m_layers[i], &m_layers[i]->ztoc());
        return m_previews[i].toc;
    };
    if (auto t = known())
        return t;
    const auto& cov = m_coverage[i];
    // A zTOC already in the cache (verified) or in a local folder is read whole;
    // so are layers without one.
    const bool inObjects = cov.ztoc && files::exists(m_cache->areaPath(DiskCache::Area::Objects, cov.ztoc->digest));
    if (m_options.fastToc && cov.lazy() && cov.ztoc && !inObjects && !m_source->isLayout() &&
        soci::checkZtocSize(*cov.ztoc, m_image.manifest.layers[i])) {
        // One reader of a layer's zTOC at a time, as layer() does.
        std::unique_lock open(*m_layerOpen[i]);
        if (auto t = known())
            return t;
        auto partial = fetchTocRegion(*m_source, *cov.ztoc, [this, i](std::uint64_t n) { countZtoc(i, n); });
        if (!partial)
            return makeError(partial.error().code, "zTOC of layer " + std::to_string(i) + ": " + partial.error().message,
                             partial.error().context);
        if (*partial) {
            std::lock_guard lock(m_mutex);
            m_previews[i].toc = (*partial)->toc;
            m_previews[i].partial = std::move(*partial);
            return m_previews[i].toc;
        }
    }
    return toc(i);
}

Result<std::uint64_t> LazyImage::costOf(const fs::ImageTree& tree, fs::Ino ino)
{
    if (!tree.valid(ino) || tree.inode(ino).type != fs::FileType::Regular)
        return std::uint64_t(0);
    const auto e = tree.entry(ino);
    auto l = layer(static_cast<std::size_t>(tree.inode(ino).layer));
    if (!l || !e)
        return std::uint64_t(0);
    return (*l)->costOf(e->uncompressedOffset, e->uncompressedSize);
}

std::optional<std::pair<std::int32_t, std::int32_t>> LazyImage::spansOf(const fs::ImageTree& tree, fs::Ino ino)
{
    if (!tree.valid(ino))
        return std::nullopt;
    const auto e = tree.entry(ino);
    auto l = layer(static_cast<std::size_t>(tree.inode(ino).layer));
    if (!l || !e)
        return std::nullopt;
    return (*l)->spans().spansFor(e->uncompressedOffset, e->uncompressedSize);
}

} // namespace sociscope::lazy
