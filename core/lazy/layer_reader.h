// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/disk_cache.h"
#include "lazy/fetch_events.h"
#include "lazy/fetch_stats.h"
#include "oci/image.h"
#include "registry/source.h"
#include "soci/spans.h"
#include "soci/ztoc.h"
#include "util/result.h"

#include <condition_variable>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sociscope::lazy {

// Reads the uncompressed tar of one layer through its zTOC: span by span,
// each span's compressed bytes verified against its span digest before a byte
// of it is used, decompression resumed at the span's checkpoint. Spans come
// from the disk cache or, on a miss, one range request; several threads may
// read at once and each span is fetched once (waiters share the fetch).
class LayerReader final {
public:
    struct Options {
        std::shared_ptr<DiskCache> cache; // may be null: no disk cache
        FetchStats* stats = nullptr;
        FetchEvents* events = nullptr;    // may be null
        int layerIndex = -1;              // for events
        std::size_t memorySpans = 8;      // decompressed spans kept in memory
    };

    // A layer read lazily from its registry (or folder): `ztoc` must come from a
    // blob that matched the digest in a verified SOCI index.
    static Result<std::shared_ptr<LayerReader>> remote(std::shared_ptr<registry::Source> source,
                                                       oci::Descriptor layer, soci::Ztoc ztoc, Options options);
    // A layer already on local disk (fetched whole and verified), with a zTOC
    // built here; `path` holds exactly the bytes the zTOC describes.
    static Result<std::shared_ptr<LayerReader>> local(std::string path, oci::Descriptor layer, soci::Ztoc ztoc,
                                                      std::string how, Options options);

    [[nodiscard]] const soci::Ztoc& ztoc() const { return m_ztoc; }
    [[nodiscard]] const soci::SpanIndex& spans() const { return m_spans; }
    [[nodiscard]] const oci::Descriptor& layer() const { return m_layer; }
    [[nodiscard]] bool isLocal() const { return !m_localPath.empty(); }
    // "lazy (zTOC, 4 spans of 4 MiB)" or "read whole: zstd" — which path this layer took.
    [[nodiscard]] const std::string& how() const { return m_how; }

    // Bytes [offset, offset + length) of the uncompressed tar, exactly, or an
    // error (Integrity when a span does not match its digest). Thread-safe.
    Result<std::string> read(std::int64_t offset, std::size_t length);
    // Decompressed span i, fetching it if needed. Thread-safe.
    Result<std::shared_ptr<const std::string>> span(std::int32_t i);
    // True when span i is in memory or in the disk cache (nothing to fetch).
    [[nodiscard]] bool spanAvailable(std::int32_t i) const;
    // Compressed bytes a read of [offset, offset+length) would fetch now.
    [[nodiscard]] std::uint64_t costOf(std::int64_t offset, std::int64_t length) const;

private:
    LayerReader(oci::Descriptor layer, soci::Ztoc ztoc, soci::SpanIndex spans, Options options);
    Result<std::string> fetchCompressed(std::int32_t i);
    Result<std::shared_ptr<const std::string>> loadSpan(std::int32_t i);
    Status checkHead();
    void emit(FetchEvent::Type type, std::int32_t span, std::uint64_t bytes, std::uint64_t micros);

    std::shared_ptr<registry::Source> m_source;
    std::string m_localPath;
    oci::Descriptor m_layer;
    soci::Ztoc m_ztoc;
    soci::SpanIndex m_spans;
    Options m_options;
    std::string m_how;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::map<std::int32_t, std::shared_ptr<const std::string>> m_memory;
    std::list<std::int32_t> m_lru; // most recent at the front
    std::map<std::int32_t, bool> m_inFlight;
    bool m_headChecked = false;
};

} // namespace sociscope::lazy
