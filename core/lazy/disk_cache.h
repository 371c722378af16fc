// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace sociscope::lazy {

// Content-addressed files on disk, shared safely by several processes:
//   ROOT/spans/sha256/<hex>    compressed span bytes, keyed by span digest
//   ROOT/objects/sha256/<hex>  manifests, indexes, configs, zTOCs
//   ROOT/blobs/sha256/<hex>    whole layers (read whole: no zTOC)
//   ROOT/local/...             derived files (normalised tars, local zTOCs)
//   ROOT/refs/...              tag -> digest, for offline re-opening
// Every file is written under a temporary name, verified, then renamed; every
// read of a keyed file is verified against its key, and a corrupt or truncated
// file is removed (and reported as a miss). Spans and blobs are evicted least
// recently used first when their total passes the size cap.
class DiskCache final {
public:
    // root: the cache folder (created on demand); capBytes: the size cap of spans + blobs.
    explicit DiskCache(std::string root, std::uint64_t capBytes = 8ull << 30);

    [[nodiscard]] const std::string& root() const { return m_root; }

    enum class Area { Spans, Objects, Blobs };
    // The verified content for key, or nullopt (absent or dropped as corrupt).
    std::optional<std::string> get(Area area, const oci::Digest& key);
    // Stores bytes that the caller has verified against key.
    Status put(Area area, const oci::Digest& key, std::string_view bytes);
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
    };
    [[nodiscard]] Usage usage() const;
    // Evicts spans and blobs, oldest access first, until they fit in capBytes.
    Usage prune(std::uint64_t capBytes);
    // Removes everything.
    Status clear();
    [[nodiscard]] std::uint64_t cap() const { return m_cap; }
    // Corrupt files found and removed by this object.
    [[nodiscard]] std::uint64_t dropped() const { return m_dropped.load(); }

private:
    void maybeEvict(std::uint64_t added);

    std::string m_root;
    std::uint64_t m_cap;
    std::atomic<std::uint64_t> m_sinceScan{0};
    std::atomic<std::uint64_t> m_dropped{0};
    std::mutex m_verifiedMutex;
    std::string m_verifiedBlobs; // "\n<hex>\n" list, verified in this process
};

// The cache root for this process: $SOCISCOPE_CACHE_DIR, $XDG_CACHE_HOME/sociscope,
// ~/.cache/sociscope, or /var/cache/sociscope for a daemon running as root.
std::string defaultCacheRoot(bool systemDaemon = false);
// The cache size cap: $SOCISCOPE_CACHE_MAX_BYTES, else 8 GiB.
std::uint64_t defaultCacheCap();

} // namespace sociscope::lazy
