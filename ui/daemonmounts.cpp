// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "daemonmounts.h"

#include "jobpool.h"
#include "qtformat.h"

// gRPC and protobuf headers, read with Qt's keyword macros set aside.
#pragma push_macro("emit")
#pragma push_macro("signals")
#pragma push_macro("slots")
#undef emit
#undef signals
#undef slots
#include "client.h"
#include "paths.h"
#include "util/files.h"
#pragma pop_macro("slots")
#pragma pop_macro("signals")
#pragma pop_macro("emit")

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace sociscope::ui {

namespace {

struct Outcome {
    QString mountpoint;
    QString error;
    bool daemonUnusable = false; // the daemon cannot be had at all, not just this image
};

Outcome mountNow(const QString& program, const QString& key, oci::Reference ref, const oci::Platform& platform,
                 bool plainHttp, bool insecure)
{
    Outcome out;
    if (program.isEmpty()) {
        out.error = DaemonMounts::tr("sociscoped is not installed beside Sociscope or on PATH");
        out.daemonUnusable = true;
        return out;
    }
    // The folder: ours, private, canonical (the daemon insists).
    const std::string runtime = daemon::userRuntimeDir();
    if (auto s = daemon::ensureRuntimeDir(runtime, 0700, true); !s) {
        out.error = qs(s.error().text());
        out.daemonUnusable = true;
        return out;
    }
    const QString dir = DaemonMounts::mountpointFor(key);
    if (!QDir().mkpath(dir)) {
        out.error = DaemonMounts::tr("cannot create the mount folder %1").arg(dir);
        out.daemonUnusable = true;
        return out;
    }
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    std::string note;
    auto client = daemon::connectOrStart(program.toStdString(), &note);
    if (!client) {
        out.error = qs(client.error().text());
        out.daemonUnusable = true;
        return out;
    }
    // Left from an earlier run of ours: the same image stays, another goes.
    if (auto mounts = (*client)->listMounts(); mounts)
        for (const auto& m : *mounts)
            if (QString::fromStdString(m.mountpoint()) == canonical)
                (void)(*client)->unmount(m.mountpoint());
    if (ref.isLayout)
        ref.layoutPath = QFileInfo(qs(ref.layoutPath)).canonicalFilePath().toStdString();
    auto req = daemon::mountRequest(ref, canonical.toStdString(), platform, plainHttp, insecure);
    if (!req) {
        out.error = qs(req.error().text());
        return out;
    }
    auto m = (*client)->mount(*req, std::chrono::seconds(600));
    if (!m) {
        out.error = qs(m.error().text());
        // Mounting itself is impossible here (no FUSE, no permission): every image would fail.
        out.daemonUnusable = m.error().code == ErrorCode::Io || m.error().code == ErrorCode::Auth ||
                             m.error().code == ErrorCode::Unsupported;
        return out;
    }
    out.mountpoint = QString::fromStdString(m->mountpoint());
    return out;
}

} // namespace

DaemonMounts::DaemonMounts(JobPool& jobs, QObject* parent) : QObject(parent), m_jobs(jobs)
{
    if (qEnvironmentVariableIntValue("SOCISCOPE_NO_DAEMON") == 1)
        m_unavailable = tr("turned off by SOCISCOPE_NO_DAEMON");
}

DaemonMounts::~DaemonMounts()
{
    const QStringList keys = m_entries.keys();
    for (const QString& key : keys)
        if (state(key) == State::Mounted)
            unmount(key);
}

QString DaemonMounts::daemonProgram()
{
    const QString env = qEnvironmentVariable("SOCISCOPE_DAEMON");
    if (!env.isEmpty())
        return QFileInfo(env).isExecutable() ? env : QString();
    // Beside us (build tree) or in ../libexec/sociscope (installed), then PATH.
    if (const std::string companion = files::companionProgram("sociscoped"); !companion.empty())
        return QString::fromStdString(companion);
    return QStandardPaths::findExecutable(QStringLiteral("sociscoped"));
}

QString DaemonMounts::mountpointFor(const QString& key)
{
    // sha256:0123… -> 0123456789ab: short, and still one folder per image.
    const QString id = key.section(QLatin1Char(':'), -1).left(12);
    return qs(daemon::userRuntimeDir()) + QStringLiteral("/gui-mounts/") + id;
}

DaemonMounts::State DaemonMounts::state(const QString& key) const { return m_entries.value(key).state; }

QString DaemonMounts::mountpoint(const QString& key) const { return m_entries.value(key).mountpoint; }

QString DaemonMounts::failure(const QString& key) const { return m_entries.value(key).failure; }

void DaemonMounts::mount(const QString& key, const oci::Reference& ref, const oci::Platform& platform, bool plainHttp,
                         bool insecure)
{
    if (!m_unavailable.isEmpty() || state(key) == State::Mounting || state(key) == State::Mounted)
        return;
    const QStringList keys = m_entries.keys();
    for (const QString& other : keys)
        if (other != key && state(other) == State::Mounted)
            unmount(other);
    m_entries[key] = {State::Mounting, {}, {}};
    const QString program = daemonProgram();
    m_jobs.run(
        this, [program, key, ref, platform, plainHttp, insecure] { return mountNow(program, key, ref, platform, plainHttp, insecure); },
        [this, key](Outcome out) {
            Entry& e = m_entries[key];
            if (out.mountpoint.isEmpty()) {
                e = {State::Failed, {}, out.error};
                if (out.daemonUnusable)
                    m_unavailable = out.error;
                emit failed(key, out.error);
                return;
            }
            e = {State::Mounted, out.mountpoint, {}};
            emit mounted(key, out.mountpoint);
        });
}

void DaemonMounts::unmount(const QString& key)
{
    const std::string mountpoint = m_entries.value(key).mountpoint.toStdString();
    m_entries.remove(key);
    if (mountpoint.empty())
        return;
    m_jobs.post([mountpoint] {
        if (auto client = daemon::connectAny(); client)
            (void)(*client)->unmount(mountpoint);
    });
}

} // namespace sociscope::ui
