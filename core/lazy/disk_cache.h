// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "util/fd.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace sociscope::lazy {

// Content-addressed files on disk, shared safely by several processes:
//   ROOT/spans/sha256/<hex>    compressed span bytes, keyed by span digest
//   ROOT/inflated/sha256/<hex> decompressed spans of recently read files (see below)
//   ROOT/objects/sha256/<hex>  manifests, indexes, configs, zTOCs
//   ROOT/blobs/sha256/<hex>    whole layers (read whole: no zTOC)
//   ROOT/local/...             derived files (normalised tars, local zTOCs)
//   ROOT/refs/...              tag -> digest, for offline re-opening
// Every file is written under a temporary name, verified, then renamed; every
// read of a keyed file is verified against its key, and a corrupt or truncated
// file is removed (and reported as a miss). Spans and blobs are evicted least
// recently used first when their total passes the size cap.
//
// The inflated tier is the exception to "verified on every read": it holds
// spans as decompressed for a read, so that reading them again costs one
// pread instead of a digest check and an inflate. Its key is not a hash of its
// content (LayerReader derives it from the layer, the span's digest, its
// ranges and its checkpoint), so it cannot be checked on read. It is trusted
// because only this program writes it, and only after the span's compressed
// bytes matched their digest and inflated without error; the folder is 0700,
// the files 0600, and a file not owned by us, writable by others, or of any
// size but the span's is removed, never served. Files are written under a
// temporary name and renamed, not fsynced: a crash leaves no file or a short
// one (ext4 in its default data=ordered mode, for one, writes a new file's
// data before the size that covers it), and the size check drops a short
// one. It has its own
// cap (inflatedCap), evicted least recently used first; cap 0 turns it off.
class DiskCache final {
public:
    // root: the cache folder (created on demand); capBytes: the size cap of
    // spans + blobs + local files; inflatedCap: the size cap of the inflated
    // tier (nullopt: defaultInflatedCap(capBytes); 0: no inflated tier).
    explicit DiskCache(std::string root, std::uint64_t capBytes = 8ull << 30,
                       std::optional<std::uint64_t> inflatedCap = std::nullopt);

    [[nodiscard]] const std::string& root() const { return m_root; }

    enum class Area { Spans, Objects, Blobs, Inflated };
    // The verified content for key, or nullopt (absent or dropped as corrupt).
    // Not for Area::Inflated (nullopt): use getInflated.
    std::optional<std::string> get(Area area, const oci::Digest& key);
    // Stores bytes that the caller has verified against key. Not for
    // Area::Inflated (an Internal error): use putInflated.
    Status put(Area area, const oci::Digest& key, std::string_view bytes);

    // The inflated tier (see above). A decompressed span of exactly `size`
    // bytes, read straight into the returned string, or nullopt: absent, the
    // tier off, or a file of the wrong size, owner or mode (removed, counted
    // in dropped()).
    std::optional<std::string> getInflated(const oci::Digest& key, std::uint64_t size);
    // The same file opened for reading parts of it (checked as above, marked
    // as used), or an invalid Fd.
    util::Fd openInflated(const oci::Digest& key, std::uint64_t size);
    // Whether the tier holds a file for key (unchecked: getInflated decides).
    [[nodiscard]] bool hasInflated(const oci::Digest& key) const;
    // Stores a decompressed span (temporary file, then rename), then evicts
    // least recently used files past the cap. Does nothing when the tier is
    // off, the span is larger than the cap, or the file is already there.
    Status putInflated(const oci::Digest& key, std::string_view bytes);
    [[nodiscard]] std::uint64_t inflatedCap() const { return m_inflatedCap; }
    // Spans queued for putInflated by readers (writes happen off the read
    // path) are counted here, so the memory they hold stays bounded: a reader
    // asks beginInflatedWrite(bytes) before queueing one (false: too much is
    // queued already, skip it) and calls endInflatedWrite(bytes) once done.
    bool beginInflatedWrite(std::uint64_t bytes);
    void endInflatedWrite(std::uint64_t bytes);
    // Waits until no inflated write is queued; false after timeout.
    bool waitForInflatedWrites(std::chrono::milliseconds timeout);
    // Path of a stored, verified file in Blobs (whole layers), or nullopt.
    // Verification hashes the file once per process.
    std::optional<std::string> blobPath(const oci::Digest& key);
    // Path where a blob may be placed (then publish() it).
    [[nodiscard]] std::string areaPath(Area area, const oci::Digest& key) const;
    // Moves a finished, verified temporary file into place.
    Status publish(const std::string& tmpPath, Area area, const oci::Digest& key);

    // A derived file under ROOT/local/<name>.
    [[nodiscard]] std::string localPath(const std::string& name) const;
    // Tag -> digest records for offline use.
    void rememberRef(const std::string& ref, const oci::Digest& digest);
    std::optional<oci::Digest> lookupRef(const std::string& ref) const;

    struct Usage {
        std::uint64_t spanBytes = 0, spanFiles = 0;
        std::uint64_t objectBytes = 0, objectFiles = 0;
        std::uint64_t blobBytes = 0, blobFiles = 0;
        std::uint64_t localBytes = 0, localFiles = 0;
        std::uint64_t inflatedBytes = 0, inflatedFiles = 0;
    };
    [[nodiscard]] Usage usage() const;
    // Evicts spans, blobs and local files, oldest access first, until they
    // fit in capBytes, and inflated spans until they fit in inflatedCap().
    Usage prune(std::uint64_t capBytes);
    // The same, with another cap for the inflated tier.
    Usage prune(std::uint64_t capBytes, std::uint64_t inflatedCapBytes);
    // Removes everything.
    Status clear();
    [[nodiscard]] std::uint64_t cap() const { return m_cap; }
    // Corrupt files found and removed by this object.
    [[nodiscard]] std::uint64_t dropped() const { return m_dropped.load(); }

    // Most bytes of decompressed spans queued for the inflated tier at once.
    static constexpr std::uint64_t kMaxInflatedPending = 32ull << 20;

private:
    void maybeEvict(std::uint64_t added);
    void maybeEvictInflated(std::uint64_t added);
    // Evicts files under ROOT/<area> for each area, oldest first, until their
    // total is at most capBytes.
    void evict(std::initializer_list<const char*> areas, std::uint64_t capBytes);

    std::string m_root;
    std::uint64_t m_cap;
    std::uint64_t m_inflatedCap;
    std::atomic<std::uint64_t> m_sinceScan{0};
    std::atomic<std::uint64_t> m_inflatedSinceScan{0};
    std::mutex m_pendingMutex;
    std::condition_variable m_pendingDone;
    std::uint64_t m_inflatedPending = 0;
    std::atomic<std::uint64_t> m_dropped{0};
    std::mutex m_verifiedMutex;
    std::string m_verifiedBlobs; // "\n<hex>\n" list, verified in this process
};

// Reads exactly length bytes at offset into `to`; false on an error or a short file.
bool preadAll(int fd, char* to, std::uint64_t length, std::uint64_t offset);

// The cache root for this process: $SOCISCOPE_CACHE_DIR, $XDG_CACHE_HOME/sociscope,
// ~/.cache/sociscope, or /var/cache/sociscope for a daemon running as root.
std::string defaultCacheRoot(bool systemDaemon = false);
// The cache size cap: $SOCISCOPE_CACHE_MAX_BYTES, else 8 GiB.
std::uint64_t defaultCacheCap();
// The inflated tier's cap: $SOCISCOPE_INFLATED_CACHE_MAX_BYTES (0 turns the
// tier off), else an eighth of cacheCap but at most 1 GiB: room for the
// recently read files of a session (256 spans of 4 MiB) that costs at most
// 12.5% more disk than the cap the user set for the rest of the cache.
std::uint64_t defaultInflatedCap(std::uint64_t cacheCap);

} // namespace sociscope::lazy
