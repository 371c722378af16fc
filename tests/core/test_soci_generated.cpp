// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// zTOCs of layers generated at run time by tests/tools/make_soci_layers.py (Python
// stdlib only: tarfile, gzip). Python's tarfile is the independent oracle for every
// entry's data offset and size; the uncompressed tar it wrote is the oracle for span
// contents. Nothing generated is kept or committed.
#include "soci/rfc3339.h"
#include "soci/spans.h"
#include "soci/ztoc.h"
#include "soci/ztoc_builder.h"
#include "soci_testutil.h"
#include "testenv.h"
#include "util/files.h"

#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <map>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::q;

namespace {
constexpr const char* kPython = "/usr/bin/python3";

// "seconds[.fraction]" as Python's tarfile reports mtime -> Timestamp.
Timestamp paxTime(const std::string& s)
{
    const size_t dot = s.find('.');
    Timestamp t { std::stoll(s.substr(0, dot)), 0 };
    if (dot != std::string::npos) {
        std::string frac = s.substr(dot + 1, 9);
        frac.resize(9, '0');
        t.nanos = static_cast<std::uint32_t>(std::stoul(frac));
    }
    return t;
}
} // namespace

class TestSociGenerated final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!files::exists(kPython))
            QSKIP("/usr/bin/python3 is missing: it generates this suite's layers (apt install python3)");
        QVERIFY(m_dir.valid());
        QProcess python;
        python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        python.start(QString::fromLatin1(kPython),
            { QString::fromStdString(test::sourceDir() + "/tests/tools/make_soci_layers.py"),
                QString::fromStdString(m_dir.path()) });
        QVERIFY(python.waitForFinished(300000));
        QCOMPARE(python.exitStatus(), QProcess::NormalExit);
        QCOMPARE(python.exitCode(), 0);
        auto manifest = files::readFile(m_dir.path() + "/manifest.json");
        QVERIFY(manifest.ok());
        m_manifest = nlohmann::json::parse(*manifest);
        QVERIFY(m_manifest["layers"].size() >= 10);
    }

    void layers_data()
    {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < m_manifest["layers"].size(); ++i)
            QTest::newRow(m_manifest["layers"][i]["name"].get<std::string>().c_str()) << int(i);
    }

    void layers()
    {
        QFETCH(int, index);
        const auto& layer = m_manifest["layers"][size_t(index)];
        const std::string blobPath = m_dir.path() + "/" + layer["blob"].get<std::string>();
        const auto algorithm
            = layer["compression"] == "gzip" ? CompressionAlgorithm::Gzip : CompressionAlgorithm::Uncompressed;
        BuildOptions options;
        options.spanSize = layer["span"].get<std::int64_t>();
        options.buildToolIdentifier = "sociscope-test";
        const auto z = buildZtocFromFile(blobPath, algorithm, options);

        if (layer["expect"] == "unsupported") {
            QVERIFY(!z.ok());
            QCOMPARE(z.error().code, ErrorCode::Unsupported);
            const std::string why = z.error().text();
            QVERIFY2(why.find(layer["reason"].get<std::string>()) != std::string::npos, why.c_str());
            return;
        }
        QVERIFY2(z.ok(), z.ok() ? "" : z.error().text().c_str());
        const std::string blob = *files::readFile(blobPath);
        const std::string tar = *files::readFile(m_dir.path() + "/" + layer["tar"].get<std::string>());
        QCOMPARE(z->compressedArchiveSize, std::int64_t(blob.size()));
        QCOMPARE(z->uncompressedArchiveSize, layer["archive_size"].get<std::int64_t>());

        const auto& want = layer["entries"];
        QCOMPARE(z->entries.size(), want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            const TocEntryView e = z->entries[i];
            const auto& w = want[i];
            std::string name(e.name);
            if (e.type == "dir" && name.size() > 1 && name.back() == '/')
                name.pop_back(); // tarfile drops a directory's trailing slash
            QCOMPARE(q(name), q(w["name"].get<std::string>()));
            QCOMPARE(e.uncompressedOffset, w["offset"].get<std::int64_t>());
            QCOMPARE(e.uncompressedSize, w["size"].get<std::int64_t>());
            QCOMPARE(q(e.type), q(w["type"].get<std::string>()));
            QCOMPARE(q(e.linkname), q(w["linkname"].get<std::string>()));
            QCOMPARE(*parseRfc3339(e.modTime), paxTime(w["mtime"].get<std::string>()));
            const auto pax = w["pax"].get<std::map<std::string, std::string>>();
            QCOMPARE(e.xattrs.toVector(), (std::vector<PaxRecord>(pax.begin(), pax.end())));
        }

        const std::string problem = test::checkSpansAndFiles(*z, blob, tar);
        QVERIFY2(problem.empty(), problem.c_str());
        auto back = parseZtoc(*serializeZtoc(*z));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().text().c_str());
        QVERIFY(*back == *z);

        // The layers are meant to have files across spans; make sure they still do.
        const auto spans = SpanIndex::create(*z);
        int crossing = 0;
        for (const TocEntryView& e : z->entries)
            if (const auto s = spans->spansFor(e.uncompressedOffset, e.uncompressedSize); s && s->first != s->second)
                ++crossing;
        if (z->maxSpanId > 0)
            QVERIFY(crossing > 0);
        if (layer["name"] == "span-edges-uncompressed") {
            for (std::int64_t k = 1; k <= 3; ++k) {
                const TocEntryView edge = z->entries[size_t(2 * k - 1)];
                QCOMPARE(q(edge.name), QStringLiteral("edge-%1").arg(k));
                QCOMPARE(edge.uncompressedOffset, k * options.spanSize);
                QCOMPARE(spans->spanOf(edge.uncompressedOffset), std::int32_t(k));
                QVERIFY(!spans->spansFor(edge.uncompressedOffset, 0).has_value());
            }
        }
    }

private:
    files::TempDir m_dir { "sociscope-layers" };
    nlohmann::json m_manifest;
};

QTEST_GUILESS_MAIN(TestSociGenerated)
#include "test_soci_generated.moc"
