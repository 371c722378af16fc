// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/lazy_image.h"

#include "lazy/caching_source.h"
#include "lazy/whole_layer.h"
#include "util/log.h"

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
    for (size_t i = 0; i < n; ++i)
        img->m_layerOpen.push_back(std::make_shared<std::mutex>());
    return img;
}

LazyImage::~LazyImage()
{
    m_pool.reset();
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
    Result<std::shared_ptr<LayerReader>> reader = makeError(ErrorCode::Internal, "layer not opened");
    std::string wholeReason = cov.reason;
    if (cov.lazy() && cov.ztoc) {
        // The zTOC is trusted only as a whole blob matching the index's digest.
        Result<std::string> bytes = m_source->fetchBlobBytes(*cov.ztoc, 1ull << 30);
        if (!bytes && bytes.error().code == ErrorCode::Integrity) {
            log::warning(bytes.error().text() + "; fetching the zTOC once more");
            bytes = m_source->fetchBlobBytes(*cov.ztoc, 1ull << 30);
        }
        if (!bytes)
            return makeError(bytes.error().code, "zTOC of layer " + std::to_string(i) + ": " + bytes.error().message,
                             bytes.error().context);
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
    std::vector<const soci::Ztoc*> ztocs;
    for (size_t i = 0; i < layerCount(); ++i) {
        auto l = layer(i);
        if (!l)
            return l.error();
        ztocs.push_back(&(*l)->ztoc());
    }
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
    auto l = layer(i);
    if (!l)
        return l.error();
    auto t = fs::ImageTree::build({&(*l)->ztoc()}, fs::ImageTree::Mode::LayerView, static_cast<std::int32_t>(i));
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
    const std::size_t layerIndex = static_cast<std::size_t>(n.layer);
    auto l = layer(layerIndex);
    if (!l)
        return l.error();
    if (&(*l)->ztoc().entries[static_cast<size_t>(n.entry)] != e)
        return makeError(ErrorCode::Internal, "tree and layer do not match");
    return (*l)->read(e->uncompressedOffset + offset, len);
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
