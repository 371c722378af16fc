// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A run's startup recorded, published and used, for real: the busybox image
// of the run tests (its 12 MiB noise layer has a zTOC of 3 spans), a run
// that reads the head of that layer's file with --record-startup, the
// profile published with `index prefetch add --from-last-run`, and a fresh
// daemon with an empty cache that warms exactly that span before the run
// starts (seen in its events and counters) while the same image without
// artifacts runs as before.
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazytest.h"

#include "daemontest.h"
#include "run/overlay.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// The last line of a run's stderr with --json: the final record.
QJsonObject finalRecord(const QByteArray& err)
{
    const auto lines = err.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

QByteArray compact(const QJsonArray& a) { return QJsonDocument(a).toJson(QJsonDocument::Compact); }

// The fetch events of a stream's output that the prefetch made, as "layer:span".
QStringList prefetchedSpans(const QByteArray& events)
{
    QStringList out;
    for (const auto& line : events.split('\n')) {
        const auto e = QJsonDocument::fromJson(line).object();
        if (e.value(QStringLiteral("prefetch")).toBool())
            out << QStringLiteral("%1:%2:%3").arg(e.value(QStringLiteral("type")).toString())
                       .arg(e.value(QStringLiteral("layer")).toInt()).arg(e.value(QStringLiteral("span")).toInt());
    }
    return out;
}
} // namespace

class TestDaemonPrefetch final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp { "sociscope-prefetch-run" };
    QString m_repo;
    std::vector<std::unique_ptr<DaemonProcess>> m_daemons;

    QString dir() const { return q(m_tmp.path()); }

    // The environment of sociscopectl for a daemon, with the profiles in our folder.
    QProcessEnvironment env(const DaemonProcess& d) const
    {
        auto e = d.ctlEnv();
        e.insert(QStringLiteral("XDG_STATE_HOME"), dir() + QStringLiteral("/state"));
        return e;
    }

    // A new daemon with an empty cache.
    DaemonProcess* freshDaemon()
    {
        m_daemons.push_back(std::make_unique<DaemonProcess>());
        if (!m_daemons.back()->start(dir() + QStringLiteral("/d%1").arg(m_daemons.size())))
            return nullptr;
        return m_daemons.back().get();
    }

    // A cold run of `head -c 100 /opt/padding.bin` (span 0 of layer 1), with
    // the daemon's events: the final record and the events seen.
    std::pair<QJsonObject, QByteArray> coldRun(const QString& ref)
    {
        DaemonProcess* d = freshDaemon();
        if (!d)
            return {};
        ChildProcess events;
        if (!events.start(q(binDir()) + "/sociscopectl", { QStringLiteral("events"), QStringLiteral("--json") }, env(*d))
            || events.waitForMatch(QStringLiteral("(listening for fetch events)")).isEmpty())
            return {};
        const auto r = ctl({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--json"),
                               QStringLiteral("--background"), QStringLiteral("off"), ref, QStringLiteral("--"),
                               QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                               QStringLiteral("head -c 100 /opt/padding.bin >/dev/null; echo read") },
            120000, env(*d));
        if (r.exitCode != 0 || r.out != "read\n")
            qWarning("run: %s", r.err.constData());
        const QJsonObject rec = finalRecord(r.err);
        const QString id = rec.value(QStringLiteral("run")).toObject().value(QStringLiteral("id")).toString();
        // Its events are all there once the run's own (tagged with it) came through.
        (void)events.waitForMatch(QStringLiteral("(\"runId\":\"") + id + QStringLiteral("\")"));
        QByteArray seen = events.output();
        events.stop();
        d->stop();
        return { rec, seen };
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: runc, overlayfs and the system daemon");
        if (!QFile::exists(QStringLiteral("/dev/fuse")) || proc::which("fusermount3").empty()
            || proc::which("runc").empty() || !QFile::exists(QStringLiteral("/bin/busybox")))
            QSKIP("needs /dev/fuse, fusermount3, runc and busybox-static");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        auto r = makeBusyboxImage(dir() + QStringLiteral("/image"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_repo = m_registry.address() + QStringLiteral("/pf/busybox");
        r = ctl({ QStringLiteral("copy"), "oci:" + dir() + "/image:t", m_repo + ":t" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // Two SOCI-enabled twins: one gets the artifacts, one keeps none.
        for (const QString tag : { QStringLiteral("t-soci"), QStringLiteral("t-plain") }) {
            r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), m_repo + ":t", m_repo + ":" + tag });
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    void cleanupTestCase()
    {
        for (auto& d : m_daemons)
            d->stop();
        (void)sociscope::run::removeTree(m_tmp.path());
    }

    void recordsTheSpansTheStartupRead()
    {
        DaemonProcess* d = freshDaemon();
        QVERIFY(d);
        // Until the first output: the head of the noise file, span 0 of layer 1.
        auto r = ctl({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--json"),
                         QStringLiteral("--record-startup=until-output"), m_repo + ":t-soci", QStringLiteral("--"),
                         QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                         QStringLiteral("head -c 100 /opt/padding.bin >/dev/null; echo read") },
            120000, env(*d));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("read\n"));
        QJsonObject startup = finalRecord(r.err).value(QStringLiteral("startup")).toObject();
        QCOMPARE(startup.value(QStringLiteral("until")).toString(), QStringLiteral("output"));
        QVERIFY(startup.value(QStringLiteral("firstOutputMs")).toInteger() > 0);
        QJsonArray layers = startup.value(QStringLiteral("layers")).toArray();
        QCOMPARE(layers.size(), 1);
        QJsonObject layer = layers[0].toObject();
        QCOMPARE(layer.value(QStringLiteral("index")).toInt(), 1);
        QCOMPARE(compact(layer.value(QStringLiteral("spans")).toArray()), QByteArray("[[0,0]]"));
        QCOMPARE(layer.value(QStringLiteral("spanCount")).toInt(), 3);
        QVERIFY(layer.value(QStringLiteral("bytes")).toInteger() > 4000000);
        QCOMPARE(startup.value(QStringLiteral("neededBytes")).toInteger(), layer.value(QStringLiteral("bytes")).toInteger());
        QVERIFY(startup.value(QStringLiteral("imageBytes")).toInteger() > startup.value(QStringLiteral("neededBytes")).toInteger());
        const QJsonArray files = layer.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files[0].toObject().value(QStringLiteral("files")).toArray()[0].toString(), QStringLiteral("/opt/padding.bin"));
        // Saved as the last run, and under the run's id.
        const QString path = startup.value(QStringLiteral("path")).toString();
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QVERIFY(QFile::exists(dir() + QStringLiteral("/state/sociscope/profiles/last-run.json")));

        // Until the exit: what came after the first output counts too.
        r = ctl({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--json"),
                    QStringLiteral("--record-startup=exit"), m_repo + ":t-soci", QStringLiteral("--"),
                    QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                    QStringLiteral("echo first; head -c 100 /opt/padding.bin >/dev/null") },
            120000, env(*d));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        startup = finalRecord(r.err).value(QStringLiteral("startup")).toObject();
        QCOMPARE(startup.value(QStringLiteral("until")).toString(), QStringLiteral("exit"));
        QVERIFY(startup.value(QStringLiteral("firstOutputMs")).toInteger() > 0);
        QVERIFY(startup.value(QStringLiteral("recordedMs")).toInteger() >= startup.value(QStringLiteral("firstOutputMs")).toInteger());
        QCOMPARE(compact(startup.value(QStringLiteral("layers")).toArray()[0].toObject().value(QStringLiteral("spans")).toArray()),
                 QByteArray("[[0,0]]"));
        // A bad end is refused before anything runs.
        r = ctl({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--record-startup=soon"), m_repo + ":t-soci" },
            60000, env(*d));
        QCOMPARE(r.exitCode, 1); // usage
        QVERIFY2(r.err.contains("--record-startup"), r.err.constData());
        d->stop();
    }

    void publishedArtifactWarmsAColdRun()
    {
        // The last run's profile (the exit one: span 0 of layer 1) becomes the index's artifact.
        const auto r = ctl({ QStringLiteral("index"), QStringLiteral("prefetch"), QStringLiteral("add"), m_repo + ":t-soci",
                               QStringLiteral("--from-last-run"), QStringLiteral("--json") },
            60000, env(*m_daemons.front()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto [rec, events] = coldRun(m_repo + ":t-soci");
        QCOMPARE(rec.value(QStringLiteral("exitCode")).toInt(), 0);
        const QJsonObject stats = rec.value(QStringLiteral("run")).toObject().value(QStringLiteral("stats")).toObject();
        // Exactly that span, warmed by the prefetch (before the mount answered,
        // so before the run started) and never fetched again by the read.
        QCOMPARE(prefetchedSpans(events), QStringList { QStringLiteral("span:1:0") });
        QCOMPARE(stats.value(QStringLiteral("prefetchSpans")).toInteger(), 1);
        QVERIFY(stats.value(QStringLiteral("prefetchBytes")).toInteger() > 4000000);
        QCOMPARE(stats.value(QStringLiteral("spanBytes")).toInteger(), stats.value(QStringLiteral("prefetchBytes")).toInteger());
        QVERIFY(stats.value(QStringLiteral("reads")).toInteger() > 0);
        // What reads fetched leaves out the prefetch's bytes.
        QVERIFY(stats.value(QStringLiteral("foregroundBytes")).toInteger() + stats.value(QStringLiteral("prefetchBytes")).toInteger()
                == stats.value(QStringLiteral("networkBytes")).toInteger());
    }

    void noArtifactRunsAsBefore()
    {
        const auto [rec, events] = coldRun(m_repo + ":t-plain");
        QCOMPARE(rec.value(QStringLiteral("exitCode")).toInt(), 0);
        const QJsonObject stats = rec.value(QStringLiteral("run")).toObject().value(QStringLiteral("stats")).toObject();
        QVERIFY2(prefetchedSpans(events).isEmpty(), qPrintable(prefetchedSpans(events).join(QLatin1Char(' '))));
        QCOMPARE(stats.value(QStringLiteral("prefetchSpans")).toInteger(), 0);
        QCOMPARE(stats.value(QStringLiteral("prefetchBytes")).toInteger(), 0);
        // The read fetched its span itself.
        QVERIFY(stats.value(QStringLiteral("spanBytes")).toInteger() > 4000000);
        QVERIFY(events.contains("\"span\":0"));
    }
};

QTEST_GUILESS_MAIN(TestDaemonPrefetch)
#include "test_daemon_prefetch.moc"
