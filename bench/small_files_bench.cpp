// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_small_files: what reading small files costs at each span size, against
// a baseline span size measured in the same run (see bench/README.md and
// bench/span-sizes). Prints numbers; never passes or fails.
//
//   bench_small_files --registry HOST:PORT --repo REPO --tags T1,T2,... [--baseline T]
//       [--prefix /opt/site-packages/pkg/] [--min-size 3000] [--max-size 4096]
//       [--count 20] [--runs 5,20,200] [--seed 1] [--work DIR]
//
// Every tag is the same image converted with another span size. For each:
//   image:  a fresh cache, the verified tree (every zTOC fetched whole, as
//           `cat` and `run` do): zTOC bytes of the image and of the small
//           files' layer, that layer's span count;
//   cold:   each of --count sample files (regular, --min-size..--max-size
//           bytes, under --prefix, one layer) read whole from a fresh cache
//           after its layer's zTOC is in: bytes, spans, range requests and
//           time of the read, and the time the zTOC took;
//   runs:   for each k in --runs, a fresh cache, the verified tree, then k
//           sample files read: all bytes fetched (files that share a span
//           share its fetch, which a per-file figure cannot show).
// The samples are the same paths for every tag (fixed --seed).
#include "bench_image.h"
#include "util/strings.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace sociscope;
using bench::Clock;
using bench::mb;
using bench::ms;

namespace {

struct Cold {
    std::uint64_t bytes = 0, spans = 0, ranges = 0;
    double readMs = 0, ztocMs = 0;
};

struct TagResult {
    std::string tag;
    std::int64_t spanSize = 0;
    std::int32_t layerSpans = 0;
    std::uint64_t layerBytes = 0;      // the small files' layer, compressed
    std::uint64_t layerZtoc = 0, imageZtoc = 0;
    double treeMs = 0;                 // every zTOC fetched and verified, cold
    std::vector<Cold> cold;
    std::vector<std::uint64_t> runBytes, runSpanBytes; // per --runs entry
    std::vector<double> runMs;
};

// "a,b,,c" -> a, b, c.
std::vector<std::string> split(const std::string& s)
{
    auto out = str::split(s, ',');
    std::erase(out, std::string());
    return out;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <class F> double meanOf(const std::vector<Cold>& v, F f)
{
    double s = 0;
    for (const auto& c : v)
        s += static_cast<double>(f(c));
    return v.empty() ? 0 : s / static_cast<double>(v.size());
}

template <class F> double medianOf(const std::vector<Cold>& v, F f)
{
    std::vector<double> x;
    for (const auto& c : v)
        x.push_back(static_cast<double>(f(c)));
    return median(x);
}

[[noreturn]] void fail(const std::string& what, const Error& e)
{
    std::fprintf(stderr, "bench_small_files: %s: %s\n", what.c_str(), e.text().c_str());
    std::exit(1);
}

// Paths of the candidate small files in `tree`, shuffled by seed; all in one
// layer (the first candidate's), returned in `layer`.
std::vector<std::string> sample(const fs::ImageTree& tree, const bench::Args& a, std::size_t& layer)
{
    const std::string prefix = a.get("prefix", "/opt/site-packages/pkg/");
    const std::int64_t lo = std::stoll(a.get("min-size", "3000")), hi = std::stoll(a.get("max-size", "4096"));
    std::vector<std::string> paths;
    std::int32_t want = -1;
    for (fs::Ino i = fs::kRootIno; i <= tree.size(); ++i) {
        if (!tree.valid(i))
            continue;
        const auto& n = tree.inode(i);
        if (n.type != fs::FileType::Regular || n.size < lo || n.size > hi)
            continue;
        std::string p = tree.pathOf(i);
        if (p.rfind(prefix, 0) != 0 || (want >= 0 && n.layer != want))
            continue;
        want = n.layer;
        paths.push_back(std::move(p));
    }
    std::sort(paths.begin(), paths.end());
    std::mt19937 rng(static_cast<std::uint32_t>(std::stoul(a.get("seed", "1"))));
    std::shuffle(paths.begin(), paths.end(), rng);
    layer = static_cast<std::size_t>(std::max(want, 0));
    return paths;
}

// What the run needs to know of the bench's arguments.
struct Setup {
    std::string work, host, repo;
    std::size_t count = 20;
    std::vector<std::string> paths; // the samples, shuffled; set by the first image()
    std::size_t layer = 0;          // theirs
};

// The image as a run sees it first: every zTOC, verified; the small files'
// layer. Picks the samples the first time.
void image(const bench::Args& a, Setup& su, TagResult& r)
{
    auto img = bench::openImage(su.host, su.repo, r.tag, bench::freshDir(su.work, "image"), false);
    const auto t0 = Clock::now();
    auto tree = img->tree();
    r.treeMs = ms(Clock::now() - t0);
    if (!tree)
        fail(r.tag + ": tree", tree.error());
    r.imageZtoc = img->stats().ztocBytes;
    if (su.paths.empty())
        su.paths = sample(**tree, a, su.layer);
    if (su.paths.size() < su.count)
        fail(r.tag, makeError(ErrorCode::NotFound, "only " + std::to_string(su.paths.size()) +
                                                       " small files match --prefix/--min-size/--max-size"));
    auto l = img->layer(su.layer);
    if (!l)
        fail(r.tag + ": layer", l.error());
    if ((*l)->isLocal())
        fail(r.tag, makeError(ErrorCode::Usage, "the small files' layer has no zTOC (read whole); "
                                                "convert with a smaller --min-layer-size"));
    r.spanSize = (*l)->spans().spanSize();
    r.layerSpans = (*l)->spans().spanCount();
    r.layerBytes = static_cast<std::uint64_t>((*l)->layer().size);
}

// Sample i cold: a fresh cache, its layer's zTOC, then the file.
void cold(const Setup& su, std::size_t i, TagResult& r)
{
    auto img = bench::openImage(su.host, su.repo, r.tag, bench::freshDir(su.work, "cold"), false);
    const auto z0 = Clock::now();
    if (auto l = img->layer(su.layer); !l)
        fail(r.tag + ": layer", l.error());
    Cold c;
    c.ztocMs = ms(Clock::now() - z0);
    r.layerZtoc = img->stats().ztocBytes;
    auto lt = img->layerTree(su.layer);
    if (!lt)
        fail(r.tag + ": layer tree", lt.error());
    const auto& path = su.paths[i];
    auto ino = (*lt)->resolve(path);
    if (!ino)
        fail(path, ino.error());
    const auto size = static_cast<std::size_t>((*lt)->inode(*ino).size);
    auto& s = img->stats();
    const std::uint64_t b0 = s.networkBytes(), sp0 = s.spansFetched, rr0 = s.rangeRequests;
    const auto t0 = Clock::now();
    auto d = img->read(**lt, *ino, 0, size);
    c.readMs = ms(Clock::now() - t0);
    if (!d)
        fail(path, d.error());
    if (d->size() != size)
        fail(path, makeError(ErrorCode::Internal, "read " + std::to_string(d->size()) + " of " +
                                                      std::to_string(size) + " bytes"));
    c.bytes = s.networkBytes() - b0;
    c.spans = s.spansFetched - sp0;
    c.ranges = s.rangeRequests - rr0;
    r.cold.push_back(c);
}

// A run of k files: a fresh cache, the verified tree, then the first k samples.
void run(const Setup& su, std::size_t k, TagResult& r)
{
    auto img = bench::openImage(su.host, su.repo, r.tag, bench::freshDir(su.work, "run"), false);
    auto tree = img->tree();
    if (!tree)
        fail(r.tag + ": tree", tree.error());
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < k && i < su.paths.size(); ++i) {
        auto ino = (*tree)->resolve(su.paths[i]);
        if (!ino)
            fail(su.paths[i], ino.error());
        auto d = img->read(**tree, *ino, 0, static_cast<std::size_t>((*tree)->inode(*ino).size));
        if (!d)
            fail(su.paths[i], d.error());
    }
    r.runMs.push_back(ms(Clock::now() - t0));
    r.runBytes.push_back(img->stats().networkBytes());
    r.runSpanBytes.push_back(img->stats().spanBytes);
}

std::string mib(std::int64_t b)
{
    char s[32];
    std::snprintf(s, sizeof s, "%g MiB", static_cast<double>(b) / (1 << 20));
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    const auto a = bench::Args::parse(argc, argv);
    const auto tags = split(a.get("tags"));
    if (a.get("registry").empty() || a.get("repo").empty() || tags.empty()) {
        std::fprintf(stderr, "usage: bench_small_files --registry HOST:PORT --repo REPO --tags T1,T2,... "
                             "[--baseline T] [--prefix P] [--min-size N] [--max-size N] [--count N] "
                             "[--runs K1,K2] [--seed N] [--work DIR]\n");
        return 2;
    }
    const std::string baseTag = a.get("baseline", tags.front());
    std::vector<std::size_t> runs;
    for (const auto& k : split(a.get("runs", "5,20,200")))
        runs.push_back(std::stoul(k));

    if (std::find(tags.begin(), tags.end(), baseTag) == tags.end()) {
        std::fprintf(stderr, "bench_small_files: --baseline %s is not among --tags\n", baseTag.c_str());
        return 2;
    }
    Setup su;
    su.work = a.get("work", "/tmp/sociscope-bench-small");
    su.host = a.get("registry");
    su.repo = a.get("repo");
    su.count = std::stoul(a.get("count", "20"));
    std::vector<TagResult> results(tags.size());
    for (std::size_t t = 0; t < tags.size(); ++t)
        results[t].tag = tags[t];
    // Unmeasured: the process's first connections and allocations.
    {
        TagResult warm{ .tag = baseTag };
        image(a, su, warm);
    }
    // Tags interleaved at each step, so that the machine's other work
    // spreads over all of them rather than landing on one.
    std::fprintf(stderr, "the images...\n");
    for (auto& r : results)
        image(a, su, r);
    std::fprintf(stderr, "%zu small files cold...\n", su.count);
    for (std::size_t i = 0; i < su.count; ++i)
        for (auto& r : results)
            cold(su, i, r);
    for (const std::size_t k : runs) {
        std::fprintf(stderr, "runs of %zu files...\n", k);
        for (auto& r : results)
            run(su, k, r);
    }
    (void)files::removeAll(su.work);
    const std::size_t layer = su.layer;
    const auto base = std::find_if(results.begin(), results.end(), [&](const auto& r) { return r.tag == baseTag; });
    const auto bytesOf = [](const Cold& c) { return c.bytes; };
    const auto readOf = [](const Cold& c) { return c.readMs; };
    const auto ztocOf = [](const Cold& c) { return c.ztocMs; };
    const double baseBytes = meanOf(base->cold, bytesOf), baseRead = medianOf(base->cold, readOf);

    std::printf("small files: %zu samples under %s, layer %zu (%.2f MB compressed); cold = a fresh cache each\n",
                base->cold.size(), a.get("prefix", "/opt/site-packages/pkg/").c_str(), layer, mb(base->layerBytes));
    std::printf("%-8s %6s %11s %11s %12s %8s %8s %10s %10s %10s %9s\n", "span", "spans", "zTOC layer", "zTOC image",
                "bytes/file", "spans/f", "ranges/f", "read ms", "zTOC ms", "tree ms", "vs base");
    for (const auto& r : results) {
        const double bytes = meanOf(r.cold, bytesOf);
        std::printf("%-8s %6d %8.2f MB %8.2f MB %9.3f MB %8.2f %8.2f %10.2f %10.1f %10.0f %9.3f\n",
                    mib(r.spanSize).c_str(), r.layerSpans, mb(r.layerZtoc), mb(r.imageZtoc), mb(static_cast<std::uint64_t>(bytes)),
                    meanOf(r.cold, [](const Cold& c) { return c.spans; }),
                    meanOf(r.cold, [](const Cold& c) { return c.ranges; }), medianOf(r.cold, readOf),
                    medianOf(r.cold, ztocOf), r.treeMs, bytes / baseBytes);
    }
    std::printf("(bytes/file, spans/f, ranges/f: mean; read ms, zTOC ms: median; read = the whole file, its first "
                "byte included; zTOC ms = its layer's zTOC fetched and verified; tree ms = every zTOC of the image)\n");

    std::printf("\nratios against %s (%s):\n", base->tag.c_str(), mib(base->spanSize).c_str());
    std::printf("%-8s %12s %12s %12s %12s\n", "span", "bytes/file", "read ms", "zTOC layer", "zTOC image");
    for (const auto& r : results)
        std::printf("%-8s %12.3f %12.3f %12.3f %12.3f\n", mib(r.spanSize).c_str(), meanOf(r.cold, bytesOf) / baseBytes,
                    medianOf(r.cold, readOf) / baseRead, static_cast<double>(r.layerZtoc) / static_cast<double>(base->layerZtoc),
                    static_cast<double>(r.imageZtoc) / static_cast<double>(base->imageZtoc));

    // Break-even: a smaller span size saves (baseline - its) bytes per small
    // file read in a span of its own, and costs its extra zTOC bytes once.
    std::printf("\nbreak-even against %s (files each in a span of their own; the runs below include sharing):\n",
                mib(base->spanSize).c_str());
    for (const auto& r : results) {
        if (&r == &*base)
            continue;
        const double save = baseBytes - meanOf(r.cold, bytesOf);
        for (const bool image : {false, true}) {
            const double extra = static_cast<double>(image ? r.imageZtoc : r.layerZtoc) -
                                 static_cast<double>(image ? base->imageZtoc : base->layerZtoc);
            const char* what = image ? "the image's zTOCs" : "the layer's zTOC";
            // extra / save: the files at which both cost the same.
            if (save > 0 && extra > 0)
                std::printf("%-8s %s %.2f MB larger, %.3f MB less per file: cheaper from %.1f small files on\n",
                            mib(r.spanSize).c_str(), what, mb(static_cast<std::uint64_t>(extra)),
                            mb(static_cast<std::uint64_t>(save)), extra / save);
            else if (save < 0 && extra < 0)
                std::printf("%-8s %s %.2f MB smaller, %.3f MB more per file: cheaper only below %.1f small files\n",
                            mib(r.spanSize).c_str(), what, mb(static_cast<std::uint64_t>(-extra)),
                            mb(static_cast<std::uint64_t>(-save)), extra / save);
            else
                std::printf("%-8s %s %+.2f MB, %+.3f MB per file: no break-even\n", mib(r.spanSize).c_str(), what,
                            extra / 1e6, -save / 1e6);
        }
    }

    // "layer only": what the same run costs when the small files' layer is
    // the whole image (its zTOC and the spans read), since --span-size applies
    // to every layer and the other layers' zTOCs grow too.
    std::printf("\nruns: the verified tree, then k sample files, one cache (ratios against %s)\n",
                mib(base->spanSize).c_str());
    std::printf("%-6s %-8s %12s %10s %9s %8s %14s %8s\n", "k", "span", "all fetched", "spans", "read ms", "vs base",
                "layer only", "vs base");
    for (std::size_t j = 0; j < runs.size(); ++j) {
        const auto layerOnly = [j](const TagResult& r) { return static_cast<double>(r.layerZtoc + r.runSpanBytes[j]); };
        for (const auto& r : results)
            std::printf("%-6zu %-8s %9.2f MB %7.2f MB %9.0f %8.3f %11.2f MB %8.3f\n", runs[j], mib(r.spanSize).c_str(),
                        mb(r.runBytes[j]), mb(r.runSpanBytes[j]), r.runMs[j],
                        static_cast<double>(r.runBytes[j]) / static_cast<double>(base->runBytes[j]),
                        layerOnly(r) / 1e6, layerOnly(r) / layerOnly(*base));
    }
    for (const auto& r : results) {
        std::printf("RESULT span=%lld layer_spans=%d ztoc_layer=%llu ztoc_image=%llu bytes_per_file=%.0f "
                    "read_ms=%.2f ztoc_ms=%.2f tree_ms=%.1f",
                    static_cast<long long>(r.spanSize), r.layerSpans, static_cast<unsigned long long>(r.layerZtoc),
                    static_cast<unsigned long long>(r.imageZtoc), meanOf(r.cold, bytesOf), medianOf(r.cold, readOf),
                    medianOf(r.cold, ztocOf), r.treeMs);
        for (std::size_t j = 0; j < runs.size(); ++j)
            std::printf(" run%zu_bytes=%llu", runs[j], static_cast<unsigned long long>(r.runBytes[j]));
        std::printf("\n");
    }
    return 0;
}
