// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Shared helpers of the daemon suites: a sociscoped child stopped by its PID,
// waiting for mounts as libfuse's test/util.py does, and fswalk runs.
#pragma once

#include "servers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>

namespace sociscope::test {

// What /srv/greeting of busyboxImageSpec() holds (its Cmd prints it).
inline constexpr const char* BusyboxGreeting = "Hello from a lazy run!\n";
// A mkimage.py spec for the run tests' image, written to layout (tag t):
// Debian's /bin/busybox with the applets the tests use, users and groups, a
// greeting, Cmd `sh -c 'cat /srv/greeting'` in /srv; then a 12 MiB layer of
// noise (opt/padding.bin) that gets a zTOC and that no run reads.
QByteArray busyboxImageSpec(const QString& layout);
// Writes busyboxImageSpec(layout) beside it (layout + ".json") and runs
// mkimage.py on it: the layout, tag t. Its exit code and output.
RunResult makeBusyboxImage(const QString& layout);

// build/tests/fswalk.
QString fswalkPath();

// A sociscoped for one test: socket, state and cache in a folder of its own.
class DaemonProcess final {
public:
    // Starts build/bin/sociscoped -v with --socket DIR/sock --state-dir
    // DIR/state --cache-dir DIR/cache plus extra, then waits (bounded) until
    // the socket accepts; false when it died or did not answer (see log()).
    bool start(const QString& dir, const QStringList& extra = {});
    // SIGTERM, then SIGKILL after a bound; waits for the exit.
    void stop() { m_proc.stop(); }
    // SIGKILL, then waits for the exit.
    void kill9();
    [[nodiscard]] bool running() const { return m_proc.running(); }
    [[nodiscard]] qint64 pid() const { return m_proc.pid(); }
    [[nodiscard]] QByteArray log() const { return m_proc.output(); }
    [[nodiscard]] QString socket() const { return m_dir + QStringLiteral("/sock"); }
    [[nodiscard]] QString stateDir() const { return m_dir + QStringLiteral("/state"); }
    // The environment for sociscopectl to talk to this daemon.
    [[nodiscard]] QProcessEnvironment ctlEnv() const;

private:
    ChildProcess m_proc;
    QString m_dir;
    QStringList m_extra;
};

// `sociscopectl events --json --mount MOUNTPOINT` as a child process, killed
// (and waited for) when this object goes away.
class EventStream final {
public:
    ~EventStream();
    // Starts it and waits (bounded) until it says it is subscribed.
    bool start(const QProcessEnvironment& env, const QString& mountpoint);
    // Reads (bounded) until the output holds needle; returns all read so far.
    QByteArray waitFor(const QByteArray& needle, int timeoutMs);

private:
    QProcess m_proc;
    QByteArray m_lines;
};

// Polls /proc/self/mountinfo (bounded) until a fuse.sociscope mount at path is
// there (present) or gone; stops early, false, when alive() says the daemon died.
bool waitForMount(const QString& path, bool present, int timeoutMs, const std::function<bool()>& alive);
// Whether a fuse.sociscope mount is at path now.
bool isMounted(const QString& path);
// `fusermount3 -u -z` while something of ours is mounted at path (bounded).
void forceUnmount(const QString& path);

// Runs fswalk with a bound (a hung read fails the test, never hangs it).
RunResult fswalk(const QStringList& args, int timeoutMs = 60000,
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
// fswalk's JSON array keyed by "path".
std::map<QString, QJsonObject> byPath(const QByteArray& json);

// Differences between an oracle tree and a walked one, as readable lines:
// names, types, modes, owners, sizes, link targets, contents, devices,
// xattrs, mtimes (not of folders), link counts and which paths share an inode.
QStringList compareTrees(const std::map<QString, QJsonObject>& oracle, const std::map<QString, QJsonObject>& mine);

} // namespace sociscope::test
