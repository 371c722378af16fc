// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// `sociscopectl inventory --json` on an image in the real registry, made
// SOCI-enabled by `index convert`: a generated dpkg status, Python and
// conda packages, an RPM database made by rpm itself, CUDA files, among
// thousands of other files. Every package is listed with the file it came
// from, and the spans fetched are exactly those holding the files read.
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

#include <set>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QByteArray jsonString(const QString& s)
{
    QJsonArray a{s};
    const QByteArray doc = QJsonDocument(a).toJson(QJsonDocument::Compact);
    return doc.mid(1, doc.size() - 2);
}

// An RPM database made by rpm (two packages), or "" when rpm is not installed.
QString makeRpmDb(const QString& dir)
{
    if (QStandardPaths::findExecutable(QStringLiteral("rpmbuild")).isEmpty())
        return {};
    QDir().mkpath(dir + "/SPECS");
    QDir().mkpath(dir + "/db");
    for (const auto& [name, version] : {std::pair{"openssl-libs", "3.0.7"}, std::pair{"bash", "5.1.8"}}) {
        QFile spec(dir + "/SPECS/" + QLatin1String(name) + ".spec");
        spec.open(QIODevice::WriteOnly);
        spec.write("Name: " + QByteArray(name) + "\nVersion: " + version +
                   "\nRelease: 1.el9\nSummary: test\nLicense: MIT\nBuildArch: noarch\n%description\nx\n%files\n");
        spec.close();
        const auto r = run(QStringLiteral("rpmbuild"), {QStringLiteral("--define"), "_topdir " + dir, QStringLiteral("-bb"), spec.fileName()});
        if (r.exitCode != 0)
            return {};
    }
    QStringList args{QStringLiteral("--dbpath"), dir + "/db", QStringLiteral("-i"), QStringLiteral("--justdb"),
                     QStringLiteral("--nodeps"), QStringLiteral("--ignorearch")};
    QDirIterator it(dir + "/RPMS", {QStringLiteral("*.rpm")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        args << it.next();
    if (run(QStringLiteral("rpm"), {QStringLiteral("--dbpath"), dir + "/db", QStringLiteral("--initdb")}).exitCode != 0 ||
        run(QStringLiteral("rpm"), args).exitCode != 0)
        return {};
    // Fold the write-ahead log into the database file, as an image build would leave it.
    run(QStringLiteral("rpm"), {QStringLiteral("--dbpath"), dir + "/db", QStringLiteral("--rebuilddb")});
    return dir + "/db/rpmdb.sqlite";
}
} // namespace

class TestLazyInventory final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-lazy-inventory"};

private slots:
    void initTestCase() { QVERIFY2(m_registry.start(), qPrintable(m_registry.error())); }

    void inventoryFetchesOnlyTheFilesItReads()
    {
        const QString dir = q(m_tmp.path());
        // A dpkg status of 300 packages, with one that is not installed.
        QByteArray status;
        QSet<QString> debs;
        for (int i = 0; i < 300; ++i) {
            const QString name = QStringLiteral("pkg-%1").arg(i, 3, 10, QLatin1Char('0'));
            const QString version = QStringLiteral("%1.%2-%3").arg(i / 100).arg(i % 100).arg(i % 7);
            status += "Package: " + name.toUtf8() + "\nStatus: install ok " + (i == 150 ? "config-files" : "installed") +
                      "\nVersion: " + version.toUtf8() + "\nArchitecture: amd64\nDescription: generated " +
                      QByteArray::number(i) + "\n long description\n\n";
            if (i != 150)
                debs << name + " " + version;
        }
        QByteArray python;
        QSet<QString> pythons;
        for (int i = 0; i < 40; ++i) {
            const QString name = QStringLiteral("py-mod-%1").arg(i);
            const QString version = QStringLiteral("%1.0.%2").arg(i % 3 + 1).arg(i);
            const QString base = "usr/lib/python3.11/site-packages/" + name + "-" + version + ".dist-info";
            python += ",{\"path\": " + jsonString(base + "/METADATA") + ", \"data\": " +
                      jsonString("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: s\n\nlong text\n") +
                      "},{\"path\": " + jsonString(base + "/RECORD") + ", \"text\": 3000, \"seed\": " + QByteArray::number(i) + "}";
            pythons << name + " " + version;
        }
        const QString rpmDb = makeRpmDb(dir + "/rpm");
        const QByteArray rpmEntry =
            rpmDb.isEmpty() ? QByteArray() : ",{\"path\": \"var/lib/rpm/rpmdb.sqlite\", \"from\": " + jsonString(rpmDb) + "}";
        const QByteArray layers =
            "[{\"compression\": \"gzip\", \"entries\": ["
            "{\"path\": \"var/lib/dpkg/status\", \"data\": " + jsonString(QString::fromUtf8(status)) + "},"
            "{\"many\": 2000, \"prefix\": \"usr/share/doc/f-\", \"size\": 900, \"seed\": 1}," +
            "{\"path\": \"opt/big/noise\", \"random\": 3000000, \"seed\": 2}" + rpmEntry + "]},"
            "{\"compression\": \"gzip\", \"entries\": [{\"many\": 1500, \"prefix\": \"usr/lib/python3.11/site-packages/pkg/m-\", \"size\": 700, \"seed\": 3}" +
            python + ","
            "{\"path\": \"opt/conda/conda-meta/pytorch-2.3.1-py3.11_0.json\", \"data\": \"{\\\"name\\\": \\\"pytorch\\\", \\\"version\\\": \\\"2.3.1\\\", \\\"channel\\\": \\\"pytorch\\\"}\"},"
            "{\"path\": \"usr/local/cuda-12.1/version.json\", \"data\": \"{\\\"cuda\\\": {\\\"name\\\": \\\"CUDA SDK\\\", \\\"version\\\": \\\"12.1.1\\\"}}\"},"
            "{\"path\": \"usr/include/nccl.h\", \"data\": \"#define NCCL_MAJOR 2\\n#define NCCL_MINOR 18\\n#define NCCL_PATCH 1\\n\"},"
            "{\"path\": \"usr/local/cuda-12.1/lib64/libcudart.so.12.1.105\", \"random\": 2000000, \"seed\": 4}]}]";
        const QString layout = makeImage(dir, QStringLiteral("inv"), layers);
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + "/lazy/inventory";
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), dir + "/cache-setup");
        auto r = ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t"}, 120000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci", QStringLiteral("--span-size"),
                 QStringLiteral("65536"), QStringLiteral("--min-layer-size"), QStringLiteral("0")},
                120000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Which spans hold which file, from ls (another cache, so nothing is shared).
        r = ctl({QStringLiteral("ls"), repo + ":t-soci", QStringLiteral("/"), QStringLiteral("-R"), QStringLiteral("--json")}, 120000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto tree = lsTree(r.out);

        QProcessEnvironment fresh = env;
        fresh.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), dir + "/cache-inventory");
        r = ctl({QStringLiteral("inventory"), repo + ":t-soci", QStringLiteral("--json"), QStringLiteral("--stats")}, 120000, fresh);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out.value(QStringLiteral("schemaVersion")).toInt(), 1);
        QVERIFY(r.out.indexOf("schemaVersion") < r.out.indexOf("reference")); // schemaVersion first
        QSet<QString> gotDebs, gotPython, gotOther, read;
        for (const auto& v : out.value(QStringLiteral("packages")).toArray()) {
            const QJsonObject p = v.toObject();
            const QString nv = p.value(QStringLiteral("name")).toString() + " " + p.value(QStringLiteral("version")).toString();
            const QString kind = p.value(QStringLiteral("kind")).toString();
            const QString path = p.value(QStringLiteral("path")).toString();
            QVERIFY2(tree.count(path) || kind == QLatin1String("cuda"), qPrintable(path));
            if (kind == QLatin1String("deb")) {
                gotDebs << nv;
                QCOMPARE(path, QStringLiteral("/var/lib/dpkg/status"));
            } else if (kind == QLatin1String("python")) {
                gotPython << nv;
                QVERIFY(path.endsWith(QLatin1String(".dist-info/METADATA")));
            } else {
                gotOther << kind + " " + nv;
            }
            if (p.value(QStringLiteral("origin")).toString() != QLatin1String("library"))
                read << path;
        }
        QCOMPARE(gotDebs, debs);
        QCOMPARE(gotPython, pythons);
        QSet<QString> others{QStringLiteral("conda pytorch 2.3.1"), QStringLiteral("cuda cuda 12.1.1"),
                             QStringLiteral("cuda nccl 2.18.1"), QStringLiteral("cuda cudart 12.1.105")};
        if (!rpmDb.isEmpty())
            others += {QStringLiteral("rpm bash 5.1.8-1.el9"), QStringLiteral("rpm openssl-libs 3.0.7-1.el9")};
        else
            qInfo("rpm is not installed: the RPM part was not exercised");
        QCOMPARE(gotOther, others);
        QVERIFY(out.value(QStringLiteral("problems")).toArray().isEmpty());

        // Fetched: the zTOCs plus exactly the spans holding the files read.
        std::set<std::pair<int, int>> spans;
        for (const QString& path : read) {
            const QJsonObject e = tree.at(path);
            QVERIFY2(!e.value(QStringLiteral("firstSpan")).isNull(), qPrintable(path));
            for (int s = e.value(QStringLiteral("firstSpan")).toInt(); s <= e.value(QStringLiteral("lastSpan")).toInt(); ++s)
                spans.insert({e.value(QStringLiteral("layer")).toInt(), s});
        }
        const QJsonObject stats = out.value(QStringLiteral("stats")).toObject();
        QCOMPARE(stats.value(QStringLiteral("spansFetched")).toInteger(), static_cast<qint64>(spans.size()));
        QCOMPARE(stats.value(QStringLiteral("wholeLayerBytes")).toInteger(), 0);
        const auto n = [&](const char* k) { return stats.value(QLatin1String(k)).toInteger(); };
        QCOMPARE(n("networkBytes"), n("indexBytes") + n("ztocBytes") + n("spanBytes"));
        QVERIFY(n("spanBytes") < n("imageBytes") / 20);
        qInfo("inventory of a %lld-byte image of %lld files fetched %lld bytes of spans (%lld spans) and %lld of zTOCs",
              n("imageBytes"), static_cast<qint64>(tree.size()), n("spanBytes"), static_cast<qint64>(spans.size()),
              n("ztocBytes"));
    }
};

QTEST_GUILESS_MAIN(TestLazyInventory)
#include "test_lazy_inventory.moc"
