// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "lazy/background_fetcher.h"
#include "lazy/disk_cache.h"
#include "lazy/fetch_events.h"
#include "lazy/fetch_stats.h"
#include "lazy/layer_reader.h"
#include "lazy/worker_pool.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "soci/index.h"
#include "util/result.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::lazy {

struct LazyOptions {
    std::shared_ptr<DiskCache> cache;      // null: a cache in defaultCacheRoot()
    std::optional<oci::Platform> platform; // default: this machine's
    std::size_t memorySpans = 16;          // decompressed spans kept in memory per layer
    std::shared_ptr<SpanMemory> memory;    // or: one budget for all layers (and images); null: memorySpans
    unsigned workers = 0;                  // fetch/inflate threads; 0: 2 per core, at least 4
    // Trees from the zTOCs' TOC regions only (range requests skipping the
    // checkpoints); the whole zTOC is fetched and checked before data is read.
    bool fastToc = true;
};

// One platform image opened for lazy reading: its SOCI index (if any), one
// reader per layer (through its zTOC, or fetched whole), the merged file tree
// and the per-layer trees. Everything it fetches is verified and counted in
// stats(). Thread-safe.
class LazyImage final {
public:
    // Resolves ref (tag or digest) to the platform image and finds its index.
    // Layers are opened on first use.
    static Result<std::shared_ptr<LazyImage>> open(std::shared_ptr<registry::Source> source, const std::string& ref,
                                                   LazyOptions options = {});

    [[nodiscard]] const registry::PlatformImage& image() const { return m_image; }
    [[nodiscard]] const std::optional<soci::FoundIndex>& index() const { return m_index; }
    [[nodiscard]] const std::vector<soci::LayerCoverage>& coverage() const { return m_coverage; }
    [[nodiscard]] std::size_t layerCount() const { return m_image.manifest.layers.size(); }
    [[nodiscard]] FetchStats& stats() { return *m_stats; }
    // Live fetch events of this image (subscribe to chart them).
    [[nodiscard]] FetchEvents& events() { return *m_events; }
    [[nodiscard]] const std::shared_ptr<DiskCache>& cache() const { return m_cache; }
    [[nodiscard]] registry::Source& source() { return *m_source; }

    // The reader of layer i (0 = bottom), opening it on first use: its zTOC is
    // fetched and verified, or the layer is fetched whole and indexed here.
    Result<std::shared_ptr<LayerReader>> layer(std::size_t i);
    // The merged tree. Needs every layer's TOC: with fastToc, read from the
    // zTOCs' TOC regions (unverified until verifyTree() or a data read).
    Result<std::shared_ptr<const fs::ImageTree>> tree();
    // True once every TOC behind the trees has been checked against its
    // verified zTOC (or came from one).
    [[nodiscard]] bool treeVerified();
    // Fetches and checks every layer's whole zTOC (the trust chain for data).
    Status verifyTree();
    // The TOC of layer i, for trees (possibly TOC-only).
    Result<std::shared_ptr<const soci::Ztoc>> toc(std::size_t i);
    // Layer i's own tree, whiteouts shown as overlayfs expects.
    Result<std::shared_ptr<const fs::ImageTree>> layerTree(std::size_t i);

    // Bytes [offset, offset+length) of a file (clamped to its size), read
    // through the layer that provides it; first verifies the trees if they were
    // read from TOC regions. Usage error for non-regular files.
    Result<std::string> read(const fs::ImageTree& tree, fs::Ino ino, std::int64_t offset, std::size_t length);
    // Starts (or restarts with new options) the background fetcher; off until called.
    void startBackground(BackgroundOptions options);
    void stopBackground();
    // The running background fetcher, or null.
    [[nodiscard]] BackgroundFetcher* background() { return m_background.get(); }

    // Compressed bytes reading the whole file would fetch now (0 when cached).
    Result<std::uint64_t> costOf(const fs::ImageTree& tree, fs::Ino ino);
    // Spans [first, last] of layer `layer` holding a file's data, when it has data.
    std::optional<std::pair<std::int32_t, std::int32_t>> spansOf(const fs::ImageTree& tree, fs::Ino ino);

    // Stops the worker threads first: queued fetches are cancelled, running ones finish.
    ~LazyImage();

private:
    LazyImage() = default;

    std::shared_ptr<registry::Source> m_source;
    std::shared_ptr<DiskCache> m_cache;
    std::unique_ptr<FetchStats> m_stats = std::make_unique<FetchStats>();
    std::unique_ptr<FetchEvents> m_events = std::make_unique<FetchEvents>();
    std::shared_ptr<WorkerPool> m_pool;
    std::unique_ptr<BackgroundFetcher> m_background;
    LazyOptions m_options;
    registry::PlatformImage m_image;
    std::optional<soci::FoundIndex> m_index;
    std::vector<soci::LayerCoverage> m_coverage;

    std::mutex m_mutex;
    std::vector<std::shared_ptr<LayerReader>> m_layers;
    std::vector<std::shared_ptr<std::mutex>> m_layerOpen; // one opener per layer at a time
    std::shared_ptr<const fs::ImageTree> m_tree;
    struct FastToc {
        std::shared_ptr<const soci::Ztoc> ztoc; // TOC-only parse
        std::string tail;                       // bytes after the checkpoints, as fetched
        std::uint64_t tailStart = 0;
    };
    std::vector<FastToc> m_fast;
    std::vector<std::shared_ptr<const fs::ImageTree>> m_layerTrees;
};

} // namespace sociscope::lazy
