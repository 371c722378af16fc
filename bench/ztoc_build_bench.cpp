// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// bench_ztoc_build: how fast buildZtoc indexes a gzip layer, relative to plain zlib
// inflate of the same file. Generates a layer (default ~1 GB uncompressed) in a temp
// folder, then times both in the same run, best of --repeat. Not a pass/fail test.
#include "layer_content.h"
#include "soci/ztoc.h"
#include "soci/ztoc_builder.h"
#include "util/files.h"

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace sociscope;
using sociscope::bench::Content;

namespace {
struct Args {
    std::uint64_t sizeMb = 1024;
    std::int64_t span = soci::kDefaultSpanSize;
    int level = 6;
    int repeat = 2;
    std::string dir;
};

void usage()
{
    std::puts("usage: bench_ztoc_build [--size-mb N] [--span BYTES] [--level 0-9] [--repeat N] [--dir PATH]\n"
              "  --size-mb  uncompressed layer size to generate (default 1024)\n"
              "  --span     zTOC span size (default 4194304)\n"
              "  --level    gzip level of the generated layer (default 6, what Docker's Go writer uses)\n"
              "  --repeat   timing rounds; the best of each is reported (default 2)\n"
              "  --dir      where to write the layer (default: a fresh folder under $TMPDIR, removed after)");
}

// Streams a tar into a gzip file through zlib, never holding the layer in memory.
class LayerWriter final {
public:
    LayerWriter(const std::string& path, int level)
        : m_file(std::fopen(path.c_str(), "wb"))
    {
        deflateInit2(&m_z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
        m_out.resize(1 << 20);
    }
    ~LayerWriter()
    {
        deflateEnd(&m_z);
        if (m_file)
            std::fclose(m_file);
    }
    bool ok() const { return m_file != nullptr; }
    std::uint64_t tarBytes() const { return m_tarBytes; }

    void file(const std::string& name, const std::string& data)
    {
        header(name, '0', data.size());
        write(data.data(), data.size());
        pad(data.size());
    }
    void dir(const std::string& name) { header(name, '5', 0); }
    void finish()
    {
        const std::string zeros(1024, '\0');
        write(zeros.data(), zeros.size());
        deflateChunk(nullptr, 0, Z_FINISH);
    }

private:
    void header(const std::string& name, char type, std::uint64_t size)
    {
        char h[512] = {};
        std::snprintf(h, 100, "%s", name.c_str());
        std::snprintf(h + 100, 8, "%07o", type == '5' ? 0755 : 0644);
        std::snprintf(h + 108, 8, "%07o", 0);
        std::snprintf(h + 116, 8, "%07o", 0);
        std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
        std::snprintf(h + 136, 12, "%011o", 1700000000u);
        h[156] = type;
        std::memcpy(h + 257,
            "ustar\0"
            "00",
            8);
        std::memset(h + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : h)
            sum += c;
        std::snprintf(h + 148, 8, "%06o", sum);
        write(h, sizeof h);
    }
    void pad(std::uint64_t size)
    {
        static const char zeros[512] = {};
        write(zeros, (512 - size % 512) % 512);
    }
    void write(const char* p, size_t n)
    {
        m_tarBytes += n;
        deflateChunk(p, n, Z_NO_FLUSH);
    }
    void deflateChunk(const char* p, size_t n, int flush)
    {
        m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(p));
        m_z.avail_in = static_cast<uInt>(n);
        int ret = Z_OK;
        do {
            m_z.next_out = m_out.data();
            m_z.avail_out = static_cast<uInt>(m_out.size());
            ret = deflate(&m_z, flush);
            std::fwrite(m_out.data(), 1, m_out.size() - m_z.avail_out, m_file);
        } while (m_z.avail_out == 0 || (flush == Z_FINISH && ret != Z_STREAM_END));
    }

    std::FILE* m_file;
    z_stream m_z {};
    std::vector<Bytef> m_out;
    std::uint64_t m_tarBytes = 0;
};

bool generate(const std::string& path, std::uint64_t targetBytes, int level, std::uint64_t* tarBytes)
{
    LayerWriter w(path, level);
    if (!w.ok())
        return false;
    Content c;
    std::uint64_t n = 0;
    int dirIndex = 0;
    while (w.tarBytes() < targetBytes) {
        if (n % 200 == 0)
            w.dir("usr/share/d" + std::to_string(dirIndex++) + "/");
        const std::uint64_t r = c.next();
        const std::uint64_t left = targetBytes - w.tarBytes();
        // Sizes over five orders of magnitude, about 8,000 files per GB: 85% up to 16 KB,
        // 14% up to 512 KB, 1% of 1-16 MB (libraries, models, archives).
        const std::uint64_t pick = r % 100, spread = r >> 8;
        size_t size = pick < 85 ? 100 + spread % 16000
            : pick < 99         ? 16000 + spread % 500000
                                : 1000000 + spread % 15000000;
        size = static_cast<size_t>(std::min<std::uint64_t>(size, left));
        const int kind = static_cast<int>((r >> 40) % 10); // 6 text, 3 binary, 1 noise
        const std::string name = "usr/share/d" + std::to_string(dirIndex - 1) + "/f" + std::to_string(n++);
        w.file(name, kind < 6 ? c.text(size) : kind < 9 ? c.binary(size) : c.noise(size));
    }
    w.finish();
    *tarBytes = w.tarBytes();
    return true;
}

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

// (a) What any reader of the layer has to do at least: stream it through zlib.
bool plainInflate(const std::string& path, std::uint64_t* produced)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    std::vector<Bytef> in(1 << 20), out(4 << 20);
    z_stream z {};
    inflateInit2(&z, 47);
    *produced = 0;
    bool ok = true;
    for (;;) {
        const ssize_t n = ::read(fd, in.data(), in.size());
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        z.next_in = in.data();
        z.avail_in = static_cast<uInt>(n);
        while (z.avail_in > 0) {
            z.next_out = out.data();
            z.avail_out = static_cast<uInt>(out.size());
            const int ret = inflate(&z, Z_NO_FLUSH);
            *produced += out.size() - z.avail_out;
            if (ret == Z_STREAM_END)
                inflateReset(&z);
            else if (ret != Z_OK && ret != Z_BUF_ERROR)
                return false;
        }
    }
    inflateEnd(&z);
    ::close(fd);
    return ok;
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
        else if (arg == "--level")
            a.level = std::atoi(value);
        else if (arg == "--repeat")
            a.repeat = std::max(1, std::atoi(value));
        else if (arg == "--dir")
            a.dir = value;
        else {
            usage();
            return 2;
        }
        ++i;
    }

    files::TempDir temp("sociscope-bench");
    const std::string dir = a.dir.empty() ? temp.path() : a.dir;
    const std::string layer = dir + "/layer.tar.gz";
    std::printf("generating a %llu MB layer (gzip level %d) in %s ...\n", static_cast<unsigned long long>(a.sizeMb),
        a.level, dir.c_str());
    std::fflush(stdout);
    std::uint64_t tarBytes = 0;
    const auto g0 = std::chrono::steady_clock::now();
    if (!generate(layer, a.sizeMb << 20, a.level, &tarBytes)) {
        std::fprintf(stderr, "cannot write %s\n", layer.c_str());
        return 1;
    }
    std::error_code ec;
    const double gz = static_cast<double>(std::filesystem::file_size(layer, ec));
    std::uint64_t produced = 0;
    if (ec || !plainInflate(layer, &produced)) { // also warms the page cache for both runs
        std::fprintf(stderr, "cannot read back %s\n", layer.c_str());
        return 1;
    }
    std::printf("layer: %.1f MB gzip, %.1f MB tar (ratio %.2f), generated in %.1f s\n", gz / 1e6, tarBytes / 1e6,
        tarBytes / gz, seconds(std::chrono::steady_clock::now() - g0));

    double bestInflate = 1e300, bestBuild = 1e300;
    soci::Ztoc ztoc;
    soci::BuildOptions options;
    options.spanSize = a.span;
    for (int round = 0; round < a.repeat; ++round) {
        auto t0 = std::chrono::steady_clock::now();
        if (!plainInflate(layer, &produced)) {
            std::fprintf(stderr, "plain inflate failed\n");
            return 1;
        }
        bestInflate = std::min(bestInflate, seconds(std::chrono::steady_clock::now() - t0));
        t0 = std::chrono::steady_clock::now();
        auto z = soci::buildZtocFromFile(layer, soci::CompressionAlgorithm::Gzip, options);
        if (!z) {
            std::fprintf(stderr, "buildZtoc failed: %s\n", z.error().text().c_str());
            return 1;
        }
        bestBuild = std::min(bestBuild, seconds(std::chrono::steady_clock::now() - t0));
        ztoc = std::move(*z);
    }
    const auto encoded = soci::serializeZtoc(ztoc);
    std::printf("zTOC: %zu entries, %d spans of %lld bytes, %.1f MB serialized\n", ztoc.entries.size(),
        ztoc.maxSpanId + 1, static_cast<long long>(a.span), encoded ? encoded->size() / 1e6 : 0.0);
    const double out = static_cast<double>(produced);
    std::printf("(a) zlib inflate : %7.3f s  %8.1f MB/s uncompressed  %8.1f MB/s compressed\n", bestInflate,
        out / bestInflate / 1e6, gz / bestInflate / 1e6);
    std::printf("(b) buildZtoc    : %7.3f s  %8.1f MB/s uncompressed  %8.1f MB/s compressed\n", bestBuild,
        out / bestBuild / 1e6, gz / bestBuild / 1e6);
    std::printf("ratio (b)/(a) throughput: %.3f\n", bestInflate / bestBuild);
    return 0;
}
