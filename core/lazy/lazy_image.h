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
#include "lazy/ztoc_fetch.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "soci/index.h"
#include "util/result.h"

#include <functional>
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
    // previewTree() reads the zTOCs' TOC regions only (range requests skipping
    // the checkpoints); false: it fetches and verifies whole zTOCs as tree() does.
    bool fastToc = true;
};

// The registry bytes a verified tree and the reads so far need at least, each
// fetched once: every zTOC (its size) and every layer read whole (its size) of
// the layers opened so far, and every span a read needed (its compressed size).
// The manifests and indexes are not in it (they are fetched once, as they come).
struct FetchFloor {
    std::uint64_t ztocBytes = 0;
    std::uint64_t wholeLayerBytes = 0;
    std::uint64_t spanBytes = 0;
    [[nodiscard]] std::uint64_t total() const { return ztocBytes + wholeLayerBytes + spanBytes; }
};

// One platform image opened for lazy reading: its SOCI index (if any), one
// reader per layer (through its zTOC, or fetched whole), the merged file tree
// and the per-layer trees. Everything it fetches is verified and counted in
// stats(). No file list it hands out is unverified, except previewTree()'s.
// Thread-safe.
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
    // The merged tree, verified: every layer's zTOC (fetched a few at a time in
    // parallel, only the bytes previewTree() did not already fetch) matched its
    // digest, or the layer was read whole. Integrity error when one never does.
    Result<std::shared_ptr<const fs::ImageTree>> tree();
    // The merged tree as the zTOCs' TOC regions describe it, NOT verified: for
    // showing at once, marked as unverified, while tree() runs. Never print,
    // serve, extract or run from it. Once tree() succeeded, the same object
    // when its bytes were part of the verified zTOCs, else tree()'s.
    Result<std::shared_ptr<const fs::ImageTree>> previewTree();
    // Whether t is a verified tree of this image (tree() or a layerTree()).
    [[nodiscard]] bool isVerified(const fs::ImageTree& t);
    // Verifies the image (tree()) when t is not verified yet; Integrity error
    // unless t then is (a preview that differs from the verified zTOCs).
    Status ensureVerified(const fs::ImageTree& t);
    // The verified TOC of layer i.
    Result<std::shared_ptr<const soci::Ztoc>> toc(std::size_t i);
    // Layer i's own tree, whiteouts shown as overlayfs expects; verified.
    Result<std::shared_ptr<const fs::ImageTree>> layerTree(std::size_t i);
    // What the layers opened so far needed fetched at least (see FetchFloor).
    [[nodiscard]] FetchFloor floor();
    // Per layer (index = layer), the spans its reads needed so far, ascending:
    // exactly the spans a run's startup read (empty for layers not opened
    // and layers read whole).
    [[nodiscard]] std::vector<std::vector<std::int32_t>> neededSpans();

    // Bytes [offset, offset+length) of a file (clamped to its size), read
    // through the layer that provides it. A previewTree() is verified first;
    // Integrity error when it turned out not to be the verified tree. Usage
    // error for non-regular files.
    Result<std::string> read(const fs::ImageTree& tree, fs::Ino ino, std::int64_t offset, std::size_t length);
    // Starts (or restarts with new options) the background fetcher; off until called.
    void startBackground(BackgroundOptions options);
    void stopBackground();
    // The background fetcher (running or finished), or null when off.
    [[nodiscard]] std::shared_ptr<BackgroundFetcher> background();
    // Compressed bytes of this image available here without the network: the
    // spans of its lazy layers in memory or on disk and the layers read whole,
    // of the layers opened so far (looks at the disk: not for hot paths).
    [[nodiscard]] std::uint64_t localBytes();
    // The same for layer i alone (0 when it was not opened yet).
    [[nodiscard]] std::uint64_t localBytes(std::size_t i);

    // Compressed bytes reading the whole file would fetch now (0 when cached).
    Result<std::uint64_t> costOf(const fs::ImageTree& tree, fs::Ino ino);
    // Spans [first, last] of layer `layer` holding a file's data, when it has data.
    std::optional<std::pair<std::int32_t, std::int32_t>> spansOf(const fs::ImageTree& tree, fs::Ino ino);

    // Stops the worker threads first: queued fetches are cancelled, running ones finish.
    ~LazyImage();

private:
    LazyImage() = default;
    // The TOC of layer i for previewTree(): from its TOC region, else verified.
    Result<std::shared_ptr<const soci::Ztoc>> previewToc(std::size_t i);
    // Runs fn for every layer, a few at a time; the first error by layer order.
    Status forEachLayer(const std::function<Status(std::size_t)>& fn);
    void countZtoc(std::size_t layer, std::uint64_t bytes);

    std::shared_ptr<registry::Source> m_source;
    std::shared_ptr<DiskCache> m_cache;
    std::unique_ptr<FetchStats> m_stats = std::make_unique<FetchStats>();
    std::unique_ptr<FetchEvents> m_events = std::make_unique<FetchEvents>();
    std::shared_ptr<WorkerPool> m_pool;
    std::shared_ptr<BackgroundFetcher> m_background; // guarded by m_mutex
    LazyOptions m_options;
    registry::PlatformImage m_image;
    std::optional<soci::FoundIndex> m_index;
    std::vector<soci::LayerCoverage> m_coverage;

    std::mutex m_mutex;
    std::vector<std::shared_ptr<LayerReader>> m_layers;
    std::vector<std::shared_ptr<std::mutex>> m_layerOpen; // one opener per layer at a time
    std::shared_ptr<const fs::ImageTree> m_tree;    // verified
    std::shared_ptr<const fs::ImageTree> m_preview; // from TOC regions
    // Per layer: what previewTree() read, and whether that is verified.
    struct Preview {
        std::optional<PartialZtoc> partial; // dropped once verified
        std::shared_ptr<const soci::Ztoc> toc;
        bool confirmed = false; // toc is (part of) the verified zTOC
    };
    std::vector<Preview> m_previews;
    std::vector<FetchFloor> m_floors;
    std::vector<std::shared_ptr<const fs::ImageTree>> m_layerTrees;
};

} // namespace sociscope::lazy
