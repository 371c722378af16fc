// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sociscope::daemon {

// How a daemon runs. System mode (root): socket 0660 for root and one group;
// user mode: socket 0600 for its user.
struct DaemonConfig {
    bool systemMode = false;
    std::string socket; // path of the control socket
    std::string stateDir; // mount records and the instance lock
    std::string cacheDir; // span and blob cache
    std::string group = "sociscope"; // system mode: who besides root may connect
    unsigned fuseThreads = 32; // per mount
    unsigned readTimeoutSec = 60; // a FUSE read not served within this answers EIO
    // Decompressed spans in memory (cached and being read), all mounts together.
    std::uint64_t memoryCacheBytes = 128ull << 20;
    // The disk cache's tier of decompressed spans (0: off); nullopt: the
    // default (lazy::defaultInflatedCap).
    std::optional<std::uint64_t> inflatedCacheBytes;
    // Background fetch when a client names no policy: "off", "all" or a byte
    // budget; its pace (0: no rate limit) and how long it keeps off after a read.
    std::string backgroundMount = "64MiB";
    std::string backgroundRun = "all";
    std::uint64_t backgroundBytesPerSecond = 0;
    unsigned backgroundQuietMs = 200;
    // containerd's snapshots API on this socket ("" = not served), with its
    // folders under snapshotterRoot and its metadata in the state folder.
    std::string snapshotterSocket;
    std::string snapshotterRoot;
    // Prometheus text at http://metricsAddress/metrics ("" = off).
    std::string metricsAddress;
};

// The defaults for this process: system mode when running as root, with
// /run/sociscope/{sociscoped.sock,state} and /var/cache/sociscope; otherwise the
// user runtime folder (paths.h) and the user's cache. The snapshotter's root
// is /var/lib/sociscope/snapshotter (root) or ~/.local/share/sociscope/snapshotter.
DaemonConfig defaultDaemonConfig();

// sociscoped: the control socket, the gRPC service and the mounts, wired.
class Daemon final {
public:
    // Takes the state folder, cleans mounts a previous instance left behind,
    // then listens. Errors say which step failed.
    static Result<std::unique_ptr<Daemon>> start(const DaemonConfig& config);
    // Stops accepting, ends the streams, unmounts everything (bounded).
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    // What it was started with.
    [[nodiscard]] const DaemonConfig& config() const;

private:
    struct Parts;
    explicit Daemon(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace sociscope::daemon
