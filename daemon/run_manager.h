// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "mount_manager.h"
#include "run.h"
#include "state_store.h"
#include "util/result.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sociscope::daemon {

// The daemon's runs: each one mounts its image (a mount of its own, under the
// run's folder), stacks the layer views with overlayfs and a private upper
// folder, writes a runtime bundle, and runs it with runc; its output goes to
// the client that started it. Who may do what: root everything; others their
// own runs. Thread-safe.
class RunManager final {
public:
    RunManager(RunManagerOptions options, StateStore& state, MountManager& mounts);
    // Stops every run (bounded), see stopAll.
    ~RunManager();
    RunManager(const RunManager&) = delete;
    RunManager& operator=(const RunManager&) = delete;

    // Mounts the image, builds the bundle and starts the container; returns
    // once it runs. Its output goes to sink. Unsupported (with how to start
    // the system daemon) when the daemon is not root; Usage for a name in
    // use; the image's, user's and runc's errors otherwise (nothing is left
    // behind then).
    Result<std::shared_ptr<Run>> start(const Caller& caller, RunSpec spec, std::shared_ptr<RunSink> sink);
    // Stops a run (id, unique id prefix or name): SIGTERM, SIGKILL after grace,
    // then everything it made is removed. A run that already exited is just
    // removed. NotFound, Auth.
    Result<RunRecord> stop(const Caller& caller, const std::string& which, std::chrono::seconds grace);
    // The caller's runs (all of them for root), oldest first.
    std::vector<RunRecord> list(const Caller& caller);
    // Live and kept runs, all callers.
    std::size_t count();
    // Stops every run (SIGTERM, SIGKILL after grace) and removes them all.
    void stopAll(std::chrono::seconds grace);

    // The message a daemon that is not root gives for runs.
    static std::string notRootMessage();

private:
    // Called by a run's thread once it has exited and been taken down.
    void finished(const std::string& id, bool forget);
    // Joins the threads of runs that were forgotten (m_mutex held).
    void reap();
    Result<std::shared_ptr<Run>> find(const Caller& caller, const std::string& which);

    RunManagerOptions m_options;
    StateStore& m_state;
    MountManager& m_mounts;
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<Run>> m_runs; // by id
    std::vector<std::shared_ptr<Run>> m_done; // forgotten, thread to join
};

// Kills the containers a previous daemon left in runcRoot, unmounts their
// overlays and image mounts, and removes their folders (those in the run
// records and any other under bundlesDir). Returns what was cleaned.
std::vector<std::string> cleanLeftoverRuns(
    StateStore& store, const std::string& runcRoot, const std::string& bundlesDir);

} // namespace sociscope::daemon
