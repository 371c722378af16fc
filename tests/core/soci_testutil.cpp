// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci_testutil.h"

#include "oci/digest.h"
#include "testenv.h"
#include "util/files.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>

namespace sociscope::test {

std::string sociFixture(const std::string& relative)
{
    const std::string dir = sociFixturesDir();
    if (dir.empty())
        return {};
    auto bytes = files::readFile(dir + "/" + relative);
    return bytes ? *bytes : std::string();
}

std::string inflateAll(std::string_view gz, bool* ok)
{
    if (ok)
        *ok = false;
    z_stream s {};
    if (inflateInit2(&s, 47) != Z_OK)
        return {};
    std::string out;
    std::string buf(1 << 16, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    s.avail_in = static_cast<uInt>(gz.size());
    int ret = Z_OK;
    for (;;) {
        s.next_out = reinterpret_cast<Bytef*>(buf.data());
        s.avail_out = static_cast<uInt>(buf.size());
        ret = inflate(&s, Z_NO_FLUSH);
        out.append(buf.data(), buf.size() - s.avail_out);
        if (ret == Z_STREAM_END) {
            if (s.avail_in == 0)
                break;
            inflateReset(&s);
            continue;
        }
        if (ret != Z_OK)
            break;
    }
    inflateEnd(&s);
    if (ok)
        *ok = ret == Z_STREAM_END;
    return out;
}

std::string gzipOf(std::string_view data, int level, int memLevel)
{
    z_stream s {};
    deflateInit2(&s, level, Z_DEFLATED, 31, memLevel, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&s, static_cast<uLong>(data.size())) + 64, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    deflate(&s, Z_FINISH);
    out.resize(out.size() - s.avail_out);
    deflateEnd(&s);
    return out;
}

std::string sha256Of(std::string_view data)
{
    return oci::Digest::sha256Of(data).str();
}

namespace {
void putOctal(char* field, size_t width, std::int64_t v)
{
    std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), static_cast<unsigned long long>(v));
}

void putBase256(char* field, size_t width, std::int64_t v)
{
    auto u = static_cast<std::uint64_t>(v);
    for (size_t i = width; i-- > 0;) {
        field[i] = static_cast<char>(u & 0xff);
        u = v < 0 ? (u >> 8) | (std::uint64_t { 0xff } << 56) : u >> 8;
    }
    field[0] = static_cast<char>(static_cast<unsigned char>(field[0]) | 0x80);
}

void putString(char* field, size_t width, const std::string& s)
{
    std::memcpy(field, s.data(), std::min(width, s.size()));
}
} // namespace

std::string tarHeader(const TarHeader& h)
{
    std::string b(512, '\0');
    char* p = b.data();
    putString(p, 100, h.name);
    putOctal(p + 100, 8, h.mode);
    putOctal(p + 116, 8, h.gid);
    if (h.base256) {
        putBase256(p + 108, 8, h.uid);
        putBase256(p + 124, 12, h.size);
        putBase256(p + 136, 12, h.mtime);
    } else {
        putOctal(p + 108, 8, h.uid);
        putOctal(p + 124, 12, h.size);
        putOctal(p + 136, 12, h.mtime);
    }
    p[156] = h.typeflag;
    putString(p + 157, 100, h.linkname);
    if (h.magic == TarHeader::Magic::Ustar)
        std::memcpy(p + 257,
            "ustar\0"
            "00",
            8);
    else if (h.magic == TarHeader::Magic::Gnu)
        std::memcpy(p + 257, "ustar  \0", 8);
    if (h.magic != TarHeader::Magic::V7) {
        putString(p + 265, 32, h.uname);
        putString(p + 297, 32, h.gname);
        putOctal(p + 329, 8, h.devmajor);
        putOctal(p + 337, 8, h.devminor);
        if (h.magic == TarHeader::Magic::Ustar)
            putString(p + 345, 155, h.prefix);
    }
    std::memset(p + 148, ' ', 8);
    unsigned sum = 0;
    for (char c : b)
        sum += static_cast<unsigned char>(c);
    std::snprintf(p + 148, 8, "%06o", sum);
    p[155] = ' ';
    return b;
}

std::string tarEntry(const TarHeader& h, std::string_view data)
{
    std::string out = tarHeader(h);
    out.append(data);
    out.append((512 - data.size() % 512) % 512, '\0');
    return out;
}

std::string paxRecord(const std::string& key, const std::string& value)
{
    const size_t body = key.size() + value.size() + 3; // ' ', '=', '\n'
    size_t len = body + 1;
    while (std::to_string(len).size() + body != len)
        ++len;
    return std::to_string(len) + " " + key + "=" + value + "\n";
}

std::string tarEnd()
{
    return std::string(1024, '\0');
}

} // namespace sociscope::test

#include "soci/span_reader.h"
#include "soci/spans.h"
#include "soci/ztoc.h"

#include <random>

namespace sociscope::test {

std::string checkSpansAndFiles(const soci::Ztoc& ztoc, std::string_view blob, std::string_view uncompressed)
{
    using namespace sociscope::soci;
    auto index = SpanIndex::create(ztoc);
    if (!index)
        return "SpanIndex: " + index.error().text();
    if (static_cast<std::int64_t>(blob.size()) != ztoc.compressedArchiveSize)
        return "compressed_archive_size " + std::to_string(ztoc.compressedArchiveSize) + " != blob size "
            + std::to_string(blob.size());
    for (std::int32_t i = 0; i < index->spanCount(); ++i) {
        const SpanRange& r = index->range(i);
        const std::string where = "span " + std::to_string(i);
        if (r.compressedEnd > static_cast<std::int64_t>(blob.size()) || r.compressedStart > r.compressedEnd)
            return where + ": compressed range outside the blob";
        const std::string_view bytes = blob.substr(
            static_cast<size_t>(r.compressedStart), static_cast<size_t>(r.compressedEnd - r.compressedStart));
        if (auto st = verifySpan(bytes, ztoc.spanDigests[static_cast<size_t>(i)]); !st)
            return where + ": " + st.error().text();
        for (const Inflater inflater : availableInflaters()) {
            auto data = decompressSpan(*index, i, bytes, inflater);
            if (!data)
                return where + " (" + inflaterName(inflater) + "): " + data.error().text();
            if (*data != uncompressed.substr(static_cast<size_t>(r.uncompressedStart), data->size())
                || static_cast<std::int64_t>(data->size())
                    != std::max<std::int64_t>(r.uncompressedEnd - r.uncompressedStart, 0))
                return where + " (" + inflaterName(inflater) + "): decompressed bytes differ from the oracle";
        }
        if (index->algorithm() == CompressionAlgorithm::Gzip) {
            const auto out = static_cast<size_t>(index->checkpoint(i).out);
            std::string window(kWindowSize - std::min(out, kWindowSize), '\0');
            window += uncompressed.substr(out - std::min(out, kWindowSize), std::min(out, kWindowSize));
            if (index->checkpoint(i).window != window)
                return where + ": checkpoint window is not the 32 KiB before out";
        }
    }
    if (index->algorithm() == CompressionAlgorithm::Gzip && index->spanCount() > 0)
        if (auto st = index->checkLayerHead(blob.substr(0, static_cast<size_t>(index->range(0).compressedStart))); !st)
            return "layer head: " + st.error().text();
    for (const TocEntryView& e : ztoc.entries) {
        if (e.kind() != EntryType::Regular || e.uncompressedSize == 0)
            continue;
        const std::string name(e.name);
        const auto spans = index->spansFor(e.uncompressedOffset, e.uncompressedSize);
        if (!spans)
            return name + ": no spans";
        const SpanRange& first = index->range(spans->first);
        const SpanRange& last = index->range(spans->second);
        const std::string_view bytes = blob.substr(static_cast<size_t>(first.compressedStart),
            static_cast<size_t>(last.compressedEnd - first.compressedStart));
        const std::string_view want
            = uncompressed.substr(static_cast<size_t>(e.uncompressedOffset), static_cast<size_t>(e.uncompressedSize));
        if (index->algorithm() == CompressionAlgorithm::Uncompressed) {
            if (bytes.substr(static_cast<size_t>(e.uncompressedOffset - first.compressedStart), want.size()) != want)
                return name + ": tar slice differs";
            continue;
        }
        for (const Inflater inflater : availableInflaters()) {
            auto got = inflateFromCheckpoint(index->checkpoint(spans->first), bytes, e.uncompressedOffset,
                static_cast<size_t>(e.uncompressedSize), inflater);
            if (!got)
                return name + " (" + inflaterName(inflater) + "): " + got.error().text();
            if (*got != want)
                return name + " (" + inflaterName(inflater) + "): file bytes differ from the oracle";
        }
    }
    return {};
}

std::string wordsOf(std::uint64_t seed, size_t n)
{
    static const char* const kWords[] = { "layer ", "span ", "checkpoint ", "inflate ", "registry ", "blob\n",
        "digest ", "tar ", "gzip ", "window ", "offset ", "the " };
    std::mt19937_64 rng(seed);
    std::string s;
    s.reserve(n + 16);
    while (s.size() < n)
        s += kWords[rng() % 12];
    s.resize(n);
    return s;
}

std::string noiseOf(std::uint64_t seed, size_t n)
{
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (char& c : s)
        c = static_cast<char>(rng());
    return s;
}

soci::TocEntry tocEntry(const std::string& name, const std::string& type, std::int64_t size,
    const std::string& link, std::int64_t mode)
{
    soci::TocEntry t;
    t.name = name;
    t.type = type;
    t.uncompressedSize = size;
    t.linkname = link;
    t.mode = mode >= 0 ? mode : type == "dir" ? 0755 : 0644;
    t.modTime = "2023-11-14T22:13:20Z";
    return t;
}

soci::Ztoc tocLayer(std::vector<soci::TocEntry> entries)
{
    std::int64_t offset = 0;
    for (auto& t : entries) {
        offset += 512;
        t.uncompressedOffset = offset;
        offset += (t.uncompressedSize + 511) / 512 * 512;
    }
    soci::Ztoc z;
    z.entries = std::move(entries);
    return z;
}

} // namespace sociscope::test
