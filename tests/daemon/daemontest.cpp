// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "daemontest.h"

#include "testenv.h"
#include "util/fd.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace sociscope::test {

namespace {
bool socketAnswers(const QString& path)
{
    const QByteArray p = path.toUtf8();
    sockaddr_un a {};
    if (p.size() >= static_cast<int>(sizeof a.sun_path))
        return false;
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, p.constData(), static_cast<size_t>(p.size()) + 1);
    const util::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    return fd && ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
}

// mountinfo escapes spaces and the like; test paths have none.
QStringList ourMountpoints()
{
    QFile f(QStringLiteral("/proc/self/mountinfo"));
    QStringList out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        const int dash = static_cast<int>(parts.indexOf("-"));
        if (dash > 4 && dash + 1 < parts.size() && parts[dash + 1] == "fuse.sociscope")
            out << QString::fromUtf8(parts[4]);
    }
    return out;
}
} // namespace

RunResult makeBusyboxImage(const QString& layout)
{
    const QString spec = layout + QStringLiteral(".json");
    QFile f(spec);
    if (!f.open(QIODevice::WriteOnly) || f.write(busyboxImageSpec(layout)) < 0)
        return { -1, {}, "cannot write " + spec.toUtf8() };
    f.close();
    return run(QStringLiteral("/usr/bin/python3"),
        { QString::fromStdString(sourceDir()) + QStringLiteral("/tests/tools/mkimage.py"), spec });
}

QByteArray busyboxImageSpec(const QString& layout)
{
    QByteArray links;
    for (const char* a : { "sh", "cat", "echo", "sleep", "id", "ls", "stty", "tty", "kill", "true", "printf", "seq",
             "head" })
        links += QByteArray(",{\"path\":\"bin/") + a + "\",\"type\":\"symlink\",\"target\":\"busybox\"}";
    return "{\"layout\":\"" + layout.toUtf8()
        + "\",\"tag\":\"t\","
          "\"config\":{\"Cmd\":[\"/bin/sh\",\"-c\",\"cat /srv/greeting\"],\"Env\":[\"PATH=/bin\",\"FROM_IMAGE=yes\"],"
          "\"WorkingDir\":\"/srv\"},"
          "\"layers\":[{\"compression\":\"gzip\",\"entries\":["
          "{\"path\":\"bin\",\"type\":\"dir\"},{\"path\":\"bin/busybox\",\"from\":\"/bin/busybox\",\"mode\":493}"
        + links
        + ",{\"path\":\"etc\",\"type\":\"dir\"},"
          "{\"path\":\"etc/passwd\",\"data\":\"root:x:0:0:root:/root:/bin/sh\\nalice:x:1000:1000::/home/alice:/bin/"
          "sh\\n\"},"
          "{\"path\":\"etc/group\",\"data\":\"root:x:0:\\nalice:x:1000:\\nstaff:x:50:alice\\n\"},"
          "{\"path\":\"tmp\",\"type\":\"dir\",\"mode\":1023},{\"path\":\"srv\",\"type\":\"dir\"},"
          "{\"path\":\"srv/greeting\",\"data\":\"Hello from a lazy run!\\n\"}]},"
          "{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"opt/padding.bin\",\"random\":12582912,"
          "\"seed\":7}]}]}";
}

QString fswalkPath()
{
    return QString::fromStdString(binDir()) + QStringLiteral("/../tests/fswalk");
}

EventStream::~EventStream()
{
    if (m_proc.state() != QProcess::NotRunning) {
        m_proc.kill();
        m_proc.waitForFinished(5000);
    }
}

bool EventStream::start(const QProcessEnvironment& env, const QString& mountpoint)
{
    m_proc.setProcessEnvironment(env);
    m_proc.start(QString::fromStdString(binDir()) + QStringLiteral("/sociscopectl"),
        { QStringLiteral("events"), QStringLiteral("--json"), QStringLiteral("--mount"), mountpoint });
    if (!m_proc.waitForStarted(10000))
        return false;
    QByteArray err;
    for (QDeadlineTimer bound(10000); !bound.hasExpired() && !err.contains("listening");) {
        m_proc.waitForReadyRead(100);
        err += m_proc.readAllStandardError();
    }
    return err.contains("listening");
}

QByteArray EventStream::waitFor(const QByteArray& needle, int timeoutMs)
{
    for (QDeadlineTimer bound(timeoutMs); !m_lines.contains(needle) && !bound.hasExpired();) {
        m_proc.waitForReadyRead(100);
        m_lines += m_proc.readAllStandardOutput();
    }
    return m_lines;
}

bool DaemonProcess::start(const QString& dir, const QStringList& extra)
{
    m_dir = dir;
    m_extra = extra;
    QDir().mkpath(dir);
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost,::1"));
    env.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1,localhost,::1"));
    env.insert(QStringLiteral("SOCISCOPE_RETRY_BASE_MS"), QStringLiteral("10"));
    const QStringList args = QStringList { QStringLiteral("-v"), QStringLiteral("--socket"), socket(),
        QStringLiteral("--state-dir"), stateDir(), QStringLiteral("--cache-dir"), dir + QStringLiteral("/cache") }
        + extra;
    if (!m_proc.start(QString::fromStdString(binDir()) + QStringLiteral("/sociscoped"), args, env))
        return false;
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (!m_proc.running())
            return false;
        if (socketAnswers(socket()))
            return true;
        QThread::msleep(20);
    }
    return false;
}

void DaemonProcess::kill9()
{
    if (m_proc.pid() > 0)
        ::kill(static_cast<pid_t>(m_proc.pid()), SIGKILL);
    m_proc.stop();
}

QProcessEnvironment DaemonProcess::ctlEnv() const
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SOCISCOPE_SOCKET"), socket());
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost,::1"));
    env.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1,localhost,::1"));
    return env;
}

bool isMounted(const QString& path)
{
    return ourMountpoints().contains(path);
}

bool waitForMount(const QString& path, bool present, int timeoutMs, const std::function<bool()>& alive)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (isMounted(path) == present)
            return true;
        if (alive && !alive())
            return false;
        QThread::msleep(20);
    }
    return false;
}

void forceUnmount(const QString& path)
{
    for (int i = 0; i < 16 && isMounted(path); ++i)
        run(QStringLiteral("fusermount3"), { QStringLiteral("-u"), QStringLiteral("-z"), path }, 10000);
}

RunResult fswalk(const QStringList& args, int timeoutMs, const QProcessEnvironment& env)
{
    return run(fswalkPath(), args, timeoutMs, env);
}

std::map<QString, QJsonObject> byPath(const QByteArray& json)
{
    std::map<QString, QJsonObject> out;
    for (const auto& v : QJsonDocument::fromJson(json).array())
        out[v.toObject().value(QStringLiteral("path")).toString()] = v.toObject();
    return out;
}

QStringList compareTrees(const std::map<QString, QJsonObject>& oracle, const std::map<QString, QJsonObject>& mine)
{
    QStringList diffs;
    for (const auto& [p, o] : oracle)
        if (!mine.count(p))
            diffs << QStringLiteral("missing ") + p;
    for (const auto& [p, m] : mine)
        if (!oracle.count(p))
            diffs << QStringLiteral("extra ") + p;
    const auto s = [](const QJsonObject& o, const char* k) { return o.value(QLatin1String(k)).toVariant().toString(); };
    std::map<QString, QStringList> oracleGroups, mineGroups; // inode -> paths
    for (const auto& [p, o] : oracle) {
        const auto it = mine.find(p);
        if (it == mine.end())
            continue;
        const QJsonObject& m = it->second;
        const QString type = s(o, "type");
        QStringList keys { QStringLiteral("type"), QStringLiteral("mode"), QStringLiteral("uid"), QStringLiteral("gid"),
            QStringLiteral("linkTarget"), QStringLiteral("rdev"), QStringLiteral("nlink") };
        if (type == QLatin1String("reg") || type == QLatin1String("symlink"))
            keys << QStringLiteral("size");
        if (type == QLatin1String("reg"))
            keys << QStringLiteral("sha256");
        if (type != QLatin1String("dir"))
            keys << QStringLiteral("mtime");
        for (const QString& k : keys) {
            const QString a = o.value(k).toVariant().toString(), b = m.value(k).toVariant().toString();
            if (a != b)
                diffs << QStringLiteral("%1: %2 is %3, expected %4").arg(p, k, b, a);
        }
        if (o.value(QStringLiteral("xattrs")).toObject() != m.value(QStringLiteral("xattrs")).toObject())
            diffs << QStringLiteral("%1: xattrs are %2, expected %3")
                         .arg(p,
                             QString::fromUtf8(QJsonDocument(m.value(QStringLiteral("xattrs")).toObject())
                                                   .toJson(QJsonDocument::Compact)),
                             QString::fromUtf8(QJsonDocument(o.value(QStringLiteral("xattrs")).toObject())
                                                   .toJson(QJsonDocument::Compact)));
        if (type != QLatin1String("dir")) {
            oracleGroups[s(o, "ino")] << p;
            mineGroups[s(m, "ino")] << p;
        }
    }
    // Hardlinks: the same paths share an inode in both trees.
    std::map<QString, QString> oracleOf, mineOf;
    for (const auto& [ino, paths] : oracleGroups)
        for (const auto& p : paths)
            oracleOf[p] = paths.join(QLatin1Char(','));
    for (const auto& [ino, paths] : mineGroups)
        for (const auto& p : paths)
            mineOf[p] = paths.join(QLatin1Char(','));
    for (const auto& [p, group] : oracleOf)
        if (mineOf[p] != group)
            diffs << QStringLiteral("%1 shares its inode with [%2], expected [%3]").arg(p, mineOf[p], group);
    return diffs;
}

} // namespace sociscope::test
