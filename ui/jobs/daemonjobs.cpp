// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/daemonjobs.h"

#include "common/qtformat.h"

#include "client.h"
#include "paths.h"
#include "util/files.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <unistd.h>

namespace sociscope::ui {

MountOutcome DaemonJobs::mount(const QString& folder, oci::Reference ref, const oci::Platform& platform, bool plainHttp,
    bool insecure, bool replace, const QString& background)
{
    MountOutcome out;
    const QString program = daemonProgram();
    if (program.isEmpty()) {
        out.error = tr("sociscoped is not installed beside Sociscope or on PATH");
        out.daemonUnusable = true;
        return out;
    }
    // Folders under the runtime folder: ours, private (the daemon insists).
    const std::string runtime = client::userRuntimeDir();
    if (auto s = client::ensureRuntimeDir(runtime, 0700, true); !s) {
        out.error = qs(s.error().text());
        out.daemonUnusable = true;
        return out;
    }
    if (!QDir().mkpath(folder)) {
        out.error = tr("cannot create the mount folder %1").arg(folder);
        return out;
    }
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    std::string note;
    auto conn = client::connectOrStart(program.toStdString(), &note);
    if (!conn) {
        out.error = qs(conn.error().text());
        out.daemonUnusable = true;
        return out;
    }
    // Left from an earlier run of ours: the same image stays, another goes.
    if (replace)
        if (auto mounts = (*conn)->listMounts(); mounts)
            for (const auto& m : *mounts)
                if (qs(m.mountpoint) == canonical)
                    (void)(*conn)->unmount(m.mountpoint);
    if (ref.isLayout)
        ref.layoutPath = QFileInfo(qs(ref.layoutPath)).canonicalFilePath().toStdString();
    auto image = client::imageSource(ref, platform, plainHttp, insecure);
    if (!image) {
        out.error = qs(image.error().text());
        return out;
    }
    auto m = (*conn)->mount(
        { std::move(*image), canonical.toStdString(), background.toStdString() }, std::chrono::seconds(600));
    if (!m) {
        out.error = qs(m.error().text());
        // Mounting itself is impossible here (no FUSE, no permission): every image would fail.
        out.daemonUnusable = m.error().code == ErrorCode::Io || m.error().code == ErrorCode::Auth
            || m.error().code == ErrorCode::Unsupported;
        return out;
    }
    out.mountpoint = qs(m->mountpoint);
    return out;
}

QString DaemonJobs::daemonProgram()
{
    const QString env = qEnvironmentVariable("SOCISCOPE_DAEMON");
    if (!env.isEmpty())
        return QFileInfo(env).isExecutable() ? env : QString();
    // Beside us (build tree) or in ../libexec/sociscope (installed), then PATH.
    if (const std::string companion = files::companionProgram("sociscoped"); !companion.empty())
        return QString::fromStdString(companion);
    return QStandardPaths::findExecutable(QStringLiteral("sociscoped"));
}

MountList DaemonJobs::list()
{
    MountList out;
    auto conn = client::connectAny();
    if (!conn) {
        out.error = qs(conn.error().text());
        return out;
    }
    auto mounts = (*conn)->listMounts();
    if (!mounts) {
        out.error = qs(mounts.error().text());
        return out;
    }
    // Counters are extra: without them the list is still the list.
    auto stats = (*conn)->stats("");
    for (const auto& m : *mounts) {
        MountEntry e { qs(m.mountpoint), qs(m.reference), qs(m.digest), qs(m.id), qs(m.runId),
            static_cast<int>(m.layers), m.mountedUnixMs, qs(m.background) };
        if (stats)
            for (const auto& s : *stats)
                if (s.mountId == m.id) {
                    e.backgroundState = qs(s.backgroundState);
                    e.localBytes = s.localBytes;
                    e.imageBytes = s.imageBytes;
                }
        out.mounts.push_back(std::move(e));
    }
    return out;
}

QString DaemonJobs::unmount(const QString& mountpoint, bool* busy)
{
    auto conn = client::connectAny();
    if (!conn)
        return qs(conn.error().text());
    auto r = (*conn)->unmount(mountpoint.toStdString());
    if (!r)
        return qs(r.error().text());
    if (busy)
        *busy = r->busy;
    return {};
}

RunAbility DaemonJobs::runAbility()
{
    const QString program = daemonProgram();
    RunAbility out;
    const QString start = tr("Runs need the system daemon, which runs as root: start it with “sudo sociscoped” "
                             "(or “sudo systemctl start sociscoped” where systemd manages it).");
    auto search = client::searchDaemons();
    if (search.client) {
        auto v = search.client->version();
        if (!v) {
            out.reason = qs(v.error().text());
            return out;
        }
        out.canRun = v->canRun;
        if (!out.canRun)
            out.reason
                = tr("The daemon on %1 runs as user %2 and cannot run containers.").arg(qs(v->socket)).arg(v->uid)
                + QLatin1Char(' ') + start;
        return out;
    }
    // As root, Run starts the system daemon itself.
    if (::geteuid() == 0 && search.lastMissing && !program.isEmpty()) {
        out.canRun = true;
        out.startsDaemon = true;
        return out;
    }
    out.reason = qs(client::searchError(search).message) + QLatin1Char(' ') + start;
    return out;
}

} // namespace sociscope::ui
