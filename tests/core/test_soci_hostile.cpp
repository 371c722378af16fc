// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Hostile zTOC bytes: every outcome must be a clean Malformed error, never a crash or an
// out-of-bounds read (run under the asan preset). Buffers are made here; the fixture
// suite adds random mutations of the upstream files.
#include "soci/spans.h"
#include "soci/zinfo.h"
#include "soci/ztoc.h"
#include "soci_testutil.h"

#include "ztoc_generated.h"

#include <QtTest>

#include <cstring>
#include <random>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::q;

namespace {
TocEntry entry(const std::string& name, std::int64_t offset, std::int64_t size)
{
    TocEntry e;
    e.name = name;
    e.type = "reg";
    e.uncompressedOffset = offset;
    e.uncompressedSize = size;
    e.modTime = "2023-11-14T22:13:20Z";
    e.xattrs = { { "SCHILY.xattr.user.a", "1" }, { "path", name } };
    return e;
}

Ztoc smallTarZtoc()
{
    Ztoc z;
    z.buildToolIdentifier = "hostile";
    z.algorithm = CompressionAlgorithm::Uncompressed;
    z.compressedArchiveSize = 10240;
    z.uncompressedArchiveSize = 9216;
    z.checkpoints = serializeTarZinfo({ 2, 4096, 10240 });
    z.maxSpanId = 2;
    z.spanDigests = { test::sha256Of("0"), test::sha256Of("1"), test::sha256Of("2") };
    z.entries = { entry("a", 512, 100), entry("b", 1536, 5000), entry("c", 7168, 1) };
    return z;
}

Ztoc smallGzipZtoc()
{
    Ztoc z = smallTarZtoc();
    z.algorithm = CompressionAlgorithm::Gzip;
    z.compressedArchiveSize = 3000;
    z.checkpoints = serializeGzipZinfo(4096,
        { { 10, 0, 0, std::string(kWindowSize, '\0') }, { 1000, 5000, 3, std::string(kWindowSize, 'w') },
            { 2000, 9000, 0, std::string(kWindowSize, 'v') } });
    return z;
}

// Parses and insists on "ok, or Malformed": anything else is a bug.
bool parsesCleanly(std::string_view bytes)
{
    const auto z = parseZtoc(bytes);
    if (z.ok()) {
        // Whatever was accepted must be usable.
        return SpanIndex::create(*z).ok() && serializeZtoc(*z).ok();
    }
    return z.error().code == ErrorCode::Malformed && !z.error().message.empty();
}

template <typename T> size_t offsetOf(const std::string& buf, const T* p)
{
    return static_cast<size_t>(reinterpret_cast<const char*>(p) - buf.data());
}

void putU32(std::string& buf, size_t at, std::uint32_t v)
{
    std::memcpy(buf.data() + at, &v, 4);
}
} // namespace

class TestSociHostile final : public QObject {
    Q_OBJECT
private slots:
    void everyTruncationFails()
    {
        for (const Ztoc& z : { smallTarZtoc(), smallGzipZtoc() }) {
            const std::string bytes = *serializeZtoc(z);
            QVERIFY(parseZtoc(bytes).ok());
            const size_t step = bytes.size() > 10000 ? 13 : 1;
            for (size_t n = 0; n < bytes.size(); n += step) {
                const auto r = parseZtoc(std::string_view(bytes).substr(0, n));
                QVERIFY2(!r.ok() && r.error().code == ErrorCode::Malformed, qPrintable(QString::number(n)));
            }
        }
    }

    void randomByteFlips()
    {
        std::mt19937_64 rng(1234);
        for (const Ztoc& z : { smallTarZtoc(), smallGzipZtoc() }) {
            const std::string bytes = *serializeZtoc(z);
            // Mutate the FlatBuffer structure (the first and last kilobytes), not just window bytes.
            for (int i = 0; i < 20000; ++i) {
                std::string m = bytes;
                const int flips = 1 + int(rng() % 4);
                for (int f = 0; f < flips; ++f) {
                    size_t at = rng() % std::min<size_t>(m.size(), 1024);
                    if (rng() % 2)
                        at = m.size() - 1 - at;
                    m[at] = static_cast<char>(rng() % 3 == 0 ? 0xff : rng());
                }
                QVERIFY2(parsesCleanly(m), qPrintable(QString::number(i)));
            }
        }
    }

    void offsetsPointingOutside()
    {
        const std::string good = *serializeZtoc(smallTarZtoc());
        const auto* buf = reinterpret_cast<const std::uint8_t*>(good.data());
        const ztoc::Ztoc* root = ztoc::GetZtoc(buf);

        std::string m = good;
        putU32(m, 0, 0xfffffff0u); // root uoffset
        QCOMPARE(parseZtoc(m).error().code, ErrorCode::Malformed);
        m = good;
        putU32(m, 0, static_cast<std::uint32_t>(good.size() - 2));
        QCOMPARE(parseZtoc(m).error().code, ErrorCode::Malformed);

        // The root table's soffset to its vtable.
        m = good;
        putU32(m, offsetOf(good, root), 0x80000000u);
        QCOMPARE(parseZtoc(m).error().code, ErrorCode::Malformed);

        // Each offset field of the root table, aimed past the end.
        for (const auto field : { ztoc::Ztoc::VT_VERSION, ztoc::Ztoc::VT_TOC, ztoc::Ztoc::VT_COMPRESSION_INFO }) {
            const auto* table = reinterpret_cast<const flatbuffers::Table*>(root);
            const auto fieldOffset = table->GetOptionalFieldOffset(field);
            QVERIFY(fieldOffset != 0);
            m = good;
            putU32(m, offsetOf(good, root) + fieldOffset, 0x7ffffff0u);
            QCOMPARE(parseZtoc(m).error().code, ErrorCode::Malformed);
        }
    }

    void hugeVectorCountsAndLengths()
    {
        const std::string good = *serializeZtoc(smallTarZtoc());
        const ztoc::Ztoc* root = ztoc::GetZtoc(reinterpret_cast<const std::uint8_t*>(good.data()));
        const std::vector<size_t> lengthFields = {
            offsetOf(good, root->toc()->metadata()),
            offsetOf(good, root->compression_info()->span_digests()),
            offsetOf(good, root->compression_info()->checkpoints()),
            offsetOf(good, root->toc()->metadata()->Get(1)->xattrs()),
            offsetOf(good, root->toc()->metadata()->Get(1)->name()),
            offsetOf(good, root->compression_info()->span_digests()->Get(0)),
            offsetOf(good, root->build_tool_identifier()),
        };
        for (size_t at : lengthFields) {
            for (std::uint32_t count : { 0x7fffffffu, 0xffffffffu, 0x40000000u, std::uint32_t(good.size()) }) {
                std::string m = good;
                putU32(m, at, count);
                const auto r = parseZtoc(m);
                QVERIFY(!r.ok());
                QCOMPARE(r.error().code, ErrorCode::Malformed);
            }
        }
    }

    void semanticLies()
    {
        Ztoc z = smallTarZtoc();
        z.spanDigests.push_back(test::sha256Of("extra"));
        auto r = parseZtoc(*serializeZtoc(z));
        QVERIFY(r.error().message.find("span digests") != std::string::npos);
        z = smallGzipZtoc();
        z.spanDigests.clear();
        QVERIFY(parseZtoc(*serializeZtoc(z)).error().message.find("span digests") != std::string::npos);
        z = smallGzipZtoc();
        z.maxSpanId = 1000;
        QVERIFY(parseZtoc(*serializeZtoc(z)).error().message.find("max_span_id") != std::string::npos);
        z = smallGzipZtoc();
        z.checkpoints.pop_back();
        QCOMPARE(parseZtoc(*serializeZtoc(z)).error().code, ErrorCode::Malformed);
        z = smallGzipZtoc();
        z.checkpoints = std::string("\xff\x00\x00\x00", 4) + std::string(8, '\0'); // N = 255, no records
        QCOMPARE(parseZtoc(*serializeZtoc(z)).error().code, ErrorCode::Malformed);
    }

    void absentTablesAndUnknownAlgorithm()
    {
        // Built field by field: no toc, no compression_info, an algorithm value of 3.
        const auto make = [](bool toc, bool info, std::int8_t algorithm) {
            flatbuffers::FlatBufferBuilder fbb;
            const auto metadata = fbb.CreateVector(std::vector<flatbuffers::Offset<ztoc::FileMetadata>> {});
            ztoc::TOCBuilder tb(fbb);
            tb.add_metadata(metadata);
            const auto tocOffset = tb.Finish();
            const std::string blob = serializeTarZinfo({ 2, 4096, 100 });
            const auto cps = fbb.CreateVector(reinterpret_cast<const std::uint8_t*>(blob.data()), blob.size());
            const auto digests = fbb.CreateVectorOfStrings(std::vector<std::string> { test::sha256Of("x") });
            ztoc::CompressionInfoBuilder cb(fbb);
            cb.add_span_digests(digests);
            cb.add_checkpoints(cps);
            cb.add_compression_algorithm(static_cast<ztoc::CompressionAlgorithm>(algorithm));
            const auto infoOffset = cb.Finish();
            ztoc::ZtocBuilder zb(fbb);
            zb.add_compressed_archive_size(100);
            if (toc)
                zb.add_toc(tocOffset);
            if (info)
                zb.add_compression_info(infoOffset);
            fbb.Finish(zb.Finish());
            return std::string(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
        };
        const auto ok = parseZtoc(make(true, true, 2));
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().text().c_str());
        QCOMPARE(q(ok->version), QString()); // absent strings read as ""
        QVERIFY(parseZtoc(make(false, true, 2)).error().message.find("toc") != std::string::npos);
        QVERIFY(parseZtoc(make(true, false, 2)).error().message.find("compression_info") != std::string::npos);
        for (std::int8_t bad : { 0, 3, -1, 127 })
            QVERIFY(
                parseZtoc(make(true, true, bad)).error().message.find("compression_algorithm") != std::string::npos);
    }

    void sharedTablesCannotMakeVerificationQuadratic()
    {
        // 20000 metadata offsets to one table holding 20000 offsets to one xattr: valid
        // FlatBuffers, 4e8 table visits in a 160 KB buffer. The size-scaled budget stops it.
        flatbuffers::FlatBufferBuilder fbb;
        const auto key = fbb.CreateString("k");
        ztoc::XattrBuilder xb(fbb);
        xb.add_key(key);
        const auto xattr = xb.Finish();
        const auto xattrs = fbb.CreateVector(std::vector<flatbuffers::Offset<ztoc::Xattr>>(20000, xattr));
        ztoc::FileMetadataBuilder mb(fbb);
        mb.add_xattrs(xattrs);
        const auto meta = mb.Finish();
        const auto metadata = fbb.CreateVector(std::vector<flatbuffers::Offset<ztoc::FileMetadata>>(20000, meta));
        ztoc::TOCBuilder tb(fbb);
        tb.add_metadata(metadata);
        const auto toc = tb.Finish();
        ztoc::ZtocBuilder zb(fbb);
        zb.add_toc(toc);
        fbb.Finish(zb.Finish());
        const std::string bytes(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
        QElapsedTimer timer;
        timer.start();
        const auto r = parseZtoc(bytes);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Malformed);
        QVERIFY2(r.error().message.find("FlatBuffer") != std::string::npos, r.error().message.c_str());
        QVERIFY(timer.elapsed() < 2000);
    }

    void sharedStringsCannotBlowUpDecoding()
    {
        // Many metadata offsets to one table whose name is 64 KiB: valid FlatBuffers that
        // the verifier's table budget (size / 4) lets through, but decoding would copy the
        // name once per offset. 200000 offsets are refused by their count (30 MB of
        // entries from an 860 KB buffer), 2000 by the copied names (128 MB from 72 KB).
        for (const size_t offsets : { size_t(200000), size_t(2000) }) {
            flatbuffers::FlatBufferBuilder fbb;
            const auto name = fbb.CreateString(std::string(64 * 1024, 'n'));
            ztoc::FileMetadataBuilder mb(fbb);
            mb.add_name(name);
            const auto meta = mb.Finish();
            const auto metadata = fbb.CreateVector(std::vector<flatbuffers::Offset<ztoc::FileMetadata>>(offsets, meta));
            const auto cps = fbb.CreateVector(std::vector<std::uint8_t> {});
            ztoc::CompressionInfoBuilder cb(fbb);
            cb.add_checkpoints(cps);
            const auto info = cb.Finish();
            ztoc::TOCBuilder tb(fbb);
            tb.add_metadata(metadata);
            const auto toc = tb.Finish();
            ztoc::ZtocBuilder zb(fbb);
            zb.add_toc(toc);
            zb.add_compression_info(info);
            fbb.Finish(zb.Finish());
            const std::string bytes(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
            flatbuffers::Verifier::Options o;
            o.max_tables = static_cast<flatbuffers::uoffset_t>(bytes.size() / 4 + 1);
            flatbuffers::Verifier verifier(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), o);
            QVERIFY(ztoc::VerifyZtocBuffer(verifier)); // the verifier alone lets it through
            const auto r = parseZtoc(bytes, ZtocParse::TocOnly);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, ErrorCode::Malformed);
            QVERIFY2(r.error().message.find("shared") != std::string::npos, r.error().message.c_str());
        }
    }

    void largeLayersPassTheVerifier()
    {
        // 270000 entries with 3 PAX records each are over 1,000,000 tables: FlatBuffers'
        // default verifier refuses such a zTOC, the size-scaled budget must not.
        Ztoc z;
        z.algorithm = CompressionAlgorithm::Uncompressed;
        const std::int64_t n = 270000;
        z.entries.reserve(n);
        for (std::int64_t i = 0; i < n; ++i) {
            TocEntry e;
            e.name = "f" + std::to_string(i);
            e.type = "reg";
            e.uncompressedOffset = 512 + 1024 * i;
            e.uncompressedSize = 1;
            e.xattrs = { { "a", "1" }, { "b", "2" }, { "c", "3" } };
            z.entries.push_back(std::move(e));
        }
        z.compressedArchiveSize = z.uncompressedArchiveSize = 1024 * n + 1024;
        z.checkpoints = serializeTarZinfo({ 2, 1 << 30, z.compressedArchiveSize });
        z.spanDigests = { test::sha256Of("x") };
        const std::string bytes = *serializeZtoc(z);
        flatbuffers::Verifier defaults(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        QVERIFY(!ztoc::VerifyZtocBuffer(defaults));
        const auto r = parseZtoc(bytes);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
        QCOMPARE(r->entries.size(), size_t(n));
    }
};

QTEST_GUILESS_MAIN(TestSociHostile)
#include "test_soci_hostile.moc"
