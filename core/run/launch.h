// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "run/runc.h"
#include "util/fd.h"
#include "util/result.h"

#include <chrono>
#include <string>
#include <sys/types.h>

namespace sociscope::run {

// How runc is started for a container whose bundle is written.
struct LaunchSpec {
    std::string id; // runc's container id
    std::string bundleDir; // config.json and rootfs
    std::string pidFile; // where runc writes the container's init pid
    std::string workDir; // room for console.sock and runc.log
    bool interactive = false; // without a terminal: stdin is a pipe of ours (else /dev/null)
    std::chrono::seconds startTimeout { 60 };
};

// A started container: the processes and descriptors its supervisor watches.
struct Launched {
    pid_t runcPid = 0; // runc in the foreground (no terminal): it exits with the container
    pid_t initPid = 0; // the container's init (terminal: our child once runc exited)
    util::Fd proc; // pidfd of whichever of the two is waited for
    util::Fd in, out, err; // pipes to and from runc (no terminal); in only when interactive
    util::Fd master; // the terminal's master side (terminal)
};

// `runc run` in the foreground with pipes of ours as its standard
// descriptors: it copies them to the container and exits with the
// container's status. Returns once runc wrote the pid file (the container
// runs), or exited first (its error then arrives on err), or startTimeout
// passed. Io error when the pipes, runc or its pidfd cannot be had.
Result<Launched> launchForeground(const Runc& runc, const LaunchSpec& spec);

// The container's init pid that runc wrote to path; 0 while there is none.
pid_t readPidFile(const std::string& path);

} // namespace sociscope::run
