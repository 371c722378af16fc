// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscoped as containerd's snapshotter, for real: Debian's containerd with
// a private root, state, sockets and config (CRI off, our socket as the
// proxy plugin "sociscope"), started and stopped by PID. First the ordinary
// snapshotter: a busybox image in the test registry pulled with ctr into our
// snapshots (containerd unpacks), sociscoped killed (-9) and started again, a
// container run on the snapshots with ctr, then the image removed and nothing
// left behind in containerd or in our folders. Then the lazy pull: the same
// image with a SOCI index pulled with `ctr-remote images rpull` through a
// counting proxy (containerd fetches no layer; sociscoped the small one
// without a zTOC, whole, once), run (only the spans it reads),
// sociscoped restarted between pull and run, removed; and the image without
// an index pulled the same way, which falls back to containerd's unpack.
#include "daemontest.h"
#include "run/overlay.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
    FaultProxy m_proxy; // counts what the lazy pulls fetch
    DaemonProcess m_daemon;
    ChildProcess m_containerd;
    files::TempDir m_tmp { "sociscope-ctrd" };
    QString m_ref;
    QString m_lazyRef; // the image with a SOCI index, through the proxy
    QStringList m_layers; // the layer digests of m_ref (also m_lazyRef's)
    QList<qint64> m_layerSizes;
    qint64 m_layersSize = 0;
    // A namespace of this run's own: containerd's shims keep runc state in
    // /run/containerd/runc/<namespace>, shared by every containerd on the host.
    const QString m_namespace = QStringLiteral("sociscope-test-%1").arg(::getpid());

    QString dir() const { return q(m_tmp.path()); }
    QString address() const { return dir() + QStringLiteral("/containerd.sock"); }
    QString snapshotterSocket() const { return dir() + QStringLiteral("/snap.sock"); }
    QString snapshotsDir() const { return dir() + QStringLiteral("/snaproot/snapshots"); }
    QStringList daemonArgs() const
    {
        // No background fetch: what the tests count is what reads fetch.
        return { QStringLiteral("--snapshotter-socket"), snapshotterSocket(), QStringLiteral("--snapshotter-root"),
            dir() + QStringLiteral("/snaproot"), QStringLiteral("--background-mount"), QStringLiteral("off"),
            QStringLiteral("--metrics-address"), QStringLiteral("127.0.0.1:0") };
    }
    // http://127.0.0.1:PORT/metrics, as the daemon said it listens.
    QString metricsUrl() const
    {
        const auto m = QRegularExpression(QStringLiteral("serving metrics at (http://\\S+)"))
                           .match(QString::fromUtf8(m_daemon.log()));
        return m.hasMatch() ? m.captured(1) : QString();
    }
    QString imagesDir() const { return dir() + QStringLiteral("/snaproot/images"); }

    // Body bytes the proxy sent for the image's layer blobs (or for layer i
    // alone) since the last reset, to anyone: containerd or sociscoped.
    qint64 layerBytesFetched(int only = -1)
    {
        qint64 n = 0;
        for (const auto& v : QJsonDocument::fromJson(m_proxy.log()).array()) {
            const QJsonObject e = v.toObject();
            const QString path = e.value(QStringLiteral("path")).toString();
            for (int i = 0; i < m_layers.size(); ++i)
                if ((only < 0 || i == only) && path.endsWith(QStringLiteral("/blobs/") + m_layers[i]))
                    n += e.value(QStringLiteral("bytes")).toInteger();
        }
        return n;
    }
    // ctr-remote images rpull, as the acceptance runs it.
    RunResult rpull(const QString& ref)
    {
        return test::run(QStringLiteral("ctr-remote"),
            { QStringLiteral("--address"), address(), QStringLiteral("--namespace"), m_namespace,
                QStringLiteral("images"), QStringLiteral("rpull"), QStringLiteral("--plain-http"),
                QStringLiteral("--snapshotter"), QStringLiteral("sociscope"), ref },
            120000);
    }
    RunResult runGreeting(const QString& ref, const QString& name)
    {
        return ctr({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--snapshotter"),
                         QStringLiteral("sociscope"), ref, name, QStringLiteral("cat"), QStringLiteral("/srv/greeting") },
            120000);
    }
    // Waits (bounded) until containerd and our folders hold no snapshot.
    void waitUntilNoSnapshots()
    {
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired() && (!containerdSnapshots().isEmpty() || !ourFolders().isEmpty()))
            QThread::msleep(100);
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
        for (const char* tool : { "containerd", "ctr", "ctr-remote", "containerd-shim-runc-v2", "runc" })
            if (proc::which(tool).empty())
                QSKIP(qPrintable(
                    QStringLiteral("needs %1 (Debian's containerd, stargz-snapshotter and runc packages)")
                        .arg(QLatin1String(tool))));
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
        // Small spans, so a read fetches little; the default minimum layer
        // size leaves the busybox layer (1 MB) without a zTOC, the 12 MiB
        // padding layer gets one.
        r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), m_ref, m_ref + QStringLiteral("-soci"),
            QStringLiteral("--span-size"), QStringLiteral("65536") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({ QStringLiteral("inspect"), m_ref, QStringLiteral("--json") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject image
            = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("images")).toArray().at(0).toObject();
        for (const auto& l : image.value(QStringLiteral("layers")).toArray()) {
            m_layers << l.toObject().value(QStringLiteral("digest")).toString();
            m_layerSizes << l.toObject().value(QStringLiteral("size")).toInteger();
        }
        m_layersSize = image.value(QStringLiteral("layersSize")).toInteger();
        QCOMPARE(m_layers.size(), 2);
        QVERIFY2(m_proxy.start(m_registry.address()), "the fault proxy did not start");
        m_lazyRef = m_proxy.address() + QStringLiteral("/snap/busybox:t-soci");
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
            for (const auto& ref : { m_ref, m_lazyRef, m_proxy.address() + QStringLiteral("/snap/busybox:t") })
                ctr({ QStringLiteral("images"), QStringLiteral("rm"), QStringLiteral("--sync"), ref }, 30000);
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
        waitUntilNoSnapshots();
        QCOMPARE(containerdSnapshots(), QStringList());
        QCOMPARE(ourFolders(), QStringList());
    }

    void lazyPullFetchesNoLayer()
    {
        QVERIFY(m_proxy.reset());
        const auto r = rpull(m_lazyRef);
        QVERIFY2(r.exitCode == 0, (r.out + r.err + m_daemon.log().right(3000)).constData());
        // Both layers are remote snapshots: fs is a link to the layer's view
        // in the daemon's mount of the image, and containerd fetched nothing.
        QCOMPARE(containerdSnapshots().size(), 2);
        QCOMPARE(ourFolders().size(), 2);
        for (const auto& id : ourFolders()) {
            const QFileInfo fs(snapshotsDir() + QLatin1Char('/') + id + QStringLiteral("/fs"));
            QVERIFY2(fs.isSymLink(), (fs.filePath().toUtf8() + " is no link\n" + m_daemon.log().right(4000)).constData());
            QVERIFY2(fs.symLinkTarget().startsWith(imagesDir()), qPrintable(fs.symLinkTarget()));
        }
        // containerd fetched no layer. sociscoped fetched the layer without a
        // zTOC whole, once (its mount verifies it and serves it from there:
        // left to containerd, containerd 1.6 would start downloading every
        // layer above it too), and nothing of the lazy one.
        QCOMPARE(layerBytesFetched(0), m_layerSizes[0]);
        QCOMPARE(layerBytesFetched(1), 0);
        // The image's mount is a daemon mount like any other.
        const auto mounts = ctl({ QStringLiteral("mounts"), QStringLiteral("--json") }, 30000, m_daemon.ctlEnv());
        QVERIFY2(mounts.exitCode == 0, mounts.err.constData());
        QVERIFY2(mounts.out.contains(imagesDir().toUtf8()), mounts.out.constData());
    }

    void lazyRunReadsOnlyWhatItNeeds()
    {
        const auto r = runGreeting(m_lazyRef, QStringLiteral("t2"));
        QVERIFY2(r.exitCode == 0, (r.out + r.err + m_daemon.log().right(3000)).constData());
        QCOMPARE(r.out, QByteArray(BusyboxGreeting));
        // busybox and the greeting were there; of the 12 MiB of padding
        // beside them a run fetches at most the zTOC's neighbourhood: nothing
        // it reads lives there.
        QVERIFY2(layerBytesFetched(1) < m_layerSizes[1] / 4,
            qPrintable(QStringLiteral("%1 of %2 bytes").arg(layerBytesFetched(1)).arg(m_layerSizes[1])));
        // A read in the lazy layer fetches its spans, not the layer.
        const auto head = ctr({ QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--snapshotter"),
                                  QStringLiteral("sociscope"), m_lazyRef, QStringLiteral("t2h"), QStringLiteral("head"),
                                  QStringLiteral("-c"), QStringLiteral("100000"), QStringLiteral("/opt/padding.bin") },
            120000);
        QVERIFY2(head.exitCode == 0, (head.out + head.err).constData());
        QCOMPARE(head.out.size(), 100000);
        const qint64 lazyLayer = layerBytesFetched(1);
        QVERIFY2(lazyLayer > 0 && lazyLayer < m_layerSizes[1] / 4,
            qPrintable(QStringLiteral("%1 of %2 bytes").arg(lazyLayer).arg(m_layerSizes[1])));
        const qint64 fetched = layerBytesFetched();
        // Seen from Prometheus: the layers' sizes and what of them is here,
        // named as soci-snapshotter names them, and the mount's reads.
        const QString url = metricsUrl();
        QVERIFY2(!url.isEmpty(), m_daemon.log().constData());
        const auto metrics = curl({ QStringLiteral("-fsS"), url });
        QVERIFY2(metrics.exitCode == 0, metrics.err.constData());
        const QString text = QString::fromUtf8(metrics.out);
        for (const auto& d : m_layers)
            QVERIFY2(text.contains(QRegularExpression(
                         QStringLiteral("soci_fs_layer_size_bytes\\{digest=\"%1\",mountpoint=\"[^\"]+\"\\} [1-9]").arg(d))),
                metrics.out.constData());
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("soci_fs_layer_fetched_size_bytes\\{[^}]+\\} [1-9]"))),
            metrics.out.constData());
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("sociscope_mount_reads_total\\{[^}]+\\} [1-9]"))),
            metrics.out.constData());
        // Anything but GET /metrics is refused, and a request has a size cap.
        auto status = [](const QStringList& args) {
            return curl(QStringList { QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                            QStringLiteral("-w"), QStringLiteral("%{http_code}") }
                + args)
                .out;
        };
        QCOMPARE(status({ QString(url).replace(QStringLiteral("/metrics"), QStringLiteral("/other")) }),
            QByteArray("404"));
        QCOMPARE(status({ QStringLiteral("-X"), QStringLiteral("POST"), url }), QByteArray("405"));
        QCOMPARE(status({ QStringLiteral("-H"), QStringLiteral("X-Big: ") + QString(9000, QLatin1Char('x')), url }),
            QByteArray("431"));

        // A second container of the image shares the mount: nothing new.
        const auto again = runGreeting(m_lazyRef, QStringLiteral("t3"));
        QVERIFY2(again.exitCode == 0, (again.out + again.err).constData());
        QCOMPARE(layerBytesFetched(), fetched);
    }

    void restartBetweenPullAndRun()
    {
        m_daemon.kill9();
        QVERIFY2(m_daemon.start(dir() + QStringLiteral("/d"), daemonArgs()), m_daemon.log().constData());
        // containerd's client reconnects on its own, after a failed call or two.
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()
            && ctr({ QStringLiteral("snapshots"), QStringLiteral("--snapshotter"), QStringLiteral("sociscope"),
                       QStringLiteral("usage") })
                    .exitCode
                != 0)
            QThread::msleep(100);
        // The image is mounted again (in the background, or when the run asks).
        const auto r = runGreeting(m_lazyRef, QStringLiteral("t4"));
        QVERIFY2(r.exitCode == 0, (r.out + r.err + m_daemon.log().right(3000)).constData());
        QCOMPARE(r.out, QByteArray(BusyboxGreeting));
    }

    void removingTheLazyImageUnmountsIt()
    {
        const auto r = ctr({ QStringLiteral("images"), QStringLiteral("rm"), QStringLiteral("--sync"), m_lazyRef });
        QVERIFY2(r.exitCode == 0, (r.out + r.err).constData());
        waitUntilNoSnapshots();
        QCOMPARE(containerdSnapshots(), QStringList());
        QCOMPARE(ourFolders(), QStringList());
        const auto mounts = ctl({ QStringLiteral("mounts"), QStringLiteral("--json") }, 30000, m_daemon.ctlEnv());
        QVERIFY2(!mounts.out.contains(imagesDir().toUtf8()), mounts.out.constData());
        QCOMPARE(QDir(imagesDir()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    }

    void imageWithoutIndexFallsBackToUnpacking()
    {
        // The same image without its index: containerd downloads and unpacks.
        const QString plain = m_proxy.address() + QStringLiteral("/snap/busybox:t");
        QVERIFY(m_proxy.reset());
        const auto r = rpull(plain);
        QVERIFY2(r.exitCode == 0, (r.out + r.err + m_daemon.log().right(3000)).constData());
        QVERIFY2(m_daemon.log().contains("the image has no SOCI index"), m_daemon.log().right(3000).constData());
        QCOMPARE(ourFolders().size(), 2);
        for (const auto& id : ourFolders())
            QVERIFY(!QFileInfo(snapshotsDir() + QLatin1Char('/') + id + QStringLiteral("/fs")).isSymLink());
        QVERIFY(layerBytesFetched() >= m_layersSize);
        const auto run = runGreeting(plain, QStringLiteral("t5"));
        QVERIFY2(run.exitCode == 0, (run.out + run.err).constData());
        QCOMPARE(run.out, QByteArray(BusyboxGreeting));
        QCOMPARE(ctr({ QStringLiteral("images"), QStringLiteral("rm"), QStringLiteral("--sync"), plain }).exitCode, 0);
        waitUntilNoSnapshots();
        QCOMPARE(ourFolders(), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestSnapshotterContainerd)
#include "test_snapshotter_containerd.moc"
