// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_span_inflate: how fast each inflater (soci/inflater.h) decompresses the spans
// of a layer from their checkpoints, the way every lazy read does (decompressSpan).
// Builds layers in memory (text, binary, noise, a mix; gzip levels 1 and 6), indexes
// them with 4 MiB spans, then times every span with each inflater in the same run,
// best of --repeat, and checks the bytes against the tar. Not a pass/fail test.
#include "layer_content.h"
#include "soci/inflater.h"
#include "soci/span_reader.h"
#include "soci/spans.h"
#include "soci/ztoc_builder.h"

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace sociscope;
using sociscope::bench::Content;

namespace {
struct Args {
    std::uint64_t sizeMb = 64;
    std::int64_t span = soci::kDefaultSpanSize;
    int repeat = 5;
    std::vector<std::string> contents { "text", "binary", "noise", "mixed" };
    std::vector<int> levels { 1, 6 };
};

void usage()
{
    std::puts("usage: bench_span_inflate [--size-mb N] [--span BYTES] [--repeat N] [--content LIST] [--levels LIST]\n"
              "  --size-mb  uncompressed size of each layer (default 64)\n"
              "  --span     zTOC span size (default 4194304)\n"
              "  --repeat   timing rounds; the best of each is reported (default 5)\n"
              "  --content  comma-separated: text, binary, noise, mixed (default all)\n"
              "  --levels   comma-separated gzip levels (default 1,6)");
}

std::vector<std::string> split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

void tarHeader(std::string& tar, const std::string& name, std::uint64_t size)
{
    char h[512] = {};
    std::snprintf(h, 100, "%s", name.c_str());
    std::snprintf(h + 100, 8, "%07o", 0644);
    std::snprintf(h + 108, 8, "%07o", 0);
    std::snprintf(h + 116, 8, "%07o", 0);
    std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
    std::snprintf(h + 136, 12, "%011o", 1700000000u);
    h[156] = '0';
    std::memcpy(h + 257,
        "ustar\0"
        "00",
        8);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h)
        sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);
    tar.append(h, sizeof h);
}

// Files of one kind ("mixed": 60% text, 30% binary, 10% noise by file), sizes as in
// bench_ztoc_build: 85% up to 16 KB, 14% up to 512 KB, 1% of 1 to 16 MB.
std::string makeTar(const std::string& kind, std::uint64_t target)
{
    Content c(std::hash<std::string> {}(kind));
    std::string tar;
    tar.reserve(target + (1 << 20));
    for (int n = 0; tar.size() < target; ++n) {
        const std::uint64_t r = c.next();
        const std::uint64_t pick = r % 100, spread = r >> 8;
        size_t size = pick < 85 ? 100 + spread % 16000
            : pick < 99         ? 16000 + spread % 500000
                                : 1000000 + spread % 15000000;
        size = std::min<size_t>(size, target - tar.size());
        std::string k = kind;
        if (k == "mixed") {
            const int roll = static_cast<int>((r >> 40) % 10);
            k = roll < 6 ? "text" : roll < 9 ? "binary" : "noise";
        }
        tarHeader(tar, "usr/share/f" + std::to_string(n), size);
        tar += k == "text" ? c.text(size) : k == "binary" ? c.binary(size) : c.noise(size);
        tar.append((512 - size % 512) % 512, '\0');
    }
    tar.append(1024, '\0');
    return tar;
}

std::string gzip(const std::string& data, int level)
{
    z_stream z {};
    deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    return out;
}

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

// Every span of the layer, decompressed from its checkpoint; the seconds it took, or -1
// when a span failed or (check) differs from the tar.
double inflateAllSpans(
    const soci::SpanIndex& index, const std::string& gz, const std::string& tar, soci::Inflater inflater, bool check)
{
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int32_t i = 0; i < index.spanCount(); ++i) {
        const soci::SpanRange& r = index.range(i);
        const std::string_view bytes = std::string_view(gz).substr(
            static_cast<size_t>(r.compressedStart), static_cast<size_t>(r.compressedEnd - r.compressedStart));
        const auto plain = soci::decompressSpan(index, i, bytes, inflater);
        if (!plain) {
            std::fprintf(
                stderr, "span %d with %s: %s\n", i, soci::inflaterName(inflater), plain.error().text().c_str());
            return -1;
        }
        if (check && tar.compare(static_cast<size_t>(r.uncompressedStart), plain->size(), *plain) != 0) {
            std::fprintf(stderr, "span %d with %s: bytes differ from the tar\n", i, soci::inflaterName(inflater));
            return -1;
        }
    }
    return seconds(std::chrono::steady_clock::now() - t0);
}
} // namespace

int main(int argc, char** argv)
{
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (arg == "--help" || arg == "-h" || !value) {
            usage();
            return arg == "--help" || arg == "-h" ? 0 : 2;
        }
        if (arg == "--size-mb")
            a.sizeMb = std::strtoull(value, nullptr, 10);
        else if (arg == "--span")
            a.span = std::strtoll(value, nullptr, 10);
        else if (arg == "--repeat")
            a.repeat = std::max(1, std::atoi(value));
        else if (arg == "--content")
            a.contents = split(value);
        else if (arg == "--levels") {
            a.levels.clear();
            for (const std::string& l : split(value))
                a.levels.push_back(std::atoi(l.c_str()));
        } else {
            usage();
            return 2;
        }
        ++i;
    }
    const std::vector<soci::Inflater> inflaters = soci::availableInflaters();
    if (inflaters.size() < 2)
        std::puts("note: this build has only the zlib inflater (SOCISCOPE_WITH_ISAL=OFF)");

    std::printf("%d rounds, best of each; MB/s of uncompressed output (10^6 bytes); spans of %lld bytes\n\n", a.repeat,
        static_cast<long long>(a.span));
    std::printf("%-7s %5s %9s %9s %6s", "content", "level", "tar MB", "gzip MB", "spans");
    for (const soci::Inflater inflater : inflaters)
        std::printf(" %10s", (std::string(soci::inflaterName(inflater)) + " MB/s").c_str());
    if (inflaters.size() > 1)
        std::printf(" %11s", "isal/zlib");
    std::printf("\n");

    std::map<soci::Inflater, double> totalSeconds;
    double totalBytes = 0;
    for (const std::string& kind : a.contents) {
        const std::string tar = makeTar(kind, a.sizeMb << 20);
        for (const int level : a.levels) {
            const std::string gz = gzip(tar, level);
            soci::BuildOptions options;
            options.spanSize = a.span;
            const auto ztoc = soci::buildZtoc(soci::memoryReader(gz), options);
            if (!ztoc) {
                std::fprintf(stderr, "buildZtoc: %s\n", ztoc.error().text().c_str());
                return 1;
            }
            const auto index = soci::SpanIndex::create(*ztoc);
            if (!index) {
                std::fprintf(stderr, "SpanIndex: %s\n", index.error().text().c_str());
                return 1;
            }
            std::map<soci::Inflater, double> best;
            for (int round = 0; round < a.repeat; ++round) {
                // Alternate which inflater goes first, so neither always meets a cold cache.
                for (size_t k = 0; k < inflaters.size(); ++k) {
                    const soci::Inflater inflater = inflaters[(k + static_cast<size_t>(round)) % inflaters.size()];
                    const double t = inflateAllSpans(*index, gz, tar, inflater, round == 0);
                    if (t < 0)
                        return 1;
                    if (!best.count(inflater) || t < best[inflater])
                        best[inflater] = t;
                }
            }
            const double out = static_cast<double>(ztoc->uncompressedArchiveSize);
            totalBytes += out;
            std::printf(
                "%-7s %5d %9.1f %9.1f %6d", kind.c_str(), level, out / 1e6, gz.size() / 1e6, index->spanCount());
            for (const soci::Inflater inflater : inflaters) {
                std::printf(" %10.1f", out / best[inflater] / 1e6);
                totalSeconds[inflater] += best[inflater];
            }
            if (inflaters.size() > 1)
                std::printf(" %11.2f", best[soci::Inflater::Zlib] / best[soci::Inflater::Isal]);
            std::printf("\n");
            std::fflush(stdout);
        }
    }
    std::printf("%-7s %5s %9.1f %9s %6s", "all", "", totalBytes / 1e6, "", "");
    for (const soci::Inflater inflater : inflaters)
        std::printf(" %10.1f", totalBytes / totalSeconds[inflater] / 1e6);
    if (inflaters.size() > 1)
        std::printf(" %11.2f", totalSeconds[soci::Inflater::Zlib] / totalSeconds[soci::Inflater::Isal]);
    std::printf("\n");
    return 0;
}
