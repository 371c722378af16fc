// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What the daemon's API says, as plain structs over core types: what a client
// asks for (ImageSource, MountSpec, RunSpec, EventFilter) and what the daemon
// answers (VersionInfo, MountInfo, MountStats, RunInfo, RunEvent, FetchEvent).
// Paths, references, commands and names are any bytes; nothing here is
// checked to be UTF-8 except what the wire needs as text (RunSpec::user and
// RunSpec::name, see run_session.h).
#pragma once

#include "lazy/startup_profile.h"
#include "oci/image.h"
#include "oci/reference.h"
#include "registry/auth.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sociscope::client {

// The daemon's version, mode and folders.
struct VersionInfo {
    std::string version; // "0.1.0"
    std::uint32_t apiVersion = 0;
    std::string mode; // "system" (root) or "user"
    std::int32_t pid = 0;
    std::uint32_t uid = 0; // the daemon's effective uid
    std::string socket;
    std::string stateDir;
    std::string cacheDir;
    std::int64_t startedUnixMs = 0;
    std::uint32_t mounts = 0; // live mounts (all callers)
    std::uint32_t runs = 0; // live and kept runs (all callers)
    bool canRun = false; // runs containers (a daemon running as root)

    bool operator==(const VersionInfo&) const = default;
};

// Credentials for one registry host ("127.0.0.1:5000", "docker.io"), passed
// with a request: the daemon never reads anyone's configuration.
using RegistryLogin = std::pair<std::string, registry::Credentials>;

// An image and how to reach it. oci: layout paths must be absolute (the
// daemon has another working folder).
struct ImageSource {
    oci::Reference ref;
    std::optional<oci::Platform> platform; // none: the daemon machine's
    bool plainHttp = false;
    bool insecure = false;
    std::vector<RegistryLogin> credentials;
};

// A Mount request: the image at mountpoint (absolute, canonical, an existing
// folder the caller owns).
struct MountSpec {
    ImageSource image;
    std::string mountpoint;
    // Background fetch: "off", "all" or a byte budget ("64MiB"); "" = the daemon's default.
    std::string background;
};

// A live mount.
struct MountInfo {
    std::string id; // stable for the life of the mount
    std::string reference;
    std::string mountpoint;
    std::string digest; // the platform manifest
    std::string platform;
    std::uint32_t layers = 0;
    std::string layersDir; // "<mountpoint>/.layers"
    std::uint32_t uid = 0; // who asked for it
    std::int64_t mountedUnixMs = 0;
    std::string indexDigest; // the SOCI index used; empty when none
    std::uint32_t indexVersion = 0; // 1, 2; 0 when none
    std::string runId; // the run this mount was made for; empty for Mount's
    std::string background; // the background fetch policy in force: "off", "all", "64.0 MiB"

    bool operator==(const MountInfo&) const = default;
};

// What Unmount did.
struct UnmountResult {
    std::string mountpoint;
    // Files were still open: the mount was detached and keeps serving them
    // until they are closed.
    bool busy = false;

    bool operator==(const UnmountResult&) const = default;
};

// A mount's fetch and read counters.
struct MountStats {
    std::string mountpoint;
    std::string mountId;
    std::uint64_t networkBytes = 0;
    std::uint64_t indexBytes = 0;
    std::uint64_t ztocBytes = 0;
    std::uint64_t spanBytes = 0;
    std::uint64_t wholeLayerBytes = 0;
    std::uint64_t cachedBytes = 0;
    std::uint64_t imageBytes = 0;
    std::uint64_t requests = 0;
    std::uint64_t rangeRequests = 0;
    std::uint64_t spansFetched = 0;
    std::uint64_t spansVerified = 0;
    std::uint64_t spansFailed = 0;
    std::uint64_t cacheHits = 0;
    std::uint64_t cacheMisses = 0;
    std::uint64_t reads = 0; // FUSE reads answered
    std::uint64_t readBytes = 0; // bytes returned by them
    std::uint64_t readErrors = 0; // reads answered EIO
    // The least the mount needed from the registry, each byte once: index as
    // fetched + zTOCs + layers read whole + the spans its reads needed.
    std::uint64_t floorBytes = 0;
    std::uint64_t ztocFloorBytes = 0;
    std::uint64_t wholeLayerFloorBytes = 0;
    std::uint64_t spanFloorBytes = 0;
    std::uint64_t foregroundBytes = 0; // networkBytes less the background fetch's
    std::uint64_t backgroundBytes = 0; // fetched by the background fetcher
    std::uint64_t localBytes = 0; // compressed bytes of the image held locally
    std::uint64_t inflatedHits = 0; // spans read from the disk cache's inflated tier
    std::uint64_t inflatedBytes = 0; // their decompressed bytes
    std::string background; // policy: "off", "all", "64.0 MiB"
    std::string backgroundState; // "off", "waiting", "fetching", "paused", "done", "budget spent", "failed"
    std::uint64_t prefetchBytes = 0; // fetched by the prefetch before the mount returned
    std::uint64_t prefetchSpans = 0; // spans it warmed
    // Asked for (DaemonClient::stats' neededSpans): per layer (index =
    // layer), the spans the mount's reads needed so far, ascending; empty
    // otherwise. What `sociscopectl record` records.
    std::vector<std::vector<std::int32_t>> neededSpans;

    bool operator==(const MountStats&) const = default;
};

// Which fetch events to stream.
struct EventFilter {
    std::string mountpoint; // empty: every mount this caller may see, including later ones
    std::optional<int> layer; // only this layer (0 = bottom)

    bool operator==(const EventFilter&) const = default;
};

// One event of the daemon's stream: a fetch, or a read the mount answered
// with EIO, with the mount and run it belongs to. Plain fields rather than a
// lazy::FetchEvent: core's header declares a method named emit, which Qt
// code cannot include without setting its macro aside (lazy::fetchEventType()
// turns type into a lazy::FetchEvent::Type).
struct FetchEvent {
    // As the daemon names it: lazy::fetchEventName() of a fetch ("span",
    // "ztoc"...), or "read-failed" (then path says which file).
    std::string type;
    int layer = -1; // -1 when not about one layer
    std::int32_t span = -1; // -1 when not about one span
    std::uint64_t bytes = 0;
    std::uint64_t micros = 0;
    bool background = false;
    std::chrono::system_clock::time_point when;
    std::string mountId;
    std::string mountpoint;
    std::string path; // read-failed: the file's path in the image
    std::uint64_t dropped = 0; // events dropped before this one (we read too slowly)
    std::string runId; // the run whose mount fetched it; empty otherwise
    bool prefetch = false; // fetched by the prefetch before the mount returned

    bool operator==(const FetchEvent&) const = default;
};

// What to run: an image, and what replaces its configuration.
struct RunSpec {
    ImageSource image;
    std::vector<std::string> command; // replaces the image's Cmd
    // Replaces the image's Entrypoint when set (an empty list: none).
    std::optional<std::vector<std::string>> entrypoint;
    std::vector<std::string> env; // K=V, added or replacing
    std::string user; // name, uid, uid:gid, name:group; empty: the image's (UTF-8)
    std::string workingDir; // empty: the image's
    std::string name; // unique among live runs; empty: the id's first 12 digits (UTF-8)
    bool tty = false; // a terminal (runc's console socket)
    bool interactive = false; // stdin is forwarded; otherwise the container's is empty
    bool remove = false; // nothing is kept after the exit
    unsigned rows = 0, cols = 0; // tty: the size at start
    // Background fetch: "off", "all" or a byte budget; "" = the daemon's
    // default for runs (all of the image, the program's spans first).
    std::string background;
    // The client leaves the run once it has started (the daemon drops its
    // output); a client that goes away without detaching stops the run.
    bool detach = false;
    // Record the spans read at startup: "until-output", "exit" or seconds; "": off.
    std::string recordStartup;
};

// A run's record.
struct RunInfo {
    std::string id; // 16 hex digits
    std::string name;
    std::string reference;
    std::string digest; // the platform manifest
    std::string platform;
    std::vector<std::string> command; // the process's argv
    std::string status; // "starting", "running", "stopping", "exited"
    std::uint32_t uid = 0; // who started it
    std::int64_t createdUnixMs = 0;
    std::int64_t startedUnixMs = 0; // 0 until running
    std::int64_t finishedUnixMs = 0; // 0 until exited
    std::int32_t exitCode = 0; // exited: the code, or 128 + the signal
    std::int32_t pid = 0; // the container's init as the host sees it; 0 when not running
    bool tty = false;
    bool remove = false;
    std::string mountpoint; // the run's own image mount
    std::string mountId;
    std::string rootfs; // the overlay
    MountStats stats; // the image mount's counters
    std::string user; // "uid:gid" the process runs as
    std::optional<lazy::StartupRecord> startup; // with RunSpec::recordStartup, once recorded

    bool operator==(const RunInfo&) const = default;
};

// What a run session delivers, in order: Started once, then output chunks,
// then Exited or Detached as the last event (or the session fails).
struct RunEvent {
    enum class Kind { Started, Stdout, Stderr, Exited, Detached };
    Kind kind = Kind::Stdout;
    std::string data; // Stdout, Stderr: the bytes (with a tty, the terminal's output)
    RunInfo run; // Started: the record; Exited: the final record with its counters
    int exitCode = -1; // Exited: the code, or 128 + the signal
    int signal = 0; // Exited: the signal that ended it; 0 when it exited

    bool operator==(const RunEvent&) const = default;
};

} // namespace sociscope::client
