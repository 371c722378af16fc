// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "client_types.h"
#include "event_bus.h"
#include "fuse_mount.h"
#include "lazy/background_fetcher.h"
#include "lazy/image_fs.h"
#include "lazy/prefetch.h"
#include "lazy/disk_cache.h"
#include "lazy/span_memory.h"
#include "registry/auth.h"
#include "registry/client.h"
#include "state_store.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace sociscope::daemon {

// Who is calling, from the socket's peer credentials.
struct Caller {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    [[nodiscard]] bool root() const { return uid == 0; }
};

// What a client asks to mount.
struct MountSpec {
    std::string reference;
    std::string mountpoint;
    std::string platform; // "" = this machine's
    // Credentials the client resolved, by registry host; never logged.
    std::vector<std::pair<std::string, registry::Credentials>> credentials;
    bool plainHttp = false;
    bool insecure = false;
    // Set by the run manager only: the mount belongs to this run, its folder
    // is the daemon's own (no owner check), and only the run may unmount it.
    std::string runId;
    // Background fetch: "off", "all" or a byte budget; "" = the daemon's
    // default (for a run's mount, the run starts it; see startBackground).
    std::string background;
    // Seen (listed, counted, its events streamed) by every client, managed
    // only by its owner: the snapshotter's mounts, which containerd's
    // containers read, for the people watching the daemon.
    bool visibleToAll = false;
};

// A live mount, as listed.
struct MountRecord {
    std::string id;
    std::string reference;
    std::string mountpoint;
    std::string digest; // platform manifest
    std::string platform;
    std::string indexDigest;
    int indexVersion = 0;
    unsigned layers = 0;
    uid_t uid = 0;
    std::int64_t mountedUnixMs = 0;
    std::string runId; // the run it was made for, or ""
    std::string background = "off"; // the background fetch policy in force: "off", "all", "64.0 MiB"
    bool visibleToAll = false; // see MountSpec
    // "<mountpoint>/.layers", where the layer views are.
    [[nodiscard]] std::string layersDir() const;
};

// Counters of one mount at one moment. A mount's counters as the API answers them (the client's plain struct:
// the service converts it with the client's one converter).
using MountStatsSnapshot = client::MountStats;

// How the manager opens and mounts images.
struct MountManagerOptions {
    bool systemMode = false; // root daemon serving other users
    std::shared_ptr<lazy::DiskCache> cache;
    // The budget for decompressed spans that every mount shares.
    std::shared_ptr<lazy::SpanMemory> memory;
    FuseMountOptions fuse;
    registry::RetryPolicy retry;
    registry::HttpOptions http; // low-speed limit of the daemon's fetches
    // A FUSE read not served within this answers EIO ("read-failed" event).
    std::chrono::milliseconds readTimeout{60000};
    // Background fetch: the policies when a client names none ("off", "all",
    // a byte budget), and the pace both use.
    std::string backgroundMount = "64MiB";
    std::string backgroundRun = "all";
    lazy::BackgroundOptions backgroundPace;
    // The spans the index's prefetch artifacts name are warmed before a mount
    // returns (soci's [prefetch], 6.4); nullopt: off.
    std::optional<lazy::PrefetchOptions> prefetch = lazy::PrefetchOptions {};
};

// The daemon's mounts: opens images, mounts them, records them in the state
// folder, unmounts them, and forwards their fetch events to the bus. Who may
// do what: root may manage every mount; others only their own. Thread-safe.
class MountManager final {
public:
    MountManager(MountManagerOptions options, StateStore& state, EventBus& events);
    // Unmounts everything (see unmountAll).
    ~MountManager();
    MountManager(const MountManager&) = delete;
    MountManager& operator=(const MountManager&) = delete;

    // Opens the image (every layer's zTOC, or the layer whole), then mounts it.
    // Usage for a bad or busy mountpoint, Auth when the caller may not mount
    // there or may not open oci: folders as root, and the image's own errors.
    Result<MountRecord> mount(const Caller& caller, const MountSpec& spec);
    // Unmounts; busy = files were still open, the mount is detached and keeps
    // serving them. NotFound when nothing of ours is mounted there.
    // Mounts made for a run are refused (Usage) unless forRun.
    Result<std::pair<std::string, bool>> unmount(
        const Caller& caller, const std::string& mountpoint, bool forRun = false);
    // What a live mount serves (its image, tree and counters), or null.
    std::shared_ptr<lazy::ImageFs> fsOf(const std::string& mountpoint);
    // Starts (or restarts) a mount's background fetch with a policy ("" =
    // the default for runs when forRun, else for mounts), the spans of the
    // files at firstPaths (in the image; missing ones are skipped) first.
    // Usage error for a policy that does not parse, NotFound for no mount.
    Status startBackground(const std::string& mountpoint, const std::string& policy, bool forRun,
                           const std::vector<std::string>& firstPaths = {});
    // The mounts the caller may see (every mount for root), by mountpoint.
    std::vector<MountRecord> list(const Caller& caller);
    // Counters of one mount, or of all the caller may see when mountpoint is "";
    // with neededSpans, the spans each mount's reads needed so far too.
    Result<std::vector<MountStatsSnapshot>> stats(
        const Caller& caller, const std::string& mountpoint, bool neededSpans = false);
    // Live mounts, all callers.
    std::size_t count();
    // Unmounts every mount, waiting a bounded time for busy ones (aborted then).
    void unmountAll();

    // Whether a caller may see or manage a mount made by `owner`.
    static bool mayManage(const Caller& caller, uid_t owner) { return caller.root() || caller.uid == owner; }
    // Whether a caller may see (list, count, watch) a mount.
    static bool maySee(const Caller& caller, uid_t owner, bool visibleToAll)
    {
        return visibleToAll || mayManage(caller, owner);
    }

private:
    struct Live;
    // Forgets mounts whose loop ended (unmounted behind our back).
    void reap();
    // The options of a policy as a client wrote it ("" = the default).
    Result<std::optional<lazy::BackgroundOptions>> backgroundPolicy(const std::string& policy, bool forRun) const;

    MountManagerOptions m_options;
    StateStore& m_state;
    EventBus& m_events;
    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Live>> m_mounts; // by mountpoint
    std::set<std::string> m_pending; // mountpoints being mounted
    std::vector<std::unique_ptr<Live>> m_draining; // detached, still busy
};

} // namespace sociscope::daemon
