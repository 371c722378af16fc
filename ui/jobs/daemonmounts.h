// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "oci/reference.h"

#include <QMap>
#include <QObject>
#include <QString>

namespace sociscope::ui {

class JobPool;

// Drag-out through the daemon: the image shown is mounted (read-only, lazy,
// FUSE) by sociscoped — the system daemon when it serves us, else a user
// daemon started the way `sociscopectl mount` starts it — so a drag can offer
// paths inside the mount and the file manager copies them while the daemon
// fetches only their spans. The GUI thread never touches those paths (a read
// there may wait on the network). Talking to the daemon runs as jobs. One
// mount at a time: showing another image unmounts the last (a busy mount is
// detached and keeps serving its open files); so does destruction. When the
// daemon cannot be used (not installed, no FUSE, SOCISCOPE_NO_DAEMON=1), the
// reason is kept and drags fall back to staging.
class DaemonMounts final : public QObject {
    Q_OBJECT
public:
    enum class State { None, Mounting, Mounted, Failed };

    explicit DaemonMounts(JobPool& jobs, QObject* parent = nullptr);
    // Unmounts what it mounted, as a job (the pool waits for it).
    ~DaemonMounts() override;

    // Why drags cannot go through the daemon in this session, or "".
    [[nodiscard]] QString unavailable() const { return m_unavailable; }
    // The state of image `key` (its platform manifest digest).
    [[nodiscard]] State state(const QString& key) const;
    [[nodiscard]] QString mountpoint(const QString& key) const;
    [[nodiscard]] QString failure(const QString& key) const;
    // Mounts image `key`; mounted() or failed() follows. Unmounts the image
    // mounted before, if another.
    void mount(const QString& key, const oci::Reference& ref, const oci::Platform& platform, bool plainHttp,
               bool insecure);

    // Where image key is mounted: a folder under the user's runtime folder.
    static QString mountpointFor(const QString& key);

signals:
    void mounted(const QString& key, const QString& mountpoint);
    void failed(const QString& key, const QString& reason);

private:
    void unmount(const QString& key);

    struct Entry {
        State state = State::None;
        QString mountpoint;
        QString failure;
    };
    JobPool& m_jobs;
    QMap<QString, Entry> m_entries;
    QString m_unavailable;
};

} // namespace sociscope::ui
