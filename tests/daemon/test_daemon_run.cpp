// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Lazy runs for real: an image made here from Debian's busybox-static plus a
// 12 MiB incompressible layer (so it gets a zTOC), pushed to the real
// registry and converted by sociscopectl, run by sociscoped with Debian's runc
// over overlayfs of its FUSE layer views. Output, exit codes, stdin, a PTY
// with window sizes, Stop, kill -9 of the daemon during a run, and a user
// daemon's refusal. The client library's RunSession (what the CLI and the
// GUI sit on) with its bounds: the start, cancel() and detach().
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazytest.h"
#include "run_session.h"

#include "daemontest.h"
#include "run/overlay.h"
#include "testenv.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <mutex>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

const char* const kGreeting = BusyboxGreeting;

// Containers runc knows in a state folder.
QStringList runcContainers(const QString& stateDir)
{
    const auto r = test::run(QStringLiteral("runc"),
        { QStringLiteral("--root"), stateDir + QStringLiteral("/runc"), QStringLiteral("list"), QStringLiteral("-q") },
        30000);
    return QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QStringList mountsUnder(const QString& dir)
{
    QStringList out;
    for (const auto& m : sociscope::run::mountsUnder(dir.toStdString()))
        out << q(m);
    return out;
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

// Exited (a zombie its parent has not reaped yet counts) or never there.
bool processGone(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return true;
    const QByteArray st = f.readAll();
    return st.mid(st.lastIndexOf(')') + 2, 1) == "Z";
}

// The last line of a run's stderr with --json: the final record.
QJsonObject finalRecord(const QByteArray& err)
{
    const auto lines = err.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
}
} // namespace

class TestDaemonRun final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    DaemonProcess m_daemon;
    files::TempDir m_tmp { "sociscope-run" };
    QString m_ref;
    std::int64_t m_imageBytes = 0;

    QString dir() const { return q(m_tmp.path()); }

    RunResult runCtl(const QStringList& args, int timeoutMs = 60000)
    {
        return ctl(QStringList { QStringLiteral("run") } + args, timeoutMs, m_daemon.ctlEnv());
    }

    QJsonArray runs(DaemonProcess& daemon)
    {
        const auto r = ctl({ QStringLiteral("ps"), QStringLiteral("--json") }, 30000, daemon.ctlEnv());
        return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("runs")).toArray();
    }

    // Nothing of any run is left: no container, no mount, no bundle, no record.
    QString leftovers(DaemonProcess& daemon)
    {
        QStringList what;
        const QStringList containers = runcContainers(daemon.stateDir());
        if (!containers.isEmpty())
            what << QStringLiteral("containers: ") + containers.join(QLatin1Char(' '));
        const QStringList mounts = mountsUnder(daemon.stateDir());
        if (!mounts.isEmpty())
            what << QStringLiteral("mounts: ") + mounts.join(QLatin1Char(' '));
        const QStringList bundles = entries(daemon.stateDir() + QStringLiteral("/bundles"));
        if (!bundles.isEmpty())
            what << QStringLiteral("bundles: ") + bundles.join(QLatin1Char(' '));
        const QStringList records = entries(daemon.stateDir() + QStringLiteral("/runs"));
        if (!records.isEmpty())
            what << QStringLiteral("run records: ") + records.join(QLatin1Char(' '));
        return what.join(QLatin1Char('\n'));
    }

    // The test's daemon, for a RunSession.
    client::RunSession::Connect connector() const
    {
        return [socket = m_daemon.socket().toStdString()](client::RunSpec&) { return client::DaemonClient::connect(socket); };
    }

    client::RunSpec sessionSpec(std::vector<std::string> command) const
    {
        client::RunSpec spec;
        spec.image.ref = *oci::Reference::parse(m_ref.toStdString());
        spec.command = std::move(command);
        spec.remove = true;
        return spec;
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
        const QString repo = m_registry.address() + QStringLiteral("/run/busybox");
        r = ctl({ QStringLiteral("copy"), "oci:" + dir() + "/image:t", repo + ":t" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
            QStringLiteral("--json") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // The padding layer is indexed, the small one is read whole.
        const auto layers = QJsonDocument::fromJson(r.out)
                                .object()
                                .value(QStringLiteral("platforms"))
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(QStringLiteral("layers"))
                                .toArray();
        QCOMPARE(layers.size(), 2);
        QCOMPARE(layers.at(1).toObject().value(QStringLiteral("coverage")).toString(), QStringLiteral("indexed"));
        m_ref = repo + ":t-soci";
        QVERIFY2(m_daemon.start(dir() + "/d1"), m_daemon.log().constData());
    }

    void cleanupTestCase()
    {
        if (m_daemon.running()) {
            for (const auto& v : runs(m_daemon))
                ctl({ QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"),
                        v.toObject().value(QStringLiteral("id")).toString() },
                    30000, m_daemon.ctlEnv());
        }
        m_daemon.stop();
        // Whatever a failed test left: containers, then mounts and folders.
        for (const QString& d : { QStringLiteral("/d1"), QStringLiteral("/d2") })
            for (const QString& id : runcContainers(dir() + d + QStringLiteral("/state")))
                test::run(QStringLiteral("runc"),
                    { QStringLiteral("--root"), dir() + d + QStringLiteral("/state/runc"), QStringLiteral("delete"),
                        QStringLiteral("--force"), id },
                    30000);
        (void)sociscope::run::removeTree(m_tmp.path());
    }

    void runsLazilyAndRemovesEverything()
    {
        // The run's mount streams its fetch events like any mount, tagged with the run.
        ChildProcess events;
        QVERIFY(events.start(q(binDir()) + "/sociscopectl", { QStringLiteral("events"), QStringLiteral("--json") },
            m_daemon.ctlEnv()));
        QVERIFY2(!events.waitForMatch(QStringLiteral("(listening for fetch events)")).isEmpty(),
            events.output().constData());
        const auto r = runCtl(
            { QStringLiteral("--rm"), QStringLiteral("--stats"), QStringLiteral("--json"), m_ref, QStringLiteral("--"),
                QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("cat /srv/greeting; echo ok") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray(kGreeting) + "ok\n");
        const QJsonObject rec = finalRecord(r.err);
        QCOMPARE(rec.value(QStringLiteral("exitCode")).toInt(), 0);
        const QJsonObject stats = rec.value(QStringLiteral("run")).toObject().value(QStringLiteral("stats")).toObject();
        const qint64 fetched = stats.value(QStringLiteral("networkBytes")).toInteger();
        const qint64 image = stats.value(QStringLiteral("imageBytes")).toInteger();
        qInfo("fetched %lld of %lld image bytes", fetched, image);
        QVERIFY(image > 12 * 1000 * 1000);
        // The noise layer's spans were never needed: its zTOC and the small
        // layer only. (A run's background fetch, "all" by default, may begin
        // on them once the run is quiet, on a loaded machine before it ends:
        // those bytes are marked background and are not the reads'.)
        const qint64 background = stats.value(QStringLiteral("backgroundBytes")).toInteger();
        QCOMPARE(stats.value(QStringLiteral("spanBytes")).toInteger() - background, 0);
        QVERIFY2((fetched - background) * 4 < image, qPrintable(QString::number(fetched)));
        QVERIFY(stats.value(QStringLiteral("reads")).toInteger() > 0);
        const QString id = rec.value(QStringLiteral("run")).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(id.size(), 16);
        QVERIFY2(!events.waitForMatch(QStringLiteral("(\"runId\":\"") + id + QStringLiteral("\")")).isEmpty(),
            events.output().constData());
        events.stop();
        const QString left = leftovers(m_daemon);
        QVERIFY2(left.isEmpty(), qPrintable(left));
    }

    void imageDefaultsAndOverrides()
    {
        // The image's Cmd and working folder.
        auto r = runCtl({ QStringLiteral("--rm"), m_ref });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray(kGreeting));
        // The user by name from the image's /etc/passwd and /etc/group (read lazily), env and workdir.
        r = runCtl({ QStringLiteral("--rm"), QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("-e"),
            QStringLiteral("MINE=1"), QStringLiteral("--workdir"), QStringLiteral("/tmp"), m_ref, QStringLiteral("--"),
            QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("id -u; id -G; echo $FROM_IMAGE$MINE; echo $PWD; echo $HOME; cat /etc/hostname") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
        QVERIFY2(lines.size() >= 6, r.out.constData());
        QCOMPARE(lines[0], QStringLiteral("1000"));
        QCOMPARE(lines[1], QStringLiteral("1000 50"));
        QCOMPARE(lines[2], QStringLiteral("yes1"));
        QCOMPARE(lines[3], QStringLiteral("/tmp"));
        QCOMPARE(lines[4], QStringLiteral("/home/alice"));
        QCOMPARE(lines[5].size(), 12);
        // A user the image does not have.
        r = runCtl({ QStringLiteral("--rm"), QStringLiteral("--user"), QStringLiteral("mallory"), m_ref });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("mallory"), r.err.constData());
        const QString left = leftovers(m_daemon);
        QVERIFY2(left.isEmpty(), qPrintable(left));
    }

    void exitCodesPassThrough()
    {
        auto r = runCtl({ QStringLiteral("--rm"), m_ref, QStringLiteral("--"), QStringLiteral("/bin/sh"),
            QStringLiteral("-c"), QStringLiteral("echo to stderr >&2; exit 42") });
        QCOMPARE(r.exitCode, 42);
        QCOMPARE(r.err, QByteArray("to stderr\n"));
        // The container's init killed from outside is 128 + 9: see stopEndsARun.
    }

    void stdinIsForwarded()
    {
        const QString cmd
            = QStringLiteral("printf 'line one\\nline two\\n' | '%1/sociscopectl' run -i --rm '%2' -- cat")
                  .arg(q(binDir()), m_ref);
        const auto r = test::run(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), cmd }, 60000, m_daemon.ctlEnv());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("line one\nline two\n"));
        // Without -i the container's stdin is empty.
        const QString noInput
            = QStringLiteral("echo ignored | '%1/sociscopectl' run --rm '%2' -- cat").arg(q(binDir()), m_ref);
        const auto r2
            = test::run(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), noInput }, 60000, m_daemon.ctlEnv());
        QCOMPARE(r2.exitCode, 0);
        QCOMPARE(r2.out, QByteArray());
    }

    void terminalThroughAPty()
    {
        // The CLI on a terminal of ours: raw mode, stdin, and a window change
        // (SIGWINCH to the CLI, TIOCSWINSZ in the container).
        int master = -1, slave = -1;
        winsize ws {};
        ws.ws_row = 24;
        ws.ws_col = 80;
        QVERIFY(::openpty(&master, &slave, nullptr, nullptr, &ws) == 0);
        const util::Fd masterFd(master);
        util::Fd slaveFd(slave);
        const QByteArray exe = q(binDir()).toUtf8() + "/sociscopectl";
        const QByteArray ref = m_ref.toUtf8();
        QList<QByteArray> envs;
        const auto env = m_daemon.ctlEnv();
        for (const auto& k : env.keys())
            envs << (k + QLatin1Char('=') + env.value(k)).toUtf8();
        std::vector<char*> envp;
        for (auto& e : envs)
            envp.push_back(e.data());
        envp.push_back(nullptr);
        const char* const argv[] = { exe.constData(), "run", "-it", "--rm", ref.constData(), "--", "/bin/sh", "-c",
            "tty; stty size; read line; stty size; echo \"got:$line\"; exit 3", nullptr };
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            ::setsid();
            ::ioctl(slave, TIOCSCTTY, 0);
            ::dup2(slave, 0);
            ::dup2(slave, 1);
            ::dup2(slave, 2);
            // Between fork and exec no destructor runs: these are closed by hand.
            ::close(master);
            if (slave > 2)
                ::close(slave);
            ::execve(argv[0], const_cast<char* const*>(argv), envp.data());
            ::_exit(127);
        }
        slaveFd.reset(); // the CLI's alone now: its exit ends our reads
        QByteArray seen;
        const auto readUntil = [&](const QByteArray& what, int ms) {
            QDeadlineTimer deadline(ms);
            while (!seen.contains(what) && !deadline.hasExpired()) {
                pollfd p { master, POLLIN, 0 };
                if (::poll(&p, 1, 100) > 0) {
                    char buf[4096];
                    const ssize_t n = ::read(master, buf, sizeof buf);
                    if (n <= 0)
                        break;
                    seen.append(buf, static_cast<int>(n));
                }
            }
            return seen.contains(what);
        };
        const bool first = readUntil("24 80", 60000);
        if (first) {
            ws.ws_row = 30;
            ws.ws_col = 100;
            ::ioctl(master, TIOCSWINSZ, &ws);
            (void)!::write(master, "hello\r", 6);
        }
        const bool second = first && readUntil("got:hello", 30000);
        readUntil("\x04never", 200); // the rest of the output, briefly
        int status = 0;
        QDeadlineTimer deadline(30000);
        while (::waitpid(pid, &status, WNOHANG) == 0 && !deadline.hasExpired())
            readUntil("\x04never", 50);
        if (::waitpid(pid, &status, WNOHANG) == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
        }
        QVERIFY2(first, seen.constData());
        QVERIFY2(second, seen.constData());
        QVERIFY2(seen.contains("/dev/pts/"), seen.constData());
        QVERIFY2(seen.contains("30 100"), seen.constData());
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 3);
        const QString left = leftovers(m_daemon);
        QVERIFY2(left.isEmpty(), qPrintable(left));
    }

    void stopEndsARun()
    {
        auto r = runCtl({ QStringLiteral("-d"), QStringLiteral("--name"), QStringLiteral("sleeper"), m_ref,
            QStringLiteral("--"), QStringLiteral("sleep"), QStringLiteral("100") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = QString::fromUtf8(r.out.trimmed());
        QCOMPARE(id.size(), 16);
        auto list = runs(m_daemon);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("sleeper"));
        QCOMPARE(runcContainers(m_daemon.stateDir()), QStringList { id });
        QCOMPARE(mountsUnder(m_daemon.stateDir()).size(), 2); // the image mount and the overlay
        // A second run by that name is refused.
        r = runCtl({ QStringLiteral("--rm"), QStringLiteral("--name"), QStringLiteral("sleeper"), m_ref });
        QCOMPARE(r.exitCode, 1);
        // sleep as the container's init ignores SIGTERM: SIGKILL comes after 1 s.
        QElapsedTimer t;
        t.start();
        r = ctl({ QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("--json"),
                    QStringLiteral("sleeper") },
            60000, m_daemon.ctlEnv());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(t.elapsed() < 10000, qPrintable(QString::number(t.elapsed())));
        const auto stopped
            = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("runs")).toArray().at(0).toObject();
        QCOMPARE(stopped.value(QStringLiteral("status")).toString(), QStringLiteral("exited"));
        QCOMPARE(stopped.value(QStringLiteral("exitCode")).toInt(), 128 + 9);
        QVERIFY(runs(m_daemon).isEmpty());
        const QString left = leftovers(m_daemon);
        QVERIFY2(left.isEmpty(), qPrintable(left));
    }

    void killNineThenTheNextStartCleansUp()
    {
        DaemonProcess d;
        QVERIFY2(d.start(dir() + "/d2"), d.log().constData());
        ChildProcess client;
        QVERIFY(client.start(q(binDir()) + "/sociscopectl",
            { QStringLiteral("run"), QStringLiteral("--rm"), m_ref, QStringLiteral("--"), QStringLiteral("sleep"),
                QStringLiteral("100") },
            d.ctlEnv()));
        QDeadlineTimer deadline(60000);
        bool running = false;
        while (!running && !deadline.hasExpired() && client.running()) {
            const auto list = runs(d);
            running = !list.isEmpty()
                && list.at(0).toObject().value(QStringLiteral("status")).toString() == QStringLiteral("running")
                && list.at(0).toObject().value(QStringLiteral("pid")).toInt() > 0;
        }
        QVERIFY2(running, client.output().constData());
        const qint64 init = runs(d).at(0).toObject().value(QStringLiteral("pid")).toInteger();
        d.kill9();
        // What it left: the container, the overlay, the image mount, the bundle.
        QCOMPARE(runcContainers(d.stateDir()).size(), 1);
        QCOMPARE(mountsUnder(d.stateDir()).size(), 2);
        QCOMPARE(entries(d.stateDir() + QStringLiteral("/bundles")).size(), 1);
        QVERIFY(!processGone(init));
        QVERIFY2(d.start(dir() + "/d2"), d.log().constData());
        const QString left = leftovers(d);
        QVERIFY2(left.isEmpty(), qPrintable(left + "\n" + QString::fromUtf8(d.log())));
        QVERIFY2(processGone(init), d.log().constData());
        // The client saw its daemon go and ended, saying so.
        QDeadlineTimer end(30000);
        while (!processGone(client.pid()) && !end.hasExpired())
            QThread::msleep(20);
        QVERIFY(processGone(client.pid()));
        QVERIFY2(client.output().contains("ended before run"), client.output().constData());
        d.stop();
    }

    void runSessionDeliversOutputAndExit()
    {
        std::mutex mutex;
        std::vector<client::RunEvent> events;
        client::RunSession session(connector(), sessionSpec({ "/bin/sh", "-c", "cat /srv/greeting; echo err >&2; exit 7" }),
            [&](client::RunEvent e) {
                const std::lock_guard lock(mutex);
                events.push_back(std::move(e));
            },
            {});
        QVERIFY(session.waitEnded(std::chrono::seconds(60)));
        const client::RunEnd end = *session.end();
        QVERIFY2(end.how == client::RunEnd::How::Exited, end.error ? end.error->text().c_str() : "");
        QVERIFY(end.started);
        const std::lock_guard lock(mutex);
        QVERIFY(events.size() >= 3);
        QCOMPARE(events.front().kind, client::RunEvent::Kind::Started);
        QCOMPARE(events.front().run.id.size(), std::size_t(16));
        std::string out, err;
        for (const auto& e : events) {
            if (e.kind == client::RunEvent::Kind::Stdout)
                out += e.data;
            if (e.kind == client::RunEvent::Kind::Stderr)
                err += e.data;
        }
        QCOMPARE(q(out), QString::fromLatin1(kGreeting));
        QCOMPARE(q(err), QStringLiteral("err\n"));
        QCOMPARE(events.back().kind, client::RunEvent::Kind::Exited);
        QCOMPARE(events.back().exitCode, 7);
        QCOMPARE(q(events.back().run.status), QStringLiteral("exited"));
        QCOMPARE(events.back().run.id, events.front().run.id);
        QTRY_VERIFY_WITH_TIMEOUT(leftovers(m_daemon).isEmpty(), 30000);
    }

    void runSessionStartIsBounded()
    {
        // 1 ms is less than any start takes (the image is mounted first): the
        // watchdog cancels the call, and the daemon drops what it began.
        client::RunSession::Bounds bounds;
        bounds.startTimeout = std::chrono::milliseconds(1);
        std::atomic<bool> sawStart { false };
        client::RunSession session(connector(), sessionSpec({ "sleep", "100" }),
            [&](const client::RunEvent& e) { sawStart = sawStart || e.kind == client::RunEvent::Kind::Started; }, {},
            bounds);
        QVERIFY(session.waitEnded(std::chrono::seconds(30)));
        const client::RunEnd end = *session.end();
        QVERIFY2(end.how == client::RunEnd::How::TimedOut, end.error ? end.error->text().c_str() : "");
        QVERIFY(!end.started);
        QVERIFY(!sawStart);
        QVERIFY2(end.error && end.error->message.find("did not start the run within") != std::string::npos,
            end.error ? end.error->text().c_str() : "");
        QTRY_VERIFY_WITH_TIMEOUT(runs(m_daemon).isEmpty() && leftovers(m_daemon).isEmpty(), 60000);
    }

    void runSessionCancelStopsTheRun()
    {
        std::atomic<bool> started { false };
        auto session = std::make_unique<client::RunSession>(connector(), sessionSpec({ "sleep", "100" }),
            [&](const client::RunEvent& e) { started = started || e.kind == client::RunEvent::Kind::Started; },
            client::RunSession::OnEnd {});
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 60000);
        QCOMPARE(runs(m_daemon).size(), 1);
        session->cancel();
        QVERIFY(session->waitEnded(std::chrono::seconds(10)));
        QCOMPARE(session->end()->how, client::RunEnd::How::Cancelled);
        session.reset(); // joins at once: the call is over
        // A client that goes away without detaching stops its run (--rm: nothing stays).
        QTRY_VERIFY_WITH_TIMEOUT(runs(m_daemon).isEmpty() && leftovers(m_daemon).isEmpty(), 60000);
    }

    void runSessionDetachLeavesItRunning()
    {
        client::RunSpec spec = sessionSpec({ "sleep", "100" });
        spec.detach = true;
        spec.remove = false;
        std::string id;
        client::RunSession session(connector(), spec,
            [&](const client::RunEvent& e) {
                if (e.kind == client::RunEvent::Kind::Started)
                    id = e.run.id;
            },
            {});
        QVERIFY(session.waitEnded(std::chrono::seconds(60)));
        QCOMPARE(session.end()->how, client::RunEnd::How::Detached);
        const auto list = runs(m_daemon);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("id")).toString(), q(id));
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        const auto r = ctl({ QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("1"), q(id) }, 60000,
            m_daemon.ctlEnv());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(runs(m_daemon).isEmpty());
        const QString left = leftovers(m_daemon);
        QVERIFY2(left.isEmpty(), qPrintable(left));
    }

    void userDaemonRefusesRuns()
    {
        if (proc::which("setpriv").empty())
            QSKIP("needs setpriv (util-linux)");
        const QString d = dir() + QStringLiteral("/user");
        QVERIFY(QDir().mkpath(d));
        QVERIFY(::chmod(m_tmp.path().c_str(), 0755) == 0);
        QVERIFY(::chown(d.toUtf8().constData(), 65534, 65534) == 0);
        ChildProcess daemon;
        QVERIFY(daemon.start(QStringLiteral("setpriv"),
            { QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                QStringLiteral("--"), q(binDir()) + "/sociscoped", QStringLiteral("-v"), QStringLiteral("--socket"),
                d + "/sock", QStringLiteral("--state-dir"), d + "/state", QStringLiteral("--cache-dir"),
                d + "/cache" }));
        QVERIFY2(!daemon.waitForMatch(QStringLiteral("(serving)")).isEmpty(), daemon.output().constData());
        auto env = m_daemon.ctlEnv();
        env.insert(QStringLiteral("SOCISCOPE_SOCKET"), d + "/sock");
        const auto r = ctl(
            { QStringLiteral("run"), QStringLiteral("--rm"), m_ref, QStringLiteral("--"), QStringLiteral("true") },
            60000, env);
        QCOMPARE(r.exitCode, 6); // unsupported
        QVERIFY2(r.err.contains("only the system daemon, running as root, runs containers"), r.err.constData());
        QVERIFY2(r.err.contains("sudo sociscoped"), r.err.constData());
        const auto s
            = ctl({ QStringLiteral("daemon"), QStringLiteral("status"), QStringLiteral("--json") }, 30000, env);
        QCOMPARE(QJsonDocument::fromJson(s.out).object().value(QStringLiteral("canRun")).toBool(), false);
        daemon.stop();
    }
};

QTEST_GUILESS_MAIN(TestDaemonRun)
#include "test_daemon_run.moc"
