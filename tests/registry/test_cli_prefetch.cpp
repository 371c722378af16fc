// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// index prefetch add / index info against the real registry: a profile
// published as prefetch artifacts in a new v2 index (image index and manifest
// rewritten as convert does) and a new v1 referrer; the artifact's exact
// bytes; the old index still there; profiles that do not fit refused with
// exit 6 and nothing pushed.
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

class TestCliPrefetch final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-prefetch"};
    QString m_reg;
    QString m_lazyLayer; // the demo's one indexed layer
    int m_lazyIndex = -1;

    RunResult info(const QString& ref)
    {
        return ctl({QStringLiteral("index"), QStringLiteral("info"), ref, QStringLiteral("--json")});
    }

    // A profile as `run --record-startup` writes it, with the given spans of the indexed layer.
    QString profile(const QString& name, const QString& layerDigest, const QString& spans)
    {
        const QString path = q(m_tmp.path()) + "/" + name + ".json";
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(("{\"schemaVersion\":1,\"kind\":\"sociscope-startup-profile\",\"reference\":\"x\","
                 "\"digest\":\"sha256:" + QByteArray(64, '0') + "\",\"platform\":\"linux/amd64\",\"until\":\"output\","
                 "\"layers\":[{\"index\":" + QByteArray::number(m_lazyIndex) + ",\"digest\":\"" + layerDigest.toUtf8() +
                 "\",\"spans\":" + spans.toUtf8() + "}]}"));
        return path;
    }

    RunResult add(const QString& ref, const QString& profilePath)
    {
        return ctl({QStringLiteral("index"), QStringLiteral("prefetch"), QStringLiteral("add"), ref,
                    QStringLiteral("--from"), profilePath, QStringLiteral("--json")});
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_reg = m_registry.address();
        QCOMPARE(ctl({QStringLiteral("demo"), m_reg + "/p/demo:1"}).exitCode, 0);
        auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + "/p/demo:1", m_reg + "/p/demo:1-soci"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = info(m_reg + "/p/demo:1-soci");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const auto& l : firstImage(r.out).value(QStringLiteral("layers")).toArray())
            if (l.toObject().value(QStringLiteral("lazy")).toBool()) {
                m_lazyLayer = l.toObject().value(QStringLiteral("digest")).toString();
                m_lazyIndex = l.toObject().value(QStringLiteral("index")).toInt();
            }
        QVERIFY(!m_lazyLayer.isEmpty());
        // An index without artifacts lists none.
        QCOMPARE(firstImage(r.out).value(QStringLiteral("prefetch")).toArray().size(), 0);
    }

    void noIndexNoArtifacts()
    {
        const auto r = add(m_reg + "/p/demo:1", profile(QStringLiteral("plain"), m_lazyLayer, QStringLiteral("[[0,0]]")));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no SOCI index"), r.err.constData());
        const auto last = ctl({QStringLiteral("index"), QStringLiteral("prefetch"), QStringLiteral("add"),
                               m_reg + "/p/demo:1-soci", QStringLiteral("--from-last-run")},
                              60000, [&] {
                                  auto env = QProcessEnvironment::systemEnvironment();
                                  env.insert(QStringLiteral("XDG_STATE_HOME"), q(m_tmp.path()) + "/nostate");
                                  return env;
                              }());
        QCOMPARE(last.exitCode, 2);
        QVERIFY2(last.err.contains("no last run"), last.err.constData());
    }

    void outOfRangeIsRefusedAndNothingPushed()
    {
        const QString before = firstImage(info(m_reg + "/p/demo:1-soci").out)
                                   .value(QStringLiteral("index")).toObject().value(QStringLiteral("digest")).toString();
        // The demo's 14 MiB layer has 4 spans of 4 MiB: 0 to 3.
        auto r = add(m_reg + "/p/demo:1-soci", profile(QStringLiteral("far"), m_lazyLayer, QStringLiteral("[[2,99]]")));
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("names span 99 but the layer's zTOC has spans 0 to 3"), r.err.constData());
        // A layer the image does not have.
        r = add(m_reg + "/p/demo:1-soci",
                profile(QStringLiteral("other"), QStringLiteral("sha256:") + QString(64, QLatin1Char('f')), QStringLiteral("[[0,0]]")));
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("is not a layer of image"), r.err.constData());
        // A profile that is not one.
        const QString junk = q(m_tmp.path()) + "/junk.json";
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"kind\":\"something else\"}");
        f.close();
        r = add(m_reg + "/p/demo:1-soci", junk);
        QCOMPARE(r.exitCode, 6);
        const QString after = firstImage(info(m_reg + "/p/demo:1-soci").out)
                                  .value(QStringLiteral("index")).toObject().value(QStringLiteral("digest")).toString();
        QCOMPARE(after, before);
    }

    void v2NewIndexAfterTheZtocs()
    {
        const QString ref = m_reg + "/p/demo:1-soci";
        const QJsonObject before = firstImage(info(ref).out);
        const QString oldIndex = before.value(QStringLiteral("index")).toObject().value(QStringLiteral("digest")).toString();
        const QString oldManifest = before.value(QStringLiteral("manifest")).toString();
        // Ranges out of order and touching: merged as soci does.
        auto r = add(ref, profile(QStringLiteral("v2"), m_lazyLayer, QStringLiteral("[[3,3],[0,0],[1,1]]")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = obj(r.out);
        QCOMPARE(out.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(out.value(QStringLiteral("oldIndex")).toString(), oldIndex);
        const QString newIndex = out.value(QStringLiteral("index")).toString();
        QVERIFY(newIndex != oldIndex);
        const QJsonArray artifacts = out.value(QStringLiteral("artifacts")).toArray();
        QCOMPARE(artifacts.size(), 1);
        const QString artifact = artifacts[0].toObject().value(QStringLiteral("digest")).toString();

        // index info finds the new index through the new manifest and lists the artifact.
        r = info(ref);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject img = firstImage(r.out);
        QVERIFY(img.value(QStringLiteral("manifest")).toString() != oldManifest);
        QCOMPARE(img.value(QStringLiteral("index")).toObject().value(QStringLiteral("digest")).toString(), newIndex);
        QCOMPARE(img.value(QStringLiteral("index")).toObject().value(QStringLiteral("ztocs")).toInt(), 1);
        const QJsonArray pf = img.value(QStringLiteral("prefetch")).toArray();
        QCOMPARE(pf.size(), 1);
        const QJsonObject p = pf[0].toObject();
        QCOMPARE(p.value(QStringLiteral("layer")).toInt(), m_lazyIndex);
        QCOMPARE(p.value(QStringLiteral("layerDigest")).toString(), m_lazyLayer);
        QCOMPARE(p.value(QStringLiteral("digest")).toString(), artifact);
        QCOMPARE(QJsonDocument(p.value(QStringLiteral("ranges")).toArray()).toJson(QJsonDocument::Compact),
                 QByteArray("[[0,1],[3,3]]"));
        QCOMPARE(p.value(QStringLiteral("spans")).toInt(), 3);
        QVERIFY(p.value(QStringLiteral("bytes")).toInteger() > 3 * 1024 * 1024);
        QVERIFY(p.value(QStringLiteral("error")).isNull());

        // The artifact's bytes are upstream's encoding, and its descriptor comes after the zTOC's.
        const auto blob = curl({QStringLiteral("http://") + m_reg + "/v2/p/demo/blobs/" + artifact});
        QCOMPARE(blob.out, QByteArray("{\"version\":\"1.0\",\"prefetch_spans\":[{\"start_span\":0,\"end_span\":1},"
                                      "{\"start_span\":3,\"end_span\":3}]}"));
        const auto idx = run(QStringLiteral("skopeo"), {QStringLiteral("inspect"), QStringLiteral("--raw"),
                                                        QStringLiteral("--tls-verify=false"), "docker://" + m_reg + "/p/demo@" + newIndex});
        QVERIFY2(idx.exitCode == 0, idx.err.constData());
        const auto ztocAt = idx.out.indexOf("\"mediaType\":\"application/octet-stream\"");
        const auto prefetchAt = idx.out.indexOf("\"mediaType\":\"application/vnd.amazon.soci.prefetch.v1+json\"");
        QVERIFY(ztocAt > 0);
        QVERIFY2(prefetchAt > ztocAt, idx.out.constData());
        QVERIFY(idx.out.contains("{\"com.amazon.soci.image-layer-digest\":\"" + m_lazyLayer.toUtf8() + "\"}"));
        // The image index names the new manifest and the new index, as convert writes them.
        const auto top = run(QStringLiteral("skopeo"), {QStringLiteral("inspect"), QStringLiteral("--raw"),
                                                        QStringLiteral("--tls-verify=false"), "docker://" + ref});
        QVERIFY(top.out.contains("\"com.amazon.soci.index-digest\":\"" + newIndex.toUtf8() + "\""));
        QVERIFY(top.out.contains("\"digest\":\"" + newIndex.toUtf8() + "\""));
        QVERIFY(!top.out.contains(oldIndex.toUtf8()));
        // The old index and manifest stay valid by digest.
        for (const QString& d : {oldIndex, oldManifest}) {
            const auto old = run(QStringLiteral("skopeo"), {QStringLiteral("inspect"), QStringLiteral("--raw"),
                                                            QStringLiteral("--tls-verify=false"), "docker://" + m_reg + "/p/demo@" + d});
            QVERIFY2(old.exitCode == 0, old.err.constData());
        }
        // The image still pulls as an image.
        const auto pull = run(QStringLiteral("skopeo"), {QStringLiteral("copy"), QStringLiteral("--src-tls-verify=false"),
                                                         "docker://" + ref, "oci:" + q(m_tmp.path()) + "/pulled:x"});
        QVERIFY2(pull.exitCode == 0, pull.err.constData());

        // Adding again replaces the artifact (same spans: the same bytes and digest).
        r = add(ref, profile(QStringLiteral("v2b"), m_lazyLayer, QStringLiteral("[[0,1],[3,3]]")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(obj(r.out).value(QStringLiteral("artifacts")).toArray()[0].toObject().value(QStringLiteral("digest")).toString(),
                 artifact);
        QCOMPARE(firstImage(info(ref).out).value(QStringLiteral("prefetch")).toArray().size(), 1);
    }

    void v1NewReferrerListedFirst()
    {
        const QString ref = m_reg + "/p/demo:1";
        auto r = ctl({QStringLiteral("index"), QStringLiteral("push"), ref});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString oldIndex = firstImage(info(ref).out).value(QStringLiteral("index")).toObject()
                                     .value(QStringLiteral("digest")).toString();
        r = add(ref, profile(QStringLiteral("v1"), m_lazyLayer, QStringLiteral("[[2,2]]")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(obj(r.out).value(QStringLiteral("version")).toInt(), 1);
        const QString newIndex = obj(r.out).value(QStringLiteral("index")).toString();
        r = info(ref);
        const QJsonObject img = firstImage(r.out);
        QCOMPARE(img.value(QStringLiteral("prefetch")).toArray().size(), 1);
        QCOMPARE(img.value(QStringLiteral("index")).toObject().value(QStringLiteral("via")).toString(), QStringLiteral("referrers"));
        QCOMPARE(img.value(QStringLiteral("index")).toObject().value(QStringLiteral("digest")).toString(), newIndex);
        QCOMPARE(QJsonDocument(img.value(QStringLiteral("prefetch")).toArray()[0].toObject()
                                   .value(QStringLiteral("ranges")).toArray()).toJson(QJsonDocument::Compact),
                 QByteArray("[[2,2]]"));
        // Both referrers are listed, the new one first; the old one is intact.
        const QString subject = img.value(QStringLiteral("manifest")).toString();
        const auto tag = run(QStringLiteral("skopeo"), {QStringLiteral("inspect"), QStringLiteral("--raw"), QStringLiteral("--tls-verify=false"),
                                                        "docker://" + m_reg + "/p/demo:sha256-" + subject.section(QLatin1Char(':'), 1)});
        QVERIFY2(tag.exitCode == 0, tag.err.constData());
        const auto newAt = tag.out.indexOf(newIndex.toUtf8());
        const auto oldAt = tag.out.indexOf(oldIndex.toUtf8());
        QVERIFY2(newAt > 0 && oldAt > newAt, tag.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliPrefetch)
#include "test_cli_prefetch.moc"
