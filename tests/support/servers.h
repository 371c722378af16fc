// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Real servers for tests: Debian's docker-registry (open, htpasswd, token auth),
// the token server and the fault proxy from tests/tools. Every process is
// started on 127.0.0.1 at a free port and stopped by its PID.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "util/subprocess.h"

#include <memory>
#include <string>
#include <vector>

namespace sociscope::test {

// A child process that is stopped (SIGTERM, then SIGKILL after a bound) when
// this object goes away.
class ChildProcess final {
public:
    ChildProcess() = default;
    ~ChildProcess() { stop(); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Starts program; output of both channels goes to a log file (a pipe
    // nobody reads would block a chatty server).
    bool start(const QString& program, const QStringList& args, const QProcessEnvironment& env = {});
    // Waits until a line matching the regex appears (bounded); returns capture 1.
    QString waitForMatch(const QString& regex, int timeoutMs = 15000);
    void stop();
    [[nodiscard]] bool running() const;
    [[nodiscard]] qint64 pid() const;
    [[nodiscard]] QByteArray output() const;

private:
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTemporaryDir> m_logDir;
    QString m_logPath;
};

// docker-registry on 127.0.0.1 with a temporary storage folder.
class RegistryServer final {
public:
    enum class Auth { None, Htpasswd, Token };
    struct Options {
        Auth auth = Auth::None;
        QString user = QStringLiteral("alice");
        QString password = QStringLiteral("wonderland");
        // Token mode: users.json for tokenserver.py ("" = anonymous rules).
        QByteArray tokenUsers;
        QStringList tokenServerArgs;
    };

    RegistryServer() = default;
    ~RegistryServer() { stop(); }

    // Starts it and waits until GET /v2/ answers. False with a reason in error().
    bool start(const Options& options);
    bool start() { return start(Options{}); }
    void stop();
    // "127.0.0.1:PORT"
    [[nodiscard]] QString address() const { return m_address; }
    [[nodiscard]] std::string addr() const { return m_address.toStdString(); }
    [[nodiscard]] QString tokenAddress() const { return m_tokenAddress; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString dir() const { return m_dir ? m_dir->path() : QString(); }
    [[nodiscard]] qint64 pid() const { return m_registry.pid(); }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ChildProcess m_registry;
    ChildProcess m_tokens;
    QString m_address;
    QString m_tokenAddress;
    QString m_error;
};

// tests/tools/faultproxy.py in front of an upstream registry.
class FaultProxy final {
public:
    ~FaultProxy() { stop(); }
    bool start(const QString& upstream);
    void stop() { m_proc.stop(); }
    [[nodiscard]] QString address() const { return m_address; }
    [[nodiscard]] std::string addr() const { return m_address.toStdString(); }
    // Replaces the fault rules (JSON array); false when the proxy refused them.
    bool setRules(const QByteArray& json);
    bool reset();
    // The request log, as a JSON array.
    QByteArray log();
    // The requests being answered now, as a JSON array of log entries so far.
    QByteArray inflight();
    // Polls (bounded) until some answer has sent at least `bytes` body bytes
    // and is still being sent (a drip has begun).
    bool waitUntilSending(qint64 bytes, int timeoutMs);
    // Polls the log (bounded) until an entry says the client hung up while
    // the proxy was still sending.
    bool waitForClientClose(int timeoutMs);
    // Polls (bounded) until no answer is being sent (a drip of an earlier
    // test's client ends at the proxy's next write after the client left).
    bool waitUntilIdle(int timeoutMs);

private:
    ChildProcess m_proc;
    QString m_address;
};

// Runs a command with a bound; stdout, stderr and the exit code (-1 on timeout).
struct RunResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
RunResult run(const QString& program, const QStringList& args, int timeoutMs = 120000,
              const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
// Runs build/bin/sociscopectl.
RunResult ctl(const QStringList& args, int timeoutMs = 120000,
              const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
// Runs argv (argv[0] searched in PATH) with its words passed as the bytes they
// are (QProcess would make them UTF-8), in this process's environment, with a
// bound; exit code -1 and the reason in err when it could not be started.
proc::Output runArgv(std::vector<std::string> argv, int timeoutMs = 120000);
// Runs build/bin/sociscopectl that way.
proc::Output ctlArgv(std::vector<std::string> args, int timeoutMs = 120000);
// An HTTP request with curl (loopback only); returns the body, or the status with -w.
RunResult curl(const QStringList& args, int timeoutMs = 30000);

} // namespace sociscope::test
