// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::test {

// Bytes of ../shared/fixtures/soci-upstream/<relative>; "" when absent.
std::string sociFixture(const std::string& relative);

// The oracle for gzip data: plain zlib, every member, no checkpoints involved.
// Returns "" and sets ok = false on a zlib error.
std::string inflateAll(std::string_view gz, bool* ok = nullptr);

// gzip of data at level (0..9), one member, 10-byte header. A low memLevel (1..9) makes
// small deflate blocks (1 ends one every 128 symbols): many block edges to resume from.
std::string gzipOf(std::string_view data, int level, int memLevel = 8);

// "sha256:<hex>".
std::string sha256Of(std::string_view data);

// For QCOMPARE messages.
inline QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// One hand-made tar header (512 bytes, checksum filled in).
struct TarHeader {
    std::string name;
    char typeflag = '0';
    std::int64_t size = 0;
    std::string linkname;
    std::int64_t mode = 0644;
    std::int64_t uid = 0;
    std::int64_t gid = 0;
    std::int64_t mtime = 1700000000;
    std::string uname;
    std::string gname;
    std::int64_t devmajor = 0;
    std::int64_t devminor = 0;
    std::string prefix;
    enum class Magic { Ustar, Gnu, V7 } magic = Magic::Ustar;
    bool base256 = false; // write size, uid and mtime in base-256
};
std::string tarHeader(const TarHeader& h);
// Header, data, zero padding to 512.
std::string tarEntry(const TarHeader& h, std::string_view data = {});
// "%d key=value\n" with its own length prefix.
std::string paxRecord(const std::string& key, const std::string& value);
// Two zero blocks.
std::string tarEnd();

} // namespace sociscope::test

namespace sociscope::soci {
struct TocEntry;
struct Ztoc;
}

namespace sociscope::test {

// Checks a built or parsed zTOC against its layer blob and the layer's uncompressed
// bytes (from an independent oracle): every span's digest verifies and the span
// decompresses (section 3.6) to exactly its slice with every inflater the build has; every gzip checkpoint window is the
// 32 KiB before out (zero-filled at the front); every entry with data reads back
// through SpanIndex::spansFor + inflateFromCheckpoint (every inflater). Returns "" or what failed.
std::string checkSpansAndFiles(const soci::Ztoc& ztoc, std::string_view blob, std::string_view uncompressed);

// Deterministic filler: compressible words, or incompressible noise.
std::string wordsOf(std::uint64_t seed, size_t n);
std::string noiseOf(std::uint64_t seed, size_t n);

// One TOC entry for trees made by hand (image tree, search, diff and inventory tests): the
// mode is 0755 for folders and 0644 otherwise unless given; the mtime is fixed. tocLayer()
// lays out the offsets.
soci::TocEntry tocEntry(const std::string& name, const std::string& type = "reg", std::int64_t size = 0,
    const std::string& link = {}, std::int64_t mode = -1);
// A zTOC holding only a TOC (no spans): the entries, each at the offset a tar stream gives
// it (a 512-byte header before its data, the data padded to 512 bytes).
soci::Ztoc tocLayer(std::vector<soci::TocEntry> entries);

} // namespace sociscope::test
