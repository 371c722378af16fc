// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscopectl diff and export-layer against the real registry (through the
// fault proxy, whose log shows what was fetched) and OCI layout folders.
#include "lazytest.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <set>
#include <tuple>

using namespace sociscope;
using namespace sociscope::test;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonObject obj(const QByteArray& b) { return QJsonDocument::fromJson(b).object(); }

// The shared bottom layer: a folder that B makes opaque, a file B deletes.
const QByteArray kBase =
    R"({"compression": "gzip", "entries": [
        {"path": "etc/os-release", "data": "ID=base\n"},
        {"path": "app", "type": "dir"},
        {"path": "app/keep", "data": "keep\n"},
        {"path": "app/del", "data": "delete me\n"},
        {"path": "app/opq", "type": "dir"},
        {"path": "app/opq/old1", "data": "old1\n"},
        {"path": "app/opq/old2", "data": "old2\n"},
        {"path": "usr/share/noise", "random": 200000, "seed": 1}]})";

// A's top layer. app/big comes first so that its spans are the same bytes in A and C.
QByteArray upperA(const QByteArray& samesize)
{
    return R"({"compression": "gzip", "entries": [
        {"path": "app/big", "random": 300000, "seed": 5},
        {"path": "app/pad", "random": 200000, "seed": 6},
        {"path": "app/changed", "data": "short\n"},
        {"path": "app/mode", "data": "m\n", "mode": 420},
        {"path": "app/link", "type": "symlink", "target": "keep"},
        {"path": "app/opq/a-only", "data": "a\n"},
        {"path": "var/lib/dpkg/status", "data": "Package: foo\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\n"},
        {"path": "app/samesize", "data": ")" + samesize + R"(\n"}]})";
}

// B's top layer: one change of each kind against A.
const QByteArray kUpperB =
    R"({"compression": "gzip", "entries": [
        {"path": "app/big", "random": 300000, "seed": 5},
        {"path": "app/pad", "random": 200000, "seed": 6},
        {"path": "app/changed", "data": "much longer now\n"},
        {"path": "app/mode", "data": "m\n", "mode": 493},
        {"path": "app/link", "type": "symlink", "target": "changed"},
        {"path": "app/added", "data": "new\n"},
        {"path": "app/.wh.del"},
        {"path": "app/opq/.wh..wh..opq"},
        {"path": "app/opq/new1", "data": "n\n"},
        {"path": "var/lib/dpkg/status", "data": "Package: foo\nStatus: install ok installed\nVersion: 1.1\nArchitecture: amd64\n\nPackage: bar\nStatus: install ok installed\nVersion: 2.0\nArchitecture: amd64\n\n"},
        {"path": "app/samesize", "data": "AAAAAAAA\n"}]})";

using Change = std::tuple<QString, QString, QStringList>; // path, change, fields

std::set<Change> changesOf(const QJsonObject& diff)
{
    std::set<Change> out;
    for (const auto& v : diff.value(QStringLiteral("changes")).toArray()) {
        const QJsonObject c = v.toObject();
        QStringList fields;
        for (const auto& f : c.value(QStringLiteral("fields")).toArray())
            fields << f.toString();
        out.insert({c.value(QStringLiteral("path")).toString(), c.value(QStringLiteral("change")).toString(), fields});
    }
    return out;
}

QString show(const std::set<Change>& s)
{
    QString out;
    for (const auto& [p, c, f] : s)
        out += c + " " + p + " [" + f.join(QLatin1Char(',')) + "]\n";
    return out;
}

QString sha256File(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return "sha256:" + QString::fromLatin1(h.result().toHex());
}

QJsonObject readBlobJson(const QString& layout, const QString& digest)
{
    QFile f(layout + "/blobs/sha256/" + digest.section(QLatin1Char(':'), 1));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return obj(f.readAll());
}

} // namespace

class TestCliDiff final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-diff"};
    QString m_layoutA, m_layoutZstd;
    QString m_baseZtoc, m_baseLayer, m_upperZtocA;
    int m_cacheNo = 0;

    QProcessEnvironment env()
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(m_tmp.path()) + "/cache-" + QString::number(++m_cacheNo));
        return e;
    }
    QString ref(const QString& tag) const { return m_proxy.address() + "/diff/img:" + tag; }
    RunResult diff(QStringList args)
    {
        args.prepend(QStringLiteral("diff"));
        return ctl(args, 120000, env());
    }
    QByteArray requests()
    {
        QByteArray paths;
        for (const auto& v : QJsonDocument::fromJson(m_proxy.log()).array())
            paths += v.toObject().value(QStringLiteral("method")).toString().toUtf8() + " " +
                     v.toObject().value(QStringLiteral("path")).toString().toUtf8() + "\n";
        return paths;
    }

    // Makes layout NAME from the layers, pushes it as diff/img:TAG and converts it to TAG-soci.
    QJsonObject pushAndConvert(const QString& name, const QByteArray& layers, const QString& tag)
    {
        const QString layout = makeImage(q(m_tmp.path()), name, layers);
        if (layout.isEmpty())
            return {};
        const QString repo = m_registry.address() + "/diff/img";
        if (ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":" + tag}).exitCode != 0)
            return {};
        const auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":" + tag, repo + ":" + tag + "-soci",
                            QStringLiteral("--span-size"), QStringLiteral("65536"), QStringLiteral("--min-layer-size"),
                            QStringLiteral("0"), QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        return obj(r.out).value(QStringLiteral("platforms")).toArray()[0].toObject();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const QJsonObject a = pushAndConvert(QStringLiteral("a"), "[" + kBase + "," + upperA("SAMESIZE") + "]", QStringLiteral("a"));
        const QJsonObject b = pushAndConvert(QStringLiteral("b"), "[" + kBase + "," + kUpperB + "]", QStringLiteral("b"));
        const QJsonObject c = pushAndConvert(QStringLiteral("c"), "[" + kBase + "," + upperA("SAMEsize") + "]", QStringLiteral("c"));
        QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
        const QJsonArray layers = a.value(QStringLiteral("layers")).toArray();
        QCOMPARE(layers.size(), 2);
        m_baseZtoc = layers[0].toObject().value(QStringLiteral("ztoc")).toObject().value(QStringLiteral("digest")).toString();
        m_baseLayer = layers[0].toObject().value(QStringLiteral("digest")).toString();
        m_upperZtocA = layers[1].toObject().value(QStringLiteral("ztoc")).toObject().value(QStringLiteral("digest")).toString();
        QVERIFY2(m_baseZtoc.startsWith(QLatin1String("sha256:")), qPrintable(QJsonDocument(a).toJson()));
        QVERIFY(m_upperZtocA.startsWith(QLatin1String("sha256:")));
        // The base layer is the same blob in all three images.
        QCOMPARE(b.value(QStringLiteral("layers")).toArray()[0].toObject().value(QStringLiteral("digest")).toString(), m_baseLayer);
        m_layoutA = q(m_tmp.path()) + "/a";
        m_layoutZstd = makeImage(q(m_tmp.path()), QStringLiteral("z"),
                                 "[" + kBase + R"(, {"compression": "zstd", "entries": [{"path": "z/file", "text": 100000}]}])");
        QVERIFY(!m_layoutZstd.isEmpty());
    }

    void init()
    {
        QVERIFY(m_proxy.reset());
        QVERIFY(m_proxy.setRules("[]"));
    }

    void listsExactlyTheChanges()
    {
        const auto r = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("b-soci")), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject d = obj(r.out);
        const std::set<Change> expected{
            {QStringLiteral("/app/added"), QStringLiteral("added"), {}},
            {QStringLiteral("/app/opq/new1"), QStringLiteral("added"), {}},
            {QStringLiteral("/app/del"), QStringLiteral("removed"), {}},
            {QStringLiteral("/app/opq/old1"), QStringLiteral("removed"), {}},
            {QStringLiteral("/app/opq/old2"), QStringLiteral("removed"), {}},
            {QStringLiteral("/app/opq/a-only"), QStringLiteral("removed"), {}},
            {QStringLiteral("/app/changed"), QStringLiteral("changed"), {QStringLiteral("size")}},
            {QStringLiteral("/var/lib/dpkg/status"), QStringLiteral("changed"), {QStringLiteral("size")}},
            {QStringLiteral("/app/mode"), QStringLiteral("changed"), {QStringLiteral("mode")}},
            {QStringLiteral("/app/link"), QStringLiteral("changed"), {QStringLiteral("target")}},
            {QStringLiteral("/app/samesize"), QStringLiteral("unknown"), {}},
            // Same bytes in both, but its last span also holds the start of
            // app/changed, which differs: not known without reading.
            {QStringLiteral("/app/pad"), QStringLiteral("unknown"), {}},
        };
        const auto got = changesOf(d);
        QVERIFY2(got == expected, qPrintable("got:\n" + show(got) + "expected:\n" + show(expected)));
        QCOMPARE(d.value(QStringLiteral("sharedLayers")).toInt(), 1);
        // B adds a file A's top layer does not name: only the base can say whether it is new.
        QVERIFY(d.value(QStringLiteral("sharedLayersRead")).toBool());
        for (const auto& v : d.value(QStringLiteral("changes")).toArray()) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("path")) == QLatin1String("/app/link")) {
                QCOMPARE(c.value(QStringLiteral("a")).toObject().value(QStringLiteral("linkTarget")).toString(), QStringLiteral("keep"));
                QCOMPARE(c.value(QStringLiteral("b")).toObject().value(QStringLiteral("linkTarget")).toString(), QStringLiteral("changed"));
            }
            if (c.value(QStringLiteral("path")) == QLatin1String("/app/mode")) {
                QCOMPARE(c.value(QStringLiteral("a")).toObject().value(QStringLiteral("mode")).toInt(), 0644);
                QCOMPARE(c.value(QStringLiteral("b")).toObject().value(QStringLiteral("mode")).toInt(), 0755);
            }
        }
        const QJsonObject s = d.value(QStringLiteral("summary")).toObject();
        QCOMPARE(s.value(QStringLiteral("added")).toInt(), 2);
        QCOMPARE(s.value(QStringLiteral("removed")).toInt(), 4);

        // The same in text, one line per path, and a subtree only.
        const auto t = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("b-soci")), QStringLiteral("/app/opq")});
        QVERIFY2(t.exitCode == 0, t.err.constData());
        QCOMPARE(t.out, QByteArray("D /app/opq/a-only\nA /app/opq/new1\nD /app/opq/old1\nD /app/opq/old2\n"));
        QVERIFY2(t.err.contains("1 added, 3 removed"), t.err.constData());
    }

    void inventoryChanges()
    {
        const auto r = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("b-soci")), QStringLiteral("--inventory"),
                             QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        std::set<std::tuple<QString, QString, QString, QString>> got;
        for (const auto& v : obj(r.out).value(QStringLiteral("packages")).toArray()) {
            const QJsonObject p = v.toObject();
            got.insert({p.value(QStringLiteral("change")).toString(), p.value(QStringLiteral("name")).toString(),
                        p.value(QStringLiteral("versionsA")).toArray().toVariantList().value(0).toString(),
                        p.value(QStringLiteral("versionsB")).toArray().toVariantList().value(0).toString()});
        }
        const std::set<std::tuple<QString, QString, QString, QString>> expected{
            {QStringLiteral("changed"), QStringLiteral("foo"), QStringLiteral("1.0"), QStringLiteral("1.1")},
            {QStringLiteral("added"), QStringLiteral("bar"), QString(), QStringLiteral("2.0")}};
        QVERIFY(got == expected);
    }

    void contentFindsTheSameSizeChange()
    {
        // Without --content: app/big is known equal from its span digests; the
        // small files after it share a span with the change, so they are unknown.
        auto r = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("c-soci")), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto got = changesOf(obj(r.out));
        for (const auto& [path, change, fields] : got) {
            QVERIFY2(change == QLatin1String("unknown"), qPrintable(show(got)));
            QVERIFY(path != QLatin1String("/app/big"));
        }
        QVERIFY(got.count({QStringLiteral("/app/samesize"), QStringLiteral("unknown"), {}}));
        // With --content only the real change is left.
        r = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("c-soci")), QStringLiteral("--content"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject d = obj(r.out);
        got = changesOf(d);
        const std::set<Change> expected{{QStringLiteral("/app/samesize"), QStringLiteral("changed"), {QStringLiteral("content")}}};
        QVERIFY2(got == expected, qPrintable(show(got)));
        QCOMPARE(d.value(QStringLiteral("changes")).toArray()[0].toObject().value(QStringLiteral("content")).toString(),
                 QStringLiteral("differs"));
        QVERIFY(d.value(QStringLiteral("contentBytesRead")).toInt() > 0);
        QVERIFY(d.value(QStringLiteral("summary")).toObject().value(QStringLiteral("same")).toInt() >= 4);
    }

    void sharedLayersCostNoZtocFetch()
    {
        // A and C name the same paths in their top layers: the base is never read.
        const auto r = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("c-soci")), QStringLiteral("--json"),
                             QStringLiteral("--stats")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject d = obj(r.out);
        QVERIFY(!d.value(QStringLiteral("sharedLayersRead")).toBool());
        QVERIFY(d.value(QStringLiteral("stats")).toObject().value(QStringLiteral("a")).toObject().value(QStringLiteral("ztocBytes")).toInt() > 0);
        const QByteArray log = requests();
        QVERIFY2(log.contains(m_upperZtocA.toUtf8()), log.constData());
        QVERIFY2(!log.contains(m_baseZtoc.toUtf8()), log.constData());
        QVERIFY2(!log.contains(m_baseLayer.toUtf8()), log.constData());
    }

    void selfDiffFetchesOnlyManifests()
    {
        const auto r = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("a-soci")), QStringLiteral("--json"),
                             QStringLiteral("--exit-code")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject d = obj(r.out);
        QVERIFY(d.value(QStringLiteral("sameImage")).toBool());
        QVERIFY(d.value(QStringLiteral("changes")).toArray().isEmpty());
        const QByteArray log = requests();
        QVERIFY(!log.isEmpty());
        for (const auto& line : log.split('\n'))
            if (!line.isEmpty())
                QVERIFY2(line.contains("/manifests/") || line.endsWith("/v2/"), log.constData());
        // --exit-code: 1 when they differ.
        const auto differ = diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("b-soci")), QStringLiteral("--exit-code"),
                                  QStringLiteral("-q")});
        QCOMPARE(differ.exitCode, 1);
        QVERIFY(differ.out.contains("A /app/added\n"));
    }

    void badArguments()
    {
        QCOMPARE(diff({ref(QStringLiteral("a-soci"))}).exitCode, 1);
        QCOMPARE(diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("b-soci")), QStringLiteral("relative")}).exitCode, 1);
        QCOMPARE(diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("nope"))}).exitCode, 2);
        QCOMPARE(diff({ref(QStringLiteral("a-soci")), ref(QStringLiteral("b-soci")), QStringLiteral("/no/such/path")}).exitCode, 2);
    }

    void exportVerifiedAgainstDigestAndDiffId()
    {
        const QString out = q(m_tmp.path()) + "/export";
        QVERIFY(QDir().mkpath(out));
        const QJsonObject manifest = readBlobJson(
            m_layoutA, obj([&] {
                QFile f(m_layoutA + "/index.json");
                return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
            }()).value(QStringLiteral("manifests")).toArray()[0].toObject().value(QStringLiteral("digest")).toString());
        const QJsonObject config = readBlobJson(m_layoutA, manifest.value(QStringLiteral("config")).toObject().value(QStringLiteral("digest")).toString());
        const QString layer1 = manifest.value(QStringLiteral("layers")).toArray()[1].toObject().value(QStringLiteral("digest")).toString();
        const QString diffId1 = config.value(QStringLiteral("rootfs")).toObject().value(QStringLiteral("diff_ids")).toArray()[1].toString();

        // From the registry, by number: the blob as stored.
        auto r = ctl({QStringLiteral("export-layer"), ref(QStringLiteral("a")), QStringLiteral("1"), QStringLiteral("-o"), out + "/l1.tar.gz"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256File(out + "/l1.tar.gz"), layer1);
        // By digest prefix, uncompressed: what gzip -dc makes of it, and the diff_id.
        r = ctl({QStringLiteral("export-layer"), ref(QStringLiteral("a")), layer1.mid(7, 12), QStringLiteral("-o"), out + "/l1.tar",
                 QStringLiteral("--uncompressed"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256File(out + "/l1.tar"), diffId1);
        QCOMPARE(obj(r.out).value(QStringLiteral("verifiedDigest")).toString(), diffId1);
        const auto gz = run(QStringLiteral("sh"), {QStringLiteral("-c"), "gzip -dc '" + out + "/l1.tar.gz' | sha256sum"});
        QCOMPARE(gz.out.left(64), diffId1.mid(7).toUtf8());
        // An existing file is kept unless --force.
        r = ctl({QStringLiteral("export-layer"), ref(QStringLiteral("a")), QStringLiteral("0"), QStringLiteral("-o"), out + "/l1.tar"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(sha256File(out + "/l1.tar"), diffId1);

        // A zstd layer from a layout folder, uncompressed.
        const QJsonObject zman = readBlobJson(m_layoutZstd, obj([&] {
                                                  QFile f(m_layoutZstd + "/index.json");
                                                  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                                              }()).value(QStringLiteral("manifests")).toArray()[0].toObject().value(QStringLiteral("digest")).toString());
        const QJsonObject zconf = readBlobJson(m_layoutZstd, zman.value(QStringLiteral("config")).toObject().value(QStringLiteral("digest")).toString());
        r = ctl({QStringLiteral("export-layer"), "oci:" + m_layoutZstd + ":t", QStringLiteral("1"), QStringLiteral("-o"),
                 out + "/z.tar", QStringLiteral("--uncompressed")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256File(out + "/z.tar"), zconf.value(QStringLiteral("rootfs")).toObject().value(QStringLiteral("diff_ids")).toArray()[1].toString());

        // A tampered blob: integrity error, nothing left behind.
        const QString zlayer = zman.value(QStringLiteral("layers")).toArray()[1].toObject().value(QStringLiteral("digest")).toString();
        QFile blob(m_layoutZstd + "/blobs/sha256/" + zlayer.mid(7));
        QVERIFY(blob.open(QIODevice::ReadWrite));
        QByteArray bytes = blob.readAll();
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
        QVERIFY(blob.seek(0));
        QCOMPARE(blob.write(bytes), bytes.size());
        blob.close();
        const QString bad = q(m_tmp.path()) + "/bad";
        QVERIFY(QDir().mkpath(bad));
        for (const bool uncompressed : {false, true}) {
            QStringList args{QStringLiteral("export-layer"), "oci:" + m_layoutZstd + ":t", zlayer, QStringLiteral("-o"), bad + "/z"};
            if (uncompressed)
                args << QStringLiteral("--uncompressed");
            r = ctl(args);
            QCOMPARE(r.exitCode, 5);
            QVERIFY(QDir(bad).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
        }
        // No such layer.
        QCOMPARE(ctl({QStringLiteral("export-layer"), ref(QStringLiteral("a")), QStringLiteral("7"), QStringLiteral("-o"), bad + "/x"}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliDiff)
#include "test_cli_diff.moc"
