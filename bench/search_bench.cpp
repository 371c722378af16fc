// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_search: core/fs/search over a generated tree of a million entries
// (see bench/README.md). Prints numbers; never passes or fails.
//
//   bench_search [--entries N] [--layers L] [--repeat R]
#include "fs/search.h"
#include "generate_tree.h"
#include "soci/ztoc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace sociscope;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

} // namespace

int main(int argc, char** argv)
{
    std::size_t entries = 1000000;
    int layers = 8, repeat = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--entries"))
            entries = std::strtoull(argv[i + 1], nullptr, 10);
        else if (!std::strcmp(argv[i], "--layers"))
            layers = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--repeat"))
            repeat = std::max(1, std::atoi(argv[i + 1]));
    }
    auto t0 = Clock::now();
    const auto tocs = bench::generateLayers(entries, layers);
    std::vector<const soci::Ztoc*> ptrs;
    for (const auto& z : tocs)
        ptrs.push_back(&z);
    auto t1 = Clock::now();
    auto tree = fs::ImageTree::build(ptrs, fs::ImageTree::Mode::Merged);
    auto t2 = Clock::now();
    if (!tree) {
        std::fprintf(stderr, "bench_search: %s\n", tree.error().text().c_str());
        return 1;
    }
    std::printf("generated %zu entries in %d layers in %.0f ms; tree of %zu inodes built in %.0f ms\n", entries, layers,
                ms(t1 - t0), tree->size(), ms(t2 - t1));

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
