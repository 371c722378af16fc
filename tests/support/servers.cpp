// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "servers.h"

#include "testenv.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <functional>

namespace sociscope::test {

namespace {
QString tools() { return QString::fromStdString(sourceDir()) + QStringLiteral("/tests/tools"); }

QProcessEnvironment cleanEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // docker-registry reads every REGISTRY_* variable as a config override.
    for (const QString& k : env.keys())
        if (k.startsWith(QLatin1String("REGISTRY_")))
            env.remove(k);
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost,::1"));
    env.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1,localhost,::1"));
    return env;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}
} // namespace

bool ChildProcess::start(const QString& program, const QStringList& args, const QProcessEnvironment& env)
{
    stop();
    m_logDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/sociscope-child-XXXXXX"));
    m_logPath = m_logDir->path() + QStringLiteral("/output.log");
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_logPath);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setProcessEnvironment(env.isEmpty() ? cleanEnv() : env);
    m_process->start(program, args);
    return m_process->waitForStarted(10000);
}

QString ChildProcess::waitForMatch(const QString& regex, int timeoutMs)
{
    const QRegularExpression re(regex);
    QDeadlineTimer deadline(timeoutMs);
    while (m_process && !deadline.hasExpired()) {
        const auto m = re.match(QString::fromUtf8(output()));
        if (m.hasMatch())
            return m.captured(1);
        if (m_process->state() == QProcess::NotRunning)
            return {};
        QThread::msleep(50);
    }
    return {};
}

bool ChildProcess::running() const { return m_process && m_process->state() != QProcess::NotRunning; }

qint64 ChildProcess::pid() const { return m_process ? m_process->processId() : 0; }

void ChildProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        const qint64 pid = m_process->processId();
        if (pid > 0)
            ::kill(static_cast<pid_t>(pid), SIGTERM);
        if (!m_process->waitForFinished(5000)) {
            if (pid > 0)
                ::kill(static_cast<pid_t>(pid), SIGKILL);
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

QByteArray ChildProcess::output() const
{
    QFile f(m_logPath);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool RegistryServer::start(const Options& o)
{
    stop();
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/sociscope-registry-XXXXXX"));
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QString d = m_dir->path();
    QByteArray auth;
    if (o.auth == Auth::Htpasswd) {
        const RunResult h = run(QStringLiteral("htpasswd"), {QStringLiteral("-Bbn"), o.user, o.password});
        if (h.exitCode != 0 || !writeFile(d + QStringLiteral("/htpasswd"), h.out)) {
            m_error = QStringLiteral("htpasswd failed: ") + QString::fromUtf8(h.err);
            return false;
        }
        auth = "auth:\n  htpasswd:\n    realm: sociscope-test\n    path: " + (d + QStringLiteral("/htpasswd")).toUtf8() + "\n";
    } else if (o.auth == Auth::Token) {
        const QString td = d + QStringLiteral("/token");
        RunResult mk = run(tools() + QStringLiteral("/make-token-auth.sh"), {td});
        if (mk.exitCode != 0) {
            m_error = QStringLiteral("make-token-auth.sh failed: ") + QString::fromUtf8(mk.err);
            return false;
        }
        const QByteArray users = o.tokenUsers.isEmpty()
                                     ? QByteArray(R"({"alice": {"password": "wonderland", "refresh_token": "rt-alice",
                                         "access": [{"type": "repository", "name": ".*", "actions": ["pull", "push", "delete"]},
                                                    {"type": "registry", "name": "catalog", "actions": ["*"]}]},
                                       "": {"access": [{"type": "repository", "name": "^public/.*", "actions": ["pull"]}]}})")
                                     : o.tokenUsers;
        writeFile(td + QStringLiteral("/users.json"), users);
        QStringList args{tools() + QStringLiteral("/tokenserver.py"),
                         QStringLiteral("--key"), td + QStringLiteral("/key.pem"),
                         QStringLiteral("--cert"), td + QStringLiteral("/cert.pem"),
                         QStringLiteral("--ca"), td + QStringLiteral("/ca.pem"),
                         QStringLiteral("--issuer"), QStringLiteral("sociscope-test-issuer"),
                         QStringLiteral("--service"), QStringLiteral("sociscope-test-registry"),
                         QStringLiteral("--users"), td + QStringLiteral("/users.json"),
                         QStringLiteral("--log"), td + QStringLiteral("/token.log")};
        args += o.tokenServerArgs;
        if (!m_tokens.start(QStringLiteral("/usr/bin/python3"), args)) {
            m_error = QStringLiteral("cannot start tokenserver.py");
            return false;
        }
        m_tokenAddress = m_tokens.waitForMatch(QStringLiteral("listening on (127\\.0\\.0\\.1:\\d+)"));
        if (m_tokenAddress.isEmpty()) {
            m_error = QStringLiteral("tokenserver.py did not start: ") + QString::fromUtf8(m_tokens.output());
            return false;
        }
        mk = run(tools() + QStringLiteral("/make-token-auth.sh"),
                 {td, QStringLiteral("http://") + m_tokenAddress + QStringLiteral("/token")});
        QFile f(td + QStringLiteral("/registry-auth.yml"));
        if (mk.exitCode != 0 || !f.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("cannot write the registry's token config");
            return false;
        }
        auth = f.readAll();
    }
    const QByteArray config = "version: 0.1\nlog:\n  level: info\n  formatter: text\nstorage:\n  filesystem:\n"
                              "    rootdirectory: " + (d + QStringLiteral("/data")).toUtf8() +
                              "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:0\n  secret: sociscope-test\n" + auth;
    if (!writeFile(d + QStringLiteral("/config.yml"), config)) {
        m_error = QStringLiteral("cannot write the registry config");
        return false;
    }
    if (!m_registry.start(QStringLiteral("docker-registry"), {QStringLiteral("serve"), d + QStringLiteral("/config.yml")})) {
        m_error = QStringLiteral("cannot start docker-registry (is the docker-registry package installed?)");
        return false;
    }
    m_address = m_registry.waitForMatch(QStringLiteral("listening on (127\\.0\\.0\\.1:\\d+)"));
    if (m_address.isEmpty()) {
        m_error = QStringLiteral("docker-registry did not report its port: ") + QString::fromUtf8(m_registry.output());
        return false;
    }
    // Poll /v2/ until it answers (200, or 401 with auth), bounded.
    for (int i = 0; i < 100; ++i) {
        const RunResult r = curl({QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                                  QStringLiteral("-w"), QStringLiteral("%{http_code}"),
                                  QStringLiteral("http://") + m_address + QStringLiteral("/v2/")});
        if (r.out == "200" || r.out == "401")
            return true;
        if (!m_registry.running())
            break;
        QThread::msleep(100);
    }
    m_error = QStringLiteral("docker-registry does not answer on ") + m_address;
    return false;
}

void RegistryServer::stop()
{
    m_registry.stop();
    m_tokens.stop();
    m_address.clear();
    m_tokenAddress.clear();
}

bool FaultProxy::start(const QString& upstream)
{
    if (!m_proc.start(QStringLiteral("/usr/bin/python3"),
                      {tools() + QStringLiteral("/faultproxy.py"), QStringLiteral("--upstream"), upstream}))
        return false;
    m_address = m_proc.waitForMatch(QStringLiteral("listening on (127\\.0\\.0\\.1:\\d+)"));
    return !m_address.isEmpty();
}

bool FaultProxy::setRules(const QByteArray& json)
{
    QTemporaryDir d;
    const QString p = d.path() + QStringLiteral("/rules.json");
    writeFile(p, json);
    const RunResult r = curl({QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                              QStringLiteral("-w"), QStringLiteral("%{http_code}"), QStringLiteral("-X"),
                              QStringLiteral("PUT"), QStringLiteral("--data-binary"), QStringLiteral("@") + p,
                              QStringLiteral("http://") + m_address + QStringLiteral("/__proxy/rules")});
    return r.out == "200";
}

bool FaultProxy::reset()
{
    const RunResult r = curl({QStringLiteral("-s"), QStringLiteral("-X"), QStringLiteral("POST"),
                              QStringLiteral("http://") + m_address + QStringLiteral("/__proxy/reset")});
    return r.exitCode == 0;
}

QByteArray FaultProxy::log()
{
    return curl({QStringLiteral("-s"), QStringLiteral("http://") + m_address + QStringLiteral("/__proxy/log")}).out;
}

QByteArray FaultProxy::inflight()
{
    return curl({QStringLiteral("-s"), QStringLiteral("http://") + m_address + QStringLiteral("/__proxy/inflight")}).out;
}

namespace {
// Polls a list of proxy log entries (bounded) until one satisfies pred.
bool pollEntries(const std::function<QByteArray()>& fetch, const std::function<bool(const QJsonObject&)>& pred,
                 int timeoutMs)
{
    for (QDeadlineTimer bound(timeoutMs); !bound.hasExpired(); QThread::msleep(100))
        for (const auto& e : QJsonDocument::fromJson(fetch()).array())
            if (pred(e.toObject()))
                return true;
    return false;
}
} // namespace

bool FaultProxy::waitUntilSending(qint64 bytes, int timeoutMs)
{
    return pollEntries([this] { return inflight(); },
                       [bytes](const QJsonObject& e) { return e.value(QStringLiteral("bytes")).toInteger() >= bytes; },
                       timeoutMs);
}

bool FaultProxy::waitUntilIdle(int timeoutMs)
{
    for (QDeadlineTimer bound(timeoutMs); !bound.hasExpired(); QThread::msleep(100))
        if (QJsonDocument::fromJson(inflight()).array().isEmpty())
            return true;
    return false;
}

bool FaultProxy::waitForClientClose(int timeoutMs)
{
    return pollEntries([this] { return log(); },
                       [](const QJsonObject& e) { return e.value(QStringLiteral("client_closed")).toBool(); },
                       timeoutMs);
}

RunResult run(const QString& program, const QStringList& args, int timeoutMs, const QProcessEnvironment& env)
{
    RunResult r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " + program.toUtf8();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        p.waitForFinished(5000);
        r.err = p.readAllStandardError() + "\n(timed out)";
        r.out = p.readAllStandardOutput();
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

RunResult ctl(const QStringList& args, int timeoutMs, const QProcessEnvironment& env)
{
    QProcessEnvironment e = env;
    e.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost,::1"));
    return run(QString::fromStdString(binDir()) + QStringLiteral("/sociscopectl"), args, timeoutMs, e);
}

proc::Output runArgv(std::vector<std::string> argv, int timeoutMs)
{
    auto r = proc::run(argv, {}, std::chrono::milliseconds(timeoutMs));
    if (!r)
        return {-1, {}, r.error().text()};
    return *r;
}

proc::Output ctlArgv(std::vector<std::string> args, int timeoutMs)
{
    args.insert(args.begin(), binDir() + "/sociscopectl");
    return runArgv(std::move(args), timeoutMs);
}

RunResult curl(const QStringList& args, int timeoutMs)
{
    QStringList a{QStringLiteral("--noproxy"), QStringLiteral("*"), QStringLiteral("--max-time"), QStringLiteral("20")};
    a += args;
    return run(QStringLiteral("curl"), a, timeoutMs);
}

} // namespace sociscope::test
