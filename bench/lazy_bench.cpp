// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_lazy: lazy reads of an image in a registry, measured in one run against
// baselines (see bench/README.md). Prints numbers; never passes or fails.
//
//   bench_lazy --registry HOST:PORT --repo REPO --tag TAG --big /path --small /path
//              --local-big FILE [--idle-seconds 30] [--work DIR] [--repeat 3] [--only SECTION]
//   SECTION: tree, big, small, background; reread only when named
#include "bench_image.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <malloc.h>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

using namespace sociscope;
using bench::Clock;

namespace {

using bench::Args;
using bench::mb;
using bench::ms;

// inflatedCap: the disk cache's inflated tier (nullopt: its default; 0: off).
std::shared_ptr<lazy::LazyImage> open(const Args& a, const std::string& cache, bool fast = true,
                                      std::optional<std::uint64_t> inflatedCap = std::nullopt)
{
    return bench::openImage(a.get("registry"), a.get("repo"), a.get("tag"), cache, fast, inflatedCap);
}

// Drops the page cache's copy of path (a file, or every file under a
// folder), so that the next read comes from the disk; written pages are
// flushed first (dirty pages cannot be dropped). Only these files: the rest of
// the machine keeps its page cache.
void dropPages(const std::string& path)
{
    std::vector<std::string> paths;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file(ec))
                paths.push_back(it->path().string());
    } else {
        paths.push_back(path);
    }
    for (const auto& p : paths) {
        const util::Fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd)
            continue;
        ::fdatasync(fd.get());
        ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
    }
}

// What FUSE asks a mount for at a time (libfuse's default max_read).
constexpr std::size_t kRereadChunk = 128u << 10;

// One timed read of a whole file: first byte, then all of it in kRereadChunk reads.
struct Timed {
    double firstMs = 0;
    double mbps = 0;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// The big file through a fresh image session over `cache` (its zTOC and layer
// opened first, untimed), the cache's pages dropped just before.
std::optional<Timed> timeLazyRead(const Args& a, const std::string& cache, std::optional<std::uint64_t> inflatedCap,
                                  lazy::FetchStats* statsOut = nullptr)
{
    auto img = open(a, cache, false, inflatedCap);
    auto tree = img->tree();
    if (!tree)
        return std::nullopt;
    auto ino = (*tree)->resolve(a.get("big"));
    if (!ino || !img->layer(static_cast<std::size_t>((*tree)->inode(*ino).layer)))
        return std::nullopt;
    const auto size = static_cast<std::uint64_t>((*tree)->inode(*ino).size);
    dropPages(cache);
    Timed t;
    const auto t0 = Clock::now();
    if (auto first = img->read(**tree, *ino, 0, 1); !first || first->size() != 1)
        return std::nullopt;
    t.firstMs = ms(Clock::now() - t0);
    const auto t1 = Clock::now();
    std::uint64_t done = 0;
    while (done < size) {
        auto d = img->read(**tree, *ino, static_cast<std::int64_t>(done), kRereadChunk);
        if (!d || d->empty())
            return std::nullopt;
        done += d->size();
    }
    t.mbps = mb(size) / std::chrono::duration<double>(Clock::now() - t1).count();
    if (statsOut) {
        statsOut->cacheHits = img->stats().cacheHits.load();
        statsOut->inflatedHits = img->stats().inflatedHits.load();
        statsOut->spanBytes = img->stats().spanBytes.load();
    }
    return t;
}

// The same for a local file, its pages dropped just before.
std::optional<Timed> timeLocalRead(const std::string& path)
{
    dropPages(path);
    Timed t;
    const auto t0 = Clock::now();
    const util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    char one = 0;
    if (!fd || ::read(fd.get(), &one, 1) != 1)
        return std::nullopt;
    t.firstMs = ms(Clock::now() - t0);
    std::string buf(kRereadChunk, '\0');
    std::uint64_t done = 0;
    const auto t1 = Clock::now();
    for (ssize_t n; (n = ::pread(fd.get(), buf.data(), buf.size(), static_cast<off_t>(done))) > 0;)
        done += static_cast<std::uint64_t>(n);
    t.mbps = mb(done) / std::chrono::duration<double>(Clock::now() - t1).count();
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    const Args a = Args::parse(argc, argv);
    const std::string work = a.get("work", "/tmp/sociscope-bench-lazy");
    const int idle = std::stoi(a.get("idle-seconds", "30"));

    const std::string only = a.get("only");
    // 1. The whole merged tree, from the zTOCs' TOC regions.
    if (only.empty() || only == "tree") {
        auto img = open(a, bench::freshDir(work, "c1"));
        const auto t0 = Clock::now();
        auto tree = img->previewTree();
        const auto t1 = Clock::now();
        if (!tree) {
            std::fprintf(stderr, "tree: %s\n", tree.error().text().c_str());
            return 1;
        }
        std::printf("tree: %zu inodes in %.0f ms; fetched %.2f MB (zTOC %.2f MB, whole layers %.2f MB, index %.3f MB)\n",
                    (*tree)->size(), ms(t1 - t0), mb(img->stats().networkBytes()), mb(img->stats().ztocBytes),
                    mb(img->stats().wholeLayerBytes), mb(img->stats().indexBytes));
        std::printf("RESULT tree_ms=%.1f tree_bytes=%llu\n", ms(t1 - t0),
                    static_cast<unsigned long long>(img->stats().networkBytes()));
    }

    // 2. The big file: first byte after its layer's zTOC is in, then all of it.
    std::uint64_t bigSize = 0;
    if (only.empty() || only == "big") {
        auto img = open(a, bench::freshDir(work, "c2"), false);
        auto tree = img->tree();
        if (!tree)
            return 1;
        auto ino = (*tree)->resolve(a.get("big"));
        if (!ino) {
            std::fprintf(stderr, "no %s in the image\n", a.get("big").c_str());
            return 1;
        }
        bigSize = static_cast<std::uint64_t>((*tree)->inode(*ino).size);
        // The goal is stated after the layer's zTOC is in: fetching and
        // verifying the whole zTOC (the tree needed only its TOC region) is
        // timed on its own, then the first byte.
        const auto layer = static_cast<std::size_t>((*tree)->inode(*ino).layer);
        const auto ztocBefore = img->stats().ztocBytes.load();
        const auto tz = Clock::now();
        if (auto l = img->layer(layer); !l) {
            std::fprintf(stderr, "layer %zu: %s\n", layer, l.error().text().c_str());
            return 1;
        }
        const auto tz1 = Clock::now();
        const auto before = img->stats().spanBytes.load();
        const auto t0 = Clock::now();
        auto first = img->read(**tree, *ino, 0, 1);
        const auto t1 = Clock::now();
        if (!first)
            return 1;
        std::printf("big file: its layer's whole zTOC fetched and verified in %.1f ms (%.2f MB)\n", ms(tz1 - tz),
                    mb(img->stats().ztocBytes - ztocBefore));
        std::printf("big file: then the first byte in %.1f ms (%.2f MB of spans fetched for it)\n", ms(t1 - t0),
                    mb(img->stats().spanBytes - before));
        std::printf("RESULT big_ztoc_ms=%.2f big_first_byte_ms=%.2f\n", ms(tz1 - tz), ms(t1 - t0));
        const auto t2 = Clock::now();
        std::uint64_t done = 0;
        constexpr std::size_t Chunk = 8u << 20;
        while (done < bigSize) {
            auto d = img->read(**tree, *ino, static_cast<std::int64_t>(done), Chunk);
            if (!d || d->empty()) {
                std::fprintf(stderr, "read failed at %llu\n", static_cast<unsigned long long>(done));
                return 1;
            }
            done += d->size();
        }
        const double lazySec = std::chrono::duration<double>(Clock::now() - t2).count();
        // Baseline: the same file from local disk.
        const int fd = ::open(a.get("local-big").c_str(), O_RDONLY);
        // Cold: drop the file's pages from the page cache first.
        if (fd >= 0) {
            ::fdatasync(fd);
            ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        }
        std::string buf(Chunk, '\0');
        const auto t3 = Clock::now();
        std::uint64_t local = 0;
        for (ssize_t n; fd >= 0 && (n = ::read(fd, buf.data(), buf.size())) > 0;)
            local += static_cast<std::uint64_t>(n);
        const double localSec = std::chrono::duration<double>(Clock::now() - t3).count();
        if (fd >= 0)
            ::close(fd);
        std::printf("big file: %.1f MB lazily at %.0f MB/s; locally at %.0f MB/s; ratio %.3f\n", mb(bigSize),
                    mb(bigSize) / lazySec, mb(local) / localSec, (mb(bigSize) / lazySec) / (mb(local) / localSec));
        std::printf("RESULT big_lazy_mbps=%.1f big_local_mbps=%.1f\n", mb(bigSize) / lazySec, mb(local) / localSec);
    }

    // 2b. The big file re-read from the local cache with the page cache
    // dropped: from the inflated tier (the default), from the compressed
    // spans alone (the tier off: inflated again), and a local file of the
    // same size, interleaved, median of `repeat` rounds. Reads of 128 KiB, as
    // FUSE asks a mount, with sociscoped's malloc settings (every span a
    // fresh mapping): so only when asked for (--only reread), in a process
    // of its own.
    if (only == "reread") {
        mallopt(M_MMAP_THRESHOLD, 256 * 1024);
        mallopt(M_ARENA_MAX, 4);
        const std::string cache = bench::freshDir(work, "c6");
        const int repeat = std::max(1, std::stoi(a.get("repeat", "3")));
        // Filled by a first read (then another, when the first outran the
        // tier's writes and some spans were skipped).
        std::uint64_t spans = 0, inTier = 0;
        int fills = 0;
        for (; fills < 3 && (fills == 0 || inTier < spans); ++fills) {
            auto img = open(a, cache, false);
            auto tree = img->tree();
            if (!tree)
                return 1;
            auto ino = (*tree)->resolve(a.get("big"));
            const auto e = ino ? (*tree)->entry(*ino) : std::nullopt;
            if (!e)
                return 1;
            auto layer = img->layer(static_cast<std::size_t>((*tree)->inode(*ino).layer));
            if (!layer)
                return 1;
            const auto range = (*layer)->spans().spansFor(e->uncompressedOffset, e->uncompressedSize);
            spans = range ? static_cast<std::uint64_t>(range->second - range->first + 1) : 0;
            for (std::uint64_t done = 0; done < static_cast<std::uint64_t>(e->uncompressedSize);) {
                auto d = img->read(**tree, *ino, static_cast<std::int64_t>(done), 8u << 20);
                if (!d || d->empty())
                    return 1;
                done += d->size();
            }
            if (!img->cache()->waitForInflatedWrites(std::chrono::minutes(2)))
                std::fprintf(stderr, "reread: the tier's writes did not finish within 2 minutes\n");
            inTier = img->cache()->usage().inflatedFiles;
        }
        std::printf("reread: the inflated tier holds %llu of the file's %llu spans after %d read%s (%.0f MB on disk)\n",
                    static_cast<unsigned long long>(inTier), static_cast<unsigned long long>(spans), fills,
                    fills == 1 ? "" : "s", mb(lazy::DiskCache(cache).usage().inflatedBytes));
        std::vector<double> hotFirst, hotRate, coldFirst, coldRate, localFirst, localRate;
        lazy::FetchStats hot, cold;
        for (int k = 0; k < repeat; ++k) {
            const auto h = timeLazyRead(a, cache, std::nullopt, &hot);
            const auto c = timeLazyRead(a, cache, 0, &cold);
            const auto l = timeLocalRead(a.get("local-big"));
            if (!h || !c || !l) {
                std::fprintf(stderr, "reread: a read failed\n");
                return 1;
            }
            hotFirst.push_back(h->firstMs);
            hotRate.push_back(h->mbps);
            coldFirst.push_back(c->firstMs);
            coldRate.push_back(c->mbps);
            localFirst.push_back(l->firstMs);
            localRate.push_back(l->mbps);
        }
        std::printf("reread, inflated tier:   first byte %.2f ms, %.0f MB/s (%llu spans from the tier, %llu fetched bytes)\n",
                    median(hotFirst), median(hotRate), static_cast<unsigned long long>(hot.inflatedHits.load()),
                    static_cast<unsigned long long>(hot.spanBytes.load()));
        std::printf("reread, compressed only: first byte %.2f ms, %.0f MB/s (%llu spans verified and inflated again)\n",
                    median(coldFirst), median(coldRate), static_cast<unsigned long long>(cold.cacheHits.load()));
        std::printf("local file:              first byte %.2f ms, %.0f MB/s\n", median(localFirst), median(localRate));
        std::printf("ratio reread / local file: first byte %.2f (goal: under 3 ms), MB/s %.3f (goal >= 0.8); "
                    "compressed only: first byte %.2f, MB/s %.3f\n",
                    median(hotFirst) / median(localFirst), median(hotRate) / median(localRate),
                    median(coldFirst) / median(localFirst), median(coldRate) / median(localRate));
        std::printf("RESULT reread_first_byte_ms=%.2f reread_mbps=%.1f reread_compressed_first_byte_ms=%.2f "
                    "reread_compressed_mbps=%.1f local_first_byte_ms=%.3f local_mbps=%.1f\n",
                    median(hotFirst), median(hotRate), median(coldFirst), median(coldRate), median(localFirst),
                    median(localRate));
    }

    // 3. One small file deep in the small-file layer.
    if (only.empty() || only == "small") {
        auto img = open(a, bench::freshDir(work, "c3"), false);
        auto tree = img->tree();
        if (!tree)
            return 1;
        auto ino = (*tree)->resolve(a.get("small"));
        if (!ino) {
            std::fprintf(stderr, "no %s in the image\n", a.get("small").c_str());
            return 1;
        }
        const auto layer = static_cast<std::size_t>((*tree)->inode(*ino).layer);
        (void)img->layer(layer); // its zTOC is in
        const auto before = img->stats().networkBytes();
        const auto t0 = Clock::now();
        auto d = img->read(**tree, *ino, 0, 1 << 20);
        const auto t1 = Clock::now();
        if (!d)
            return 1;
        std::printf("small file: %zu bytes, first byte in %.1f ms, %.2f MB fetched for it (%llu range requests)\n",
                    d->size(), ms(t1 - t0), mb(img->stats().networkBytes() - before),
                    static_cast<unsigned long long>(img->stats().rangeRequests.load()));
        std::printf("RESULT small_first_byte_ms=%.2f small_bytes=%llu\n", ms(t1 - t0),
                    static_cast<unsigned long long>(img->stats().networkBytes() - before));
    }

    // 4. Background fetch: bytes fetched while the image sits idle.
    for (const bool all : {false, true}) {
        if (!only.empty() && only != "background")
            break;
        auto img = open(a, bench::freshDir(work, all ? "c5" : "c4"));
        auto tree = img->tree();
        if (!tree)
            return 1;
        lazy::BackgroundOptions o; // a browsing mount's: 64 MiB
        if (all)
            o.byteBudget = 0; // a run's: the whole image
        const auto t0 = std::chrono::steady_clock::now();
        img->startBackground(o);
        const auto bg = img->background();
        // Bounded: until it is done or the idle time is over.
        while (!bg->done() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(idle))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const auto state = lazy::BackgroundFetcher::stateName(bg->state());
        img->stopBackground();
        const auto bytes = img->stats().backgroundBytes.load();
        std::printf("background, budget %s: %.2f MB in %.1f s (%s; %.0f MB/s); %.1f%% of the image local\n",
                    o.describe().c_str(), mb(bytes), secs, state, mb(bytes) / std::max(secs, 1e-3),
                    100.0 * static_cast<double>(img->localBytes()) / static_cast<double>(img->image().layersSize()));
        std::printf("RESULT background_%s_bytes=%llu background_%s_seconds=%.2f\n", all ? "all" : "browse",
                    static_cast<unsigned long long>(bytes), all ? "all" : "browse", secs);
    }
    (void)files::removeAll(work);
    return 0;
}
