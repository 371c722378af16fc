// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// zTOC reader, writer, builder and span decompression against upstream-made goldens in
// ../shared/fixtures/soci-upstream (read in place, never copied). Every value asserted
// here is listed in that folder's README.md. Skips visibly when the folder is absent.
#include "soci/rfc3339.h"
#include "soci/span_reader.h"
#include "soci/spans.h"
#include "soci/zinfo.h"
#include "soci/ztoc.h"
#include "soci/ztoc_builder.h"
#include "soci_testutil.h"
#include "testenv.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <random>
#include <tuple>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::q;
using sociscope::test::sociFixture;

namespace {
using Cp = std::tuple<std::int64_t, std::int64_t, int>;

// The README's table, row by row.
struct Vector {
    const char* name;
    const char* input;
    std::int64_t span, blob, uncompressed;
    size_t files;
    std::vector<Cp> checkpoints;
    size_t ztocSize;
    const char* sha256;
};

const std::vector<Vector>& vectors()
{
    // clang-format off: one README row per line
    static const std::vector<Vector> v = {
        { "basic-l-1", "basic-l-1.tar.gz", 4096, 217, 5120, 6, { { 10, 0, 0 }, { 205, 5120, 7 } }, 66816,
            "b3c056060ca5f259cc62b3d9aee3e4617bc96f3bd9416a2e7f34ebac5d88acd1" },
        { "basic-l0", "basic-l0.tar.gz", 4096, 5148, 5120, 6, { { 10, 0, 0 }, { 5135, 5120, 0 } }, 66816,
            "6ab26b0fe227f1a47bf6c557937e124946c3cc642fcb65217b840c09761b1bc2" },
        { "basic-l1", "basic-l1.tar.gz", 4096, 234, 5120, 6, { { 10, 0, 0 }, { 222, 5120, 5 } }, 66816,
            "f259a455860d63eac256a5b06d880dee53fda455b5c7ea76646ec585b28852cb" },
        { "basic-l9", "basic-l9.tar.gz", 4096, 198, 5120, 6, { { 10, 0, 0 }, { 186, 5120, 5 } }, 66816,
            "df2fe6ea01db1e68a75453f9dd3ffaa6a07d204fa6fe4fa68fe9762fb57280ca" },
        { "empty", "empty.tar.gz", 4096, 32, 1024, 0, { { 10, 0, 0 } }, 33016,
            "8597adabb2a336b72e7ed7764bfd5fe005767721694f93bb9b1f00778b786244" },
        { "hdr-all", "hdr-all.tar.gz", 4096, 229, 5120, 6, { { 22, 0, 0 }, { 217, 5120, 7 } }, 66816,
            "ba2aa0c39aa4e8ee320a0ff166c7aa24f78cbc3b6db4921f0d7026916c35340f" },
        { "hdr-comment", "hdr-comment.tar.gz", 4096, 227, 5120, 6, { { 20, 0, 0 }, { 215, 5120, 7 } }, 66816,
            "c6b6cf93bb7c443f357a69e60e6fe1fdc27cb4c589a8f42fb3a86e7652a5b76b" },
        { "hdr-extra", "hdr-extra.tar.gz", 4096, 227, 5120, 6, { { 20, 0, 0 }, { 215, 5120, 7 } }, 66816,
            "c6b6cf93bb7c443f357a69e60e6fe1fdc27cb4c589a8f42fb3a86e7652a5b76b" },
        { "hdr-name", "hdr-name.tar.gz", 4096, 227, 5120, 6, { { 20, 0, 0 }, { 215, 5120, 7 } }, 66816,
            "c6b6cf93bb7c443f357a69e60e6fe1fdc27cb4c589a8f42fb3a86e7652a5b76b" },
        { "incompressible-l0-s16384", "incompressible-l0.tar.gz", 16384, 132646, 132608, 1,
            { { 10, 0, 0 }, { 65550, 65535, 0 }, { 131090, 131070, 0 } }, 98928,
            "9c8a652e867dea85e73e0a242c17791f052d51ecafa585664b0668d8892365e4" },
        { "incompressible-l0-s65536", "incompressible-l0.tar.gz", 65536, 132646, 132608, 1,
            { { 10, 0, 0 }, { 131090, 131070, 0 } }, 66056,
            "e0c10d57140bedf8bb05e440f7312f1bd8fc8470bca09feb5ed493c186a7da50" },
        { "incompressible-l9", "incompressible-l9.tar.gz", 65536, 131261, 132608, 1,
            { { 10, 0, 0 }, { 65622, 65991, 0 }, { 131248, 132608, 2 } }, 98928,
            "b2b73a60655aa627c73d1dfa12fd01591ce8b10500f71063f4e34114f9eb637d" },
        { "large-compressible-l1", "large-compressible-l1.tar.gz", 4194304, 70972, 10083328, 4,
            { { 10, 0, 0 }, { 30308, 4259775, 6 }, { 60607, 8519550, 0 } }, 99408,
            "7343c88ae24fafd5cdc5626e03760e4290862221b1bfc84a7f0e6f0aa3642c24" },
        { "large-compressible-l6", "large-compressible-l6.tar.gz", 4194304, 29746, 10083328, 4,
            { { 10, 0, 0 }, { 24730, 8367784, 0 } }, 66544,
            "b9616f9c55afebac20898d6e73d85be1b741eebf8e4343d0cfb83a93d609e864" },
        { "many-l0", "many-l0.tar.gz", 4096, 124449, 124416, 121,
            { { 10, 0, 0 }, { 65550, 65535, 0 }, { 124436, 124416, 0 } }, 117696,
            "56a8886195e63708e46822014d09221a6722837018e02de0205d5bdd18f4b296" },
        { "many-l6-s16384", "many-l6.tar.gz", 16384, 1869, 124416, 121, { { 10, 0, 0 }, { 1857, 124416, 5 } }, 84824,
            "f082c407098c259c5caf03f440c1c114c13b62fbe1add923c9991550ba4e7b13" },
        { "many-l6-s4096", "many-l6.tar.gz", 4096, 1869, 124416, 121, { { 10, 0, 0 }, { 1857, 124416, 5 } }, 84824,
            "18f6f5afd64bf84e16eb82e336794268c27672f1c77c0a6fea52bd5b32e43afc" },
        { "many-l9", "many-l9.tar.gz", 16384, 1472, 124416, 121, { { 10, 0, 0 }, { 1460, 124416, 3 } }, 84824,
            "5bf14e2f27f15cb821674ca925065a83bfe496ab36879079bb1bfc17a7ef0a38" },
        { "meta", "meta.tar.gz", 4096, 588, 11264, 11, { { 10, 0, 0 }, { 575, 11264, 0 } }, 68608,
            "82e32a52cb0309bbd8928f9f3701d30c24f3208715f173e71b57e35574d15dea" },
        { "multi-basic", "multi-basic.tar.gz", 4096, 366, 5120, 6, { { 10, 0, 0 }, { 353, 5120, 0 } }, 66816,
            "2dec7424e054879208bf36d3d569b6f466a0e8052c18da656b3b4e5a2e9c3eed" },
        { "multi-large", "multi-large.tar.gz", 4194304, 30154, 10083328, 4, { { 10, 0, 0 }, { 18125, 6049996, 0 } },
            66544, "179149adfaff24bdbc7036fd7636757d091e228a7b61204c77c7090e8dc93515" },
        { "multi-text", "multi-text.tar.gz", 65536, 10179, 67584, 1, { { 10, 0, 0 }, { 10167, 67584, 6 } }, 66056,
            "21426afe16fae5f6a50ec49cc44f9b6192611d8f6f281d72d18b24148c6739ba" },
        { "single", "single.tar.gz", 4096, 115, 2048, 1, { { 10, 0, 0 } }, 33192,
            "ddb3fe0baf52d68bfc58f38d4a88fd42865afe008cbf60d8c2683faab1cbb8bc" },
        { "text-l0", "text-l0.tar.gz", 65536, 67617, 67584, 1, { { 10, 0, 0 }, { 67604, 67584, 0 } }, 66056,
            "681d02fa70f01fb5ded687c9bf822f504e776daeb8dfd3cad8b1b75f6ee51245" },
        { "text-l6-s4096", "text-l6.tar.gz", 4096, 9549, 67584, 1, { { 10, 0, 0 }, { 9537, 67584, 4 } }, 66056,
            "622d9b49674099c44a58fb59fec8e249af473a0e3bf442de49716ddd4ac16a2b" },
        { "text-l6-s65536", "text-l6.tar.gz", 65536, 9549, 67584, 1, { { 10, 0, 0 }, { 9537, 67584, 4 } }, 66056,
            "c093d406c2531a339360d52900ecf64e9e976ce1a4dee6ca8becf534eb8774c9" },
        { "text-l9", "text-l9.tar.gz", 65536, 9082, 67584, 1, { { 10, 0, 0 }, { 9069, 67584, 2 } }, 66056,
            "0907fc98ddbb12076de2335f33ad3cf322ba8f818a78fe0cac38181f266ea315" },
    };
    // clang-format on
    return v;
}

const Vector& vectorNamed(const QString& name)
{
    for (const Vector& v : vectors())
        if (name == QLatin1String(v.name))
            return v;
    qFatal("no such vector");
}

std::string vectorFile(const std::string& file)
{
    return sociFixture("rules_img-vectors/" + file);
}

Ztoc parsed(const std::string& relative)
{
    auto z = parseZtoc(sociFixture(relative));
    if (!z)
        qWarning("%s: %s", relative.c_str(), z.error().text().c_str());
    return z ? *z : Ztoc {};
}

void addVectorRows()
{
    QTest::addColumn<QString>("name");
    for (const Vector& v : vectors())
        QTest::newRow(v.name) << QString::fromLatin1(v.name);
}

std::optional<TocEntryView> find(const Ztoc& z, const std::string& name)
{
    for (const TocEntryView e : z.entries)
        if (e.name == name)
            return e;
    return std::nullopt;
}
} // namespace

class TestSociFixtures final : public QObject {
    Q_OBJECT
private slots:
    void manifestMatchesReadmeTable()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const auto m = nlohmann::json::parse(vectorFile("manifest.json"));
        QCOMPARE(m.size(), vectors().size());
        for (size_t i = 0; i < m.size(); ++i) {
            QCOMPARE(q(m[i]["name"].get<std::string>()), QString::fromLatin1(vectors()[i].name));
            QCOMPARE(q(m[i]["input"].get<std::string>()), QString::fromLatin1(vectors()[i].input));
            QCOMPARE(m[i]["span"].get<std::int64_t>(), vectors()[i].span);
        }
    }

    void builderReproducesGolden_data() { addVectorRows(); }
    void builderReproducesGolden()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        QFETCH(QString, name);
        const Vector& v = vectorNamed(name);
        const std::string input = vectorFile(v.input);
        const std::string golden = vectorFile(std::string(v.name) + ".ztoc");
        QCOMPARE(golden.size(), v.ztocSize);
        QCOMPARE(q(test::sha256Of(golden)), QStringLiteral("sha256:") + QLatin1String(v.sha256));
        BuildOptions o;
        o.spanSize = v.span;
        o.buildToolIdentifier = "soci-oracle";
        const auto built = buildZtoc(memoryReader(input), o);
        QVERIFY2(built.ok(), built.ok() ? "" : built.error().text().c_str());
        const auto bytes = serializeZtoc(*built);
        QVERIFY(bytes.ok());
        QVERIFY2(*bytes == golden, "built zTOC differs from the upstream golden");
    }

    void readerReadsTableValues_data() { addVectorRows(); }
    void readerReadsTableValues()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        QFETCH(QString, name);
        const Vector& v = vectorNamed(name);
        const std::string golden = vectorFile(std::string(v.name) + ".ztoc");
        const auto z = parseZtoc(golden);
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(q(z->version), QStringLiteral("0.9"));
        QCOMPARE(q(z->buildToolIdentifier), QStringLiteral("soci-oracle"));
        QCOMPARE(z->algorithm, CompressionAlgorithm::Gzip);
        QCOMPARE(z->compressedArchiveSize, v.blob);
        QCOMPARE(z->uncompressedArchiveSize, v.uncompressed);
        QCOMPARE(z->entries.size(), v.files);
        QCOMPARE(z->maxSpanId, std::int32_t(v.checkpoints.size()) - 1);
        QCOMPARE(z->spanDigests.size(), v.checkpoints.size());
        const auto index = SpanIndex::create(*z);
        QVERIFY(index.ok());
        QCOMPARE(index->spanSize(), v.span);
        QCOMPARE(index->zinfoVersion(), 2);
        QCOMPARE(size_t(index->spanCount()), v.checkpoints.size());
        for (std::int32_t i = 0; i < index->spanCount(); ++i) {
            const GzipCheckpoint& c = index->checkpoint(i);
            QCOMPARE((Cp { c.in, c.out, c.bits }), v.checkpoints[size_t(i)]);
        }
        QCOMPARE(index->checkpoint(0).window, std::string(kWindowSize, '\0'));
        QVERIFY(*serializeZtoc(*z) == golden);
    }

    void everySpanInflatesToGzipOutput_data() { addVectorRows(); }
    void everySpanInflatesToGzipOutput()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        QFETCH(QString, name);
        const Vector& v = vectorNamed(name);
        const std::string input = vectorFile(v.input);
        bool ok = false;
        const std::string plain = test::inflateAll(input, &ok);
        QVERIFY(ok);
        const Ztoc z = parsed("rules_img-vectors/" + std::string(v.name) + ".ztoc");
        const std::string problem = test::checkSpansAndFiles(z, input, plain);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void readmeDetails()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const Ztoc single = parsed("rules_img-vectors/single.ztoc");
        QCOMPARE(single.entries.size(), size_t(1));
        const TocEntryView hello = single.entries[0];
        QCOMPARE(q(hello.name), QStringLiteral("hello.txt"));
        QCOMPARE(q(hello.type), QStringLiteral("reg"));
        QCOMPARE(hello.uncompressedOffset, std::int64_t(512));
        QCOMPARE(hello.uncompressedSize, std::int64_t(13));
        QCOMPARE(hello.mode, std::int64_t(420));
        QCOMPARE(q(hello.modTime), QStringLiteral("2023-11-14T22:13:20Z"));
        QCOMPARE(single.maxSpanId, 0);
        QCOMPARE(q(single.spanDigests[0]),
            QStringLiteral("sha256:27ec60c1f692b9128ddaec8230cb71e4096974663ba311afa99005cc43d45a9a"));
        QCOMPARE(q(single.spanDigests[0]), q(test::sha256Of(vectorFile("single.tar.gz").substr(10))));

        for (const char* n : { "basic-l-1", "basic-l0", "basic-l1", "basic-l9", "hdr-all", "hdr-comment", "hdr-extra",
                 "hdr-name", "multi-basic" }) {
            const Ztoc z = parsed(std::string("rules_img-vectors/") + n + ".ztoc");
            QCOMPARE(z.entries.size(), size_t(6));
            const std::tuple<const char*, const char*, std::int64_t, std::int64_t> want[] = { { "etc/", "dir", 512, 0 },
                { "etc/hostname", "reg", 1024, 9 }, { "usr/", "dir", 2048, 0 }, { "usr/bin/", "dir", 2560, 0 },
                { "usr/bin/true", "reg", 3072, 32 }, { "empty", "reg", 4096, 0 } };
            for (size_t i = 0; i < 6; ++i) {
                QCOMPARE(q(z.entries[i].name), QString::fromLatin1(std::get<0>(want[i])));
                QCOMPARE(q(z.entries[i].type), QString::fromLatin1(std::get<1>(want[i])));
                QCOMPARE(z.entries[i].uncompressedOffset, std::get<2>(want[i]));
                QCOMPARE(z.entries[i].uncompressedSize, std::get<3>(want[i]));
            }
            QCOMPARE(z.entries[4].mode, std::int64_t(493));
            QCOMPARE(z.entries[5].mode, std::int64_t(384));
            const auto index = SpanIndex::create(z);
            QCOMPARE(index->range(1).uncompressedStart, index->range(1).uncompressedEnd); // span 1 is empty
        }
        const auto basic = SpanIndex::create(parsed("rules_img-vectors/basic-l1.ztoc"));
        QCOMPARE(basic->range(0), (SpanRange { 10, 222, 0, 5120 }));
        QCOMPARE(basic->range(1), (SpanRange { 221, 234, 5120, 5120 }));
        QCOMPARE(q(parsed("rules_img-vectors/basic-l1.ztoc").spanDigests[1]),
            QStringLiteral("sha256:21638d91cb64956b7801bb08a02674d7a42b56dda30dcfbf340caf2795df8696"));
        QCOMPARE(vectorFile("hdr-name.ztoc"), vectorFile("hdr-comment.ztoc"));
        QCOMPARE(vectorFile("hdr-extra.ztoc"), vectorFile("hdr-comment.ztoc"));

        const Ztoc meta = parsed("rules_img-vectors/meta.ztoc");
        QCOMPARE(meta.entries.size(), size_t(11));
        const auto regular = find(meta, "d/regular");
        QVERIFY(regular);
        QCOMPARE(regular->mode, std::int64_t(2541));
        QCOMPARE(regular->uid, 1000u);
        QCOMPARE(regular->gid, 1000u);
        QCOMPARE(q(regular->uname), QStringLiteral("alice"));
        QCOMPARE(q(regular->gname), QStringLiteral("staff"));
        QCOMPARE(q(regular->modTime), QStringLiteral("2009-02-13T23:31:30Z"));
        QCOMPARE(find(meta, "d/sticky")->mode, std::int64_t(1023));
        QCOMPARE(q(find(meta, "d/link-symbolic")->type), QStringLiteral("symlink"));
        QCOMPARE(q(find(meta, "d/link-symbolic")->linkname), QStringLiteral("regular"));
        const auto hard = find(meta, "d/link-hard");
        QCOMPARE(q(hard->type), QStringLiteral("hardlink"));
        QCOMPARE(q(hard->linkname), QStringLiteral("d/regular"));
        QCOMPARE(hard->uncompressedOffset, std::int64_t(3072));
        QCOMPARE(hard->uncompressedSize, std::int64_t(0));
        QCOMPARE(q(find(meta, "d/chardev")->type), QStringLiteral("char"));
        QCOMPARE(find(meta, "d/chardev")->devmajor, std::int64_t(1));
        QCOMPARE(find(meta, "d/chardev")->devminor, std::int64_t(3));
        QCOMPARE(q(find(meta, "d/blockdev")->type), QStringLiteral("block"));
        QCOMPARE(find(meta, "d/blockdev")->devmajor, std::int64_t(8));
        QCOMPARE(find(meta, "d/blockdev")->devminor, std::int64_t(0));
        QCOMPARE(q(find(meta, "d/fifo")->type), QStringLiteral("fifo"));
        const auto x = find(meta, "d/withxattrs");
        QCOMPARE(x->uncompressedOffset, std::int64_t(6144));
        QCOMPARE(x->tarHeaderOffset, std::int64_t(4608));
        QCOMPARE(x->xattrs.toVector(),
            (std::vector<PaxRecord> {
                { "SCHILY.xattr.security.selinux", "unconfined_u" }, { "SCHILY.xattr.user.comment", "hi" } }));
        QCOMPARE(x->filesystemXattrs(),
            (std::vector<PaxRecord> { { "security.selinux", "unconfined_u" }, { "user.comment", "hi" } }));
        const TocEntryView longName = meta.entries[9];
        QCOMPARE(longName.name.size(), size_t(152));
        QCOMPARE(longName.xattrs.toVector(), (std::vector<PaxRecord> { { "path", std::string(longName.name) } }));
        const auto longLink = find(meta, "d/longlink");
        QCOMPARE(longLink->linkname.size(), size_t(200));
        QCOMPARE(longLink->xattrs.toVector(), (std::vector<PaxRecord> { { "linkpath", std::string(longLink->linkname) } }));

        const Ztoc empty = parsed("rules_img-vectors/empty.ztoc");
        QVERIFY(empty.entries.empty());
        QCOMPARE(empty.uncompressedArchiveSize, std::int64_t(1024));

        for (const char* n : { "many-l0", "many-l6-s16384", "many-l6-s4096", "many-l9" }) {
            const Ztoc many = parsed(std::string("rules_img-vectors/") + n + ".ztoc");
            QCOMPARE(q(many.entries[0].name), QStringLiteral("many/"));
            QCOMPARE(many.entries[0].uncompressedOffset, std::int64_t(512));
            QCOMPARE(q(many.entries[1].name), QStringLiteral("many/file-0000.txt"));
            QCOMPARE(many.entries[1].uncompressedOffset, std::int64_t(1024));
            QCOMPARE(many.entries[1].uncompressedSize, std::int64_t(70));
            QCOMPARE(q(many.entries[120].name), QStringLiteral("many/file-0119.txt"));
            QCOMPARE(many.entries[120].uncompressedOffset, std::int64_t(122880));
            QCOMPARE(many.entries[120].uncompressedSize, std::int64_t(72));
        }
        for (const char* n : { "large-compressible-l1", "large-compressible-l6" }) {
            const Ztoc large = parsed(std::string("rules_img-vectors/") + n + ".ztoc");
            const std::int64_t offsets[] = { 512, 2521088, 5041664, 7562240 };
            for (size_t i = 0; i < 4; ++i) {
                QCOMPARE(large.entries[i].uncompressedOffset, offsets[i]);
                QCOMPARE(large.entries[i].uncompressedSize, std::int64_t(2520000));
            }
        }
    }

    void ubuntuLayerZtoc()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const std::string bytes = sociFixture("ztoc-rs/expected");
        QCOMPARE(bytes.size(), size_t(1164704));
        QCOMPARE(q(test::sha256Of(bytes)),
            QStringLiteral("sha256:6f589868d24e61586646f2aecd04ac9b797b3befff3294693192b4b4077bc6dd"));
        const auto z = parseZtoc(bytes);
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(q(z->version), QStringLiteral("0.9"));
        QCOMPARE(q(z->buildToolIdentifier), QStringLiteral("AWS SOCI CLI v0.1"));
        QCOMPARE(z->compressedArchiveSize, std::int64_t(28567944));
        QCOMPARE(z->uncompressedArchiveSize, std::int64_t(75156480));
        QCOMPARE(z->algorithm, CompressionAlgorithm::Gzip);
        QCOMPARE(z->maxSpanId, 17);
        QCOMPARE(z->spanDigests.size(), size_t(18));
        QCOMPARE(q(z->spanDigests[0]),
            QStringLiteral("sha256:214503b4054d979b420b298b8a37d2611d9d947be49c77cb0f65741f898fd739"));
        QCOMPARE(z->checkpoints.size(), size_t(590142));
        QCOMPARE(z->checkpoints, sociFixture("ztoc-rs/checkpoints-expected.bin"));

        const auto index = SpanIndex::create(*z);
        QVERIFY(index.ok());
        QCOMPARE(index->zinfoVersion(), 2);
        QCOMPARE(index->spanSize(), std::int64_t(4194304));
        QCOMPARE(index->checkpoint(0), (GzipCheckpoint { 10, 0, 0, std::string(kWindowSize, '\0') }));
        QCOMPARE((Cp { index->checkpoint(1).in, index->checkpoint(1).out, index->checkpoint(1).bits }),
            (Cp { 1767326, 4204758, 0 }));
        QCOMPARE((Cp { index->checkpoint(17).in, index->checkpoint(17).out, index->checkpoint(17).bits }),
            (Cp { 28028648, 72117453, 7 }));

        QCOMPARE(z->entries.size(), size_t(3265));
        std::map<std::string, int> types;
        int owned = 0, multiSpan = 0;
        for (const TocEntryView& e : z->entries) {
            ++types[std::string(e.type)];
            owned += (e.uid != 0 || e.gid != 0) ? 1 : 0;
            // soci ztoc info's num_multi_span_files: SpanOf(offset) != SpanOf(offset + size).
            multiSpan
                += index->spanOf(e.uncompressedOffset) != index->spanOf(e.uncompressedOffset + e.uncompressedSize);
            QVERIFY(parseRfc3339(e.modTime).has_value()); // any offset, e.g. -05:00
        }
        QCOMPARE(types["reg"], 2500);
        QCOMPARE(types["dir"], 577);
        QCOMPARE(types["symlink"], 184);
        QCOMPARE(types["hardlink"], 4);
        QCOMPARE(multiSpan, 17);
        QCOMPARE(owned, 14);
        QCOMPARE(find(*z, "etc/shadow")->gid, 42u);
        const TocEntryView first = z->entries.front();
        QCOMPARE(q(first.name), QStringLiteral("bin"));
        QCOMPARE(q(first.type), QStringLiteral("symlink"));
        QCOMPARE(q(first.linkname), QStringLiteral("usr/bin"));
        QCOMPARE(first.uncompressedOffset, std::int64_t(512));
        QCOMPARE(first.mode, std::int64_t(0120777));
        QCOMPARE(q(first.modTime), QStringLiteral("2021-07-23T12:35:25-05:00"));
        const TocEntryView last = z->entries.back();
        QCOMPARE(q(last.name), QStringLiteral("var/tmp/"));
        QCOMPARE(q(last.type), QStringLiteral("dir"));
        QCOMPARE(last.uncompressedOffset, std::int64_t(75155456));
        QCOMPARE(last.mode, std::int64_t(041777));
        const auto adduser = find(*z, "etc/adduser.conf");
        QCOMPARE(adduser->uncompressedOffset, std::int64_t(3072));
        QCOMPARE(adduser->uncompressedSize, std::int64_t(3028));
        QCOMPARE(adduser->mode, std::int64_t(0100644));
        const auto perl = find(*z, "usr/bin/perl");
        QCOMPARE(perl->uncompressedOffset, std::int64_t(11298304));
        QCOMPARE(perl->uncompressedSize, std::int64_t(3478464));
        QCOMPARE(*index->spansFor(perl->uncompressedOffset, perl->uncompressedSize), std::make_pair(2, 3));
        const auto bzcat = find(*z, "usr/bin/bzcat");
        QCOMPARE(q(bzcat->type), QStringLiteral("hardlink"));
        QCOMPARE(q(bzcat->linkname), QStringLiteral("usr/bin/bunzip2"));
        QCOMPARE(bzcat->uncompressedOffset, std::int64_t(2122240));
        QCOMPARE(bzcat->uncompressedSize, std::int64_t(0));

        QVERIFY2(*serializeZtoc(*z) == bytes, "re-encoding ztoc-rs/expected changed its bytes");
    }

    void standaloneCheckpointBlob()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const auto zinfo = parseGzipZinfo(sociFixture("ztoc-rs/checkpoints-expected.bin"));
        QVERIFY(zinfo.ok());
        QCOMPARE(zinfo->version, 2);
        QCOMPARE(zinfo->checkpoints.size(), size_t(18));
        QCOMPARE(zinfo->spanSize, std::int64_t(4194304));
        QCOMPARE(zinfo->checkpoints[17].bits, std::uint8_t(7));
        QCOMPARE(
            serializeGzipZinfo(zinfo->spanSize, zinfo->checkpoints), sociFixture("ztoc-rs/checkpoints-expected.bin"));
    }

    void uncompressedLayer()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const std::string golden = sociFixture("derived/single-uncompressed.ztoc");
        QCOMPARE(golden.size(), size_t(448));
        QCOMPARE(q(test::sha256Of(golden)),
            QStringLiteral("sha256:4115a6b95872a5a0c9b4fb70b1f9317877c127dafd86b3a361e1aabe3a4aaf74"));
        const auto z = parseZtoc(golden);
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        QCOMPARE(z->algorithm, CompressionAlgorithm::Uncompressed);
        QCOMPARE(*parseTarZinfo(z->checkpoints), (TarZinfo { 2, 4096, 2048 }));
        QCOMPARE(z->maxSpanId, 0);
        const std::string tar = sociFixture("derived/single.tar");
        QCOMPARE(q(z->spanDigests[0]), q(test::sha256Of(tar)));
        QCOMPARE(q(z->spanDigests[0]),
            QStringLiteral("sha256:68d47dc1c80f8fd8e2b6dd135f2df81b9ea0ee9f1b6a57d11b5b0b6537518295"));
        BuildOptions o;
        o.spanSize = 4096;
        o.buildToolIdentifier = "soci-oracle";
        const auto built = buildTarZtoc(memoryReader(tar), o);
        QVERIFY(built.ok());
        QVERIFY2(*serializeZtoc(*built) == golden, "rebuilt uncompressed zTOC differs");
        const std::string problem = test::checkSpansAndFiles(*z, tar, tar);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void archiveSizeStopsAtFirstTwoZeroBlocks()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const std::string tar = sociFixture("ztoc-rs/test.tar");
        QCOMPARE(tar.size(), size_t(20480));
        const auto plain = buildTarZtoc(memoryReader(tar), {});
        QVERIFY(plain.ok());
        QCOMPARE(plain->uncompressedArchiveSize, std::int64_t(13824));
        QCOMPARE(plain->compressedArchiveSize, std::int64_t(20480));
        const auto gz = buildZtoc(memoryReader(sociFixture("ztoc-rs/test.tar.gz")), {});
        QVERIFY(gz.ok());
        QCOMPARE(gz->uncompressedArchiveSize, std::int64_t(13824));
        QCOMPARE(gz->compressedArchiveSize, std::int64_t(3716));
        QVERIFY(gz->entries == plain->entries);
        const std::tuple<const char*, std::int64_t, std::int64_t> want[] = { { "src/", 512, 0 },
            { "src/zinfo.rs", 1024, 10079 }, { "src/main.rs", 11776, 57 }, { "src/testdata/", 12800, 0 } };
        QCOMPARE(plain->entries.size(), size_t(4));
        for (size_t i = 0; i < 4; ++i) {
            QCOMPARE(q(plain->entries[i].name), QString::fromLatin1(std::get<0>(want[i])));
            QCOMPARE(plain->entries[i].uncompressedOffset, std::get<1>(want[i]));
            QCOMPARE(plain->entries[i].uncompressedSize, std::get<2>(want[i]));
        }
    }

    void testWriteZtocGoldenFile()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        Ztoc z;
        z.buildToolIdentifier = "AWS SOCI CLI";
        z.compressedArchiveSize = 2000000;
        z.uncompressedArchiveSize = 2500000;
        z.maxSpanId = 3;
        z.checkpoints = std::string(65536, '\0');
        TocEntry e;
        e.modTime = "0001-01-01T00:00:00Z";
        z.entries = { e, e };
        QVERIFY(*serializeZtoc(z) == sociFixture("derived/testwriteztoc-golden.ztoc"));
    }

    void mutatedFixturesFailCleanly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("rounds");
        QTest::newRow("single") << QStringLiteral("rules_img-vectors/single.ztoc") << 3000;
        QTest::newRow("meta") << QStringLiteral("rules_img-vectors/meta.ztoc") << 3000;
        QTest::newRow("many-l0") << QStringLiteral("rules_img-vectors/many-l0.ztoc") << 1000;
        QTest::newRow("uncompressed") << QStringLiteral("derived/single-uncompressed.ztoc") << 5000;
        QTest::newRow("ubuntu") << QStringLiteral("ztoc-rs/expected") << 150;
    }

    void mutatedFixturesFailCleanly()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        QFETCH(QString, file);
        QFETCH(int, rounds);
        const std::string bytes = sociFixture(file.toStdString());
        QVERIFY(parseZtoc(bytes).ok());
        std::mt19937_64 rng(qHash(file));
        int accepted = 0;
        for (int i = 0; i < rounds; ++i) {
            std::string m = bytes;
            if (i % 3 == 0) {
                m.resize(rng() % m.size()); // truncation
            } else {
                // Flip bytes, mostly in the FlatBuffer structure at both ends (windows are in between).
                for (int f = 0, n = 1 + int(rng() % 8); f < n; ++f) {
                    const size_t near = rng() % std::min<size_t>(m.size(), 2048);
                    const size_t at = rng() % 4 == 0 ? rng() % m.size() : (rng() % 2 ? near : m.size() - 1 - near);
                    m[at] = static_cast<char>(rng());
                }
            }
            const auto r = parseZtoc(m);
            if (r.ok()) {
                ++accepted; // e.g. a flipped mode bit: still a coherent zTOC
                QVERIFY(SpanIndex::create(*r).ok());
                QVERIFY(serializeZtoc(*r).ok());
            } else {
                QCOMPARE(r.error().code, ErrorCode::Malformed);
            }
        }
        QVERIFY(accepted < rounds);
    }

    void layerHeadCheck()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        for (const char* n : { "hdr-all", "hdr-name", "single" }) {
            const auto index = SpanIndex::create(parsed(std::string("rules_img-vectors/") + n + ".ztoc"));
            const std::string layer = vectorFile(std::string(n) + ".tar.gz");
            const auto head = static_cast<size_t>(index->range(0).compressedStart);
            QVERIFY(index->checkLayerHead(std::string_view(layer).substr(0, head)).ok());
            QVERIFY(!index->checkLayerHead(std::string_view(layer).substr(0, head - 1)).ok());
            std::string corrupt = layer.substr(0, head);
            corrupt[0] = 'x';
            QVERIFY(!index->checkLayerHead(corrupt).ok());
        }
    }
};

QTEST_GUILESS_MAIN(TestSociFixtures)
#include "test_soci_fixtures.moc"
