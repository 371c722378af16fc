// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/run: a container run from an image's layer folders, as a library. Its
// bundle (bundle.h over spec.h), its root filesystem (overlay.h), runc
// (runc.h) started in the foreground (launch.h) or with a terminal (pty.h),
// and supervised (supervisor.h) until its exit status. Container ties them
// together; where the layers come from (the daemon's lazy mount, a test's
// folder) is the caller's business. No FUSE, no gRPC here.
#pragma once

#include "run/bundle.h"
#include "run/launch.h"
#include "run/runc.h"
#include "run/supervisor.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace sociscope::run {

// Where a container's files go and how runc is run.
struct ContainerConfig {
    std::string id; // runc's container id
    std::string dir; // the container's own folder: bundle/, upper/, work/, pid, console.sock, runc.log
    std::string runcRoot; // runc's --root state folder
    std::chrono::seconds startTimeout { 60 }; // runc's start
    bool interactive = false; // stdin is forwarded (else it is /dev/null)
};

// One container, from its folders to its exit. The steps run in order on one
// thread (makeFolders, writeBundle, mountRootfs, start, supervise), each
// failing with the step's error; the commands (writeStdin ... requestStop)
// may come from any thread at any time, also before start. release and
// removeFolders undo what the steps made, whatever the step reached.
class Container final {
public:
    explicit Container(ContainerConfig config);
    Container(const Container&) = delete;
    Container& operator=(const Container&) = delete;

    [[nodiscard]] const ContainerConfig& config() const { return m_config; }
    [[nodiscard]] std::string bundleDir() const { return m_config.dir + "/bundle"; }
    // The overlay's mountpoint: the container's root.
    [[nodiscard]] std::string rootfs() const { return m_config.dir + "/bundle/rootfs"; }
    [[nodiscard]] std::string pidFile() const { return m_config.dir + "/pid"; }

    // Makes the container's folder and its bundle, upper and work folders (0700).
    Status makeFolders();
    // Plans the bundle from in (see planBundle) and writes it; a terminal
    // when in.overrides.tty.
    Result<BundlePlan> writeBundle(const BundleInput& in);
    // Mounts the root filesystem: overlayfs of the lower folders (relative to
    // lowerBase, top first) under a private upper folder. Root only.
    Status mountRootfs(const std::string& lowerBase, const std::vector<std::string>& lowers);
    // Starts runc and returns once the container runs (see launch.h, pty.h).
    Status start();
    // The supervising loop (see supervise()): returns once the container
    // exited and its output went to sink. Once, after start().
    ExitStatus supervise(OutputSink& sink);

    // The container's init pid; 0 until runc wrote it.
    pid_t pid();
    // Input (interactive containers; dropped otherwise).
    void writeStdin(std::string data);
    void closeStdin();
    // The terminal's new size (terminal containers).
    void resize(unsigned rows, unsigned cols);
    // SIGTERM now (or once it runs), SIGKILL after grace.
    void requestStop(std::chrono::seconds grace);
    [[nodiscard]] bool stopRequested() { return m_controls.stopRequested(); }
    // Wakes the supervisor: call when the sink has room again.
    void wake() { m_controls.wake(); }

    // Deletes the container from runc's state and unmounts the root
    // filesystem; what fails is logged.
    void release();
    // Removes the bundle and work folders (keepUpper: the upper folder, the
    // container's changes, stays) or the whole folder; what fails is logged.
    void removeFolders(bool keepUpper);

private:
    const ContainerConfig m_config;
    const Runc m_runc;
    Controls m_controls;
    Launched m_launched;
    bool m_tty = false;
    bool m_overlayMounted = false;
    std::atomic<pid_t> m_pid { 0 };
    std::atomic<bool> m_running { false }; // between start() and the end of supervise()
};

} // namespace sociscope::run
