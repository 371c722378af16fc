// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscoped as containerd's snapshotter, for real: Debian's containerd with
// a private root, state, sockets and config (CRI off, our socket as the
// proxy plugin "sociscope"), started and stopped by PID; a busybox image in
// the test registry pulled with ctr into our snapshots (containerd unpacks),
// sociscoped killed (-9) and started again, a container run on the snapshots with ctr, then the
// image removed and nothing left behind in containerd or in our folders.
#include "daemontest.h"
#include "run/overlay.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>
#include <QtTest>

#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

bool overlayAvailable()
{
    QFile f(QStringLiteral("/proc/filesystems"));
    return f.open(QIODevice::ReadOnly) && f.readAll().contains("\toverlay\n");
}

} // namespace

class TestSnapshotterContainerd final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    DaemonProcess m_daemon;
    ChildProcess m_containerd;
    files::TempDir m_tmp { "sociscope-ctrd" };
    QString m_ref;
    // A namespace of this run's own: containerd's shims keep runc state in
    // /run/containerd/runc/<namespace>, shared by every containerd on the host.
    const QString m_namespace = QStringLiteral("sociscope-test-%1").arg(::getpid());

    QString dir() const { return q(m_tmp.path()); }
    QString address() const { return dir() + QStringLiteral("/containerd.sock"); }
    QString snapshotterSocket() const { return dir() + QStringLiteral("/snap.sock"); }
    QString snapshotsDir() const { return dir() + QStringLiteral("/snaproot/snapshots"); }
    QStringList daemonArgs() const
    {
        return { QStringLiteral("--snapshotter-socket"), snapshotterSocket(), QStringLiteral("--snapshotter-root"),
            dir() + QStringLiteral("/snaproot") };
    }

    // ctr against the test's containerd, in the test's namespace.
    RunResult ctr(const QStringList& args, int timeoutMs = 120000)
    {
        return test::run(QStringLiteral("ctr"),
            QStringList {
                QStringLiteral("--address"), address(), QStringLiteral("--namespace"), m_namespace }
                + args,
            timeoutMs);
    }
    // The snapshot keys containerd lists for our snapshotter.
    QStringList containerdSnapshots()
    {
        const auto r = ctr({ QStringLiteral("snapshots"), QStringLiteral("--snapshotter"), QStringLiteral("sociscope"),
            QStringLiteral("ls") });
        QStringList keys;
        const auto lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (int i = 1; i < lines.size(); ++i) // after the header
            keys << lines[i].section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty);
        return keys;
    }
    QStringList ourFolders() const
    {
        return QDir(snapshotsDir()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    }

    bool startContainerd()
    {
        const QString d = dir();
        QFile cfg(d + QStringLiteral("/config.toml"));
        if (!cfg.open(QIODevice::WriteOnly))
            return false;
        // Everything under the test's folder, unix sockets only (no TCP
        // debug or metrics listener is configured), no CRI.
        cfg.write(QStringLiteral("version = 2\n"
                                 "root = \"%1/root\"\n"
                                 "state = \"%1/state\"\n"
                                 "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n"
                                 "[grpc]\n  address = \"%1/containerd.sock\"\n"
                                 "[ttrpc]\n  address = \"%1/containerd.sock.ttrpc\"\n"
                                 "[debug]\n  address = \"%1/debug.sock\"\n"
                                 "[plugins.\"io.containerd.internal.v1.opt\"]\n  path = \"%1/opt\"\n"
                                 "[proxy_plugins.sociscope]\n  type = \"snapshot\"\n  address = \"%2\"\n")
                      .arg(d, snapshotterSocket())
                      .toUtf8());
        cfg.close();
        if (!m_containerd.start(QStringLiteral("containerd"), { QStringLiteral("--config"), cfg.fileName() },
                QProcessEnvironment::systemEnvironment()))
            return false;
        return !m_containerd.waitForMatch(QStringLiteral("containerd successfully (booted)"), 30000).isEmpty();
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: containerd, overlayfs mounts and runc");
        for (const char* tool : { "containerd", "ctr", "containerd-shim-runc-v2", "runc" })
            if (proc::which(tool).empty())
                QSKIP(qPrintable(
                    QStringLiteral("needs %1 (Debian's containerd and runc packages)").arg(QLatin1String(tool))));
        if (!overlayAvailable())
            QSKIP("needs overlayfs in the kernel (/proc/filesystems)");
        if (!QFile::exists(QStringLiteral("/bin/busybox")))
            QSKIP("needs busybox-static");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        auto r = makeBusyboxImage(dir() + QStringLiteral("/image"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ref = m_registry.address() + QStringLiteral("/snap/busybox:t");
        r = ctl({ QStringLiteral("copy"), "oci:" + dir() + "/image:t", m_ref });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(m_daemon.start(dir() + QStringLiteral("/d"), daemonArgs()), m_daemon.log().constData());
        QVERIFY2(startContainerd(), m_containerd.output().constData());
    }

    void cleanupTestCase()
    {
        if (m_containerd.running()) {
            ctr({ QStringLiteral("tasks"), QStringLiteral("kill"), QStringLiteral("-s"), QStringLiteral("KILL"),
                    QStringLiteral("t1") },
                10000);
            ctr({ QStringLiteral("containers"), QStringLiteral("rm"), QStringLiteral("t1") }, 10000);
        }
        m_containerd.stop();
        m_daemon.stop();
        // What containerd made for the namespace outside the test's folder (empty by now).
        QDir().rmdir(QStringLiteral("/run/containerd/runc/") + m_namespace);
        // A failed run could leave a container's rootfs mounted in containerd's state.
        for (const auto& target : sociscope::run::mountsUnder(m_tmp.path()))
            test::run(QStringLiteral("umount"), { QStringLiteral("-l"), q(target) }, 10000);
    }

    void containerdSeesThePlugin()
    {
        const auto r = ctr({ QStringLiteral("plugins"), QStringLiteral("ls") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QString::fromUtf8(r.out).contains(
                     QRegularExpression(QStringLiteral("io\\.containerd\\.snapshotter\\.v1\\s+sociscope\\s+-\\s+ok"))),
            r.out.constData());
    }

    void pullUnpacksIntoOurSnapshots()
    {
        const auto r = ctr({ QStringLiteral("images"), QStringLiteral("pull"), QStringLiteral("--plain-http"),
            QStringLiteral("--snapshotter"), QStringLiteral("sociscope"), m_ref });
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        // Two layers, two committed snapshots, each in a folder of ours.
        const QStringList snaps = containerdSnapshots();
        QCOMPARE(snaps.size(), 2);
        QCOMPARE(ourFolders().size(), 2);
        bool busybox = false;
        for (const auto& id : ourFolders())
            busybox
                = busybox || QFile::exists(snapshotsDir() + QLatin1Char('/') + id + QStringLiteral("/fs/bin/busybox"));
        QVERIFY2(busybox, "no layer folder holds bin/busybox");
    }

    void restartKeepsTheSnapshots()
    {
        const QStringList before = containerdSnapshots();
        // kill -9: no orderly shutdown, what a crash leaves.
        m_daemon.kill9();
        QVERIFY2(m_daemon.start(dir() + QStringLiteral("/d"), daemonArgs()), m_daemon.log().constData());
        // containerd lists its own records of them: unchanged, and reachable again.
        QDeadlineTimer deadline(30000);
        QStringList after;
        while (!deadline.hasExpired() && (after = containerdSnapshots()) != before)
            QThread::msleep(100);
        QCOMPARE(after, before);
        const auto r = ctr({ QStringLiteral("snapshots"), QStringLiteral("--snapshotter"), QStringLiteral("sociscope"),
            QStringLiteral("usage") });
        // Usage asks us for each one: our metadata came back, not only containerd's.
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const auto& key : before)
            QVERIFY2(QString::fromUtf8(r.out).contains(key), r.out.constData());
    }

    void runsAContainer()
    {
        const auto r = ctr({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--snapshotter"),
                               QStringLiteral("sociscope"), m_ref, QStringLiteral("t1"), QStringLiteral("cat"),
                               QStringLiteral("/srv/greeting") },
            120000);
        QVERIFY2(r.exitCode == 0, (r.out + r.err + m_daemon.log().right(3000)).constData());
        QCOMPARE(r.out, QByteArray(BusyboxGreeting));
        // --rm removed the container's active snapshot again.
        QCOMPARE(containerdSnapshots().size(), 2);
    }

    void removingTheImageLeavesNothing()
    {
        const auto r = ctr({ QStringLiteral("images"), QStringLiteral("rm"), QStringLiteral("--sync"), m_ref });
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        // containerd's garbage collector removes the snapshots from us
        // (Remove, then Cleanup); --sync waits for it, the folders follow.
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired() && (!containerdSnapshots().isEmpty() || !ourFolders().isEmpty()))
            QThread::msleep(100);
        QCOMPARE(containerdSnapshots(), QStringList());
        QCOMPARE(ourFolders(), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestSnapshotterContainerd)
#include "test_snapshotter_containerd.moc"
