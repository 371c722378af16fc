// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_lazy: lazy reads of an image in a registry, measured in one run against
// baselines (see bench/README.md). Prints numbers; never passes or fails.
//
//   bench_lazy --registry HOST:PORT --repo REPO --tag TAG --big /path --small /path
//              --local-big FILE [--idle-seconds 30] [--work DIR]
#include "bench_image.h"
#include "util/files.h"
#include "util/strings.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <thread>
#include <unistd.h>

using namespace sociscope;
using bench::Clock;

namespace {

using bench::Args;
using bench::mb;
using bench::ms;

std::shared_ptr<lazy::LazyImage> open(const Args& a, const std::string& cache, bool fast = true)
{
    return bench::openImage(a.get("registry"), a.get("repo"), a.get("tag"), cache, fast);
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
