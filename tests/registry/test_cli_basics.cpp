// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscopectl inspect / copy / catalog / tags against Debian's real registry,
// with skopeo as the oracle.
#include "image/demo_image.h"
#include "image/image_writer.h"
#include "image/layer_writer.h"
#include "oci/digest.h"
#include "oci/mediatypes.h"
#include "registry/source.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <filesystem>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QJsonObject parseJson(const QByteArray& b) { return QJsonDocument::fromJson(b).object(); }

// A two-platform image written with core's image writer into an OCI layout.
void writeMultiArch(const std::string& layout)
{
    auto dst = registry::makeLayoutSource(layout, true);
    QVERIFY(dst.ok());
    oci::Index index;
    index.mediaType = std::string(oci::mt::OciIndex);
    for (const char* arch : {"amd64", "arm64"}) {
        image::LayerWriter w;
        QVERIFY(w.file("etc/arch", std::string(arch) + "\n").ok());
        auto tar = w.finishTar();
        QVERIFY(tar.ok());
        auto layer = image::compressLayer(*tar, image::Compression::Gzip);
        QVERIFY(layer.ok());
        image::ImageSpec spec;
        spec.platform.architecture = arch;
        spec.platform.os = "linux";
        if (std::string(arch) == "arm64")
            spec.platform.variant = "v8";
        auto d = image::writeImage(**dst, {*layer}, spec, {});
        QVERIFY(d.ok());
        index.manifests.push_back(*d);
    }
    QVERIFY((*dst)->pushManifest(index.toGoJson(), index.mediaType, "multi").ok());
}
} // namespace

class TestCliBasics final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-test"};
    QString m_reg;

    RunResult skopeo(const QStringList& args) { return run(QStringLiteral("skopeo"), args, 120000); }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_reg = m_registry.address();
        const std::string demo = m_tmp.path() + "/demo";
        auto r = ctl({QStringLiteral("demo"), q("oci:" + demo + ":latest")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        writeMultiArch(m_tmp.path() + "/multi");
        // Oracle pushes: skopeo, not our client.
        for (const auto& [src, dst, extra] :
             {std::tuple{q("oci:" + demo + ":latest"), m_reg + "/s1/demo:latest", QStringList{}},
              std::tuple{q("oci:" + demo + ":latest"), m_reg + "/s1/docker:v2s2",
                         QStringList{QStringLiteral("--format"), QStringLiteral("v2s2")}},
              std::tuple{q("oci:" + m_tmp.path() + "/multi:multi"), m_reg + "/s1/multi:latest",
                         QStringList{QStringLiteral("--all")}}}) {
            QStringList args{QStringLiteral("copy"), QStringLiteral("--dest-tls-verify=false")};
            args += extra;
            args << src << QStringLiteral("docker://") + dst;
            const auto s = skopeo(args);
            QVERIFY2(s.exitCode == 0, s.err.constData());
        }
    }

    void inspectMatchesSkopeo_data()
    {
        QTest::addColumn<QString>("repo");
        QTest::newRow("oci manifest") << "s1/demo:latest";
        QTest::newRow("docker schema 2") << "s1/docker:v2s2";
        QTest::newRow("multi-platform index") << "s1/multi:latest";
    }
    void inspectMatchesSkopeo()
    {
        QFETCH(QString, repo);
        const QString ref = m_reg + "/" + repo;
        const auto raw = skopeo({QStringLiteral("inspect"), QStringLiteral("--raw"), QStringLiteral("--tls-verify=false"),
                                 QStringLiteral("docker://") + ref});
        QCOMPARE(raw.exitCode, 0);
        const auto mine = ctl({QStringLiteral("inspect"), ref, QStringLiteral("--json")});
        QVERIFY2(mine.exitCode == 0, mine.err.constData());
        const QJsonObject j = parseJson(mine.out);
        QCOMPARE(j.value(QStringLiteral("schemaVersion")).toInt(), 1);
        QCOMPARE(j.value(QStringLiteral("digest")).toString(),
                 q(oci::Digest::sha256Of(raw.out.toStdString()).str()));
        // --raw gives the same bytes as skopeo's.
        const auto mineRaw = ctl({QStringLiteral("inspect"), ref, QStringLiteral("--raw")});
        QVERIFY2(mineRaw.exitCode == 0, mineRaw.err.constData());
        QCOMPARE(mineRaw.out, raw.out);
        const QJsonObject rawDoc = parseJson(raw.out);
        const QJsonArray images = j.value(QStringLiteral("images")).toArray();
        if (rawDoc.contains(QStringLiteral("manifests"))) {
            const QJsonArray ms = rawDoc.value(QStringLiteral("manifests")).toArray();
            const QJsonArray platforms = j.value(QStringLiteral("platforms")).toArray();
            QCOMPARE(platforms.size(), ms.size());
            QCOMPARE(images.size(), ms.size());
            for (int i = 0; i < ms.size(); ++i) {
                const auto m = ms[i].toObject();
                QCOMPARE(platforms[i].toObject().value(QStringLiteral("digest")), m.value(QStringLiteral("digest")));
                QCOMPARE(platforms[i].toObject().value(QStringLiteral("size")).toInteger(),
                         m.value(QStringLiteral("size")).toInteger());
                // Each platform's manifest and layers against skopeo's view of it.
                const auto child = skopeo({QStringLiteral("inspect"), QStringLiteral("--raw"),
                                           QStringLiteral("--tls-verify=false"),
                                           QStringLiteral("docker://") + m_reg + "/" + repo.section(':', 0, 0) + "@" +
                                               m.value(QStringLiteral("digest")).toString()});
                QCOMPARE(child.exitCode, 0);
                const QJsonArray layers = parseJson(child.out).value(QStringLiteral("layers")).toArray();
                const QJsonArray myLayers = images[i].toObject().value(QStringLiteral("layers")).toArray();
                QCOMPARE(myLayers.size(), layers.size());
                for (int k = 0; k < layers.size(); ++k)
                    QCOMPARE(myLayers[k].toObject().value(QStringLiteral("digest")),
                             layers[k].toObject().value(QStringLiteral("digest")));
            }
        } else {
            QCOMPARE(images.size(), 1);
            const QJsonObject img = images[0].toObject();
            QCOMPARE(img.value(QStringLiteral("mediaType")).toString(), rawDoc.value(QStringLiteral("mediaType")).toString());
            const QJsonArray layers = rawDoc.value(QStringLiteral("layers")).toArray();
            const QJsonArray myLayers = img.value(QStringLiteral("layers")).toArray();
            QCOMPARE(myLayers.size(), layers.size());
            for (int k = 0; k < layers.size(); ++k) {
                QCOMPARE(myLayers[k].toObject().value(QStringLiteral("digest")), layers[k].toObject().value(QStringLiteral("digest")));
                QCOMPARE(myLayers[k].toObject().value(QStringLiteral("size")).toInteger(),
                         layers[k].toObject().value(QStringLiteral("size")).toInteger());
                QCOMPARE(myLayers[k].toObject().value(QStringLiteral("mediaType")),
                         layers[k].toObject().value(QStringLiteral("mediaType")));
            }
            QCOMPARE(img.value(QStringLiteral("config")).toObject().value(QStringLiteral("digest")),
                     rawDoc.value(QStringLiteral("config")).toObject().value(QStringLiteral("digest")));
        }
    }

    void platformFilter()
    {
        const auto r = ctl({QStringLiteral("inspect"), m_reg + "/s1/multi:latest", QStringLiteral("--json"),
                            QStringLiteral("--platform"), QStringLiteral("linux/arm64")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray images = parseJson(r.out).value(QStringLiteral("images")).toArray();
        QCOMPARE(images.size(), 1);
        QCOMPARE(images[0].toObject().value(QStringLiteral("platform")).toString(), QStringLiteral("linux/arm64/v8"));
        const auto none = ctl({QStringLiteral("inspect"), m_reg + "/s1/multi:latest", QStringLiteral("--platform"),
                               QStringLiteral("linux/s390x")});
        QCOMPARE(none.exitCode, 2);
    }

    void copyToLayoutIsReadableBySkopeo()
    {
        for (const QString& repo : {QStringLiteral("s1/demo:latest"), QStringLiteral("s1/multi:latest"),
                                   QStringLiteral("s1/docker:v2s2")}) {
            const QString layout = q(m_tmp.path()) + "/copy-" + repo.section('/', 1).replace(':', '-');
            const auto r = ctl({QStringLiteral("copy"), m_reg + "/" + repo, "oci:" + layout + ":t1"});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto orig = skopeo({QStringLiteral("inspect"), QStringLiteral("--raw"), QStringLiteral("--tls-verify=false"),
                                      "docker://" + m_reg + "/" + repo});
            // Original bytes, never re-encoded (read back with our own client).
            QCOMPARE(ctl({QStringLiteral("inspect"), QStringLiteral("--raw"), "oci:" + layout + ":t1"}).out, orig.out);
            if (repo.contains(QLatin1String("v2s2")))
                continue; // skopeo's oci: transport lists only OCI-typed manifests in index.json
            const auto s = skopeo({QStringLiteral("inspect"), QStringLiteral("--raw"), "oci:" + layout + ":t1"});
            QVERIFY2(s.exitCode == 0, s.err.constData());
            QCOMPARE(s.out, orig.out);
            // Every blob skopeo needs is there: a full copy out of the layout works.
            const auto c = skopeo({QStringLiteral("copy"), QStringLiteral("--all"), "oci:" + layout + ":t1",
                                   "dir:" + layout + "-dir"});
            QVERIFY2(c.exitCode == 0, c.err.constData());
        }
    }

    void copyRegistryToRegistryKeepsDigest()
    {
        for (const QString& repo : {QStringLiteral("s1/demo:latest"), QStringLiteral("s1/multi:latest")}) {
            const QString dst = m_reg + "/s1copy/" + repo.section('/', 1);
            const auto r = ctl({QStringLiteral("copy"), m_reg + "/" + repo, dst, QStringLiteral("--json")});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto a = ctl({QStringLiteral("inspect"), m_reg + "/" + repo, QStringLiteral("--json")});
            const auto b = ctl({QStringLiteral("inspect"), dst, QStringLiteral("--json")});
            QCOMPARE(parseJson(b.out).value(QStringLiteral("digest")), parseJson(a.out).value(QStringLiteral("digest")));
            QCOMPARE(parseJson(r.out).value(QStringLiteral("digest")), parseJson(a.out).value(QStringLiteral("digest")));
        }
        // A second copy finds every blob in place.
        const auto again = ctl({QStringLiteral("copy"), m_reg + "/s1/demo:latest", m_reg + "/s1copy/demo:again",
                                QStringLiteral("--json")});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(parseJson(again.out).value(QStringLiteral("blobsCopied")).toInt(), 0);
        // Layout -> registry -> layout keeps the digest too.
        const QString layout = q(m_tmp.path()) + "/roundtrip";
        QCOMPARE(ctl({QStringLiteral("copy"), m_reg + "/s1/multi:latest", "oci:" + layout + ":x"}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("copy"), "oci:" + layout + ":x", m_reg + "/s1back/multi:y"}).exitCode, 0);
        const auto back = ctl({QStringLiteral("inspect"), m_reg + "/s1back/multi:y", QStringLiteral("--json")});
        const auto orig = ctl({QStringLiteral("inspect"), m_reg + "/s1/multi:latest", QStringLiteral("--json")});
        QCOMPARE(parseJson(back.out).value(QStringLiteral("digest")), parseJson(orig.out).value(QStringLiteral("digest")));
    }

    void catalogAndTags()
    {
        const auto c = ctl({QStringLiteral("catalog"), m_reg, QStringLiteral("--json")});
        QCOMPARE(c.exitCode, 0);
        QStringList repos;
        for (const auto& v : parseJson(c.out).value(QStringLiteral("repositories")).toArray())
            repos << v.toObject().value(QStringLiteral("repository")).toString();
        QVERIFY(repos.contains(QStringLiteral("s1/demo")));
        QVERIFY(repos.contains(QStringLiteral("s1/multi")));
        const auto t = ctl({QStringLiteral("tags"), m_reg + "/s1/docker"});
        QCOMPARE(t.exitCode, 0);
        QCOMPARE(t.out.trimmed(), QByteArray("v2s2"));
    }

    void badInput()
    {
        // A missing tag: exit 2 and a message naming it.
        auto r = ctl({QStringLiteral("inspect"), m_reg + "/s1/demo:nope"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("not found"));
        QCOMPARE(r.err.count('\n'), 1); // one clear line

        // A layout whose manifest is not JSON (but matches its digest): exit 6.
        const std::string bad = m_tmp.path() + "/bad";
        QCOMPARE(ctl({QStringLiteral("copy"), m_reg + "/s1/demo:latest", q("oci:" + bad + ":ok")}).exitCode, 0);
        auto src = registry::makeLayoutSource(bad, false);
        QVERIFY(src.ok());
        const std::string notJson = "{\"schemaVersion\":2,\"layers\":[ this is not json";
        QVERIFY((*src)->pushManifest(notJson, std::string(oci::mt::OciManifest), "broken").ok());
        r = ctl({QStringLiteral("inspect"), q("oci:" + bad + ":broken")});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("JSON"), r.err.constData());

        // An unknown media type: exit 6 and the type named.
        const std::string odd = R"({"schemaVersion":2,"mediaType":"application/x-odd","config":{},"layers":[]})";
        QVERIFY((*src)->pushManifest(odd, "application/x-odd", "odd").ok());
        r = ctl({QStringLiteral("inspect"), q("oci:" + bad + ":odd")});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("application/x-odd"), r.err.constData());

        // A malformed field: the message names it.
        const std::string badField = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":-2},"layers":[]})";
        QVERIFY((*src)->pushManifest(badField, std::string(oci::mt::OciManifest), "badfield").ok());
        r = ctl({QStringLiteral("inspect"), q("oci:" + bad + ":badfield")});
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("config") && r.err.contains("size"), r.err.constData());

        // A layer blob whose bytes do not match its digest: exit 5, and the
        // destination layout is left as it was (here: not created at all).
        auto info = ctl({QStringLiteral("inspect"), q("oci:" + bad + ":ok"), QStringLiteral("--json")});
        const QString layer = parseJson(info.out)
                                  .value(QStringLiteral("images")).toArray()[0].toObject()
                                  .value(QStringLiteral("layers")).toArray()[2].toObject()
                                  .value(QStringLiteral("digest")).toString();
        const std::string blob = bad + "/blobs/sha256/" + layer.section(':', 1).toStdString();
        {
            auto bytes = files::readFile(blob);
            QVERIFY(bytes.ok());
            (*bytes)[bytes->size() / 2] ^= 0x55;
            QVERIFY(files::writeFileAtomic(blob, *bytes).ok());
        }
        const std::string fresh = m_tmp.path() + "/fresh";
        r = ctl({QStringLiteral("copy"), q("oci:" + bad + ":ok"), q("oci:" + fresh + ":x")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains("digest"), r.err.constData());
        QVERIFY(!files::exists(fresh));
        // Into an existing layout: no new blob and no new tag appear.
        const std::string existing = m_tmp.path() + "/existing";
        QCOMPARE(ctl({QStringLiteral("copy"), m_reg + "/s1/multi:latest", q("oci:" + existing + ":m")}).exitCode, 0);
        const auto countBlobs = [&] {
            int n = 0;
            for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(existing + "/blobs/sha256"))
                ++n;
            return n;
        };
        const int before = countBlobs();
        const auto indexBefore = files::readFile(existing + "/index.json");
        r = ctl({QStringLiteral("copy"), q("oci:" + bad + ":ok"), q("oci:" + existing + ":x")});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(countBlobs(), before);
        QCOMPARE(*files::readFile(existing + "/index.json"), *indexBefore);
        // And to a registry the bad blob is refused before upload.
        r = ctl({QStringLiteral("copy"), q("oci:" + bad + ":ok"), m_reg + "/s1/corrupt:x"});
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(ctl({QStringLiteral("inspect"), m_reg + "/s1/corrupt:x"}).exitCode, 2);
    }

    void usageErrors()
    {
        QCOMPARE(ctl({QStringLiteral("inspect")}).exitCode, 1);
        QCOMPARE(ctl({QStringLiteral("inspect"), QStringLiteral("UPPER/case")}).exitCode, 1);
        QCOMPARE(ctl({QStringLiteral("inspect"), QStringLiteral("x"), QStringLiteral("--bogus")}).exitCode, 1);
        const auto h = ctl({QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("inspect") && h.out.contains("copy") && h.out.contains("Exit codes"));
    }

    void registryGone()
    {
        RegistryServer gone;
        QVERIFY(gone.start());
        const QString addr = gone.address();
        gone.stop();
        QElapsedTimer t;
        t.start();
        const auto r = ctl({QStringLiteral("inspect"), addr + "/x:y"});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(t.elapsed() < 60000, "a gone registry must fail within the retry budget");
        QVERIFY(r.err.contains("registry"));
    }
};

QTEST_GUILESS_MAIN(TestCliBasics)
#include "test_cli_basics.moc"
