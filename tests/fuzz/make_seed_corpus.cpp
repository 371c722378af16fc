// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Writes the committed seed corpus: tiny hand-made inputs, one folder per fuzz target.
// Usage: build/tests/soci_fuzz_seeds tests/fuzz/corpus
#include "soci/zinfo.h"
#include "soci/ztoc.h"
#include "soci_testutil.h"
#include "util/files.h"

#include <cstdio>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::TarHeader;

namespace {
bool write(const std::string& dir, const std::string& name, const std::string& bytes)
{
    if (!files::makeDirs(dir) || !files::writeFileAtomic(dir + "/" + name, bytes)) {
        std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name.c_str());
        return false;
    }
    return true;
}

TocEntry entry(const std::string& name, const std::string& type, std::int64_t offset, std::int64_t size)
{
    TocEntry e;
    e.name = name;
    e.type = type;
    e.uncompressedOffset = offset;
    e.uncompressedSize = size;
    e.modTime = "2023-11-14T22:13:20Z";
    return e;
}

std::string le(std::uint64_t v, int n)
{
    std::string s;
    for (int i = 0; i < n; ++i)
        s.push_back(static_cast<char>(v >> (8 * i)));
    return s;
}

TarHeader header(const std::string& name, char type, std::int64_t size)
{
    TarHeader h;
    h.name = name;
    h.typeflag = type;
    h.size = size;
    return h;
}
} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const std::string root = argv[1];
    bool ok = true;

    Ztoc tar;
    tar.buildToolIdentifier = "seed";
    tar.algorithm = CompressionAlgorithm::Uncompressed;
    tar.compressedArchiveSize = 5120;
    tar.uncompressedArchiveSize = 4096;
    tar.checkpoints = serializeTarZinfo({ 2, 2048, 5120 });
    tar.maxSpanId = 2;
    tar.spanDigests = { test::sha256Of("a"), test::sha256Of("b"), test::sha256Of("c") };
    TocEntry dir = entry("d/", "dir", 512, 0);
    TocEntry file = entry("d/f", "reg", 1536, 700);
    file.xattrs = { { "SCHILY.xattr.user.k", "v" }, { "path", "d/f" } };
    file.uid = 1000;
    TocEntry link = entry("d/l", "symlink", 2560, 0);
    link.linkname = "f";
    tar.entries = { dir, file, link };
    ok &= write(root + "/parse_ztoc", "uncompressed-three-entries", *serializeZtoc(tar));

    Ztoc headerOnly;
    headerOnly.compressedArchiveSize = 20;
    headerOnly.uncompressedArchiveSize = 1024;
    headerOnly.checkpoints = le(0, 4) + le(4096, 8);
    headerOnly.maxSpanId = -1;
    ok &= write(root + "/parse_ztoc", "gzip-no-checkpoints", *serializeZtoc(headerOnly));

    Ztoc one = headerOnly;
    one.compressedArchiveSize = 115;
    one.uncompressedArchiveSize = 2048;
    one.maxSpanId = 0;
    one.spanDigests = { test::sha256Of("span") };
    one.checkpoints = serializeGzipZinfo(4096, { { 10, 0, 0, std::string(kWindowSize, '\0') } });
    one.entries = { entry("hello.txt", "reg", 512, 13) };
    ok &= write(root + "/parse_ztoc", "gzip-one-checkpoint", *serializeZtoc(one));

    const std::string w(kWindowSize, '\0');
    ok &= write(root + "/gzip_zinfo", "v2-one", serializeGzipZinfo(4096, { { 10, 0, 0, w } }));
    ok &= write(root + "/gzip_zinfo", "v1-two", le(2, 4) + le(4096, 8) + le(222, 8) + le(5120, 8) + "\x05" + w);
    ok &= write(root + "/gzip_zinfo", "n0", le(0, 4) + le(4096, 8));
    ok &= write(root + "/gzip_zinfo", "n1", le(1, 4) + le(4096, 8));
    ok &= write(root + "/gzip_zinfo", "n255-no-records", le(255, 4) + le(4096, 8));

    ok &= write(root + "/tar_zinfo", "spec-11-3", serializeTarZinfo({ 2, 4096, 2048 }));
    ok &= write(root + "/tar_zinfo", "exact-multiple", serializeTarZinfo({ 2, 512, 4096 }));
    ok &= write(root + "/tar_zinfo", "empty-tar", serializeTarZinfo({ 2, 4096, 0 }));

    using test::paxRecord;
    using test::tarEnd;
    using test::tarEntry;
    ok &= write(root + "/tar_toc", "ustar",
        tarEntry(header("d/", '5', 0)) + tarEntry(header("d/f", '0', 5), "hello") + tarEnd());
    const std::string pax = paxRecord("path", "long/" + std::string(120, 'p')) + paxRecord("mtime", "1.5");
    ok &= write(root + "/tar_toc", "pax",
        tarEntry(header("x", 'x', std::int64_t(pax.size())), pax) + tarEntry(header("short", '0', 1), "z") + tarEnd());
    ok &= write(root + "/tar_toc", "gnu-long",
        tarEntry(header("././@LongLink", 'L', 130), std::string(129, 'n') + '\0') + tarEntry(header("n", '0', 0))
            + tarEnd());
    TarHeader big = header("b256", '0', 3);
    big.base256 = true;
    ok &= write(root + "/tar_toc", "base256", tarEntry(big, "abc") + tarEnd());
    ok &= write(root + "/tar_toc", "global", tarEntry(header("g", 'g', 12), "12 comment=\n") + tarEnd());
    return ok ? 0 : 1;
}
