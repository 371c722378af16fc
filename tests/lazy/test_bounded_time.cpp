// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Bounded in time: a registry that drips, answers that never end, a
// Retry-After longer than the cap, and SIGINT/SIGTERM during a stalled fetch,
// all through tests/tools/faultproxy.py in front of the real registry. The
// low-speed window is 2 s here (--low-speed-time), not 30.
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <csignal>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// Several spans of 256 KiB and a small file; then a layer of ~150 bytes
// compressed, read in one request of a few seconds at 16 bytes/s.
const char* const kLayers =
    "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"data/noise\",\"random\":1500000,\"seed\":61},"
    "{\"path\":\"etc/os-release\",\"data\":\"ID=bounded\\n\"}]},"
    "{\"compression\":\"gzip\",\"entries\":[{\"path\":\"etc/motd\",\"data\":\"slow but steady\\n\"}]}]";

const QByteArray kSpanRanges = "{\"path\":\"/blobs/\",\"header\":{\"Range\":\"^bytes=\"}}";
} // namespace

class TestBoundedTime final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-bounded"};
    QString m_ztocDigest;
    QByteArray m_noise; // /data/noise as read without faults
    int m_cacheNo = 0;

    QProcessEnvironment env()
    {
        auto e = QProcessEnvironment::systemEnvironment();
        // A fresh cache each time, so every run fetches.
        e.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(m_tmp.path()) + "/cache-" + QString::number(++m_cacheNo));
        e.insert(QStringLiteral("SOCISCOPE_RETRY_BASE_MS"), QStringLiteral("10"));
        return e;
    }
    QString viaProxy() const { return m_proxy.address() + "/bounded/img:t-soci"; }
    QJsonArray logOf() { return QJsonDocument::fromJson(m_proxy.log()).array(); }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const QString layout = makeImage(q(m_tmp.path()), QStringLiteral("img"), kLayers);
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + "/bounded/img";
        QCOMPARE(ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t"}).exitCode, 0);
        const auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
                            QStringLiteral("--span-size"), QStringLiteral("262144"), QStringLiteral("--min-layer-size"),
                            QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ztocDigest = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("platforms")).toArray()[0].toObject()
                           .value(QStringLiteral("layers")).toArray()[0].toObject().value(QStringLiteral("ztoc")).toObject()
                           .value(QStringLiteral("digest")).toString();
        QVERIFY(m_ztocDigest.startsWith(QLatin1String("sha256:")));
        const auto clean = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/data/noise")}, 60000, env());
        QVERIFY2(clean.exitCode == 0, clean.err.constData());
        QCOMPARE(clean.out.size(), 1500000);
        m_noise = clean.out;
    }

    void init()
    {
        QVERIFY(m_proxy.setRules("[]"));
        QVERIFY(m_proxy.waitUntilIdle(15000)); // nothing of the test before is still dripping
        QVERIFY(m_proxy.reset());
    }

    void dripFailsNamingTheHostAndWhat()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":" + kSpanRanges + ",\"every\":true,\"action\":{\"drip_bytes_per_sec\":1}}]"));
        const auto r = ctl({QStringLiteral("--low-speed-time"), QStringLiteral("2"), QStringLiteral("cat"), viaProxy(),
                            QStringLiteral("/data/noise")},
                           60000, env());
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.out.isEmpty()); // never a part of the file
        const QByteArray want = "registry " + m_proxy.address().toUtf8() + " sent under 1 KiB/s for 2 s while fetching bytes ";
        QVERIFY2(r.err.contains(want), r.err.constData());
        QVERIFY2(r.err.contains("of blob sha256:"), r.err.constData());
        // A stall is not retried: one dripped request per span run, not five.
        int ranged = 0;
        for (const auto& e : logOf())
            ranged += e.toObject().value(QStringLiteral("range")).isString() ? 1 : 0;
        QVERIFY2(ranged <= 8, qPrintable(QString::number(ranged)));
        QVERIFY(m_proxy.waitForClientClose(15000));
    }

    void dripThresholdIsBytesPerSecond()
    {
        // 16 bytes/s against a limit of 8 bytes/s over 2 s: slow, but served.
        QVERIFY(m_proxy.setRules("[{\"match\":" + kSpanRanges + ",\"every\":true,\"action\":{\"drip_bytes_per_sec\":16}}]"));
        const auto r = ctl({QStringLiteral("--low-speed-time"), QStringLiteral("2"), QStringLiteral("--low-speed-limit"),
                            QStringLiteral("8"), QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/motd")},
                           60000, env());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("slow but steady\n"));
        // The same drip against 32 bytes/s fails.
        const auto slow = ctl({QStringLiteral("--low-speed-time"), QStringLiteral("2"), QStringLiteral("--low-speed-limit"),
                               QStringLiteral("32"), QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/motd")},
                              60000, env());
        QCOMPARE(slow.exitCode, 4);
        QVERIFY2(slow.err.contains("sent under 32 bytes/s for 2 s"), slow.err.constData());
    }

    void endlessManifestIsCutOff()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"method\":\"GET\",\"path\":\"/manifests/\"},\"every\":true,"
                                 "\"action\":{\"endless_body\":true}}]"));
        const auto r = ctl({QStringLiteral("inspect"), viaProxy()}, 60000, env());
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("larger than"), r.err.constData());
        QVERIFY(m_proxy.waitForClientClose(15000));
    }

    void endlessBlobIsCutOffAtItsSize()
    {
        // The zTOC's descriptor says how long it is: more is refused.
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"" + m_ztocDigest.toUtf8() +
                                 "\"},\"every\":true,\"action\":{\"endless_body\":true}}]"));
        auto r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/etc/os-release")}, 60000, env());
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains("larger than its descriptor says"), r.err.constData());
        // A range answer that goes on is sliced to the range: the right bytes.
        QVERIFY(m_proxy.setRules("[{\"match\":" + kSpanRanges + ",\"every\":true,\"action\":{\"endless_body\":true}}]"));
        r = ctl({QStringLiteral("cat"), viaProxy(), QStringLiteral("/data/noise")}, 60000, env());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out == m_noise);
    }

    void retryAfterOverTheCapFails()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/manifests/\"},\"first\":1,"
                                 "\"action\":{\"status\":429,\"retry_after\":\"3600\"}}]"));
        auto e = env();
        e.insert(QStringLiteral("SOCISCOPE_RETRY_AFTER_CAP_MS"), QStringLiteral("2000"));
        const auto r = ctl({QStringLiteral("inspect"), viaProxy()}, 60000, e);
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("asked to retry after 3600 s, longer than the 2 s this waits"), r.err.constData());
        QCOMPARE(logOf().size(), 1); // no second try
        // Within the cap it is honoured: one wait, then the answer.
        QVERIFY(m_proxy.reset());
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/manifests/\"},\"first\":1,"
                                 "\"action\":{\"status\":429,\"retry_after\":\"1\"}}]"));
        const auto ok = ctl({QStringLiteral("inspect"), viaProxy()}, 60000, e);
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        const QJsonArray log = logOf();
        QVERIFY(log.size() >= 2);
        // The second try came after the 1 s asked for (a lower bound, which load cannot break).
        const double waited = log[1].toObject().value(QStringLiteral("t")).toDouble() -
                              log[0].toObject().value(QStringLiteral("t")).toDouble();
        QVERIFY2(waited >= 0.9, qPrintable(QString::number(waited)));
    }

    void signalDuringDripStopsTheFetch_data()
    {
        QTest::addColumn<int>("sig");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }

    void signalDuringDripStopsTheFetch()
    {
        QFETCH(int, sig);
        QVERIFY(m_proxy.setRules("[{\"match\":" + kSpanRanges + ",\"every\":true,\"action\":{\"drip_bytes_per_sec\":1}}]"));
        // The default low-speed window (30 s): only the signal can end this soon.
        QProcess cli;
        cli.setProcessEnvironment(env());
        cli.start(q(binDir()) + "/sociscopectl", {QStringLiteral("cat"), viaProxy(), QStringLiteral("/data/noise")});
        QVERIFY(cli.waitForStarted(10000));
        // Wait until the proxy is dripping an answer to it.
        QVERIFY(m_proxy.waitUntilSending(1, 20000)); // the drip has begun
        QCOMPARE(::kill(static_cast<pid_t>(cli.processId()), sig), 0);
        QVERIFY(cli.waitForFinished(10000)); // well inside the 30 s window
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit); // it exited, not killed by the signal
        QCOMPARE(cli.exitCode(), 128 + sig);
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(err.contains(sig == SIGINT ? "stopped by SIGINT" : "stopped by SIGTERM"), err.constData());
        QVERIFY(cli.readAllStandardOutput().isEmpty());
        QVERIFY(m_proxy.waitForClientClose(15000));
    }
};

QTEST_GUILESS_MAIN(TestBoundedTime)
#include "test_bounded_time.moc"
