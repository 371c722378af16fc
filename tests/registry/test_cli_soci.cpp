// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// index convert / push / create / info and ztoc info against the real registry,
// with skopeo reading what we wrote.
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonObject obj(const QByteArray& b) { return QJsonDocument::fromJson(b).object(); }
QJsonObject firstImage(const QByteArray& b) { return obj(b).value(QStringLiteral("images")).toArray()[0].toObject(); }
} // namespace

class TestCliSoci final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-soci"};
    QString m_reg;

    RunResult skopeoRaw(const QString& ref)
    {
        return run(QStringLiteral("skopeo"), {QStringLiteral("inspect"), QStringLiteral("--raw"),
                                              QStringLiteral("--tls-verify=false"), "docker://" + ref});
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_reg = m_registry.address();
        // The demo image (one 14 MiB layer qualifies for a zTOC with the defaults).
        QCOMPARE(ctl({QStringLiteral("demo"), m_reg + "/soci/demo:1.0"}).exitCode, 0);
        // A mixed image: multi-member gzip, zstd, a layer SOCI refuses, a plain tar.
        const QString spec = q(m_tmp.path()) + "/spec.json";
        QFile f(spec);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"layout\": \"" + QByteArray(m_tmp.path().c_str()) + "/mixed\", \"tag\": \"m\", \"layers\": ["
                "{\"compression\": \"gzip\", \"level\": 1, \"members\": 3, \"entries\": [{\"path\": \"etc/os-release\", \"data\": \"ID=mixed\\n\"},"
                " {\"path\": \"bin/big\", \"random\": 300000, \"seed\": 3}]},"
                "{\"compression\": \"zstd\", \"entries\": [{\"path\": \"z/file\", \"text\": 100000}]},"
                "{\"compression\": \"gzip\", \"entries\": [{\"pax_global\": {\"comment\": \"x\"}}, {\"path\": \"g/file\", \"data\": \"x\"}]},"
                "{\"compression\": \"none\", \"entries\": [{\"path\": \"t/file\", \"text\": 70000}]}]}");
        f.close();
        const auto mk = run(QStringLiteral("/usr/bin/python3"), {q(sourceDir()) + "/tests/tools/mkimage.py", spec});
        QVERIFY2(mk.exitCode == 0, mk.err.constData());
        const auto push = ctl({QStringLiteral("copy"), "oci:" + q(m_tmp.path()) + "/mixed:m", m_reg + "/soci/mixed:1"});
        QVERIFY2(push.exitCode == 0, push.err.constData());
    }

    void convertThenInfoShowsV2()
    {
        auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + "/soci/demo:1.0", m_reg + "/soci/demo:1.0-soci",
                      QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({QStringLiteral("index"), QStringLiteral("info"), m_reg + "/soci/demo:1.0-soci", QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject img = firstImage(r.out);
        const QJsonObject index = img.value(QStringLiteral("index")).toObject();
        QCOMPARE(index.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(index.value(QStringLiteral("via")).toString(), QStringLiteral("manifest annotation"));
        int lazy = 0;
        for (const auto& l : img.value(QStringLiteral("layers")).toArray()) {
            const auto lo = l.toObject();
            if (lo.value(QStringLiteral("lazy")).toBool()) {
                ++lazy;
                QVERIFY(lo.value(QStringLiteral("ztoc")).isObject());
            } else {
                QCOMPARE(lo.value(QStringLiteral("coverage")).toString(), QStringLiteral("too-small"));
            }
        }
        QCOMPARE(lazy, 1);
        QVERIFY(img.value(QStringLiteral("coveredBytes")).toInteger() > 10 * 1024 * 1024);

        // skopeo sees upstream's annotations and artifact type.
        const auto top = skopeoRaw(m_reg + "/soci/demo:1.0-soci");
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("\"artifactType\":\"application/vnd.amazon.soci.index.v2+json\""));
        QVERIFY(top.out.contains("com.amazon.soci.index-digest"));
        QVERIFY(top.out.contains("com.amazon.soci.image-manifest-digest"));
        const QString indexDigest = index.value(QStringLiteral("digest")).toString();
        const auto idx = skopeoRaw(m_reg + "/soci/demo@" + indexDigest);
        QCOMPARE(idx.exitCode, 0);
        QVERIFY(idx.out.contains("\"mediaType\":\"application/vnd.amazon.soci.index.v2+json\""));
        QVERIFY(idx.out.contains("com.amazon.soci.image-layer-digest"));
        QVERIFY(idx.out.contains("com.amazon.soci.span-size\":\"4194304\""));
        QVERIFY(idx.out.contains("com.amazon.soci.build-tool-identifier"));
        QVERIFY(!idx.out.contains("\"subject\""));
        // The converted image still runs as an image: pulling it with skopeo works.
        const auto pull = run(QStringLiteral("skopeo"), {QStringLiteral("copy"), QStringLiteral("--src-tls-verify=false"),
                                                         "docker://" + m_reg + "/soci/demo:1.0-soci",
                                                         "oci:" + q(m_tmp.path()) + "/pulled:x"});
        QVERIFY2(pull.exitCode == 0, pull.err.constData());
    }

    void pushThenInfoFindsV1ThroughTheFallbackTag()
    {
        auto r = ctl({QStringLiteral("index"), QStringLiteral("push"), m_reg + "/soci/demo:1.0", QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject pushed = obj(r.out).value(QStringLiteral("indexes")).toArray()[0].toObject();
        const QString subject = pushed.value(QStringLiteral("subject")).toString();
        // Debian's registry has no referrers API: the sha256-<hex> tag holds it.
        const auto tagIndex = skopeoRaw(m_reg + "/soci/demo:sha256-" + subject.section(':', 1));
        QVERIFY2(tagIndex.exitCode == 0, tagIndex.err.constData());
        QVERIFY(tagIndex.out.contains(pushed.value(QStringLiteral("index")).toString().toUtf8()));
        QVERIFY(tagIndex.out.contains("\"artifactType\":\"application/vnd.amazon.soci.index.v1+json\""));
        r = ctl({QStringLiteral("index"), QStringLiteral("info"), m_reg + "/soci/demo:1.0", QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject index = firstImage(r.out).value(QStringLiteral("index")).toObject();
        QCOMPARE(index.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(index.value(QStringLiteral("via")).toString(), QStringLiteral("referrers"));
        const auto raw = skopeoRaw(m_reg + "/soci/demo@" + index.value(QStringLiteral("digest")).toString());
        QVERIFY(raw.out.contains("\"subject\":{\"mediaType\""));
        // Pushing again keeps one entry in the tag index.
        QCOMPARE(ctl({QStringLiteral("index"), QStringLiteral("push"), m_reg + "/soci/demo:1.0"}).exitCode, 0);
        const auto again = skopeoRaw(m_reg + "/soci/demo:sha256-" + subject.section(':', 1));
        QCOMPARE(again.out.count("application/vnd.amazon.soci.index.v1+json"), 1);
        // The tag families name the image's v1 index, found through the same tag.
        r = ctl({QStringLiteral("tags"), m_reg + "/soci/demo", QStringLiteral("--families"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        bool seen = false;
        for (const auto& f : obj(r.out).value(QStringLiteral("families")).toArray()) {
            const QJsonObject fam = f.toObject();
            if (fam.value(QStringLiteral("tags")).toArray().contains(QStringLiteral("1.0"))) {
                QCOMPARE(fam.value(QStringLiteral("sociIndexVersion")).toString(), QStringLiteral("v1"));
                seen = true;
            }
        }
        QVERIFY(seen);
    }

    void coverageReasons()
    {
        auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + "/soci/mixed:1", m_reg + "/soci/mixed:1-soci",
                      QStringLiteral("--min-layer-size"), QStringLiteral("0"), QStringLiteral("--span-size"),
                      QStringLiteral("65536"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray layers = obj(r.out).value(QStringLiteral("platforms")).toArray()[0].toObject()
                                      .value(QStringLiteral("layers")).toArray();
        QCOMPARE(layers.size(), 4);
        QCOMPARE(layers[0].toObject().value(QStringLiteral("coverage")).toString(), QStringLiteral("indexed"));
        QCOMPARE(layers[1].toObject().value(QStringLiteral("coverage")).toString(), QStringLiteral("zstd"));
        QVERIFY(layers[1].toObject().value(QStringLiteral("reason")).toString().contains(QLatin1String("read whole: zstd")));
        QCOMPARE(layers[2].toObject().value(QStringLiteral("coverage")).toString(), QStringLiteral("refused"));
        QVERIFY(layers[2].toObject().value(QStringLiteral("reason")).toString().contains(QLatin1String("global")));
        QCOMPARE(layers[3].toObject().value(QStringLiteral("coverage")).toString(), QStringLiteral("indexed"));
        // ztoc info of an image layer: multi-member gzip layer 0.
        r = ctl({QStringLiteral("ztoc"), QStringLiteral("info"), m_reg + "/soci/mixed:1-soci", QStringLiteral("--layer"),
                 QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject z = obj(r.out);
        QCOMPARE(z.value(QStringLiteral("buildTool")).toString().left(9), QStringLiteral("sociscope"));
        QVERIFY(z.value(QStringLiteral("numSpans")).toInt() >= 2);
        bool sawBig = false;
        for (const auto& f : z.value(QStringLiteral("files")).toArray())
            if (f.toObject().value(QStringLiteral("path")).toString() == QLatin1String("/bin/big")) {
                sawBig = true;
                QCOMPARE(f.toObject().value(QStringLiteral("size")).toInt(), 300000);
                QVERIFY(f.toObject().value(QStringLiteral("lastSpan")).toInt() > f.toObject().value(QStringLiteral("firstSpan")).toInt());
            }
        QVERIFY(sawBig);
        // A layer without a zTOC: not found, exit 2.
        r = ctl({QStringLiteral("ztoc"), QStringLiteral("info"), m_reg + "/soci/mixed:1-soci", QStringLiteral("--layer"),
                 QStringLiteral("1")});
        QCOMPARE(r.exitCode, 2);
        // An image with no index at all: every layer "no-index".
        r = ctl({QStringLiteral("index"), QStringLiteral("info"), m_reg + "/soci/mixed:1", QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(firstImage(r.out).value(QStringLiteral("index")).isNull());
    }

    void createWritesALayoutSkopeoReads()
    {
        const QString dir = q(m_tmp.path()) + "/created";
        auto r = ctl({QStringLiteral("index"), QStringLiteral("create"), m_reg + "/soci/demo:1.0", QStringLiteral("-o"),
                      "oci:" + dir, QStringLiteral("--span-size"), QStringLiteral("1048576")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto s = run(QStringLiteral("skopeo"), {QStringLiteral("inspect"), "oci:" + dir + ":1.0"});
        QVERIFY2(s.exitCode == 0, s.err.constData());
        r = ctl({QStringLiteral("index"), QStringLiteral("info"), "oci:" + dir + ":1.0", QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject img = firstImage(r.out);
        QCOMPARE(img.value(QStringLiteral("index")).toObject().value(QStringLiteral("version")).toInt(), 1);
        for (const auto& l : img.value(QStringLiteral("layers")).toArray())
            if (l.toObject().value(QStringLiteral("lazy")).toBool())
                QCOMPARE(l.toObject().value(QStringLiteral("ztoc")).toObject().value(QStringLiteral("spanSize")).toInt(), 1048576);
    }

    void badArguments()
    {
        QCOMPARE(ctl({QStringLiteral("index")}).exitCode, 1);
        QCOMPARE(ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + "/soci/demo:1.0"}).exitCode, 1);
        QCOMPARE(ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + "/soci/demo:1.0", m_reg + "/x:y",
                      QStringLiteral("--span-size"), QStringLiteral("0")}).exitCode, 1);
        // No layer qualifies at the default minimum: a clear error, nothing pushed.
        const auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + "/soci/mixed:1", m_reg + "/soci/mixed:none"});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("no ztocs created"), r.err.constData());
        QCOMPARE(ctl({QStringLiteral("inspect"), m_reg + "/soci/mixed:none"}).exitCode, 2);
        // A malformed zTOC file.
        const QString bad = q(m_tmp.path()) + "/bad.ztoc";
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(64, '\x07'));
        f.close();
        const auto z = ctl({QStringLiteral("ztoc"), QStringLiteral("info"), bad});
        QCOMPARE(z.exitCode, 6);
    }
};

QTEST_GUILESS_MAIN(TestCliSoci)
#include "test_cli_soci.moc"
