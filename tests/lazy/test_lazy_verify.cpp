// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Nothing of a layer leaves the process before its zTOC is verified, and no
// zTOC byte is fetched twice: a real registry, behind the fault proxy when a
// zTOC must arrive tampered.
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QJsonDocument>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// Layer 0 has many spans (its checkpoints dwarf its file list, so a preview
// skips them); layer 1 is small. Both get a zTOC.
const char* const kLayers =
    "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"data/noise\",\"random\":3000000,\"seed\":61},"
    "{\"path\":\"data/text\",\"text\":1000000,\"seed\":62},{\"many\":150,\"prefix\":\"data/small/f\",\"size\":700,\"seed\":63},"
    "{\"path\":\"etc/os-release\",\"data\":\"ID=verify\\n\"}]},"
    " {\"compression\":\"gzip\",\"entries\":[{\"path\":\"usr/share/upper\",\"text\":40000,\"seed\":64}]}]";
} // namespace

class TestLazyVerify final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-lazyverify"};
    std::vector<ZtocBlob> m_ztocs;
    qint64 m_ztocTotal = 0;
    int m_cacheNo = 0;

    QString freshCache() { return q(m_tmp.path()) + "/cache-" + QString::number(++m_cacheNo); }
    QProcessEnvironment env(const QString& cache) const
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), cache);
        e.insert(QStringLiteral("SOCISCOPE_RETRY_BASE_MS"), QStringLiteral("10"));
        return e;
    }
    QString direct() const { return m_registry.address() + "/verify/img:t-soci"; }
    QString viaProxy() const { return m_proxy.address() + "/verify/img:t-soci"; }

    // Every answer for layer 0's zTOC has its byte `offset` xor-ed with `bits`
    // (range answers too, wherever they start); onlyRanges leaves whole answers intact.
    bool corruptZtoc(qint64 offset, int bits, bool onlyRanges)
    {
        const QByteArray header = onlyRanges ? ",\"header\":{\"Range\":\"^bytes=\"}" : "";
        return m_proxy.setRules("[{\"match\":{\"path\":\"" + m_ztocs[0].digest.toUtf8() + "\"" + header +
                                "},\"every\":true,\"action\":{\"corrupt_blob\":{\"offset\":" +
                                QByteArray::number(offset) + ",\"xor\":" + QByteArray::number(bits) + "}}}]");
    }

    static QJsonObject statsOf(const QByteArray& json)
    {
        return QJsonDocument::fromJson(json).object().value(QStringLiteral("stats")).toObject();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const QString layout = makeImage(q(m_tmp.path()), QStringLiteral("img"), kLayers);
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + "/verify/img";
        QCOMPARE(ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t"}).exitCode, 0);
        const auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
                            QStringLiteral("--span-size"), QStringLiteral("131072"), QStringLiteral("--min-layer-size"),
                            QStringLiteral("0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ztocs = ztocsOf(direct());
        QCOMPARE(m_ztocs.size(), size_t(2));
        for (const auto& z : m_ztocs) {
            QCOMPARE(storedBlob(m_registry, z.digest).size(), z.size);
            m_ztocTotal += z.size;
        }
    }

    void init()
    {
        QVERIFY(m_proxy.reset());
        QVERIFY(m_proxy.setRules("[]"));
    }

    // ls -R needs every zTOC once: the zTOC bytes are their sizes, the
    // network bytes at most the floor; a second ls fetches no zTOC at all.
    void lsFetchesEachZtocOnce()
    {
        const QString cache = freshCache();
        auto r = ctl({QStringLiteral("ls"), direct(), QStringLiteral("-R"), QStringLiteral("--stats"),
                      QStringLiteral("--json")}, 60000, env(cache));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(lsTree(r.out).count(QStringLiteral("/etc/os-release")));
        QJsonObject s = statsOf(r.out);
        QCOMPARE(s.value(QStringLiteral("ztocBytes")).toInteger(), m_ztocTotal);
        QCOMPARE(s.value(QStringLiteral("ztocFloorBytes")).toInteger(), m_ztocTotal);
        QCOMPARE(s.value(QStringLiteral("wholeLayerFloorBytes")).toInteger(), 0);
        QVERIFY(s.value(QStringLiteral("networkBytes")).toInteger() <= s.value(QStringLiteral("floorBytes")).toInteger());
        // Text stats name the floor too.
        r = ctl({QStringLiteral("ls"), direct(), QStringLiteral("--stats")}, 60000, env(cache));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("floor "), r.err.constData());
        r = ctl({QStringLiteral("ls"), direct(), QStringLiteral("-R"), QStringLiteral("--stats"), QStringLiteral("--json")},
                60000, env(cache));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(statsOf(r.out).value(QStringLiteral("ztocBytes")).toInteger(), 0);
    }

    // A preview reads the TOC regions only; verifying it fetches only the
    // rest, and the preview turns out to be the verified tree.
    void previewThenVerifyFetchesNoByteTwice()
    {
        auto img = openLazy(m_registry.addr(), "verify/img", "t-soci", freshCache().toStdString());
        QVERIFY(img);
        auto preview = img->previewTree();
        QVERIFY2(preview.ok(), preview.ok() ? "" : preview.error().text().c_str());
        QVERIFY(!img->isVerified(**preview));
        const auto previewBytes = img->stats().ztocBytes.load();
        QVERIFY2(previewBytes < static_cast<std::uint64_t>(m_ztocTotal), "the preview skipped no checkpoints");
        auto tree = img->tree();
        QVERIFY2(tree.ok(), tree.ok() ? "" : tree.error().text().c_str());
        QCOMPARE(img->stats().ztocBytes.load(), static_cast<std::uint64_t>(m_ztocTotal));
        QCOMPARE(img->floor().ztocBytes, static_cast<std::uint64_t>(m_ztocTotal));
        QVERIFY(tree->get() == preview->get());
        QVERIFY(img->isVerified(**preview));
        auto ino = (*tree)->resolve("/etc/os-release", true);
        QVERIFY(ino.ok());
        auto data = img->read(**tree, *ino, 0, 100);
        QVERIFY(data.ok());
        QCOMPARE(*data, std::string("ID=verify\n"));
    }

    // Checkpoints that arrive corrupted in their range answer: the zTOC is
    // fetched whole once, and the preview (its bytes were right) stands.
    void corruptCheckpointsAreFetchedWholeOnce()
    {
        QVERIFY(corruptZtoc(m_ztocs[0].size / 2, 1, true));
        auto img = openLazy(m_proxy.addr(), "verify/img", "t-soci", freshCache().toStdString());
        QVERIFY(img);
        auto preview = img->previewTree();
        QVERIFY2(preview.ok(), preview.ok() ? "" : preview.error().text().c_str());
        auto tree = img->tree();
        QVERIFY2(tree.ok(), tree.ok() ? "" : tree.error().text().c_str());
        QVERIFY(tree->get() == preview->get());
        const auto fetched = img->stats().ztocBytes.load();
        QVERIFY2(fetched > static_cast<std::uint64_t>(m_ztocTotal) &&
                     fetched <= static_cast<std::uint64_t>(m_ztocTotal + m_ztocs[0].size),
                 qPrintable(QString::number(fetched)));
    }

    // One byte of a file name changed in the zTOC, on every fetch: no command
    // prints it (or anything of the image), each exits 5.
    void tamperedNameIsNeverShown()
    {
        const QByteArray blob = storedBlob(m_registry, m_ztocs[0].digest);
        const qint64 at = blob.indexOf("os-release");
        QVERIFY(at > 0);
        QCOMPARE(blob.indexOf("os-release", at + 1), -1);
        QVERIFY(corruptZtoc(at, 0x20, false)); // "os-release" -> "Os-release"
        const QList<QStringList> commands = {
            {QStringLiteral("ls"), viaProxy()},
            {QStringLiteral("ls"), viaProxy(), QStringLiteral("--json")},
            {QStringLiteral("ls"), viaProxy(), QStringLiteral("-R")},
            {QStringLiteral("ls"), viaProxy(), QStringLiteral("-R"), QStringLiteral("--json")},
            {QStringLiteral("ls"), viaProxy(), QStringLiteral("/etc"), QStringLiteral("--layer"), QStringLiteral("0")},
            {QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/os-release")},
            {QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/Os-release")},
            {QStringLiteral("inventory"), viaProxy(), QStringLiteral("--json")},
            {QStringLiteral("extract"), viaProxy(), QStringLiteral("/etc"), QStringLiteral("-o"), q(m_tmp.path()) + "/out"},
        };
        for (const auto& c : commands) {
            const auto r = ctl(c, 60000, env(freshCache()));
            const QByteArray what = c.join(QLatin1Char(' ')).toUtf8();
            QVERIFY2(r.exitCode == 5, what + ": exit " + QByteArray::number(r.exitCode) + "\n" + r.err);
            QVERIFY2(r.out.isEmpty(), what + " printed: " + r.out);
            QVERIFY2(!r.err.contains("Os-release"), what + ": " + r.err);
            QVERIFY2(r.err.contains("digest"), what + ": " + r.err);
        }
        QVERIFY(!QFileInfo::exists(q(m_tmp.path()) + "/out/etc"));

        // In process: the preview shows what arrived (marked unverified); the
        // verified tree, a layer's tree and reads through the preview refuse.
        auto img = openLazy(m_proxy.addr(), "verify/img", "t-soci", freshCache().toStdString());
        QVERIFY(img);
        auto preview = img->previewTree();
        QVERIFY2(preview.ok(), preview.ok() ? "" : preview.error().text().c_str());
        QVERIFY((*preview)->resolve("/etc/Os-release", false).ok());
        QVERIFY(!img->isVerified(**preview));
        auto tree = img->tree();
        QVERIFY(!tree.ok());
        QCOMPARE(tree.error().code, ErrorCode::Integrity);
        auto ino = (*preview)->resolve("/etc/Os-release", false);
        auto read = img->read(**preview, *ino, 0, 10);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, ErrorCode::Integrity);
        auto layer = img->layerTree(0);
        QVERIFY(!layer.ok());
        QCOMPARE(layer.error().code, ErrorCode::Integrity);
    }
};

QTEST_GUILESS_MAIN(TestLazyVerify)
#include "test_lazy_verify.moc"
