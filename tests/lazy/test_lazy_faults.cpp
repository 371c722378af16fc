// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Lazy reads when things go wrong: corrupted zTOCs and spans, resets, a cache
// shared by two processes, corrupt cache files, eviction, offline re-opening,
// hostile layers, and 32 threads reading at once.
#include "fs/extract.h"
#include "lazytest.h"
#include "oci/digest.h"
#include "testenv.h"
#include "util/files.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QtTest>

#include <random>
#include <thread>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

const char* const kLayers =
    "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"data/noise\",\"random\":3000000,\"seed\":21},"
    "{\"path\":\"data/text\",\"text\":2000000,\"seed\":22},{\"many\":200,\"prefix\":\"data/small/f\",\"size\":900,\"seed\":23},"
    "{\"path\":\"etc/os-release\",\"data\":\"ID=faults\\n\"}]}]";
} // namespace

class TestLazyFaults final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-lazyfaults"};
    QString m_layout;
    std::map<QString, QJsonObject> m_oracle;
    QString m_ztocDigest;
    int m_cacheNo = 0;

    QProcessEnvironment env(const QString& cache)
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), cache);
        e.insert(QStringLiteral("SOCISCOPE_RETRY_BASE_MS"), QStringLiteral("10"));
        return e;
    }
    QString freshCache() { return q(m_tmp.path()) + "/cache-" + QString::number(++m_cacheNo); }
    QString viaProxy() const { return m_proxy.address() + "/faults/img:t-soci"; }
    QString sha(const QString& path) const { return m_oracle.at(path).value(QStringLiteral("sha256")).toString(); }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("the GNU tar oracle needs root");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        m_layout = makeImage(q(m_tmp.path()), QStringLiteral("img"), kLayers);
        QVERIFY(!m_layout.isEmpty());
        const QString repo = m_registry.address() + "/faults/img";
        QCOMPARE(ctl({QStringLiteral("copy"), "oci:" + m_layout + ":t", repo + ":t"}).exitCode, 0);
        const auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
                            QStringLiteral("--span-size"), QStringLiteral("262144"), QStringLiteral("--min-layer-size"),
                            QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ztocDigest = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("platforms")).toArray()[0].toObject()
                           .value(QStringLiteral("layers")).toArray()[0].toObject().value(QStringLiteral("ztoc")).toObject()
                           .value(QStringLiteral("digest")).toString();
        QVERIFY(m_ztocDigest.startsWith(QLatin1String("sha256:")));
        m_oracle = oracleTree(m_layout, QStringLiteral("t"), q(m_tmp.path()) + "/rootfs");
        QVERIFY(m_oracle.count(QStringLiteral("/data/noise")));
    }

    void init()
    {
        QVERIFY(m_proxy.reset());
        QVERIFY(m_proxy.setRules("[]"));
    }

    void corruptZtocOnceIsRefetched()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"" + m_ztocDigest.toUtf8() +
                                 "\"},\"nth\":[1],\"action\":{\"corrupt\":{\"offset\":100,\"xor\":255}}}]"));
        const auto r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/os-release")}, 60000, env(freshCache()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("ID=faults\n"));
    }

    void corruptZtocAlwaysIsReported()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"" + m_ztocDigest.toUtf8() +
                                 "\"},\"every\":true,\"action\":{\"corrupt\":{\"offset\":100,\"xor\":255}}}]"));
        const auto r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/os-release")}, 60000, env(freshCache()));
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.out.isEmpty()); // never wrong bytes
        QVERIFY2(r.err.contains("digest"), r.err.constData());
    }

    void corruptSpanIsRefetchedOrReported()
    {
        // Ranges of the layer (spans) are corrupted once: refetched, right bytes.
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"bytes=[1-9]\"}},\"nth\":[1],"
                                 "\"action\":{\"corrupt\":{\"offset\":10,\"xor\":1}}}]"));
        auto r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/data/noise")}, 60000, env(freshCache()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256Hex(r.out.toStdString()), sha(QStringLiteral("/data/noise")));
        // Always corrupted: exit 5 and nothing on stdout.
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"bytes=[1-9]\"}},\"every\":true,"
                                 "\"action\":{\"corrupt\":{\"offset\":10,\"xor\":1}}}]"));
        r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/data/noise")}, 60000, env(freshCache()));
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.out.isEmpty());
    }

    void resetsAndTruncationRecover()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"bytes=\"}},\"nth\":[2,4],"
                                 "\"action\":{\"reset_after_bytes\":5000}},"
                                 "{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"bytes=\"}},\"nth\":[3],"
                                 "\"action\":{\"truncate_after_bytes\":7000}}]"));
        const auto r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/data/text")}, 60000, env(freshCache()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256Hex(r.out.toStdString()), sha(QStringLiteral("/data/text")));
    }

    void twoProcessesShareTheCache()
    {
        const QString cache = freshCache();
        QProcess a, b;
        for (QProcess* p : {&a, &b}) {
            p->setProcessEnvironment(env(cache));
            p->start(q(binDir()) + "/sociscopectl", {QStringLiteral("cat"), m_registry.address() + "/faults/img:t-soci",
                                                     QStringLiteral("/data/noise")});
        }
        for (QProcess* p : {&a, &b}) {
            QVERIFY(p->waitForFinished(60000));
            QCOMPARE(p->exitCode(), 0);
            QCOMPARE(sha256Hex(p->readAllStandardOutput().toStdString()), sha(QStringLiteral("/data/noise")));
        }
        // No temporary files left behind.
        QDirIterator it(cache, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            QVERIFY2(!it.next().contains(QLatin1String(".tmp-")), qPrintable(it.filePath()));
    }

    void corruptCacheFileIsDroppedAndRefetched()
    {
        const QString cache = freshCache();
        const QString ref = m_registry.address() + "/faults/img:t-soci";
        QCOMPARE(ctl({QStringLiteral("cat"), ref, QStringLiteral("/data/noise")}, 60000, env(cache)).exitCode, 0);
        int damaged = 0;
        QDirIterator it(cache + "/spans", QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadWrite));
            if (damaged % 2 == 0) {
                f.seek(f.size() / 2);
                f.write("X");
            } else {
                f.resize(f.size() / 3); // truncated
            }
            ++damaged;
        }
        QVERIFY(damaged > 1);
        const auto r = ctl({QStringLiteral("cat"), ref, QStringLiteral("/data/noise"), QStringLiteral("--stats")}, 60000, env(cache));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(sha256Hex(r.out.toStdString()), sha(QStringLiteral("/data/noise")));
        QVERIFY2(r.err.contains("spans fetched"), r.err.constData());
    }

    void evictionUnderATinyCap()
    {
        const QString cache = freshCache();
        const QString ref = m_registry.address() + "/faults/img:t-soci";
        QCOMPARE(ctl({QStringLiteral("cat"), ref, QStringLiteral("/data/noise")}, 60000, env(cache)).exitCode, 0);
        auto r = ctl({QStringLiteral("cache"), QStringLiteral("prune"), QStringLiteral("--max-size"), QStringLiteral("300000"),
                      QStringLiteral("--json")},
                     60000, env(cache));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject u = QJsonDocument::fromJson(r.out).object();
        QVERIFY(u.value(QStringLiteral("spanBytes")).toInteger() + u.value(QStringLiteral("blobBytes")).toInteger() +
                    u.value(QStringLiteral("localBytes")).toInteger() <= 300000);
        // Still readable: evicted spans come back from the registry.
        r = ctl({QStringLiteral("cat"), ref, QStringLiteral("/data/noise")}, 60000, env(cache));
        QCOMPARE(sha256Hex(r.out.toStdString()), sha(QStringLiteral("/data/noise")));
        // The cap also applies while writing.
        QProcessEnvironment small = env(freshCache());
        small.insert(QStringLiteral("SOCISCOPE_CACHE_MAX_BYTES"), QStringLiteral("600000"));
        r = ctl({QStringLiteral("cat"), ref, QStringLiteral("/data/text")}, 60000, small);
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("cache"), QStringLiteral("info"), QStringLiteral("--json")}, 60000, small);
        QVERIFY(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("spanBytes")).toInteger() <= 600000 + 262144 * 2);
        QCOMPARE(ctl({QStringLiteral("cache"), QStringLiteral("clear")}, 60000, small).exitCode, 0);
    }

    void offlineReopen()
    {
        RegistryServer offline;
        QVERIFY(offline.start());
        const QString repo = offline.address() + "/off/img";
        QCOMPARE(ctl({QStringLiteral("copy"), "oci:" + m_layout + ":t", repo + ":t"}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci", QStringLiteral("--min-layer-size"),
                      QStringLiteral("0")}).exitCode, 0);
        const QString cache = freshCache();
        QCOMPARE(ctl({QStringLiteral("cat"), repo + ":t-soci", QStringLiteral("/etc/os-release")}, 60000, env(cache)).exitCode, 0);
        offline.stop();
        auto e = env(cache);
        e.insert(QStringLiteral("SOCISCOPE_RETRY_ATTEMPTS"), QStringLiteral("1"));
        auto r = ctl({QStringLiteral("cat"), repo + ":t-soci", QStringLiteral("/etc/os-release")}, 60000, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("ID=faults\n"));
        r = ctl({QStringLiteral("ls"), repo + ":t-soci", QStringLiteral("/data"), QStringLiteral("--json")}, 60000, e);
        QCOMPARE(r.exitCode, 0);
        // A file whose spans were never fetched cannot be read offline: a clean network error.
        r = ctl({QStringLiteral("cat"), repo + ":t-soci", QStringLiteral("/data/noise")}, 60000, e);
        QCOMPARE(r.exitCode, 4);
    }

    void hostileLayers()
    {
        const QString dir = q(m_tmp.path()) + "/hostile";
        QDir().mkpath(dir);
        const QString layout = makeImage(dir, QStringLiteral("evil"),
            "[{\"compression\":\"gzip\",\"format\":\"gnu\",\"entries\":["
            "{\"path\":\"../../escaped-dotdot\",\"data\":\"x\"},{\"path\":\"/abs/escaped\",\"data\":\"x\"},"
            "{\"path\":\"ok/file\",\"data\":\"fine\\n\"},{\"path\":\"ok/up\",\"type\":\"symlink\",\"target\":\"../../../../etc\"},"
            "{\"path\":\"ok/abs\",\"type\":\"symlink\",\"target\":\"/etc/passwd\"},{\"path\":\"ok/inside\",\"type\":\"symlink\",\"target\":\"file\"},"
            "{\"path\":\"ok/up/passwd\",\"data\":\"through the symlink\\n\"}]}]");
        QVERIFY(!layout.isEmpty());
        const QString out = dir + "/target";
        QDir().mkpath(out);
        const auto r = ctl({QStringLiteral("extract"), "oci:" + layout + ":t", QStringLiteral("/"), QStringLiteral("-o"), out,
                            QStringLiteral("--json")},
                           60000, env(freshCache()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray skipped = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("skipped")).toArray();
        QStringList skippedPaths;
        for (const auto& s : skipped)
            skippedPaths << s.toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(skippedPaths.contains(QStringLiteral("/escaped-dotdot")), qPrintable(skippedPaths.join(QLatin1Char(','))));
        QVERIFY(skippedPaths.contains(QStringLiteral("/abs/escaped")));
        QCOMPARE(skippedPaths.size(), 2);
        // Nothing outside the target; the links are as the image has them (never followed while writing).
        QVERIFY(!QFile::exists(dir + "/escaped-dotdot") && !QFile::exists(q(m_tmp.path()) + "/escaped-dotdot"));
        QVERIFY(!QFile::exists(QStringLiteral("/abs/escaped")));
        QCOMPARE(QFile::symLinkTarget(out + "/ok/inside"), out + "/ok/file");
        QCOMPARE(QFile::symLinkTarget(out + "/ok/abs"), QStringLiteral("/etc/passwd"));
        // ok/up became a folder (a file was added below it): written inside the target.
        QVERIFY(QFileInfo(out + "/ok/up/passwd").isFile());
        QVERIFY(!QFileInfo(out + "/ok/up").isSymLink());
        // A destination folder that already holds a symlink out: refused, nothing written there.
        const QString trap = dir + "/trap";
        QDir().mkpath(trap + "/elsewhere");
        QDir().mkpath(trap + "/target");
        QFile::link(trap + "/elsewhere", trap + "/target/ok");
        const auto r2 = ctl({QStringLiteral("extract"), "oci:" + layout + ":t", QStringLiteral("/ok/file"), QStringLiteral("-o"),
                             trap + "/target"},
                            60000, env(freshCache()));
        QCOMPARE(r2.exitCode, 1);
        QVERIFY2(r2.err.contains("ok is a symlink to " + trap.toUtf8() + "/elsewhere; not followed"), r2.err.constData());
        QVERIFY(QDir(trap + "/elsewhere").isEmpty());
        // Sizes past the layer end: a truncated tar is refused with a clear error.
        QFile tarFile(dir + "/trunc.tar");
        const auto made = run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"),
            "head -c 100000 /dev/urandom > " + dir + "/big && tar -C " + dir + " -cf " + dir + "/full.tar big && head -c 20000 " +
            dir + "/full.tar > " + dir + "/trunc.tar && mkdir -p " + dir + "/tl/blobs/sha256"});
        QCOMPARE(made.exitCode, 0);
        const QString tl = makeImage(dir, QStringLiteral("tl2"), "[{\"compression\":\"none\",\"entries\":[{\"path\":\"a\",\"data\":\"a\"}]}]");
        QVERIFY(!tl.isEmpty());
        // Swap the layer blob for the truncated tar (digest, size and manifest rewritten).
        const auto swap = run(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"),
            QStringLiteral("import json,hashlib,os,sys\n"
                           "L=sys.argv[1];t=open(sys.argv[2],'rb').read();d=hashlib.sha256(t).hexdigest()\n"
                           "open(L+'/blobs/sha256/'+d,'wb').write(t)\n"
                           "ix=json.load(open(L+'/index.json'));m=ix['manifests'][0]\n"
                           "man=json.load(open(L+'/blobs/sha256/'+m['digest'][7:]))\n"
                           "man['layers'][0]['digest']='sha256:'+d;man['layers'][0]['size']=len(t)\n"
                           "b=json.dumps(man).encode();md=hashlib.sha256(b).hexdigest();open(L+'/blobs/sha256/'+md,'wb').write(b)\n"
                           "m['digest']='sha256:'+md;m['size']=len(b);json.dump(ix,open(L+'/index.json','w'))\n"),
            tl, dir + "/trunc.tar"});
        QVERIFY2(swap.exitCode == 0, swap.err.constData());
        const auto r3 = ctl({QStringLiteral("extract"), "oci:" + tl + ":t", QStringLiteral("/"), QStringLiteral("-o"), dir + "/t3"},
                            60000, env(freshCache()));
        QCOMPARE(r3.exitCode, 6);
        QVERIFY(!QFile::exists(dir + "/t3/big"));
    }

    void thirtyTwoThreads()
    {
        auto img = openLazy(m_registry.addr(), "faults/img", "t-soci", freshCache().toStdString());
        QVERIFY(img);
        auto tree = img->tree();
        QVERIFY(tree.ok());
        // The oracle's bytes, from the GNU tar extraction.
        std::vector<std::pair<fs::Ino, std::string>> files;
        for (const auto& [p, o] : m_oracle) {
            if (o.value(QStringLiteral("type")).toString() != QLatin1String("reg"))
                continue;
            auto bytes = files::readFile(m_tmp.path() + "/rootfs" + p.toStdString());
            QVERIFY(bytes.ok());
            files.emplace_back(*(*tree)->resolve(p.toStdString()), std::move(*bytes));
        }
        std::atomic<int> bad{0}, reads{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 32; ++t)
            threads.emplace_back([&, t] {
                std::mt19937 rng(static_cast<unsigned>(t * 7919));
                for (int i = 0; i < 40; ++i) {
                    const auto& [ino, want] = files[rng() % files.size()];
                    if (want.empty())
                        continue;
                    const size_t off = rng() % want.size();
                    const size_t len = 1 + rng() % std::min<size_t>(want.size() - off, 300000);
                    auto got = img->read(**tree, ino, static_cast<std::int64_t>(off), len);
                    ++reads;
                    if (!got || *got != want.substr(off, len))
                        ++bad;
                }
            });
        for (auto& th : threads)
            th.join();
        QCOMPARE(bad.load(), 0);
        QVERIFY(reads.load() > 1000);
        // Each span was fetched once, however many threads wanted it.
        QVERIFY(img->stats().spansFetched.load() <= static_cast<std::uint64_t>((*img->layer(0))->spans().spanCount()));
    }
};

QTEST_GUILESS_MAIN(TestLazyFaults)
#include "test_lazy_faults.moc"
