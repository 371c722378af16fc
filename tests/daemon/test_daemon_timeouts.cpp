// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The daemon bounded in time, with a registry that drips behind the fault
// proxy: a FUSE read not served within --read-timeout (3 s here) answers EIO
// and emits read-failed while the fetch would still be dripping; and when the
// client of a Mount goes away, the fetches started for it stop.
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazytest.h"

#include "daemontest.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

const char* const kLayers = "[{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                            "{\"path\":\"b/noise\",\"random\":1000000,\"seed\":71},"
                            "{\"path\":\"c/last\",\"text\":300000,\"seed\":72}]}]";

const QByteArray kDripRanges = "[{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"^bytes=\"}},\"every\":true,"
                               "\"action\":{\"drip_bytes_per_sec\":1}}]";
} // namespace

class TestDaemonTimeouts final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    DaemonProcess m_daemon;
    files::TempDir m_tmp { "sociscope-daemon-timeouts" };
    QStringList m_mounts;
    QString m_ref; // through the proxy

    QString dir() const { return q(m_tmp.path()); }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root for the system daemon's mounts");
        if (!QFile::exists(QStringLiteral("/dev/fuse")) || proc::which("fusermount3").empty())
            QSKIP("needs /dev/fuse and fusermount3");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        // No background fetch: these tests are about what reads wait for.
        QVERIFY2(m_daemon.start(dir() + "/d1", { QStringLiteral("--read-timeout"), QStringLiteral("3"),
                                                 QStringLiteral("--background-mount"), QStringLiteral("off") }),
            m_daemon.log().constData());
        const QString layout = makeImage(dir(), QStringLiteral("img"), kLayers);
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + "/timeouts/img";
        auto r = ctl({ QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
            QStringLiteral("--span-size"), QStringLiteral("65536"), QStringLiteral("--min-layer-size"),
            QStringLiteral("0") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ref = m_proxy.address() + "/timeouts/img:t-soci";
    }

    void cleanupTestCase()
    {
        for (const QString& mp : m_mounts)
            forceUnmount(mp);
        m_daemon.stop();
    }

    void init()
    {
        QVERIFY(m_proxy.setRules("[]"));
        QVERIFY(m_proxy.waitUntilIdle(15000)); // nothing of the test before is still dripping
        QVERIFY(m_proxy.reset());
    }

    void readOnADripAnswersEio()
    {
        const QString mp = dir() + "/mnt-drip";
        QDir().mkpath(mp);
        m_mounts << mp;
        const auto m = ctl({ QStringLiteral("mount"), m_ref, mp }, 120000, m_daemon.ctlEnv());
        QVERIFY2(m.exitCode == 0, m.err.constData());
        QVERIFY(waitForMount(mp, true, 10000, [&] { return m_daemon.running(); }));

        QVERIFY(m_proxy.setRules(kDripRanges));
        EventStream events;
        QVERIFY(events.start(m_daemon.ctlEnv(), mp));

        // The drip would take days; the read limit is 3 s, the low-speed one 30 s.
        auto r = fswalk({ QStringLiteral("read"), mp + "/b/noise" }, 25000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).array()[0].toObject().value(QStringLiteral("errno")).toInt(), EIO);

        const QByteArray lines = events.waitFor("\"read-failed\"", 10000);
        QVERIFY2(lines.contains("\"read-failed\""), lines.constData());
        QVERIFY2(lines.contains("\"path\":\"/b/noise\""), lines.constData());
        QVERIFY2(m_daemon.log().contains("not served within 3 s"), m_daemon.log().right(3000).constData());
        // The daemon hung up on the drip instead of fetching on for minutes.
        QVERIFY(m_proxy.waitForClientClose(15000));

        // Nothing is remembered as broken: with the registry well again, the file reads.
        QVERIFY(m_proxy.setRules("[]"));
        r = fswalk({ QStringLiteral("read"), mp + "/b/noise" }, 25000);
        QCOMPARE(QJsonDocument::fromJson(r.out).array()[0].toObject().value(QStringLiteral("errno")).toInt(), 0);
    }

    void mountClientGoneStopsItsFetches()
    {
        // A daemon with an empty cache, so mounting must fetch the zTOC.
        DaemonProcess d2;
        QVERIFY2(d2.start(dir() + "/d2"), d2.log().constData());
        QVERIFY(m_proxy.setRules("[{\"match\":{\"method\":\"GET\",\"path\":\"/blobs/\"},\"every\":true,"
                                 "\"action\":{\"drip_bytes_per_sec\":1}}]"));
        const QString mp = dir() + "/mnt-gone";
        QDir().mkpath(mp);
        m_mounts << mp;
        QProcess cli;
        cli.setProcessEnvironment(d2.ctlEnv());
        cli.start(q(binDir()) + "/sociscopectl", { QStringLiteral("mount"), m_ref, mp });
        QVERIFY(cli.waitForStarted(10000));
        QVERIFY(m_proxy.waitUntilSending(1, 20000)); // the drip has begun
        QCOMPARE(::kill(static_cast<pid_t>(cli.processId()), SIGINT), 0);
        QVERIFY(cli.waitForFinished(10000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 130, err.constData());
        // The daemon noticed and hung up on the registry.
        QVERIFY(m_proxy.waitForClientClose(15000));
        QVERIFY2(d2.log().contains("went away"), d2.log().right(3000).constData());
        QVERIFY(!isMounted(mp));
        QVERIFY(d2.running());
        d2.stop();
    }
};

QTEST_GUILESS_MAIN(TestDaemonTimeouts)
#include "test_daemon_timeouts.moc"
