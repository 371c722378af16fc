// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The streaming zTOC builder and span decompression on layers made in the test
// (zlib-written gzip of hand-made tars). Needs no fixture files.
#include "soci/span_digester.h"
#include "soci/span_reader.h"
#include "soci/spans.h"
#include "soci/tar_toc.h"
#include "soci/zinfo.h"
#include "soci/ztoc_builder.h"
#include "soci_testutil.h"

#include <QtTest>

#include <random>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::q;
using sociscope::test::tarEnd;
using sociscope::test::tarEntry;
using sociscope::test::TarHeader;

namespace {
TarHeader file(const std::string& name, size_t size)
{
    TarHeader h;
    h.name = name;
    h.size = static_cast<std::int64_t>(size);
    return h;
}

// 400 small files of text or noise, some empty, without the end marker.
std::string smallFiles()
{
    std::string t;
    std::mt19937_64 rng(42);
    for (int i = 0; i < 400; ++i) {
        const size_t n = i % 9 == 0 ? 0 : rng() % 9000;
        t += tarEntry(file("small/" + std::to_string(i), n), i % 4 == 0 ? test::noiseOf(i, n) : test::wordsOf(i, n));
    }
    return t;
}

// About 9 MB: small and big files, so spans fall mid-file and output passes the
// builder's 4 MiB buffer more than once.
std::string mixedTar()
{
    std::string t = smallFiles();
    t += tarEntry(file("big/text", 3000000), test::wordsOf(7, 3000000));
    t += tarEntry(file("big/noise", 1500001), test::noiseOf(8, 1500001));
    t += tarEntry(file("big/text2", 2500000), test::wordsOf(9, 2500000));
    return t + tarEnd() + std::string(4096, '\0');
}

const std::string& sharedTar()
{
    static const std::string tar = mixedTar();
    return tar;
}

BuildOptions opts(std::int64_t span)
{
    BuildOptions o;
    o.spanSize = span;
    o.buildToolIdentifier = "test";
    return o;
}

// Reads in pieces of 1..max bytes: chunk edges land everywhere, including on the byte
// two spans share.
ReadFn tinyReader(std::string_view bytes, std::uint64_t seed, size_t max)
{
    auto pos = std::make_shared<size_t>(0);
    auto rng = std::make_shared<std::mt19937_64>(seed);
    return [bytes, pos, rng, max](char* buffer, size_t size) -> Result<size_t> {
        const size_t n = std::min({ size, bytes.size() - *pos, size_t(1 + (*rng)() % max) });
        std::memcpy(buffer, bytes.data() + *pos, n);
        *pos += n;
        return n;
    };
}
} // namespace

class TestSociBuilder final : public QObject {
    Q_OBJECT
private slots:
    void buildsAndReadsBackAtEveryLevel_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<qint64>("span");
        QTest::newRow("level 0, 1 MiB spans") << 0 << qint64(1 << 20);
        QTest::newRow("level 1, 256 KiB spans") << 1 << qint64(256 << 10);
        QTest::newRow("level 6, 64 KiB spans") << 6 << qint64(64 << 10);
        QTest::newRow("level 9, 4 MiB spans") << 9 << qint64(4 << 20);
    }

    void buildsAndReadsBackAtEveryLevel()
    {
        QFETCH(int, level);
        QFETCH(qint64, span);
        const std::string& tar = sharedTar();
        const std::string gz = test::gzipOf(tar, level);
        auto z = buildZtoc(memoryReader(gz), opts(span));
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(z->compressedArchiveSize, std::int64_t(gz.size()));
        QCOMPARE(z->uncompressedArchiveSize, std::int64_t(tar.size() - 4096));
        QCOMPARE(z->entries.size(), size_t(403));
        QVERIFY(z->maxSpanId >= 1);
        QCOMPARE(z->spanDigests.size(), size_t(z->maxSpanId + 1));

        // Same entries as the tar reader on the raw tar.
        TarTocBuilder direct;
        QVERIFY(direct.feed(reinterpret_cast<const std::uint8_t*>(tar.data()), tar.size()).ok());
        QVERIFY(direct.finish().ok());
        QVERIFY(direct.entries() == z->entries);

        // Checkpoints obey 3.3: strictly more than span bytes apart, first at the header end.
        auto zinfo = parseGzipZinfo(z->checkpoints);
        QVERIFY(zinfo.ok());
        QCOMPARE(zinfo->spanSize, std::int64_t(span));
        QCOMPARE(zinfo->checkpoints[0].in, std::int64_t(10));
        QCOMPARE(zinfo->checkpoints[0].out, std::int64_t(0));
        for (size_t i = 1; i < zinfo->checkpoints.size(); ++i)
            QVERIFY(zinfo->checkpoints[i].out - zinfo->checkpoints[i - 1].out > span);

        const std::string problem = test::checkSpansAndFiles(*z, gz, tar);
        QVERIFY2(problem.empty(), problem.c_str());

        auto back = parseZtoc(*serializeZtoc(*z));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().text().c_str());
        QVERIFY(*back == *z);
    }

    void readSizesDoNotMatter()
    {
        const std::string tar = smallFiles() + tarEnd();
        const std::string gz = test::gzipOf(tar, 6);
        const auto whole = buildZtoc(memoryReader(gz), opts(8192));
        QVERIFY(whole.ok());
        QVERIFY(whole->maxSpanId >= 5);
        // Reads of 1..n bytes cut inflate input anywhere; small read buffers hand the
        // digest thread chunks whose edges fall on span starts and on shared bytes.
        const std::pair<size_t, size_t> cases[] = { { 2, 1 << 20 }, { 700, 1 << 20 }, { 50, 997 }, { 4096, 1000 } };
        std::uint64_t seed = 0;
        for (const auto& [maxRead, bufferSize] : cases) {
            BuildOptions o = opts(8192);
            o.readBufferSize = bufferSize;
            const auto tiny = buildZtoc(tinyReader(gz, ++seed, maxRead), o);
            QVERIFY2(tiny.ok(), tiny.ok() ? "" : tiny.error().text().c_str());
            QVERIFY(*tiny == *whole);
        }
    }

    void digesterSharesBytesAcrossBuffers()
    {
        // Layer "abcdefgh" in buffers "abc" "def" "gh". Span 0 starts at 1; span 1 at
        // in = 3 with bits != 0, so it starts at 2 and shares 'c', which sits in the
        // previous buffer (zlib reports such a boundary only with input at hand, so the
        // builder rarely hits this; the digester must still get it right).
        SpanDigester d(3, 2);
        const char* layer = "abcdefgh";
        std::int64_t start = 0;
        for (const std::string_view piece : { "abc", "def", "gh" }) {
            std::uint8_t* b = d.acquire();
            std::memcpy(b, layer + start, piece.size());
            if (start == 0)
                d.spanStart(1, 0);
            if (start == 3)
                d.spanStart(3, 5);
            d.submit(b, start, piece.size());
            start += std::int64_t(piece.size());
        }
        const auto digests = d.finish();
        QCOMPARE(digests.size(), size_t(2));
        QCOMPARE(q(digests[0]), q(test::sha256Of("bc")));
        QCOMPARE(q(digests[1]), q(test::sha256Of("cdefgh")));
    }

    void followsConcatenatedMembers()
    {
        const std::string& tar = sharedTar();
        std::string gz;
        const size_t cuts[] = { 0, 777777, 777777 + 1, 4000000, 7000003, tar.size() };
        for (size_t i = 0; i + 1 < std::size(cuts); ++i)
            gz += test::gzipOf(std::string_view(tar).substr(cuts[i], cuts[i + 1] - cuts[i]), 1 + int(i % 9));
        bool ok = false;
        QCOMPARE(test::inflateAll(gz, &ok).size(), tar.size());
        QVERIFY(ok);
        auto z = buildZtoc(memoryReader(gz), opts(300000));
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(z->entries.size(), size_t(403));
        const std::string problem = test::checkSpansAndFiles(*z, gz, tar);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void checkpointsPastTheArchiveEnd()
    {
        // GNU tar pads to 10240-byte records and some writers pad far more: checkpoints
        // then fall after U, and the last spans' uncompressed ranges are empty or reversed.
        const std::string tar
            = tarEntry(file("f", 3000), test::wordsOf(1, 3000)) + tarEnd() + std::string(300000, '\0');
        const std::string gz = test::gzipOf(tar, 0); // stored blocks: a checkpoint every ~64 KiB
        const auto z = buildZtoc(memoryReader(gz), opts(1000));
        QVERIFY(z.ok());
        QCOMPARE(z->uncompressedArchiveSize, std::int64_t(4608));
        QVERIFY(z->maxSpanId >= 3);
        const auto back = parseZtoc(*serializeZtoc(*z));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().text().c_str());
        const std::string problem = test::checkSpansAndFiles(*back, gz, tar);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void refusesBadStreams()
    {
        const std::string tar = tarEntry(file("f", 5), "hello") + tarEnd();
        const std::string gz = test::gzipOf(tar, 6);
        QCOMPARE(buildZtoc(memoryReader(tar)).error().code, ErrorCode::Malformed); // not gzip at all
        for (size_t cut : { size_t(0), size_t(5), size_t(12), gz.size() - 4, gz.size() - 1 })
            QCOMPARE(buildZtoc(memoryReader(std::string_view(gz).substr(0, cut))).error().code, ErrorCode::Malformed);
        std::string corrupt = gz;
        corrupt[gz.size() - 6] ^= 0x55; // CRC32 of the member
        QCOMPARE(buildZtoc(memoryReader(corrupt)).error().code, ErrorCode::Malformed);
        const std::string trailing = gz + "trailing bytes that are no gzip member";
        QCOMPARE(buildZtoc(memoryReader(trailing)).error().code, ErrorCode::Malformed);
        QCOMPARE(buildZtoc(memoryReader(gz), opts(0)).error().code, ErrorCode::Usage);
        QCOMPARE(buildTarZtoc(memoryReader(tar), opts(-1)).error().code, ErrorCode::Usage);
        // A tar that stops inside an entry's data.
        QCOMPARE(buildZtoc(memoryReader(test::gzipOf(tar.substr(0, 514), 6))).error().code, ErrorCode::Malformed);

        const ReadFn failing
            = [](char*, size_t) -> Result<size_t> { return makeError(ErrorCode::Network, "connection reset"); };
        QCOMPARE(buildZtoc(failing).error().code, ErrorCode::Network);
        BuildOptions cancel = opts(4096);
        cancel.progress = [](std::int64_t) { return false; };
        QCOMPARE(buildZtoc(memoryReader(gz), cancel).error().code, ErrorCode::Cancelled);

        TarHeader global = file("pax_global_header", 0);
        global.typeflag = 'g';
        const auto refused = buildZtoc(memoryReader(test::gzipOf(tarEntry(global) + tar, 6)));
        QCOMPARE(refused.error().code, ErrorCode::Unsupported);
        QVERIFY(refused.error().message.find("pax_global_header") != std::string::npos);
    }

    void buildsUncompressedLayers()
    {
        const std::string& tar = sharedTar();
        auto z = buildTarZtoc(memoryReader(tar), opts(1 << 20));
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(z->algorithm, CompressionAlgorithm::Uncompressed);
        QCOMPARE(z->compressedArchiveSize, std::int64_t(tar.size()));
        QCOMPARE(z->uncompressedArchiveSize, std::int64_t(tar.size() - 4096));
        QCOMPARE(z->maxSpanId, std::int32_t(tar.size() / (1 << 20)));
        QCOMPARE(q(z->spanDigests[1]), q(test::sha256Of(std::string_view(tar).substr(1 << 20, 1 << 20))));
        QCOMPARE(*parseTarZinfo(z->checkpoints), (TarZinfo { 2, 1 << 20, std::int64_t(tar.size()) }));
        const std::string problem = test::checkSpansAndFiles(*z, tar, tar);
        QVERIFY2(problem.empty(), problem.c_str());
        auto back = parseZtoc(*serializeZtoc(*z));
        QVERIFY(back.ok());
        QVERIFY(*back == *z);

        // Span size dividing the tar exactly: no empty extra span.
        const std::string exact = tarEntry(file("f", 1024 - 512), std::string(512, 'x')) + tarEnd();
        auto e = buildTarZtoc(memoryReader(exact), opts(512));
        QVERIFY(e.ok());
        QCOMPARE(e->maxSpanId, 3);
        QCOMPARE(e->spanDigests.size(), size_t(4));
        // An empty file: no spans at all.
        auto none = buildTarZtoc(memoryReader(std::string_view()), opts(512));
        QVERIFY(none.ok());
        QCOMPARE(none->maxSpanId, -1);
        QVERIFY(none->spanDigests.empty());
        QVERIFY(parseZtoc(*serializeZtoc(*none)).ok());
    }

    void inflateFromCheckpointContract()
    {
        const std::string tar = test::wordsOf(3, 150000);
        const std::string whole = tarEntry(file("a", tar.size()), tar) + tarEnd();
        const std::string wgz = test::gzipOf(whole, 6);
        auto z = buildZtoc(memoryReader(wgz), opts(1 << 30));
        QVERIFY(z.ok());
        auto index = SpanIndex::create(*z);
        QVERIFY(index.ok());
        const GzipCheckpoint& cp = index->checkpoint(0);
        const std::string_view data = std::string_view(wgz).substr(10);
        QCOMPARE(*inflateFromCheckpoint(cp, data, 1000, 0), std::string());
        QCOMPARE(q(*inflateFromCheckpoint(cp, data, 512 + 100, 50)), q(tar.substr(100, 50)));
        QCOMPARE(inflateFromCheckpoint(cp, data, -1, 5).error().code, ErrorCode::Usage);
        QCOMPARE(inflateFromCheckpoint(cp, data.substr(0, 1000), 512, 150000).error().code, ErrorCode::Malformed);
        QCOMPARE(inflateFromCheckpoint(cp, data, 512, whole.size()).error().code, ErrorCode::Malformed);
        GzipCheckpoint bad = cp;
        bad.window.resize(10);
        QCOMPARE(inflateFromCheckpoint(bad, data, 512, 10).error().code, ErrorCode::Usage);
        QCOMPARE(decompressSpan(*index, 5, data).error().code, ErrorCode::Usage);
        QCOMPARE(decompressSpan(*index, 0, data.substr(1)).error().code, ErrorCode::Usage);
    }
};

QTEST_GUILESS_MAIN(TestSociBuilder)
#include "test_soci_builder.moc"
