// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/disk_cache.h"

#include "util/fd.h"
#include "util/files.h"
#include "util/log.h"
#include "util/strings.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace sociscope::lazy {

namespace fs = std::filesystem;

namespace {
const char* areaName(DiskCache::Area a)
{
    switch (a) {
    case DiskCache::Area::Spans: return "spans";
    case DiskCache::Area::Objects: return "objects";
    case DiskCache::Area::Blobs: return "blobs";
    case DiskCache::Area::Inflated: return "inflated";
    }
    return "objects";
}

// Marks a file as just used (its mtime drives LRU eviction).
void touch(const std::string& path) { ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); }

// A zero-filled buffer of `size` bytes for a span about to be read from disk.
// A large allocation is usually a new mapping whose pages each fault on first
// touch, one trap each: on the benchmark VM that cost 30 ms per 4 MiB span in
// fresh mappings (the daemon maps every span: sociscoped's M_MMAP_THRESHOLD),
// ten times the read. The pages are asked for in one call instead, which
// halved it (MADV_POPULATE_WRITE, Linux 5.14; older kernels refuse it and
// nothing changes). Not MADV_HUGEPAGE: with THP defrag on madvise, a fault
// may stall in compaction, and spans in the heap would change its VMAs.
std::string spanBuffer(std::uint64_t size)
{
    std::string out;
    out.reserve(size);
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<std::uintptr_t>(out.data());
    const std::uintptr_t from = (begin + page - 1) & ~(page - 1);
    const std::uintptr_t to = (begin + size) & ~(page - 1);
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
    if (to > from)
        (void)::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
    out.resize(size);
    return out;
}

std::string refFileName(const std::string& ref)
{
    // One file per reference, named by the hash of the reference text.
    return oci::Digest::sha256Of(ref).hex();
}
} // namespace

std::string defaultCacheRoot(bool systemDaemon)
{
    if (const char* x = std::getenv("SOCISCOPE_CACHE_DIR"); x && *x)
        return x;
    if (systemDaemon && ::geteuid() == 0)
        return "/var/cache/sociscope";
    return files::cacheDir();
}

std::uint64_t defaultCacheCap()
{
    if (const char* x = std::getenv("SOCISCOPE_CACHE_MAX_BYTES"); x && *x)
        if (auto n = str::parseU64(x))
            return *n;
    return 8ull << 30;
}

std::uint64_t defaultInflatedCap(std::uint64_t cacheCap)
{
    if (const char* x = std::getenv("SOCISCOPE_INFLATED_CACHE_MAX_BYTES"); x && *x)
        if (auto n = str::parseU64(x))
            return *n;
    return std::min<std::uint64_t>(cacheCap / 8, 1ull << 30);
}

DiskCache::DiskCache(std::string root, std::uint64_t capBytes, std::optional<std::uint64_t> inflatedCap)
    : m_root(std::move(root)), m_cap(capBytes), m_inflatedCap(inflatedCap ? *inflatedCap : defaultInflatedCap(capBytes))
{
}

std::string DiskCache::areaPath(Area area, const oci::Digest& key) const
{
    return m_root + "/" + areaName(area) + "/" + key.algorithm() + "/" + key.hex();
}

std::string DiskCache::localPath(const std::string& name) const { return m_root + "/local/" + name; }

std::optional<std::string> DiskCache::get(Area area, const oci::Digest& key)
{
    if (area == Area::Inflated)
        return std::nullopt; // not content-addressed: nothing to verify against
    const std::string p = areaPath(area, key);
    auto bytes = files::readFile(p);
    if (!bytes)
        return std::nullopt;
    if (oci::Digest::sha256Of(*bytes) != key) {
        // Corrupt or truncated (a crash, a disk error, a hand edit): drop and refetch.
        log::warning("dropping corrupt cache file " + p);
        ::unlink(p.c_str());
        ++m_dropped;
        return std::nullopt;
    }
    touch(p);
    return std::move(*bytes);
}

Status DiskCache::put(Area area, const oci::Digest& key, std::string_view bytes)
{
    if (area == Area::Inflated)
        return makeError(ErrorCode::Internal, "inflated spans go through putInflated", key.str());
    const std::string p = areaPath(area, key);
    if (files::exists(p))
        return {};
    if (auto s = files::makeDirs(p.substr(0, p.rfind('/'))); !s)
        return s;
    // Not fsynced: every read verifies the content, so a torn file is just a miss.
    if (auto s = files::writeFileAtomic(p, bytes, 0644, false); !s)
        return s;
    if (area != Area::Objects)
        maybeEvict(bytes.size());
    return {};
}

Status DiskCache::publish(const std::string& tmpPath, Area area, const oci::Digest& key)
{
    const std::string p = areaPath(area, key);
    if (auto s = files::makeDirs(p.substr(0, p.rfind('/'))); !s)
        return s;
    if (::rename(tmpPath.c_str(), p.c_str()) != 0)
        return makeError(ErrorCode::Io, std::string("cannot move file into the cache: ") + std::strerror(errno), p);
    {
        std::lock_guard lock(m_verifiedMutex);
        m_verifiedBlobs += "\n" + key.hex() + "\n";
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0)
        maybeEvict(static_cast<std::uint64_t>(st.st_size));
    return {};
}

std::optional<std::string> DiskCache::blobPath(const oci::Digest& key)
{
    const std::string p = areaPath(Area::Blobs, key);
    if (!files::exists(p))
        return std::nullopt;
    {
        std::lock_guard lock(m_verifiedMutex);
        if (m_verifiedBlobs.find("\n" + key.hex() + "\n") != std::string::npos) {
            touch(p);
            return p;
        }
    }
    if (auto s = oci::verifyFile(p, key); !s) {
        log::warning("dropping corrupt cached layer " + p);
        ::unlink(p.c_str());
        ++m_dropped;
        return std::nullopt;
    }
    {
        std::lock_guard lock(m_verifiedMutex);
        m_verifiedBlobs += "\n" + key.hex() + "\n";
    }
    touch(p);
    return p;
}

void DiskCache::rememberRef(const std::string& ref, const oci::Digest& digest)
{
    const std::string dir = m_root + "/refs";
    if (!files::makeDirs(dir))
        return;
    (void)files::writeFileAtomic(dir + "/" + refFileName(ref), digest.str() + "\n" + ref + "\n");
}

std::optional<oci::Digest> DiskCache::lookupRef(const std::string& ref) const
{
    auto text = files::readFile(m_root + "/refs/" + refFileName(ref));
    if (!text)
        return std::nullopt;
    const auto lines = str::split(*text, '\n');
    if (lines.size() < 2 || lines[1] != ref)
        return std::nullopt;
    auto d = oci::Digest::parse(lines[0]);
    if (!d)
        return std::nullopt;
    return *d;
}

util::Fd DiskCache::openInflated(const oci::Digest& key, std::uint64_t size)
{
    if (m_inflatedCap == 0)
        return util::Fd();
    const std::string p = areaPath(Area::Inflated, key);
    util::Fd file(::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!file)
        return file;
    const auto drop = [&](const std::string& why) {
        log::warning("dropping inflated span " + p + ": " + why);
        ::unlink(p.c_str());
        ++m_dropped;
        return util::Fd();
    };
    struct stat st {};
    if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode))
        return drop("not a regular file");
    // Trusted only as written by us (see the header): ours, and nobody else's to change.
    if (st.st_uid != ::geteuid() || (st.st_mode & 022) != 0)
        return drop("not owned by this user, or writable by others");
    if (static_cast<std::uint64_t>(st.st_size) != size)
        return drop("its size is " + std::to_string(st.st_size) + " bytes, the span's " + std::to_string(size));
    // Its mtime is its last use: what eviction goes by.
    ::futimens(file.get(), nullptr);
    return file;
}

std::optional<std::string> DiskCache::getInflated(const oci::Digest& key, std::uint64_t size)
{
    const util::Fd file = openInflated(key, size);
    if (!file)
        return std::nullopt;
    std::string out = spanBuffer(size);
    if (!preadAll(file.get(), out.data(), size, 0)) {
        const std::string p = areaPath(Area::Inflated, key);
        log::warning("dropping inflated span " + p + ": it could not be read whole");
        ::unlink(p.c_str());
        ++m_dropped;
        return std::nullopt;
    }
    return out;
}

bool preadAll(int fd, char* to, std::uint64_t length, std::uint64_t offset)
{
    std::uint64_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, to + done, length - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::uint64_t>(n);
    }
    return true;
}

bool DiskCache::hasInflated(const oci::Digest& key) const
{
    return m_inflatedCap > 0 && ::access(areaPath(Area::Inflated, key).c_str(), F_OK) == 0;
}

Status DiskCache::putInflated(const oci::Digest& key, std::string_view bytes)
{
    if (m_inflatedCap == 0 || bytes.size() > m_inflatedCap)
        return {};
    const std::string p = areaPath(Area::Inflated, key);
    if (files::exists(p))
        return {};
    const std::string dir = p.substr(0, p.rfind('/'));
    if (auto s = files::makeDirs(dir); !s)
        return s;
    // Private, whoever's umask: other users must not plant spans here.
    ::chmod((m_root + "/inflated").c_str(), 0700);
    ::chmod(dir.c_str(), 0700);
    // Not fsynced: a crash leaves a short file at worst, which getInflated drops.
    if (auto s = files::writeFileAtomic(p, bytes, 0600, false); !s)
        return s;
    maybeEvictInflated(bytes.size());
    return {};
}

bool DiskCache::beginInflatedWrite(std::uint64_t bytes)
{
    std::lock_guard lock(m_pendingMutex);
    if (m_inflatedCap == 0 || m_inflatedPending + bytes > kMaxInflatedPending)
        return false;
    m_inflatedPending += bytes;
    return true;
}

void DiskCache::endInflatedWrite(std::uint64_t bytes)
{
    {
        std::lock_guard lock(m_pendingMutex);
        m_inflatedPending -= std::min(bytes, m_inflatedPending);
    }
    m_pendingDone.notify_all();
}

bool DiskCache::waitForInflatedWrites(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_pendingMutex);
    return m_pendingDone.wait_for(lock, timeout, [&] { return m_inflatedPending == 0; });
}

DiskCache::Usage DiskCache::usage() const
{
    Usage u;
    const auto scan = [&](const std::string& dir, std::uint64_t& bytes, std::uint64_t& count) {
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (it->is_regular_file(ec)) {
                bytes += it->file_size(ec);
                ++count;
            }
        }
    };
    scan(m_root + "/spans", u.spanBytes, u.spanFiles);
    scan(m_root + "/objects", u.objectBytes, u.objectFiles);
    scan(m_root + "/blobs", u.blobBytes, u.blobFiles);
    scan(m_root + "/local", u.localBytes, u.localFiles);
    scan(m_root + "/inflated", u.inflatedBytes, u.inflatedFiles);
    return u;
}

void DiskCache::evict(std::initializer_list<const char*> areas, std::uint64_t capBytes)
{
    struct Item {
        std::string path;
        std::uint64_t size;
        std::int64_t atime;
    };
    std::vector<Item> items;
    std::uint64_t total = 0;
    for (const char* area : areas) {
        std::error_code ec;
        for (auto it = fs::recursive_directory_iterator(m_root + "/" + area, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            struct stat st {};
            if (!it->is_regular_file(ec) || ::stat(it->path().c_str(), &st) != 0)
                continue;
            items.push_back({it->path().string(), static_cast<std::uint64_t>(st.st_size),
                             static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec});
            total += static_cast<std::uint64_t>(st.st_size);
        }
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.atime < b.atime; });
    for (const auto& i : items) {
        if (total <= capBytes)
            break;
        // Temporary files of writers in flight are left alone.
        if (i.path.find(".tmp-") != std::string::npos)
            continue;
        if (::unlink(i.path.c_str()) == 0)
            total -= i.size;
    }
}

DiskCache::Usage DiskCache::prune(std::uint64_t capBytes) { return prune(capBytes, m_inflatedCap); }

DiskCache::Usage DiskCache::prune(std::uint64_t capBytes, std::uint64_t inflatedCapBytes)
{
    evict({"spans", "blobs", "local"}, capBytes);
    evict({"inflated"}, inflatedCapBytes);
    m_sinceScan = 0;
    m_inflatedSinceScan = 0;
    return usage();
}

void DiskCache::maybeEvict(std::uint64_t added)
{
    // Scan only now and then: after every 1/16 of the cap written.
    const std::uint64_t since = m_sinceScan.fetch_add(added) + added;
    if (since < std::max<std::uint64_t>(m_cap / 16, 1))
        return;
    m_sinceScan = 0;
    const Usage u = usage();
    if (u.spanBytes + u.blobBytes + u.localBytes > m_cap)
        evict({"spans", "blobs", "local"}, m_cap);
}

void DiskCache::maybeEvictInflated(std::uint64_t added)
{
    // As above, with the tier's own cap: past it by under 1/16 between scans.
    const std::uint64_t since = m_inflatedSinceScan.fetch_add(added) + added;
    if (since < std::max<std::uint64_t>(m_inflatedCap / 16, 1))
        return;
    m_inflatedSinceScan = 0;
    evict({"inflated"}, m_inflatedCap);
}

Status DiskCache::clear()
{
    for (const char* area : {"spans", "objects", "blobs", "local", "refs", "inflated"})
        if (auto s = files::removeAll(m_root + "/" + area); !s)
            return s;
    return {};
}

} // namespace sociscope::lazy
