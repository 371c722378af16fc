// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// `sociscopectl record REF -- COMMAND` for real: the busybox image of the run
// tests in a registry (its 12 MiB noise layer has a zTOC of 3 spans), a
// daemon of our own, and host commands that read the image through the
// record's mount: the profile names exactly the spans of the indexed layer
// they read (the small layer, read whole, has none), COMMAND's exit code is
// ours, the mount and its folder are gone on every path (exit, --seconds,
// a command that cannot start), and the profile publishes as an artifact
// that `index info` lists.
#include "daemontest.h"
#include "run/overlay.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// The last line of stderr with --json: the final record.
QJsonObject finalRecord(const QByteArray& err)
{
    const auto lines = err.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}

QByteArray compact(const QJsonArray& a) { return QJsonDocument(a).toJson(QJsonDocument::Compact); }
} // namespace

class TestDaemonRecord final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp { "sociscope-record" };
    DaemonProcess m_daemon;
    QString m_ref;

    QString dir() const { return q(m_tmp.path()); }

    // sociscopectl's environment: our daemon, profiles and mount folders in our folder.
    QProcessEnvironment env() const
    {
        auto e = m_daemon.ctlEnv();
        e.insert(QStringLiteral("XDG_STATE_HOME"), dir() + QStringLiteral("/state"));
        e.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir() + QStringLiteral("/runtime"));
        return e;
    }

    RunResult record(const QStringList& args) { return ctl(QStringList { QStringLiteral("record") } + args, 120000, env()); }

    // No mount of the daemon's left, and no record folder either.
    void verifyNothingLeft(const QString& mountpoint)
    {
        QVERIFY(!mountpoint.isEmpty());
        QVERIFY2(!isMounted(mountpoint), qPrintable(mountpoint));
        QVERIFY2(!QFileInfo::exists(mountpoint), qPrintable(mountpoint));
        const auto mounts = ctl({ QStringLiteral("mounts"), QStringLiteral("--json") }, 60000, env());
        QVERIFY2(mounts.exitCode == 0, mounts.err.constData());
        QCOMPARE(QJsonDocument::fromJson(mounts.out).object().value(QStringLiteral("mounts")).toArray().size(), 0);
    }

private slots:
    void initTestCase()
    {
        if (!QFile::exists(QStringLiteral("/dev/fuse")) || proc::which("fusermount3").empty()
            || !QFile::exists(QStringLiteral("/bin/busybox")))
            QSKIP("needs /dev/fuse, fusermount3 and busybox-static");
        QVERIFY(QDir().mkpath(dir() + QStringLiteral("/runtime")));
        QFile::setPermissions(dir() + QStringLiteral("/runtime"), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                | QFileDevice::ExeOwner);
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        auto r = makeBusyboxImage(dir() + QStringLiteral("/image"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString repo = m_registry.address() + QStringLiteral("/rec/busybox");
        r = ctl({ QStringLiteral("copy"), "oci:" + dir() + "/image:t", repo + ":t" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ref = repo + QStringLiteral(":t-soci");
        r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", m_ref });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(m_daemon.start(dir() + QStringLiteral("/d")), m_daemon.log().constData());
    }

    void cleanupTestCase()
    {
        m_daemon.stop();
        (void)sociscope::run::removeTree(m_tmp.path());
    }

    void recordsTheLayerTheCommandRead()
    {
        // The head of the noise file (span 0 of layer 1) and a file of the
        // small layer, relative to the working folder and through SOCISCOPE_ROOT.
        const QString profilePath = dir() + QStringLiteral("/mine.json");
        const auto r = record({ QStringLiteral("--json"), QStringLiteral("-o"), profilePath, m_ref, QStringLiteral("--"),
            QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("head -c 100 opt/padding.bin >/dev/null; cat \"$SOCISCOPE_ROOT/srv/greeting\"; exit 3") });
        QVERIFY2(r.exitCode == 3, r.err.constData());
        QVERIFY2(!r.out.isEmpty(), r.err.constData()); // the greeting, passed on
        const QJsonObject rec = finalRecord(r.err);
        QCOMPARE(rec.value(QStringLiteral("exitCode")).toInt(), 3);
        QCOMPARE(rec.value(QStringLiteral("stoppedAtTime")).toBool(), false);
        const QJsonObject startup = rec.value(QStringLiteral("startup")).toObject();
        QCOMPARE(startup.value(QStringLiteral("until")).toString(), QStringLiteral("exit"));
        QVERIFY(startup.value(QStringLiteral("firstOutputMs")).toInteger() > 0);
        const QJsonArray layers = startup.value(QStringLiteral("layers")).toArray();
        QCOMPARE(layers.size(), 1);
        const QJsonObject layer = layers[0].toObject();
        QCOMPARE(layer.value(QStringLiteral("index")).toInt(), 1);
        QCOMPARE(compact(layer.value(QStringLiteral("spans")).toArray()), QByteArray("[[0,0]]"));
        QCOMPARE(layer.value(QStringLiteral("files")).toArray()[0].toObject().value(QStringLiteral("files")).toArray()[0]
                     .toString(),
            QStringLiteral("/opt/padding.bin"));
        QCOMPARE(startup.value(QStringLiteral("path")).toString(), profilePath);
        QVERIFY(QFile::exists(profilePath));
        QVERIFY(QFile::exists(dir() + QStringLiteral("/state/sociscope/profiles/last-run.json")));
        verifyNothingLeft(rec.value(QStringLiteral("mountpoint")).toString());

        // Published: index info lists the artifact of that layer.
        auto p = ctl({ QStringLiteral("index"), QStringLiteral("prefetch"), QStringLiteral("add"), m_ref,
                         QStringLiteral("--from"), profilePath, QStringLiteral("--json") },
            60000, env());
        QVERIFY2(p.exitCode == 0, p.err.constData());
        p = ctl({ QStringLiteral("index"), QStringLiteral("info"), m_ref, QStringLiteral("--json") }, 60000, env());
        QVERIFY2(p.exitCode == 0, p.err.constData());
        const QJsonArray pf = QJsonDocument::fromJson(p.out).object().value(QStringLiteral("images")).toArray()[0]
                                  .toObject().value(QStringLiteral("prefetch")).toArray();
        QCOMPARE(pf.size(), 1);
        QCOMPARE(pf[0].toObject().value(QStringLiteral("layer")).toInt(), 1);
        QCOMPARE(compact(pf[0].toObject().value(QStringLiteral("ranges")).toArray()), QByteArray("[[0,0]]"));
    }

    void secondsStopTheCommand()
    {
        // A command that would run a minute: stopped after a second, the record taken then.
        const auto r = record({ QStringLiteral("--json"), QStringLiteral("--seconds"), QStringLiteral("1"), m_ref,
            QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("head -c 100 opt/padding.bin >/dev/null; exec sleep 60") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject rec = finalRecord(r.err);
        QCOMPARE(rec.value(QStringLiteral("stoppedAtTime")).toBool(), true);
        QCOMPARE(rec.value(QStringLiteral("signal")).toInt(), 15);
        const QJsonObject startup = rec.value(QStringLiteral("startup")).toObject();
        QCOMPARE(startup.value(QStringLiteral("until")).toString(), QStringLiteral("time"));
        QVERIFY(startup.value(QStringLiteral("firstOutputMs")).isNull()); // it printed nothing
        QCOMPARE(compact(startup.value(QStringLiteral("layers")).toArray()[0].toObject().value(QStringLiteral("spans")).toArray()),
            QByteArray("[[0,0]]"));
        verifyNothingLeft(rec.value(QStringLiteral("mountpoint")).toString());
    }

    void refusedAndFailedCommandsLeaveNothing()
    {
        // Usage: no command, both ends.
        auto r = record({ m_ref });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("usage: record"), r.err.constData());
        r = record({ QStringLiteral("--seconds"), QStringLiteral("2"), QStringLiteral("--until-exit"), m_ref,
            QStringLiteral("--"), QStringLiteral("true") });
        QVERIFY2(r.err.contains("usage: record"), r.err.constData());
        // A command that cannot start: NotFound (2), and the mount gone.
        r = record({ m_ref, QStringLiteral("--"), dir() + QStringLiteral("/no-such-program") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("cannot run the command"), r.err.constData());
        QCOMPARE(QDir(dir() + QStringLiteral("/runtime/sociscope/mounts")).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
            QStringList());
        const auto mounts = ctl({ QStringLiteral("mounts"), QStringLiteral("--json") }, 60000, env());
        QCOMPARE(QJsonDocument::fromJson(mounts.out).object().value(QStringLiteral("mounts")).toArray().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDaemonRecord)
#include "test_daemon_record.moc"
