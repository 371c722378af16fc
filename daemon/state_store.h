// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/fd.h"
#include "util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sociscope::daemon {

// What the daemon records about one mount, so that the next instance can
// clean it up after a crash.
struct MountState {
    std::string id;
    std::string mountpoint;
    std::string reference;
    pid_t pid = 0; // the daemon that made it
    uid_t uid = 0; // who asked for it
    std::int64_t mountedUnixMs = 0;
};

// What the daemon records about one run before it makes anything for it, so
// that the next instance can kill its container and remove its folder.
struct RunState {
    std::string id;
    std::string name;
    std::string reference;
    std::string dir; // the run's folder: bundle, overlay, upper folder, image mount
    pid_t pid = 0; // the daemon that made it
    uid_t uid = 0; // who asked for it
    std::int64_t createdUnixMs = 0;
};

// The daemon's state folder: DIR/daemon.lock (held while the daemon runs, so
// one daemon owns a folder) and one DIR/mounts/<id>.json per mount, written
// before the mount is made and removed after it is gone, and one
// DIR/runs/<id>.json per run (same rules).
class StateStore final {
public:
    // Creates the folder (0700) and takes its lock. Io error naming the other
    // daemon's pid when one already holds it.
    static Result<std::unique_ptr<StateStore>> open(const std::string& dir);
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    // The state folder.
    [[nodiscard]] const std::string& dir() const { return m_dir; }
    // Writes a record atomically.
    Status save(const MountState& state);
    // Forgets a record; absent records are fine.
    void remove(const std::string& id);
    // Every readable record (unreadable files are removed with a warning).
    [[nodiscard]] std::vector<MountState> load() const;
    // The same for runs.
    Status saveRun(const RunState& state);
    void removeRun(const std::string& id);
    [[nodiscard]] std::vector<RunState> loadRuns() const;

private:
    StateStore(std::string dir, util::Fd lock)
        : m_dir(std::move(dir))
        , m_lock(std::move(lock))
    {
    }
    [[nodiscard]] std::string pathOf(const std::string& id) const;
    [[nodiscard]] std::string runPathOf(const std::string& id) const;
    // Parses each record in m_dir/folder; a record that cannot be read or
    // that parse throws on is logged as an unreadable `what` record and removed.
    void forEachRecord(const char* folder, const char* what,
                       const std::function<void(const nlohmann::json&)>& parse) const;

    std::string m_dir;
    util::Fd m_lock; // flock'ed while the store lives; closing releases it
};

// Unmounts (lazily) every mount a previous daemon recorded that is still in
// the mount table as ours, and forgets every record. Returns the mountpoints
// cleaned.
std::vector<std::string> cleanLeftovers(StateStore& store);

// A fresh mount id: 16 hex digits.
std::string newMountId();

} // namespace sociscope::daemon
