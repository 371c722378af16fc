// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/daemonmounts.h"

#include "common/qtformat.h"
#include "jobs/daemonjobs.h"
#include "jobs/jobpool.h"

#include "paths.h"

namespace sociscope::ui {

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

QString DaemonMounts::mountpointFor(const QString& key)
{
    // sha256:0123… -> 0123456789ab: short, and still one folder per image.
    const QString id = key.section(QLatin1Char(':'), -1).left(12);
    return qs(client::userRuntimeDir()) + QStringLiteral("/gui-mounts/") + id;
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
    m_jobs.run(
        this,
        [key, ref, platform, plainHttp, insecure] {
            return DaemonJobs::mount(mountpointFor(key), ref, platform, plainHttp, insecure, true);
        },
        [this, key](MountOutcome out) {
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
    const QString mountpoint = m_entries.value(key).mountpoint;
    m_entries.remove(key);
    if (mountpoint.isEmpty())
        return;
    m_jobs.post([mountpoint] { (void)DaemonJobs::unmount(mountpoint); });
}

} // namespace sociscope::ui
