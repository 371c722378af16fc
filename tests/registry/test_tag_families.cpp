// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// `sociscopectl tags REPO --families` against Debian's real registry, seeded
// with a Deep Learning Containers-like repository (six tags on the current
// image, -soci twins as image indexes, an older pinned release, a CPU line,
// plain tags), paged by the fault proxy's pager; the proxy's log proves that
// every tag was HEADed once and that no more than --parallel ran at once.
#include "image/image_writer.h"
#include "image/layer_writer.h"
#include "oci/mediatypes.h"
#include "registry/client.h"
#include "registry/source.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <map>

using namespace sociscope;
using namespace sociscope::test;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonObject parseJson(const QByteArray& b) { return QJsonDocument::fromJson(b).object(); }
QString str(const QJsonValue& v) { return v.toString(); }

const char* const Repo = "dlc/pytorch-training";
const std::string Line = "2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker";
const std::string CpuLine = "2.3.0-cpu-py311-ubuntu20.04-ec2";

// The six tags of the current image, as AWS tags one DLC release.
std::vector<std::string> currentTags(const std::string& suffix = {})
{
    std::vector<std::string> v = {Line,
                                  Line + "-v1",
                                  Line + "-v1.1",
                                  Line + "-v1.1-2024-07-01-10-00-00",
                                  "2.3-gpu-py311-sagemaker",
                                  "2.3.0-gpu-py311-sagemaker"};
    for (auto& t : v)
        t += suffix;
    return v;
}

// Pages of 5 for tags/list; HEAD of manifests held 60 ms so overlaps show.
const QByteArray PagerRules = "[{\"comment\": \"tags/list in pages of 5\", \"match\": {\"method\": \"GET\", "
                              "\"path\": \"/tags/list\"}, \"every\": true, \"action\": {\"pager\": {\"n\": 5}}},"
                              " {\"comment\": \"slow HEADs\", \"match\": {\"method\": \"HEAD\", \"path\": "
                              "\"/manifests/\"}, \"every\": true, \"action\": {\"delay_ms\": 60}}]";

// The family objects with seenAt dropped (it differs between runs).
QJsonArray withoutSeenAt(QJsonArray families)
{
    for (int i = 0; i < families.size(); ++i) {
        QJsonObject o = families[i].toObject();
        o.remove(QStringLiteral("seenAt"));
        families[i] = o;
    }
    return families;
}

} // namespace

class TestTagFamilies final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-families"};
    std::map<std::string, std::string> m_digest; // seed name -> digest
    std::vector<std::string> m_allTags;

    // A tiny one-layer image, distinct by its file's content, stored by digest.
    void pushImage(registry::Source& dst, const std::string& content, oci::Descriptor& out)
    {
        image::LayerWriter w;
        QVERIFY(w.file("etc/release", content + "\n").ok());
        auto tar = w.finishTar();
        QVERIFY(tar.ok());
        auto layer = image::compressLayer(*tar, image::Compression::Gzip);
        QVERIFY(layer.ok());
        auto d = image::writeImage(dst, {*layer}, image::ImageSpec{}, {});
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().text().c_str());
        out = *d;
    }

    // Puts the same manifest bytes under every tag.
    void tagAll(registry::RegistryClient& client, const std::string& name, const std::string& bytes,
                const std::string& mediaType, const std::vector<std::string>& tags)
    {
        for (const auto& t : tags) {
            auto r = client.putManifest(Repo, t, bytes, mediaType);
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
            m_allTags.push_back(t);
        }
        m_digest[name] = oci::Digest::sha256Of(bytes).str();
    }

    void seedImage(registry::RegistryClient& client, registry::Source& dst, const std::string& name,
                   const std::vector<std::string>& tags)
    {
        oci::Descriptor d;
        pushImage(dst, name, d);
        if (QTest::currentTestFailed())
            return;
        auto m = client.getManifest(Repo, d.digest.str());
        QVERIFY(m.ok());
        tagAll(client, name, m->bytes, m->mediaType, tags);
    }

    // A SOCI v2-style twin: an index over the image (the real one also lists
    // the SOCI index manifest; the grouping only looks at tags and digests).
    void seedTwin(registry::RegistryClient& client, const std::string& of, const std::vector<std::string>& tags)
    {
        auto m = client.headManifest(Repo, m_digest[of]);
        QVERIFY(m.ok());
        oci::Index index;
        index.mediaType = std::string(oci::mt::OciIndex);
        oci::Descriptor d = *m;
        d.platform = oci::Platform{"amd64", "linux", {}, {}, {}};
        index.manifests.push_back(d);
        tagAll(client, of + "-twin", index.toGoJson(), index.mediaType, tags);
    }

    RunResult families(const QString& registry, const QStringList& extra = {})
    {
        QStringList args{QStringLiteral("tags"), registry + QLatin1Char('/') + QLatin1String(Repo),
                         QStringLiteral("--families")};
        return ctl(args + extra, 60000);
    }

    QJsonArray proxyLog() { return QJsonDocument::fromJson(m_proxy.log()).array(); }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        auto client = std::make_shared<registry::RegistryClient>(m_registry.addr(), registry::ClientOptions{});
        auto dst = registry::makeRegistrySource(client, Repo);
        seedImage(*client, *dst, "current", currentTags());
        seedTwin(*client, "current", currentTags("-soci"));
        seedImage(*client, *dst, "older", {Line + "-v1.0", Line + "-v1.0-2024-06-10-19-32-22"});
        seedTwin(*client, "older", {Line + "-v1.0-2024-06-10-19-32-22-soci", Line + "-v1.0-soci"});
        seedImage(*client, *dst, "cpu",
                  {CpuLine, "2.3-cpu-py311-ec2", CpuLine + "-v1.0-2024-06-10-19-32-22"});
        seedImage(*client, *dst, "plain", {"latest", "stable"});
        seedTwin(*client, "plain", {"latest-soci"});
        seedImage(*client, *dst, "nightly", {"nightly"});
        QCOMPARE(m_allTags.size(), size_t(23));
    }

    void init() { QVERIFY(m_proxy.reset()); }

    void groupsThroughThePager()
    {
        QVERIFY(m_proxy.setRules(PagerRules));
        const auto r = families(m_proxy.address(), {QStringLiteral("--json"), QStringLiteral("--parallel"),
                                                    QStringLiteral("3")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = parseJson(r.out);
        QVERIFY(r.out.simplified().startsWith("{ \"schemaVersion\": 1,")); // first, in document order
        QCOMPARE(j.value(QStringLiteral("schemaVersion")).toInt(), 1);
        QCOMPARE(str(j[QStringLiteral("repository")]), m_proxy.address() + QStringLiteral("/dlc/pytorch-training"));
        QCOMPARE(j[QStringLiteral("unresolved")].toArray().size(), 0);
        const QJsonArray fs = j[QStringLiteral("families")].toArray();
        QStringList order;
        for (const auto& f : fs)
            order << str(f.toObject()[QStringLiteral("digest")]);
        // DLC lines first (cpu < gpu; newest first, each twin after its image), then plain tags.
        QCOMPARE(order, QStringList({q(m_digest["cpu"]), q(m_digest["current"]), q(m_digest["current-twin"]),
                                     q(m_digest["older"]), q(m_digest["older-twin"]), q(m_digest["plain"]),
                                     q(m_digest["plain-twin"]), q(m_digest["nightly"])}));

        // Six tags, one image.
        const QJsonObject cur = fs[1].toObject();
        QCOMPARE(str(cur[QStringLiteral("kind")]), QStringLiteral("image"));
        QCOMPARE(str(cur[QStringLiteral("mediaType")]), QLatin1String(oci::mt::OciManifest.data()));
        QVERIFY(cur[QStringLiteral("size")].toInteger() > 0);
        const QJsonArray curTags = cur[QStringLiteral("tags")].toArray();
        QCOMPARE(curTags.size(), 6);
        QCOMPARE(str(curTags[0]), q(Line + "-v1.1-2024-07-01-10-00-00"));
        QVERIFY(cur[QStringLiteral("rolling")].toBool());
        QVERIFY(cur[QStringLiteral("pinned")].toBool());
        QVERIFY(cur[QStringLiteral("twinOf")].isNull());
        QCOMPARE(cur[QStringLiteral("sociTwins")].toArray(), QJsonArray({q(m_digest["current-twin"])}));
        QCOMPARE(str(cur[QStringLiteral("sociIndexVersion")]), QStringLiteral("unknown"));
        QVERIFY(str(cur[QStringLiteral("seenAt")]).endsWith(QLatin1Char('Z')));
        const QJsonObject dlc = cur[QStringLiteral("dlc")].toObject();
        QCOMPARE(str(dlc[QStringLiteral("line")]), q(Line));
        QCOMPARE(str(dlc[QStringLiteral("frameworkVersion")]), QStringLiteral("2.3.0"));
        QCOMPARE(str(dlc[QStringLiteral("device")]), QStringLiteral("gpu"));
        QCOMPARE(str(dlc[QStringLiteral("python")]), QStringLiteral("py311"));
        QCOMPARE(str(dlc[QStringLiteral("cuda")]), QStringLiteral("cu121"));
        QVERIFY(dlc[QStringLiteral("neuronSdk")].isNull());
        QCOMPARE(str(dlc[QStringLiteral("os")]), QStringLiteral("ubuntu20.04"));
        QCOMPARE(str(dlc[QStringLiteral("platform")]), QStringLiteral("sagemaker"));
        QCOMPARE(str(dlc[QStringLiteral("release")]), QStringLiteral("v1.1"));
        QCOMPARE(str(dlc[QStringLiteral("timestamp")]), QStringLiteral("2024-07-01-10-00-00"));
        QCOMPARE(dlc[QStringLiteral("extras")].toArray().size(), 0);

        // Its SOCI twin: an index whose tags are the same six plus -soci.
        const QJsonObject twin = fs[2].toObject();
        QCOMPARE(str(twin[QStringLiteral("kind")]), QStringLiteral("soci-twin"));
        QCOMPARE(str(twin[QStringLiteral("mediaType")]), QLatin1String(oci::mt::OciIndex.data()));
        QCOMPARE(twin[QStringLiteral("tags")].toArray().size(), 6);
        const QJsonObject twinOf = twin[QStringLiteral("twinOf")].toObject();
        QCOMPARE(str(twinOf[QStringLiteral("digest")]), q(m_digest["current"]));
        QCOMPARE(twinOf[QStringLiteral("tags")].toArray(), curTags);
        // The twin here is a plain index without SOCI artifacts: looked up, and none found.
        QCOMPARE(str(twin[QStringLiteral("sociIndexVersion")]), QStringLiteral("none"));

        // The older release: pinned only. The plain tags: no DLC fields.
        const QJsonObject older = fs[3].toObject();
        QVERIFY(!older[QStringLiteral("rolling")].toBool());
        QVERIFY(older[QStringLiteral("pinned")].toBool());
        QCOMPARE(str(older[QStringLiteral("dlc")].toObject()[QStringLiteral("release")]), QStringLiteral("v1.0"));
        QCOMPARE(str(fs[4].toObject()[QStringLiteral("twinOf")].toObject()[QStringLiteral("digest")]),
                 q(m_digest["older"]));
        const QJsonObject plain = fs[5].toObject();
        QVERIFY(plain[QStringLiteral("dlc")].isNull());
        QVERIFY(!plain[QStringLiteral("rolling")].toBool() && !plain[QStringLiteral("pinned")].toBool());
        QCOMPARE(plain[QStringLiteral("tags")].toArray(), QJsonArray({QStringLiteral("latest"), QStringLiteral("stable")}));
        QCOMPARE(str(fs[6].toObject()[QStringLiteral("twinOf")].toObject()[QStringLiteral("digest")]),
                 q(m_digest["plain"]));
        const QJsonObject cpu = fs[0].toObject();
        QCOMPARE(str(cpu[QStringLiteral("dlc")].toObject()[QStringLiteral("line")]), q(CpuLine));
        QVERIFY(cpu[QStringLiteral("dlc")].toObject()[QStringLiteral("cuda")].isNull());

        // The proxy saw: the listing in more than two pages, and one HEAD per
        // tag, never more than three at once.
        int listPages = 0;
        std::map<QString, int> heads;
        struct Span {
            double start, end;
        };
        std::vector<Span> spans;
        const QString prefix = QStringLiteral("/v2/dlc/pytorch-training/manifests/");
        for (const auto& v : proxyLog()) {
            const QJsonObject e = v.toObject();
            const QString path = str(e[QStringLiteral("path")]);
            if (str(e[QStringLiteral("method")]) == QLatin1String("GET") && path.contains(QLatin1String("/tags/list")))
                ++listPages;
            if (str(e[QStringLiteral("method")]) == QLatin1String("HEAD") && path.startsWith(prefix)) {
                ++heads[path.mid(prefix.size())];
                const double t = e[QStringLiteral("t")].toDouble();
                spans.push_back({t, t + e[QStringLiteral("ms")].toDouble() / 1000.0});
            }
        }
        QVERIFY2(listPages >= 5, qPrintable(QString::number(listPages)));
        QCOMPARE(heads.size(), m_allTags.size());
        for (const auto& t : m_allTags)
            QVERIFY2(heads[q(t)] == 1, t.c_str());
        // Peak overlap of the HEADs (ends pulled in by 5 ms: the log rounds to 1 ms).
        int peak = 0;
        for (const Span& s : spans) {
            const double at = s.start + 0.001;
            const int n = static_cast<int>(std::count_if(spans.begin(), spans.end(), [&](const Span& o) {
                return o.start <= at && at < o.end - 0.005;
            }));
            peak = std::max(peak, n);
        }
        QVERIFY2(peak <= 3, qPrintable(QString::number(peak)));
        QVERIFY2(peak >= 2, "HEAD requests should overlap");
    }

    void pagingDoesNotChangeTheResult()
    {
        QVERIFY(m_proxy.setRules(PagerRules));
        const auto paged = families(m_proxy.address(), {QStringLiteral("--json")});
        const auto direct = families(m_registry.address(), {QStringLiteral("--json")});
        QCOMPARE(paged.exitCode, 0);
        QCOMPARE(direct.exitCode, 0);
        QCOMPARE(withoutSeenAt(parseJson(paged.out)[QStringLiteral("families")].toArray()),
                 withoutSeenAt(parseJson(direct.out)[QStringLiteral("families")].toArray()));
    }

    void textOutput()
    {
        const auto r = families(m_registry.address());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList groups = QString::fromUtf8(r.out).split(QStringLiteral("\n\n"));
        QCOMPARE(groups.size(), 8);
        QVERIFY(groups[1].startsWith(q(m_digest["current"].substr(0, 19)) + QStringLiteral("  image  ") + q(Line) +
                                     QStringLiteral("  rolling  pinned\n")));
        QCOMPARE(groups[1].count(QLatin1Char('\n')), 6);
        QVERIFY(groups[2].contains(QStringLiteral("  soci-twin  ") + q(Line) + QStringLiteral("  twin of ") +
                                   q(m_digest["current"].substr(0, 19))));
        QVERIFY(groups[7].contains(QLatin1String("nightly")));
    }

    void unresolvedTagsAreListed()
    {
        // The registry loses "nightly" between the listing and its HEAD.
        QVERIFY(m_proxy.setRules("[{\"match\": {\"method\": \"HEAD\", \"path\": \"/manifests/nightly$\"}, "
                                 "\"every\": true, \"action\": {\"status\": 404, \"error_code\": "
                                 "\"MANIFEST_UNKNOWN\"}}]"));
        const auto r = families(m_proxy.address(), {QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = parseJson(r.out);
        QCOMPARE(j[QStringLiteral("families")].toArray().size(), 7);
        const QJsonArray un = j[QStringLiteral("unresolved")].toArray();
        QCOMPARE(un.size(), 1);
        QCOMPARE(str(un[0].toObject()[QStringLiteral("tag")]), QStringLiteral("nightly"));
        QCOMPARE(str(un[0].toObject()[QStringLiteral("error")].toObject()[QStringLiteral("code")]),
                 QStringLiteral("not-found"));
    }

    void layoutFolder()
    {
        const QString layout = q(m_tmp.path()) + QStringLiteral("/layout");
        for (const char* tag : {"latest", "stable", "nightly"})
            QCOMPARE(ctl({QStringLiteral("copy"), m_registry.address() + QStringLiteral("/dlc/pytorch-training:") + QLatin1String(tag),
                          QStringLiteral("oci:") + layout + QLatin1Char(':') + QLatin1String(tag)})
                         .exitCode,
                     0);
        const auto r = ctl({QStringLiteral("tags"), QStringLiteral("oci:") + layout, QStringLiteral("--families"),
                            QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray fs = parseJson(r.out)[QStringLiteral("families")].toArray();
        QCOMPARE(fs.size(), 2);
        QCOMPARE(fs[0].toObject()[QStringLiteral("tags")].toArray(),
                 QJsonArray({QStringLiteral("latest"), QStringLiteral("stable")}));
        QCOMPARE(str(fs[0].toObject()[QStringLiteral("digest")]), q(m_digest["plain"]));
    }

    void usageAndErrors()
    {
        QCOMPARE(ctl({QStringLiteral("tags"), m_registry.address() + QStringLiteral("/no/such"), QStringLiteral("--families")})
                     .exitCode,
                 2);
        QCOMPARE(families(m_registry.address(), {QStringLiteral("--parallel"), QStringLiteral("0")}).exitCode, 1);
        QCOMPARE(families(m_registry.address(), {QStringLiteral("--parallel"), QStringLiteral("x")}).exitCode, 1);
        QCOMPARE(ctl({QStringLiteral("tags"), m_registry.address() + QStringLiteral("/dlc/pytorch-training"),
                      QStringLiteral("--parallel"), QStringLiteral("2")})
                     .exitCode,
                 1);
        // Every HEAD refused: the command fails with the reason, not an empty list.
        QVERIFY(m_proxy.setRules("[{\"match\": {\"method\": \"HEAD\"}, \"every\": true, \"action\": "
                                 "{\"status\": 403, \"error_code\": \"DENIED\"}}]"));
        const auto denied = families(m_proxy.address(), {QStringLiteral("--json")});
        QCOMPARE(denied.exitCode, 3);
        QVERIFY2(denied.err.contains("\"auth\""), denied.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTagFamilies)
#include "test_tag_families.moc"
