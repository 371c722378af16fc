// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Blocking conversations with sociscoped, for job threads only (they wait on
// sockets and the network): mount, unmount, list, and whether runs are
// possible. Shared by drag-out (DaemonMounts), the Mounts dock and the run
// console.
#pragma once

#include "oci/image.h"
#include "oci/reference.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace sociscope::ui {

struct MountOutcome {
    QString mountpoint; // canonical; empty on failure
    QString error;
    bool daemonUnusable = false; // the daemon cannot be had at all, not just for this image
};

// One mount as the daemon lists it.
struct MountEntry {
    QString mountpoint;
    QString reference;
    QString digest;
    QString id;
    QString runId; // the run it was made for, or ""
    int layers = 0;
    qint64 mountedMs = 0;
    // The background fetch: its policy ("off", "all", "64.0 MiB"), state
    // ("fetching", "done", ...), and the image's bytes held locally.
    QString background;
    QString backgroundState;
    std::uint64_t localBytes = 0;
    std::uint64_t imageBytes = 0;
};

struct MountList {
    std::vector<MountEntry> mounts;
    QString error; // no daemon, or it refused
};

// Whether this session can run containers, and if not, why and what to do.
struct RunAbility {
    bool canRun = false;
    QString reason; // for the Run button's tooltip when it cannot
    bool startsDaemon = false; // possible, but only by starting the system daemon (root, none there)
};

class DaemonJobs final {
    Q_DECLARE_TR_FUNCTIONS(DaemonJobs)

public:
    // $SOCISCOPE_DAEMON, else sociscoped beside this program, else on PATH;
    // "" when none. Looks at the disk.
    static QString daemonProgram();
    // Mounts ref at folder (created if missing) through the daemon that
    // serves us, starting daemonProgram() as connectOrStart does when none
    // is there. replace: a mount already at folder goes first (only for
    // folders of our own); otherwise the daemon refuses a busy folder.
    // background: the daemon's background fetch policy ("all", "off", a
    // budget); "" for its default.
    static MountOutcome mount(const QString& folder, oci::Reference ref, const oci::Platform& platform, bool plainHttp,
        bool insecure, bool replace, const QString& background = {});
    // The mounts the daemon that serves us shows us; never starts one.
    static MountList list();
    // Unmounts; "" or the error. busy: files were open, the mount was detached.
    static QString unmount(const QString& mountpoint, bool* busy = nullptr);
    // Asks the daemon that serves us (never starting one): runs need the
    // system daemon (root). As root with no daemon at all, daemonProgram()
    // would be started, so runs are possible.
    static RunAbility runAbility();
};

} // namespace sociscope::ui
