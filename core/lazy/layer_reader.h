// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/disk_cache.h"
#include "lazy/fetch_events.h"
#include "lazy/fetch_stats.h"
#include "lazy/span_memory.h"
#include "lazy/worker_pool.h"
#include "oci/image.h"
#include "registry/source.h"
#include "soci/spans.h"
#include "soci/ztoc.h"
#include "util/fd.h"
#include "util/result.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sociscope::lazy {

// Reads the uncompressed tar of one layer through its zTOC: span by span,
// each span's compressed bytes verified against its span digest before a byte
// of it is used, decompression resumed at the span's checkpoint.
//
// Speed: the spans one read needs are fetched as runs of adjacent spans, one
// range request per run, runs in parallel on the worker pool; spans of a run
// are decompressed in parallel too; sequential reads trigger read-ahead.
// Several threads may read at once and each span is fetched once (waiters
// share the fetch). Spans come from the disk cache when it has them: first
// from its inflated tier (decompressed spans of recently read files: one
// pread), then from its compressed spans (verified, then inflated); a span
// inflated for a foreground read is written to the inflated tier afterwards,
// on the worker pool at background priority. read() takes the bytes it needs
// of a span that is in the inflated tier but not in memory straight from the
// span's file, without the span itself.
//
// Memory: decompressed spans live in a SpanMemory, and so do the bytes of
// spans being fetched and decompressed (reserved first): a reader waits for
// room rather than growing past the budget; read-ahead and background work
// are skipped when there is none.
class LayerReader final : public std::enable_shared_from_this<LayerReader> {
public:
    struct Options {
        std::shared_ptr<DiskCache> cache;     // may be null: no disk cache
        std::weak_ptr<WorkerPool> pool;       // expired/null: everything on the caller's thread
        FetchStats* stats = nullptr;
        FetchEvents* events = nullptr;        // may be null
        int layerIndex = -1;                  // for events
        // Shared budget for decompressed spans (the daemon's, for all mounts);
        // null: a budget of this reader's own of memorySpans spans.
        std::shared_ptr<SpanMemory> memory;
        std::size_t memorySpans = 16;
        std::uint64_t maxRunBytes = 16u << 20; // largest compressed range fetched in one request
        int readAheadSpans = 4;               // spans fetched ahead of a sequential reader
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
    // "lazy: 4 spans of 4.00 MiB" or "read whole: zstd" — which path this layer took.
    [[nodiscard]] const std::string& how() const { return m_how; }

    // Bytes [offset, offset + length) of the uncompressed tar, exactly, or an
    // error (Integrity when a span does not match its digest). Sequential reads
    // fetch ahead, up to readAheadUntil (the end of the file being read; -1: no
    // limit). Thread-safe.
    Result<std::string> read(std::int64_t offset, std::size_t length, std::int64_t readAheadUntil = -1);
    // Decompressed span i, fetching it if needed. Thread-safe.
    Result<std::shared_ptr<const std::string>> span(std::int32_t i) { return obtain(i, false); }
    // Starts fetching spans [first, last] (those not available yet) without
    // waiting; background fetches are marked so in events.
    void prefetch(std::int32_t first, std::int32_t last, WorkerPool::Priority priority);
    // Fetches the spans of [first, last] that are neither in memory, nor on
    // disk, nor being fetched into the disk cache, verified but not inflated:
    // background filling costs no memory budget and little CPU, and a read that
    // wants one of them meanwhile waits for it rather than fetching it again.
    // On the caller's thread, in requests of at most maxRequestBytes. Returns
    // the network bytes; an error when a request failed (the rest is skipped).
    Result<std::uint64_t> fill(std::int32_t first, std::int32_t last, std::uint64_t maxRequestBytes);
    // Fetches, verifies and inflates spans [first, last] that are not in
    // memory yet, on the caller's thread (inflation partly on the pool), and
    // waits for them: what a prefetch artifact asks before a mount. Inflated
    // spans go to memory and the inflated tier as a read's do; events and
    // stats mark them as prefetch, not as reads. Returns the spans warmed;
    // an error when some could not be (the others are warm).
    Result<std::int32_t> warm(std::int32_t first, std::int32_t last);
    // The spans read() needed so far, ascending (see neededBytes).
    [[nodiscard]] std::vector<std::int32_t> neededSpans() const;
    // Compressed bytes of the distinct spans that read() needed so far: what
    // the reads would have fetched from an empty cache with nothing read twice.
    [[nodiscard]] std::uint64_t neededBytes() const;
    ~LayerReader();
    LayerReader(const LayerReader&) = delete;
    LayerReader& operator=(const LayerReader&) = delete;
    // True when span i is in memory or in the disk cache, compressed or
    // inflated (nothing to fetch).
    [[nodiscard]] bool spanAvailable(std::int32_t i) const;
    // Compressed bytes a read of [offset, offset+length) would fetch now.
    [[nodiscard]] std::uint64_t costOf(std::int64_t offset, std::int64_t length) const;

private:
    // A span's fetch state; its bytes live in m_memory once fetched.
    enum class State { Empty, InFlight, Failed };
    struct Slot {
        State state = State::Empty;
        Error error;
        // Readers waiting for this span (or about to take it), and the bytes
        // of its last fetch kept for them: the budget may have dropped the
        // span before they got to it.
        int waiters = 0;
        std::shared_ptr<const std::string> handoff;
    };

    LayerReader(oci::Descriptor layer, soci::Ztoc ztoc, soci::SpanIndex spans, Options options);
    // Claims the missing spans of [first, last] (marks them in flight) and
    // returns them grouped in runs of adjacent spans; spans k with
    // skip(k) are left alone. Caller holds m_mutex.
    std::vector<std::pair<std::int32_t, std::int32_t>> claimRuns(
        std::int32_t first, std::int32_t last, const std::function<bool(std::int32_t)>& skip = {});
    void schedule(const std::vector<std::pair<std::int32_t, std::int32_t>>& runs, WorkerPool::Priority priority,
                  bool runFirstHere);
    // Fetches and decompresses spans [first, last] (claimed by the caller).
    // mayWait: wait for room in the memory budget; otherwise, when there is
    // none, the spans are released unfetched (their waiters fetch them).
    void fetchRun(std::int32_t first, std::int32_t last, bool background, bool mayWait);
    // Fetches spans [i, j] in one range request (from the gzip header on when
    // span 0's is not checked yet), retried once on a digest mismatch; each
    // span verified against its digest. Calls verified(k, buffer, bytes) for
    // each good span and sets ok[k - i]; returns the error for those that never
    // were (and adds its network bytes to *networkBytes when given).
    using VerifiedSpan = std::function<void(std::int32_t, const std::shared_ptr<const std::string>&, std::string_view)>;
    Error fetchVerified(std::int32_t i, std::int32_t j, bool background, std::vector<bool>& ok,
                        const VerifiedSpan& verified, std::uint64_t* networkBytes = nullptr);
    // Stores verified compressed bytes of span i in the disk cache.
    void storeSpan(std::int32_t i, std::string_view compressed);
    // Span i for a reader; counted: the caller is already among its waiters.
    Result<std::shared_ptr<const std::string>> obtain(std::int32_t i, bool counted);
    // The caller stops waiting for span i. Caller holds m_mutex.
    void leave(Slot& s);
    [[nodiscard]] SpanMemory::Key key(std::int32_t i) const { return { m_owner, i }; }
    // Records a fetch's outcome; room: the reservation the span was made under.
    void finish(std::int32_t i, Result<std::shared_ptr<const std::string>> result,
                SpanMemory::Reservation* room = nullptr);
    Result<std::shared_ptr<const std::string>> decompress(std::int32_t i, std::string_view compressed);
    // decompress, then keepInflated unless for a background fetch.
    Result<std::shared_ptr<const std::string>> inflate(std::int32_t i, std::string_view compressed, bool background);
    std::optional<std::string> fromDiskCache(std::int32_t i);
    // Span i from the disk cache's inflated tier, or null.
    std::shared_ptr<const std::string> fromInflatedTier(std::int32_t i);
    // Queues span i, just inflated for a reader, for the inflated tier.
    void keepInflated(std::int32_t i, const std::shared_ptr<const std::string>& data);
    // The inflated tier's key of span i: what its bytes are a function of
    // (the layer, the span's digest, its ranges and its checkpoint with its
    // window), hashed; nullopt for spans that need no inflating. Cached.
    std::optional<oci::Digest> inflatedKey(std::int32_t i) const;
    // Span i is in the disk cache (either tier), so a fetch run stops before it.
    [[nodiscard]] bool inDiskCache(std::int32_t i) const;
    // For read(): whether span i can be read in parts straight from the
    // inflated tier (there, and neither in memory nor being fetched).
    [[nodiscard]] bool readableHot(std::int32_t i) const;
    // Appends bytes [from, to) of the tar, all inside span i, to out, read
    // straight from span i's file in the inflated tier: no span materialised,
    // nothing inflated. False (out unchanged) when that failed; the caller
    // then obtains the span the usual way.
    // sequential: the reader goes on into span i + 1 (its file is read ahead).
    bool readHot(std::int32_t i, std::int64_t from, std::int64_t to, std::string& out, bool sequential);
    // Span i's open file in the inflated tier; opened (and kept) when `open`.
    std::shared_ptr<util::Fd> hotFile(std::int32_t i, bool open);
    Result<std::string> fetchRange(std::int64_t start, std::int64_t end);
    // Checks the gzip header before span 0 (fetched: those bytes, when already here).
    Status checkHead(std::string_view fetched = {});
    void emit(FetchEvent::Type type, std::int32_t span, std::uint64_t bytes, std::uint64_t micros, bool background);
    // Whether the calling thread is in warm() (its fetches are the prefetch's).
    static bool prefetching();

    std::shared_ptr<registry::Source> m_source;
    std::string m_localPath;
    oci::Descriptor m_layer;
    soci::Ztoc m_ztoc;
    soci::SpanIndex m_spans;
    Options m_options;
    std::string m_how;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Slot> m_slots;
    std::shared_ptr<SpanMemory> m_memory;
    const std::uint64_t m_owner = SpanMemory::newOwner();
    std::int64_t m_lastReadEnd = -1;
    std::vector<bool> m_needed; // spans read() needed (see neededBytes)
    std::uint64_t m_neededBytes = 0;
    std::mutex m_headMutex;
    bool m_headChecked = false;
    mutable std::mutex m_keysMutex;
    mutable std::vector<std::string> m_inflatedKeys; // hex, "" until computed
    // Files of the inflated tier read from in parts, kept open so that the
    // kernel's read-ahead follows a sequential reader (most recent last).
    struct HotFile {
        std::int32_t span;
        std::shared_ptr<util::Fd> file;
    };
    static constexpr std::size_t kHotFiles = 4;
    mutable std::mutex m_hotMutex;
    std::vector<HotFile> m_hotFiles;
    std::vector<bool> m_hotCounted; // spans counted as inflated hits already
    mutable std::vector<bool> m_hotKnown; // spans seen in the inflated tier

};

} // namespace sociscope::lazy
