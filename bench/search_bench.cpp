// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_search: ImageTree::build and core/fs/search over a generated tree of
// a million entries (see bench/README.md). Prints numbers; never passes or fails.
//
//   bench_search [--entries N] [--layers L] [--repeat R] [--build-only]
//
// The build is measured at N/10 and N entries in the same run (time, the
// resident memory it adds at its peak, and the whole process's resident peak:
// zTOC entries plus tree), then the searches run over the N tree.
#include "fs/search.h"
#include "generate_tree.h"
#include "soci/ztoc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <malloc.h>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace sociscope;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"), or -1.
long statusKb(const char* field)
{
    std::ifstream in("/proc/self/status");
    const std::string prefix = std::string(field) + ":";
    for (std::string line; std::getline(in, line);)
        if (line.compare(0, prefix.size(), prefix) == 0)
            return std::strtol(line.c_str() + prefix.size(), nullptr, 10);
    return -1;
}

// This thread's CPU time (user, system) and minor page faults: steadier than
// wall time on a shared machine, and they show where the time goes.
struct Usage {
    double userMs = 0, sysMs = 0;
    long faults = 0;
};
Usage threadUsage()
{
    rusage ru{};
    getrusage(RUSAGE_THREAD, &ru);
    const auto msOf = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
    return {msOf(ru.ru_utime), msOf(ru.ru_stime), ru.ru_minflt};
}

double mb(long kb) { return static_cast<double>(kb) / 1024.0; }

struct BuildFigures {
    std::size_t entries = 0, inodes = 0;
    double bestMs = 0;    // wall time, best round
    Usage cpu;            // of the round with the least CPU time
    long ztocKb = 0;  // resident size of the generated zTOCs (what the tree is built from)
    long peakKb = -1; // resident memory the first build added at its peak (-1: not measurable)
    long keptKb = 0;  // resident memory the finished tree holds
    std::size_t ztocHeap = 0; // bytes the zTOCs' entries hold (TocEntries::memoryUsage)
    long processPeakKb = -1; // the whole process's resident peak during the first build: zTOC entries, tree, the rest
};

// Generates `entries` entries, builds the merged tree `repeat` times and keeps
// the last one in `out`. Memory is measured on the first build: the RSS
// high-water mark is reset (clear_refs 5, Linux 4.0+) after the zTOCs exist.
std::optional<BuildFigures> measureBuild(std::size_t entries, int layers, int repeat, std::optional<fs::ImageTree>& out,
                                         std::vector<soci::Ztoc>& tocs)
{
    out.reset();
    tocs.clear();
    ::malloc_trim(0); // what an earlier round freed must not be counted or reused unseen
    BuildFigures f;
    f.entries = entries;
    const long before = statusKb("VmRSS");
    tocs = bench::generateLayers(entries, layers);
    std::vector<const soci::Ztoc*> ptrs;
    for (const auto& z : tocs)
        ptrs.push_back(&z);
    const long base = statusKb("VmRSS");
    f.ztocKb = base - before;
    for (const auto& z : tocs)
        f.ztocHeap += z.entries.memoryUsage();
    const bool resettable = static_cast<bool>(std::ofstream("/proc/self/clear_refs") << "5");
    for (int r = 0; r < repeat; ++r) {
        out.reset();
        const auto t0 = Clock::now();
        const Usage u0 = threadUsage();
        auto tree = fs::ImageTree::build(ptrs, fs::ImageTree::Mode::Merged);
        const double t = ms(Clock::now() - t0);
        const Usage u1 = threadUsage();
        const Usage u{u1.userMs - u0.userMs, u1.sysMs - u0.sysMs, u1.faults - u0.faults};
        if (!tree) {
            std::fprintf(stderr, "bench_search: %s\n", tree.error().text().c_str());
            return std::nullopt;
        }
        if (r == 0) {
            if (resettable) {
                f.processPeakKb = statusKb("VmHWM");
                f.peakKb = f.processPeakKb - base;
            }
            f.keptKb = statusKb("VmRSS") - base;
            f.bestMs = t;
            f.cpu = u;
        }
        f.bestMs = std::min(f.bestMs, t);
        if (u.userMs + u.sysMs < f.cpu.userMs + f.cpu.sysMs)
            f.cpu = u;
        f.inodes = tree->size();
        out.emplace(std::move(*tree));
    }
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t entries = 1000000;
    int layers = 8, repeat = 3;
    bool buildOnly = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--build-only")) {
            buildOnly = true;
            continue;
        }
        if (i + 1 >= argc)
            break;
        if (!std::strcmp(argv[i], "--entries"))
            entries = std::strtoull(argv[i + 1], nullptr, 10);
        else if (!std::strcmp(argv[i], "--layers"))
            layers = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::max(1, std::atoi(argv[i + 1]));
        ++i;
    }
    std::printf("ImageTree::build (merged, %d layers), best of %d; memory: resident memory the first build added (peak, kept),\n"
                "the zTOC entries' resident size and heap bytes per entry, the whole process's resident peak during the build\n",
                layers, repeat);
    std::printf("%10s %10s %9s %8s %8s %9s %8s %8s %8s %8s %8s %8s %9s\n", "entries", "inodes", "build ms", "user ms",
                "sys ms", "faults", "ns/entry", "peak MB", "kept MB", "B/entry", "zTOC MB", "zTOC B/e", "process MB");
    std::optional<fs::ImageTree> tree;
    std::vector<soci::Ztoc> tocs;
    std::vector<BuildFigures> rows;
    for (const std::size_t n : {std::max<std::size_t>(entries / 10, 1), entries}) {
        auto f = measureBuild(n, layers, repeat, tree, tocs);
        if (!f)
            return 1;
        rows.push_back(*f);
        std::printf("%10zu %10zu %9.0f %8.0f %8.0f %9ld %8.0f %8.1f %8.1f %8.0f %8.1f %8.0f %9.1f\n", f->entries, f->inodes,
                    f->bestMs, f->cpu.userMs, f->cpu.sysMs, f->cpu.faults, f->bestMs * 1e6 / static_cast<double>(n), mb(f->peakKb),
                    mb(f->keptKb), static_cast<double>(f->peakKb) * 1024.0 / static_cast<double>(n), mb(f->ztocKb),
                    static_cast<double>(f->ztocHeap) / static_cast<double>(n), mb(f->processPeakKb));
    }
    // The issue's figures: the build's time, and the whole process's resident peak
    // while building (the zTOC entries it reads, the tree, everything else), against
    // the targets of 1 s and 300 MB for a million entries.
    for (const auto& f : rows)
        std::printf("%zu entries: build %.0f ms (CPU %.0f ms), peak %.0f MB for the whole process (zTOC entries %.0f MB + "
                    "the build's %.0f MB + the rest); against 1 s and 300 MB per million entries: x%.2f, x%.2f\n",
                    f.entries, f.bestMs, f.cpu.userMs + f.cpu.sysMs, mb(f.processPeakKb), mb(f.ztocKb), mb(f.peakKb),
                    f.bestMs / (1000.0 * static_cast<double>(f.entries) / 1e6),
                    mb(f.processPeakKb) / (300.0 * static_cast<double>(f.entries) / 1e6));
    std::printf("scaling %zu -> %zu entries: time x%.1f, peak x%.1f (x%.0f would be linear)\n", rows[0].entries,
                rows[1].entries, rows[1].bestMs / std::max(rows[0].bestMs, 0.001),
                static_cast<double>(rows[1].peakKb) / static_cast<double>(std::max(rows[0].peakKb, 1L)),
                static_cast<double>(rows[1].entries) / static_cast<double>(rows[0].entries));
    if (buildOnly)
        return 0;

    struct Case {
        const char* what;
        fs::SearchQuery q;
    };
    std::vector<Case> cases;
    const auto add = [&](const char* what, auto fill) {
        fs::SearchQuery q;
        fill(q);
        cases.push_back({what, q});
    };
    add("everything (no test)", [](fs::SearchQuery&) {});
    add("contains \"file-12345\"", [](fs::SearchQuery& q) { q.pattern = "file-12345"; });
    add("contains, case-sensitive", [](fs::SearchQuery& q) { q.pattern = "file-12345"; q.caseSensitive = true; });
    add("glob *.so", [](fs::SearchQuery& q) { q.pattern = "*.so"; q.syntax = fs::SearchQuery::Syntax::Glob; });
    add("regex \\.so(\\.\\d+)+$", [](fs::SearchQuery& q) { q.pattern = "\\.so(\\.\\d+)+$"; q.syntax = fs::SearchQuery::Syntax::Regex; });
    add("path glob */cuda-*/*.h", [](fs::SearchQuery& q) { q.pattern = "*/cuda-*/*.h"; q.syntax = fs::SearchQuery::Syntax::Glob; });
    add("size >= 190 KiB", [](fs::SearchQuery& q) { q.minSize = 190 * 1024; });
    add("layer 3, *.json", [](fs::SearchQuery& q) { q.layers = {3}; q.pattern = ".json"; });

    std::printf("\n%-28s %10s %10s %12s %12s\n", "query", "matches", "best ms", "first batch", "entries/s");
    for (const auto& c : cases) {
        double best = 1e18, firstBatch = 0;
        std::uint64_t matched = 0;
        for (int r = 0; r < repeat; ++r) {
            const auto start = Clock::now();
            double first = -1;
            auto s = fs::search(*tree, c.q, [&](std::vector<fs::SearchMatch>&&) {
                if (first < 0)
                    first = ms(Clock::now() - start);
                return true;
            });
            const double t = ms(Clock::now() - start);
            if (!s) {
                std::fprintf(stderr, "bench_search: %s\n", s.error().text().c_str());
                return 1;
            }
            if (t < best) {
                best = t;
                firstBatch = first;
            }
            matched = s->matched;
        }
        std::printf("%-28s %10llu %10.1f %12.1f %12.2e\n", c.what, static_cast<unsigned long long>(matched), best,
                    firstBatch, static_cast<double>(tree->size()) / (best / 1000.0));
    }
    return 0;
}
