// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// zTOC model, reader, writer, checkpoint blobs, span math and times, from hand-made
// inputs and the exact values the spec gives. Needs no fixture files.
#include "soci/rfc3339.h"
#include "soci/span_reader.h"
#include "soci/spans.h"
#include "soci/zinfo.h"
#include "soci/ztoc.h"
#include "soci_testutil.h"

#include <QtTest>

#include <random>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::q;

namespace {
std::string le(std::uint64_t v, int n)
{
    std::string s;
    for (int i = 0; i < n; ++i)
        s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return s;
}

std::string record(std::int64_t in, std::int64_t out, std::uint8_t bits, char fill = '\0')
{
    return le(static_cast<std::uint64_t>(in), 8) + le(static_cast<std::uint64_t>(out), 8)
        + std::string(1, static_cast<char>(bits)) + std::string(kWindowSize, fill);
}

std::string blobHeader(std::int32_t n, std::int64_t span)
{
    return le(static_cast<std::uint32_t>(n), 4) + le(static_cast<std::uint64_t>(span), 8);
}

// A small, valid gzip zTOC around the given checkpoints (digests: stand-ins, one per span).
Ztoc gzipZtoc(const std::vector<GzipCheckpoint>& cps, std::int64_t c, std::int64_t u)
{
    Ztoc z;
    z.buildToolIdentifier = "test";
    z.compressedArchiveSize = c;
    z.uncompressedArchiveSize = u;
    z.maxSpanId = static_cast<std::int32_t>(cps.size()) - 1;
    z.checkpoints = serializeGzipZinfo(4096, cps);
    for (size_t i = 0; i < cps.size(); ++i)
        z.spanDigests.push_back(test::sha256Of(std::to_string(i)));
    return z;
}

TocEntry entry(const std::string& name, std::int64_t offset, std::int64_t size, const std::string& type = "reg")
{
    TocEntry e;
    e.name = name;
    e.type = type;
    e.uncompressedOffset = offset;
    e.uncompressedSize = size;
    e.modTime = "2023-11-14T22:13:20Z";
    return e;
}
} // namespace

class TestSociFormat final : public QObject {
    Q_OBJECT
private slots:
    void formatsGoRfc3339Nano()
    {
        QCOMPARE(q(formatRfc3339Nano({ 0, 0 })), QStringLiteral("1970-01-01T00:00:00Z"));
        QCOMPARE(q(formatRfc3339Nano({ 1700000000, 0 })), QStringLiteral("2023-11-14T22:13:20Z"));
        QCOMPARE(q(formatRfc3339Nano({ 1234567890, 500000000 })), QStringLiteral("2009-02-13T23:31:30.5Z"));
        QCOMPARE(q(formatRfc3339Nano({ 1234567890, 1 })), QStringLiteral("2009-02-13T23:31:30.000000001Z"));
        QCOMPARE(q(formatRfc3339Nano({ 1234567890, 120000000 })), QStringLiteral("2009-02-13T23:31:30.12Z"));
        QCOMPARE(q(formatRfc3339Nano({ -1, 0 })), QStringLiteral("1969-12-31T23:59:59Z"));
        QCOMPARE(q(formatRfc3339Nano({ -62135596800, 0 })), QStringLiteral("0001-01-01T00:00:00Z"));
        QCOMPARE(q(formatRfc3339Nano({ -62167219200, 0 })), QStringLiteral("0000-01-01T00:00:00Z"));
        QCOMPARE(q(formatRfc3339Nano({ 253402300799, 0 })), QStringLiteral("9999-12-31T23:59:59Z"));
        // Outside 0000..9999 Go's MarshalText fails and upstream writes "".
        QCOMPARE(q(formatRfc3339Nano({ 253402300800, 0 })), QString());
        QCOMPARE(q(formatRfc3339Nano({ -62167219201, 0 })), QString());
        QCOMPARE(q(formatRfc3339Nano({ INT64_MAX, 0 })), QString());
        QCOMPARE(q(formatRfc3339Nano({ INT64_MIN, 0 })), QString());
        QCOMPARE(timestampFromUnix(-1, -500000000)->seconds, std::int64_t(-2));
        QCOMPARE(timestampFromUnix(-1, -500000000)->nanos, std::uint32_t(500000000));
        QVERIFY(!timestampFromUnix(INT64_MAX, 2000000000).has_value());
    }

    void parsesAnyRfc3339Offset()
    {
        QCOMPARE(parseRfc3339("2023-11-14T22:13:20Z")->seconds, std::int64_t(1700000000));
        // The ubuntu fixture was built in US Central time.
        const auto central = parseRfc3339("2021-07-23T12:35:25-05:00");
        QVERIFY(central.has_value());
        QCOMPARE(central->seconds, std::int64_t(1627061725));
        QCOMPARE(*parseRfc3339("2021-07-23T17:35:25Z"), *central);
        QCOMPARE(*parseRfc3339("2021-07-23t23:05:25+05:30"), *central);
        const auto frac = parseRfc3339("2009-02-13T23:31:30.123456789123Z");
        QCOMPARE(frac->nanos, std::uint32_t(123456789));
        QVERIFY(!parseRfc3339("0001-01-01T00:00:00Z")->unixNanos().has_value());
        QCOMPARE(parseRfc3339("0001-01-01T00:00:00Z")->seconds, std::int64_t(-62135596800));
        QCOMPARE(*parseRfc3339("2262-04-11T23:47:16.854775807Z")->unixNanos(), INT64_MAX);
        QCOMPARE(*parseRfc3339("2024-02-29T00:00:00Z")->unixNanos(), std::int64_t(1709164800) * 1000000000);
        for (const char* bad : { "", "2023-11-14", "2023-11-14T22:13:20", "2023-13-01T00:00:00Z",
                 "2023-02-29T00:00:00Z", "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:60Z",
                 "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20+0500", "2023-11-14T22:13:20+24:00",
                 "2023-11-14 22:13:20Z", "2023-11-14T22:13:20Zjunk", "23-11-14T22:13:20Z", "2023-11-14T22:13:2xZ" })
            QVERIFY2(!parseRfc3339(bad).has_value(), bad);
        std::mt19937_64 rng(7);
        for (int i = 0; i < 2000; ++i) {
            // Years 0000..9999: outside them Go writes "" and there is nothing to parse.
            const Timestamp t { static_cast<std::int64_t>(rng() % 315569520000ULL) - 62167219200,
                static_cast<std::uint32_t>(rng() % 1000000000) };
            QCOMPARE(*parseRfc3339(formatRfc3339Nano(t)), t);
        }
    }

    void gzipZinfoV2AndV1()
    {
        const std::string v2 = blobHeader(2, 4096) + record(10, 0, 0) + record(222, 5120, 5, 'w');
        auto z = parseGzipZinfo(v2);
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(z->version, 2);
        QCOMPARE(z->spanSize, std::int64_t(4096));
        QCOMPARE(z->checkpoints.size(), size_t(2));
        QCOMPARE(z->checkpoints[1].in, std::int64_t(222));
        QCOMPARE(z->checkpoints[1].out, std::int64_t(5120));
        QCOMPARE(int(z->checkpoints[1].bits), 5);
        QCOMPARE(z->checkpoints[1].window, std::string(kWindowSize, 'w'));
        QCOMPARE(serializeGzipZinfo(4096, z->checkpoints), v2);

        // v1: N still counts checkpoint 0, which is not stored and gets rebuilt as (10, 0, 0).
        const std::string v1 = blobHeader(2, 4096) + record(222, 5120, 5, 'w');
        z = parseGzipZinfo(v1);
        QVERIFY(z.ok());
        QCOMPARE(z->version, 1);
        QCOMPARE(z->checkpoints.size(), size_t(2));
        QCOMPARE(z->checkpoints[0], (GzipCheckpoint { 10, 0, 0, std::string(kWindowSize, '\0') }));
        QCOMPARE(z->checkpoints[1].in, std::int64_t(222));
        // Writers always emit v2.
        QCOMPARE(serializeGzipZinfo(4096, z->checkpoints), v2.substr(0, 12) + record(10, 0, 0) + v1.substr(12));
    }

    void gzipZinfoDegenerateAndBad()
    {
        auto n0 = parseGzipZinfo(blobHeader(0, 4096));
        QVERIFY(n0.ok());
        QCOMPARE(n0->version, 2);
        QVERIFY(n0->checkpoints.empty());
        auto n1 = parseGzipZinfo(blobHeader(1, 4096));
        QVERIFY(n1.ok());
        QCOMPARE(n1->version, 1);
        QCOMPARE(n1->checkpoints.size(), size_t(1));
        QCOMPARE(n1->checkpoints[0].in, std::int64_t(10));

        const std::string bad[] = {
            blobHeader(255, 4096), // N = 255 with no records
            blobHeader(3, 4096) + record(10, 0, 0), // neither v1 nor v2
            blobHeader(-1, 4096), // negative count
            blobHeader(1, 4096) + record(10, 0, 0) + "x", // trailing byte
            blobHeader(1, 4096).substr(0, 11), // short header
            blobHeader(1, 4096) + record(10, 0, 8), // bits > 7
            blobHeader(1, 4096) + record(-5, 0, 0), // negative offset
            blobHeader(1, 4096) + record(0, 0, 3), // bits without a byte before
            std::string(),
        };
        for (const std::string& b : bad) {
            const auto r = parseGzipZinfo(b);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, ErrorCode::Malformed);
        }
    }

    void tarZinfoMatchesSpecExample()
    {
        // Section 11.3: the 48-byte TarZinfo of a 2048-byte tar at span 4096.
        const unsigned char expected[] = { 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0x1c, 0, 0x18, 0, 0x0c, 0, 0x04, 0,
            0x0a, 0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0 };
        const std::string bytes = serializeTarZinfo({ 2, 4096, 2048 });
        QCOMPARE(bytes, std::string(reinterpret_cast<const char*>(expected), sizeof expected));
        auto t = parseTarZinfo(bytes);
        QVERIFY(t.ok());
        QCOMPARE(*t, (TarZinfo { 2, 4096, 2048 }));
        QCOMPARE(t->maxSpanId(), 0);
        QCOMPARE((TarZinfo { 2, 4096, 0 }).maxSpanId(), -1);
        QCOMPARE((TarZinfo { 2, 4096, 4096 }).maxSpanId(), 0);
        QCOMPARE((TarZinfo { 2, 4096, 4097 }).maxSpanId(), 1);
        QCOMPARE((TarZinfo { 2, 4096, 8192 }).maxSpanId(), 1);

        QCOMPARE(parseTarZinfo(serializeTarZinfo({ 2, 0, 2048 })).error().code, ErrorCode::Malformed);
        QCOMPARE(parseTarZinfo(serializeTarZinfo({ 2, 4096, -1 })).error().code, ErrorCode::Malformed);
        QCOMPARE(parseTarZinfo(serializeTarZinfo({ 2, 1, INT64_MAX })).error().code, ErrorCode::Malformed);
        QCOMPARE(parseTarZinfo(bytes.substr(0, 40)).error().code, ErrorCode::Malformed);
        QCOMPARE(parseTarZinfo(std::string(48, '\xff')).error().code, ErrorCode::Malformed);
    }

    void gzipHeaderLengths()
    {
        const std::string plain("\x1f\x8b\x08\x00\0\0\0\0\0\xff", 10);
        QCOMPARE(*parseGzipHeader(plain), size_t(10));
        QCOMPARE(*parseGzipHeader(plain + "deflate data"), size_t(10));
        std::string named("\x1f\x8b\x08\x08\0\0\0\0\0\x03", 10);
        named += std::string("layer.tar\0", 10);
        QCOMPARE(*parseGzipHeader(named), size_t(20));
        std::string all("\x1f\x8b\x08\x1e\0\0\0\0\0\x03", 10); // FEXTRA | FNAME | FCOMMENT | FHCRC
        all += std::string("\x03\0abc", 5) + std::string("n\0", 2) + std::string("c\0", 2) + "hc";
        QCOMPARE(*parseGzipHeader(all), size_t(21));
        for (size_t cut = 0; cut < all.size(); ++cut)
            QCOMPARE(parseGzipHeader(all.substr(0, cut)).error().code, ErrorCode::Malformed);
        QVERIFY(!parseGzipHeader(std::string("\x1f\x8c\x08\x00\0\0\0\0\0\xff", 10)).ok());
        QVERIFY(!parseGzipHeader(std::string("\x1f\x8b\x07\x00\0\0\0\0\0\xff", 10)).ok());
        QVERIFY(!parseGzipHeader(std::string("\x1f\x8b\x08\x20\0\0\0\0\0\xff", 10)).ok());
    }

    void gzipSpanRangesShareByte()
    {
        // Section 3.4, fixture basic-l1: checkpoints (10,0,0) and (222,5120,5), C = 234, U = 5120.
        const std::vector<GzipCheckpoint> cps
            = { { 10, 0, 0, std::string(kWindowSize, '\0') }, { 222, 5120, 5, std::string(kWindowSize, '\0') } };
        const auto r = gzipSpanRanges(cps, 234, 5120);
        QCOMPARE(r.size(), size_t(2));
        QCOMPARE(r[0], (SpanRange { 10, 222, 0, 5120 }));
        QCOMPARE(r[1], (SpanRange { 221, 234, 5120, 5120 }));

        const auto index = SpanIndex::create(gzipZtoc(cps, 234, 5120));
        QVERIFY(index.ok());
        QCOMPARE(index->spanCount(), 2);
        QCOMPARE(index->spanOf(0), 0);
        QCOMPARE(index->spanOf(5119), 0);
        QCOMPARE(index->spanOf(5120), 1); // the empty last span
        QCOMPARE(index->spanOf(1 << 30), 1);
        QCOMPARE(index->spanOf(-1), -1);
        QVERIFY(!index->spansFor(4096, 0).has_value());
        QCOMPARE(*index->spansFor(3072, 32), std::make_pair(0, 0));
        QCOMPARE(*index->spansFor(5000, 120), std::make_pair(0, 0));
        QCOMPARE(*index->spansFor(5000, 121), std::make_pair(0, 1));
        QVERIFY(!index->spansFor(INT64_MAX, 2).has_value());
    }

    void tarSpanRangesAndSpanOf()
    {
        const auto r = tarSpanRanges({ 2, 4096, 10000 }, 10000, 9000);
        QCOMPARE(r.size(), size_t(3));
        QCOMPARE(r[0], (SpanRange { 0, 4096, 0, 4096 }));
        QCOMPARE(r[1], (SpanRange { 4096, 8192, 4096, 8192 }));
        QCOMPARE(r[2], (SpanRange { 8192, 10000, 8192, 9000 }));
        Ztoc z;
        z.algorithm = CompressionAlgorithm::Uncompressed;
        z.compressedArchiveSize = 10000;
        z.uncompressedArchiveSize = 9000;
        z.maxSpanId = 2;
        z.spanDigests = { "a", "b", "c" };
        z.checkpoints = serializeTarZinfo({ 2, 4096, 10000 });
        auto index = SpanIndex::create(z);
        QVERIFY(index.ok());
        QCOMPARE(index->spanOf(4095), 0);
        QCOMPARE(index->spanOf(4096), 1);
        QCOMPARE(index->spanOf(9999), 2);
        QCOMPARE(index->spanOf(123456), 2);
        QCOMPARE(*index->spansFor(4000, 5000), std::make_pair(0, 2));
        z.compressedArchiveSize = 9999; // must equal the TarZinfo size
        QCOMPARE(SpanIndex::create(z).error().code, ErrorCode::Malformed);
    }

    void spanIndexRejectsInconsistentCheckpoints()
    {
        const std::string w(kWindowSize, '\0');
        // max_span_id disagrees with the checkpoint count.
        Ztoc z = gzipZtoc({ { 10, 0, 0, w }, { 200, 5000, 0, w } }, 300, 6000);
        z.maxSpanId = 2;
        QVERIFY(SpanIndex::create(z).error().message.find("max_span_id") != std::string::npos);
        // Wrong number of span digests.
        z = gzipZtoc({ { 10, 0, 0, w }, { 200, 5000, 0, w } }, 300, 6000);
        z.spanDigests.pop_back();
        QVERIFY(SpanIndex::create(z).error().message.find("span digests") != std::string::npos);
        // Non-monotonic compressed or uncompressed offsets.
        QVERIFY(!SpanIndex::create(gzipZtoc({ { 10, 0, 0, w }, { 10, 5000, 0, w } }, 300, 6000)).ok());
        QVERIFY(!SpanIndex::create(gzipZtoc({ { 10, 0, 0, w }, { 200, 0, 0, w } }, 300, 6000)).ok());
        QVERIFY(!SpanIndex::create(gzipZtoc({ { 10, 0, 0, w }, { 200, 5000, 0, w }, { 100, 6000, 0, w } }, 300, 7000))
                     .ok());
        // The last span may be empty, but not start past the blob.
        QVERIFY(SpanIndex::create(gzipZtoc({ { 10, 0, 0, w }, { 300, 6000, 0, w } }, 300, 6000)).ok());
        QVERIFY(!SpanIndex::create(gzipZtoc({ { 10, 0, 0, w }, { 301, 6000, 0, w } }, 300, 6000)).ok());
        // A v2 blob with no checkpoints: max_span_id = -1, no digests.
        QVERIFY(SpanIndex::create(gzipZtoc({}, 30, 1024)).ok());
    }

    void writerReproducesTestWriteZtocGolden()
    {
        // Upstream's only exact golden value (TestWriteZtoc, spec section 12).
        Ztoc z;
        z.version = "0.9";
        z.buildToolIdentifier = "AWS SOCI CLI";
        z.compressedArchiveSize = 2000000;
        z.uncompressedArchiveSize = 2500000;
        z.maxSpanId = 3;
        z.checkpoints = std::string(65536, '\0');
        TocEntry e;
        e.modTime = "0001-01-01T00:00:00Z";
        z.entries = { e, e };
        const auto bytes = serializeZtoc(z);
        QVERIFY(bytes.ok());
        QCOMPARE(bytes->size(), size_t(65928));
        QCOMPARE(q(test::sha256Of(*bytes)),
            QStringLiteral("sha256:eba28fdf50b1b57543f57dd051b2468c1d4f57b64d2006c75aa4de1d03e6c7ec"));
        // Its checkpoints are 65536 zero bytes, not a gzip blob: upstream's loader refuses it, and so do we.
        const auto parsed = parseZtoc(*bytes);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::Malformed);
    }

    void roundTripsEveryField()
    {
        const std::string w(kWindowSize, 'x');
        Ztoc z = gzipZtoc({ { 10, 0, 0, w }, { 900, 70000, 3, w } }, 1500, 80896);
        z.version = "0.9";
        TocEntry dir = entry("d/", 512, 0, "dir");
        dir.mode = 040755;
        TocEntry file = entry("d/f", 1536, 70001);
        file.mode = 04755;
        file.uid = 4294967295u;
        file.gid = 42;
        file.uname = "alice";
        file.gname = "staff";
        file.modTime = "2021-07-23T12:35:25-05:00";
        file.xattrs
            = { { "mtime", "1.5" }, { "SCHILY.xattr.user.b", "2" }, { "SCHILY.xattr.user.a", "" }, { "path", "d/f" } };
        TocEntry dev = entry("d/null", 72704, 0, "char");
        dev.devmajor = 1;
        dev.devminor = 3;
        TocEntry link = entry("d/l", 73216, 0, "symlink");
        link.linkname = "f";
        z.entries = { dir, file, dev, link };
        const auto bytes = serializeZtoc(z);
        QVERIFY(bytes.ok());
        auto back = parseZtoc(*bytes);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().text().c_str());
        QCOMPARE(back->entries.size(), z.entries.size());
        QVERIFY(*back == z);
        // PAX records come back sorted by key; header offsets are derived (section 2.6 rule 4).
        std::sort(file.xattrs.begin(), file.xattrs.end());
        QCOMPARE(back->entries[1].xattrs.toVector(), file.xattrs);
        QCOMPARE(back->entries[1].toEntry(), file);
        const std::int64_t headers[] = { 0, 512, 71680, 72704 };
        for (size_t i = 0; i < 4; ++i)
            QCOMPARE(back->entries[i].tarHeaderOffset, headers[i]);
        QCOMPARE(back->entries[1].filesystemXattrs(), (std::vector<PaxRecord> { { "user.a", "" }, { "user.b", "2" } }));
        QCOMPARE(*serializeZtoc(*back), *bytes);

        // Uncompressed layers write algorithm 2; it reads back.
        Ztoc t;
        t.algorithm = CompressionAlgorithm::Uncompressed;
        t.compressedArchiveSize = 2048;
        t.uncompressedArchiveSize = 2048;
        t.checkpoints = serializeTarZinfo({ 2, 4096, 2048 });
        t.spanDigests = { test::sha256Of("tar") };
        t.entries = { entry("hello.txt", 512, 13) };
        auto tb = parseZtoc(*serializeZtoc(t));
        QVERIFY(tb.ok());
        QCOMPARE(tb->algorithm, CompressionAlgorithm::Uncompressed);
        QCOMPARE(compressionAlgorithmName(tb->algorithm), "uncompressed");
    }

    void readerSortsAndChecksToc()
    {
        const std::string w(kWindowSize, '\0');
        Ztoc z = gzipZtoc({ { 10, 0, 0, w } }, 100, 10240);
        z.entries = { entry("b", 2048, 10), entry("a", 512, 1000) };
        auto back = parseZtoc(*serializeZtoc(z));
        QVERIFY(back.ok());
        QCOMPARE(q(back->entries[0].name), QStringLiteral("a"));
        QCOMPARE(back->entries[1].tarHeaderOffset, std::int64_t(1536));

        // Two entries at the same offset.
        z.entries = { entry("a", 512, 10), entry("b", 512, 10) };
        auto same = parseZtoc(*serializeZtoc(z));
        QVERIFY(!same.ok());
        QVERIFY(same.error().message.find("invalid toc entry") != std::string::npos);
        // Data (rounded up to a block) reaching past the next entry's data start.
        z.entries = { entry("a", 512, 600), entry("b", 1535, 1) };
        QVERIFY(!parseZtoc(*serializeZtoc(z)).ok());
        z.entries = { entry("a", 512, 512), entry("b", 1536, 1) };
        QVERIFY(parseZtoc(*serializeZtoc(z)).ok());
        // Negative and overflowing numbers.
        z.entries = { entry("a", -1, 1) };
        QVERIFY(!parseZtoc(*serializeZtoc(z)).ok());
        z.entries = { entry("a", INT64_MAX - 10, 100) };
        QVERIFY(!parseZtoc(*serializeZtoc(z)).ok());
        // Unaligned input is fine.
        z.entries = { entry("a", 512, 1) };
        const std::string bytes = " " + *serializeZtoc(z);
        QVERIFY(parseZtoc(std::string_view(bytes).substr(1)).ok());
    }

    void entryTypes()
    {
        for (auto t : { EntryType::Regular, EntryType::Directory, EntryType::Symlink, EntryType::Hardlink,
                 EntryType::CharDevice, EntryType::BlockDevice, EntryType::Fifo })
            QCOMPARE(entryTypeFromString(entryTypeString(t)), t);
        QCOMPARE(entryTypeFromString("socket"), EntryType::Unknown);
    }

    void verifySpanDigest()
    {
        QVERIFY(verifySpan("abc", test::sha256Of("abc")).ok());
        QCOMPARE(verifySpan("abd", test::sha256Of("abc")).error().code, ErrorCode::Integrity);
        QCOMPARE(verifySpan("abc", "").error().code, ErrorCode::Integrity);
        QCOMPARE(verifySpan("abc", "sha256:zz").error().code, ErrorCode::Integrity);
    }
};

QTEST_GUILESS_MAIN(TestSociFormat)
#include "test_soci_format.moc"
