// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Who may use a daemon, with real users made for the test (useradd, removed
// afterwards): the system daemon serves root and its group and refuses others
// (by the socket's mode, and by SO_PEERCRED when the mode lets them in);
// members mount only on folders they own, see only their mounts, read only
// what the image's modes allow. A user without access gets a rootless user
// daemon, started by sociscopectl and mounting through fusermount3.
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazytest.h"

#include "daemontest.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QThread>
#include <QtTest>

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

const char* const kLayers
    = "[{\"compression\":\"gzip\",\"entries\":[{\"path\":\"etc/os-release\",\"data\":\"ID=access\\n\"},"
      "  {\"path\":\"etc/secret\",\"data\":\"root only\\n\",\"mode\":384},"
      "  {\"path\":\"usr/bin/su-like\",\"data\":\"#!/bin/sh\\n\",\"mode\":2541}]}]";

uid_t uidOf(const QString& name)
{
    const passwd* p = ::getpwnam(name.toUtf8().constData());
    return p ? p->pw_uid : static_cast<uid_t>(-1);
}

bool processGone(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return true;
    const QByteArray s = f.readAll();
    return s.mid(s.lastIndexOf(')') + 2, 1) == "Z"; // exited; its new parent reaps it
}
} // namespace

class TestDaemonAccess final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    DaemonProcess m_daemon;
    files::TempDir m_tmp { "sociscope-access" };
    QString m_group, m_member, m_outsider;
    QString m_ref;
    QString m_layout;
    QStringList m_mounts;
    qint64 m_userDaemon = 0;

    QString dir() const { return q(m_tmp.path()); }

    // Runs program as user (with their groups) and the given environment.
    RunResult as(const QString& user, const QString& program, const QStringList& args, const QStringList& env = {},
        int timeoutMs = 60000)
    {
        QStringList a { QStringLiteral("--reuid=") + user, QStringLiteral("--regid=") + groupOf(user),
            QStringLiteral("--init-groups"), QStringLiteral("--"), QStringLiteral("env"), QStringLiteral("-i"),
            QStringLiteral("PATH=/usr/bin:/bin"), QStringLiteral("HOME=") + homeOf(user),
            QStringLiteral("NO_PROXY=127.0.0.1"), QStringLiteral("no_proxy=127.0.0.1") };
        a << env << program << args;
        return run(QStringLiteral("setpriv"), a, timeoutMs);
    }
    RunResult ctlAs(const QString& user, const QStringList& args, const QStringList& env = {})
    {
        return as(user, q(binDir()) + "/sociscopectl", args, env);
    }
    QString homeOf(const QString& user) const { return dir() + "/home-" + user; }
    static QString groupOf(const QString& user)
    {
        const passwd* p = ::getpwnam(user.toUtf8().constData());
        return p ? QString::number(p->pw_gid) : QStringLiteral("100");
    }
    QString socketEnv() const { return QStringLiteral("SOCISCOPE_SOCKET=") + m_daemon.socket(); }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: creates users and a group, runs the system daemon");
        if (!QFile::exists(QStringLiteral("/dev/fuse")) || proc::which("fusermount3").empty()
            || proc::which("useradd").empty() || proc::which("setpriv").empty())
            QSKIP("needs /dev/fuse, fusermount3, useradd and setpriv");
        // The users must reach the test folder and the programs.
        QVERIFY(::chmod(m_tmp.path().c_str(), 0755) == 0);
        const QString tag = QString::number(::getpid());
        m_group = "sscope" + tag;
        m_member = "ssmem" + tag;
        m_outsider = "ssout" + tag;
        QCOMPARE(run(QStringLiteral("groupadd"), { m_group }).exitCode, 0);
        QCOMPARE(run(QStringLiteral("useradd"),
                     { QStringLiteral("-M"), QStringLiteral("-N"), QStringLiteral("-s"),
                         QStringLiteral("/usr/sbin/nologin"), QStringLiteral("-G"), m_group, m_member })
                     .exitCode,
            0);
        QCOMPARE(run(QStringLiteral("useradd"),
                     { QStringLiteral("-M"), QStringLiteral("-N"), QStringLiteral("-s"),
                         QStringLiteral("/usr/sbin/nologin"), m_outsider })
                     .exitCode,
            0);
        for (const QString& u : { m_member, m_outsider }) {
            QDir().mkpath(homeOf(u));
            QCOMPARE(run(QStringLiteral("chown"), { u, homeOf(u) }).exitCode, 0);
            // A user daemon's folder left by an earlier run with a reused uid.
            (void)files::removeAll("/tmp/sociscope-" + std::to_string(uidOf(u)));
        }

        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_layout = makeImage(dir(), QStringLiteral("access"), kLayers);
        QVERIFY(!m_layout.isEmpty());
        const QString repo = m_registry.address() + "/daemon/access";
        QCOMPARE(ctl({ QStringLiteral("copy"), "oci:" + m_layout + ":t", repo + ":t" }).exitCode, 0);
        QCOMPARE(ctl({ QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
                         QStringLiteral("--min-layer-size"), QStringLiteral("0") })
                     .exitCode,
            0);
        m_ref = repo + ":t-soci";
        QVERIFY2(m_daemon.start(dir() + "/d", { QStringLiteral("--group"), m_group }), m_daemon.log().constData());
    }

    void cleanupTestCase()
    {
        for (const QString& mp : m_mounts)
            forceUnmount(mp);
        if (m_userDaemon > 0 && !processGone(m_userDaemon))
            ::kill(static_cast<pid_t>(m_userDaemon), SIGKILL);
        // A user daemon the test never learnt the PID of: its lock file has it.
        if (!m_outsider.isEmpty()) {
            QFile lock(QStringLiteral("/tmp/sociscope-%1/state/daemon.lock").arg(uidOf(m_outsider)));
            const qint64 pid = lock.open(QIODevice::ReadOnly) ? lock.readAll().trimmed().toLongLong() : 0;
            if (pid > 0 && !processGone(pid)) {
                ::kill(static_cast<pid_t>(pid), SIGKILL);
                QDeadlineTimer gone(5000);
                while (!processGone(pid) && !gone.hasExpired())
                    QThread::msleep(20);
            }
        }
        m_daemon.stop();
        for (const QString& u : { m_member, m_outsider }) {
            if (u.isEmpty())
                continue;
            const uid_t uid = uidOf(u);
            if (uid != static_cast<uid_t>(-1))
                (void)files::removeAll("/tmp/sociscope-" + std::to_string(uid));
            run(QStringLiteral("userdel"), { u });
        }
        if (!m_group.isEmpty())
            run(QStringLiteral("groupdel"), { m_group });
    }

    void socketServesRootAndTheGroupOnly()
    {
        struct stat st { };
        QVERIFY(::stat(m_daemon.socket().toUtf8().constData(), &st) == 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0660));
        QCOMPARE(st.st_gid, ::getgrnam(m_group.toUtf8().constData())->gr_gid);

        auto r = ctlAs(m_member, { QStringLiteral("daemon"), QStringLiteral("status"), QStringLiteral("--json") },
            { socketEnv() });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("mode")).toString(), QStringLiteral("system"));

        // Outside the group: the socket's mode keeps the user out ...
        r = ctlAs(m_outsider, { QStringLiteral("daemon"), QStringLiteral("status") }, { socketEnv() });
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("refuses you"), r.err.constData());
        // ... and with the mode opened up, the peer check still does.
        QVERIFY(::chmod(m_daemon.socket().toUtf8().constData(), 0666) == 0);
        r = ctlAs(m_outsider, { QStringLiteral("daemon"), QStringLiteral("status") }, { socketEnv() });
        QVERIFY(::chmod(m_daemon.socket().toUtf8().constData(), 0660) == 0);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("closed the connection"), r.err.constData());
        QVERIFY2(m_daemon.log().contains("refused a connection from uid " + QByteArray::number(uidOf(m_outsider))),
            m_daemon.log().constData());
    }

    void membersMountOnlyWhereTheyMay()
    {
        // Not on a folder someone else owns, however open its mode.
        const QString rootOwned = dir() + "/root-owned";
        QDir().mkpath(rootOwned);
        QVERIFY(::chmod(rootOwned.toUtf8().constData(), 0777) == 0);
        auto r = ctlAs(m_member, { QStringLiteral("mount"), m_ref, rootOwned }, { socketEnv() });
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("do not own"), r.err.constData());
        QVERIFY(!isMounted(rootOwned));
        // Not an oci: folder, which the root daemon would read as root.
        const QString own = dir() + "/member-mnt";
        QDir().mkpath(own);
        QCOMPARE(run(QStringLiteral("chown"), { m_member, own }).exitCode, 0);
        r = ctlAs(m_member, { QStringLiteral("mount"), "oci:" + m_layout + ":t", own }, { socketEnv() });
        QCOMPARE(r.exitCode, 3);

        // On their own folder, yes.
        m_mounts << own;
        r = ctlAs(m_member, { QStringLiteral("mount"), m_ref, own, QStringLiteral("--json") }, { socketEnv() });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(waitForMount(own, true, 10000, [&] { return m_daemon.running(); }));
        // The kernel applies the image's modes for everyone (allow_other,
        // default_permissions) and ignores setuid bits and device nodes.
        r = as(m_member, fswalkPath(), { QStringLiteral("read"), own + "/etc/os-release", own + "/etc/secret" });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto reads = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(reads[0].toObject().value(QStringLiteral("errno")).toInt(), 0);
        QCOMPARE(reads[1].toObject().value(QStringLiteral("errno")).toInt(), EACCES);
        r = fswalk({ QStringLiteral("read"), own + "/etc/secret" });
        QCOMPARE(QJsonDocument::fromJson(r.out).array()[0].toObject().value(QStringLiteral("errno")).toInt(), 0);
        QFile mountinfo(QStringLiteral("/proc/self/mountinfo"));
        QVERIFY(mountinfo.open(QIODevice::ReadOnly));
        const QByteArray table = mountinfo.readAll();
        const int at = static_cast<int>(table.indexOf(" " + own.toUtf8() + " "));
        QVERIFY(at > 0);
        const QByteArray line = table.mid(at, table.indexOf('\n', at) - at);
        QVERIFY2(line.contains("nosuid") && line.contains("nodev") && line.contains("allow_other"), line.constData());

        // Members see their own mounts; root sees all.
        r = ctlAs(m_member, { QStringLiteral("mounts"), QStringLiteral("--json") }, { socketEnv() });
        QVERIFY(r.out.contains(own.toUtf8()));
        r = ctl({ QStringLiteral("mounts"), QStringLiteral("--json") }, 30000, m_daemon.ctlEnv());
        QVERIFY(r.out.contains(own.toUtf8()));
        r = ctlAs(m_member, { QStringLiteral("umount"), own }, { socketEnv() });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(waitForMount(own, false, 10000, {}));
    }

    void othersGetAUserDaemon()
    {
        // No SOCISCOPE_SOCKET and no XDG_RUNTIME_DIR: sociscopectl tries the
        // system socket (absent, or refusing this user), then starts a user
        // daemon at /tmp/sociscope-UID, which mounts through fusermount3.
        const uid_t uid = uidOf(m_outsider);
        const QString runtime = QStringLiteral("/tmp/sociscope-%1").arg(uid);
        const QString mp = dir() + "/user-mnt";
        QDir().mkpath(mp);
        QCOMPARE(run(QStringLiteral("chown"), { m_outsider, mp }).exitCode, 0);
        m_mounts << mp;
        const QStringList env { QStringLiteral("SOCISCOPE_CACHE_DIR=") + homeOf(m_outsider) + "/cache" };
        // fusermount3 opens /dev/fuse as the user: some machines keep it root-only.
        const bool fuseForUsers = as(m_outsider, QStringLiteral("test"),
                                      { QStringLiteral("-r"), QStringLiteral("/dev/fuse"), QStringLiteral("-a"),
                                          QStringLiteral("-w"), QStringLiteral("/dev/fuse") })
                                      .exitCode
            == 0;
        auto r = ctlAs(m_outsider, { QStringLiteral("mount"), m_ref, mp }, env);
        QFile log(runtime + "/sociscoped.log");
        const QByteArray why = r.err + "\n" + (log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray());
        if (fuseForUsers)
            QVERIFY2(r.exitCode == 0, why.constData());
        else
            QVERIFY2(r.exitCode != 0 && r.err.contains("/dev/fuse"), why.constData());

        r = ctlAs(m_outsider, { QStringLiteral("daemon"), QStringLiteral("status"), QStringLiteral("--json") }, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject status = QJsonDocument::fromJson(r.out).object();
        m_userDaemon = status.value(QStringLiteral("pid")).toInteger();
        QCOMPARE(status.value(QStringLiteral("mode")).toString(), QStringLiteral("user"));
        QCOMPARE(status.value(QStringLiteral("socket")).toString(), runtime + "/sociscoped.sock");
        QCOMPARE(status.value(QStringLiteral("uid")).toInteger(), qint64(uid));
        struct stat st { };
        QVERIFY(::stat(runtime.toUtf8().constData(), &st) == 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0700));
        QCOMPARE(st.st_uid, uid);
        QVERIFY(::stat((runtime + "/sociscoped.sock").toUtf8().constData(), &st) == 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));

        if (fuseForUsers) {
            QVERIFY(waitForMount(mp, true, 10000, [&] { return !processGone(m_userDaemon); }));
            // The user reads everything; nobody else, not even root (no allow_other).
            r = as(m_outsider, fswalkPath(),
                { QStringLiteral("read"), mp + "/etc/os-release", mp + "/.layers/0/etc/secret" });
            QVERIFY2(r.exitCode == 0, r.err.constData());
            for (const auto& v : QJsonDocument::fromJson(r.out).array())
                QCOMPARE(v.toObject().value(QStringLiteral("errno")).toInt(), 0);
            r = fswalk({ QStringLiteral("read"), mp + "/etc/os-release" });
            QCOMPARE(
                QJsonDocument::fromJson(r.out).array()[0].toObject().value(QStringLiteral("errno")).toInt(), EACCES);
            r = ctlAs(m_outsider, { QStringLiteral("umount"), mp }, env);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY(waitForMount(mp, false, 10000, {}));
        }
        // Stopped by its PID: SIGTERM, and it is gone within a bound.
        QVERIFY(::kill(static_cast<pid_t>(m_userDaemon), SIGTERM) == 0);
        QDeadlineTimer gone(10000);
        while (!processGone(m_userDaemon) && !gone.hasExpired())
            QThread::msleep(20);
        QVERIFY(processGone(m_userDaemon));
        QVERIFY(!QFile::exists(runtime + "/sociscoped.sock"));
    }

    void rootlessMountThroughFusermount()
    {
        // Where /dev/fuse is root-only (as on some build machines), the same
        // runs in a private mount namespace with a 0666 node bound over
        // /dev/fuse, as Debian ships it; the host's /dev is never touched.
        // Everything mounted in there goes away with the namespace.
        const uid_t uid = uidOf(m_outsider);
        const QString mp = dir() + "/ns-mnt";
        const QString out = dir() + "/ns-out";
        QDir().mkpath(mp);
        QDir().mkpath(out);
        QCOMPARE(run(QStringLiteral("chown"), { m_outsider, mp }).exitCode, 0);
        const QString node = dir() + "/fuse-node";
        QCOMPARE(run(QStringLiteral("mknod"),
                     { QStringLiteral("-m"), QStringLiteral("666"), node, QStringLiteral("c"), QStringLiteral("10"),
                         QStringLiteral("229") })
                     .exitCode,
            0);
        const QString user = QStringLiteral("setpriv --reuid=%1 --regid=%2 --init-groups -- env -i PATH=/usr/bin:/bin "
                                            "HOME=%3 NO_PROXY=127.0.0.1 SOCISCOPE_CACHE_DIR=%3/cache ")
                                 .arg(m_outsider, groupOf(m_outsider), homeOf(m_outsider));
        const QString ctlPath = q(binDir()) + "/sociscopectl";
        const QString script = QStringLiteral("set -e\n") + "mount --bind " + node + " /dev/fuse\n" + user + ctlPath
            + " mount " + m_ref + " " + mp + " > " + out + "/mount 2>&1\n" + user + ctlPath + " daemon status --json > "
            + out + "/status\n" + user + fswalkPath() + " read " + mp + "/etc/os-release " + mp
            + "/.layers/0/etc/secret > " + out + "/user-read\n" + fswalkPath() + " read " + mp + "/etc/os-release > "
            + out + "/root-read\n" + "grep ' " + mp + " ' /proc/self/mountinfo > " + out + "/mountinfo\n" + user
            + ctlPath + " umount " + mp + " > " + out + "/umount 2>&1\n" + "! grep -q ' " + mp
            + " ' /proc/self/mountinfo\n";
        const auto r = run(QStringLiteral("unshare"),
            { QStringLiteral("-m"), QStringLiteral("--propagation"), QStringLiteral("private"), QStringLiteral("sh"),
                QStringLiteral("-c"), script },
            120000);
        const auto file = [&](const QString& name) {
            QFile f(out + "/" + name);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QJsonObject status = QJsonDocument::fromJson(file(QStringLiteral("status"))).object();
        m_userDaemon = status.value(QStringLiteral("pid")).toInteger();
        QVERIFY2(r.exitCode == 0, (r.err + file(QStringLiteral("mount")) + file(QStringLiteral("umount"))).constData());
        QCOMPARE(status.value(QStringLiteral("mode")).toString(), QStringLiteral("user"));
        QCOMPARE(status.value(QStringLiteral("uid")).toInteger(), qint64(uid));
        // Mounted by fusermount3 for the user: nosuid, nodev, no allow_other.
        const QByteArray line = file(QStringLiteral("mountinfo"));
        QVERIFY2(line.contains("fuse.sociscope") && line.contains("user_id=" + QByteArray::number(uid))
                && line.contains("nosuid") && !line.contains("allow_other"),
            line.constData());
        // The user reads everything in the image; root is kept out.
        for (const auto& v : QJsonDocument::fromJson(file(QStringLiteral("user-read"))).array())
            QCOMPARE(v.toObject().value(QStringLiteral("errno")).toInt(), 0);
        QCOMPARE(QJsonDocument::fromJson(file(QStringLiteral("root-read")))
                     .array()[0]
                     .toObject()
                     .value(QStringLiteral("errno"))
                     .toInt(),
            EACCES);
        QVERIFY(::kill(static_cast<pid_t>(m_userDaemon), SIGTERM) == 0);
        QDeadlineTimer gone(10000);
        while (!processGone(m_userDaemon) && !gone.hasExpired())
            QThread::msleep(20);
        QVERIFY(processGone(m_userDaemon));
    }
};

QTEST_GUILESS_MAIN(TestDaemonAccess)
#include "test_daemon_access.moc"
