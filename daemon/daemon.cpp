// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "daemon.h"

#include "event_bus.h"
#include "memory_trimmer.h"
#include "mount_manager.h"
#include "paths.h"
#include "run_manager.h"
#include "service.h"
#include "metrics.h"
#include "snapshotter/image_layers.h"
#include "snapshotter/snapshots_service.h"
#include "socket.h"
#include "state_store.h"
#include "util/files.h"
#include "util/log.h"
#include "util/strings.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/server_posix.h>

#include <chrono>
#include <cstdlib>
#include <sys/prctl.h>
#include <unistd.h>

namespace sociscope::daemon {

DaemonConfig defaultDaemonConfig()
{
    DaemonConfig c;
    c.systemMode = ::geteuid() == 0;
    const std::string runtime = c.systemMode ? client::systemRuntimeDir() : client::userRuntimeDir();
    c.socket = client::socketIn(runtime);
    c.stateDir = client::stateIn(runtime);
    c.cacheDir = lazy::defaultCacheRoot(c.systemMode);
    if (c.systemMode) {
        c.snapshotterRoot = "/var/lib/sociscope/snapshotter";
    } else {
        const char* data = std::getenv("XDG_DATA_HOME");
        const char* home = std::getenv("HOME");
        c.snapshotterRoot = (data && *data == '/' ? std::string(data) : std::string(home ? home : "/tmp") + "/.local/share")
            + "/sociscope/snapshotter";
    }
    return c;
}

namespace {

// containerd's snapshots API: the snapshotter and its own server on its own
// socket. Going away stops accepting, then ends the calls (bounded).
struct SnapshotsEndpoint {
    std::unique_ptr<snapshotter::Snapshotter> snapshotter;
    std::unique_ptr<snapshotter::SnapshotsService> service;
    std::unique_ptr<grpc::Server> server;
    std::unique_ptr<UnixListener> listener;
    std::unique_ptr<Acceptor> acceptor;

    ~SnapshotsEndpoint()
    {
        acceptor.reset();
        listener.reset();
        if (server) {
            server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(3));
            server->Wait();
        }
    }
};

} // namespace

// Members in construction order; destroyed in reverse, which is the shutdown
// order (see ~Daemon for the steps that must come first).
struct Daemon::Parts {
    DaemonConfig config;
    std::unique_ptr<StateStore> state;
    EventBus events;
    std::unique_ptr<MountManager> mounts;
    std::unique_ptr<MemoryTrimmer> trimmer;
    std::unique_ptr<MetricsServer> metrics; // reads the mounts: goes before them
    std::unique_ptr<RunManager> runs; // before the mounts go: runs stand on them
    PeerTable peers;
    std::unique_ptr<ControlService> service;
    std::unique_ptr<grpc::Server> server;
    std::unique_ptr<UnixListener> listener;
    std::unique_ptr<Acceptor> acceptor;
    // containerd's snapshots API, when asked for.
    std::unique_ptr<SnapshotsEndpoint> snapshots;
};

namespace {

// The snapshots API on config.snapshotterSocket: root and the daemon's own
// user only (containerd runs as root), socket mode 0660 like the control socket.
// Layers with a zTOC are served lazily, from mounts of their images under
// <snapshotter root>/images (see image_layers.h).
Result<std::unique_ptr<SnapshotsEndpoint>> startSnapshotter(const DaemonConfig& config, MountManager& mounts)
{
    auto p = std::make_unique<SnapshotsEndpoint>();
    snapshotter::SnapshotterOptions so;
    so.root = config.snapshotterRoot;
    // Beside the folders it describes, on disk: containerd keeps its own
    // records of our snapshots across a reboot, so ours must survive one too
    // (the system daemon's state folder is on tmpfs).
    so.metadataPath = config.snapshotterRoot + "/metadata.db";
    so.lazy = std::make_shared<ImageLayers>(mounts, config.snapshotterRoot + "/images");
    auto sn = snapshotter::Snapshotter::open(so);
    if (!sn)
        return makeError(ErrorCode::Io, "the snapshotter did not start: " + sn.failure().message, config.snapshotterRoot);
    p->snapshotter = std::move(*sn);
    p->service = std::make_unique<snapshotter::SnapshotsService>(*p->snapshotter);
    grpc::ServerBuilder builder;
    builder.RegisterService(p->service.get());
    p->server = builder.BuildAndStart();
    if (!p->server)
        return makeError(ErrorCode::Internal, "the snapshotter's gRPC server did not start");
    const auto dir = config.snapshotterSocket.substr(0, config.snapshotterSocket.rfind('/'));
    if (!dir.empty())
        if (auto s = client::ensureRuntimeDir(dir, config.systemMode ? 0755 : 0700, !config.systemMode); !s)
            return s.error();
    AccessPolicy policy;
    policy.owner = ::geteuid();
    auto listener = UnixListener::bind(config.snapshotterSocket, 0660, std::nullopt);
    if (!listener)
        return listener.error();
    p->listener = std::move(*listener);
    p->acceptor = std::make_unique<Acceptor>(*p->listener, policy,
        [server = p->server.get()](int fd, const PeerCred&) { grpc::AddInsecureChannelFromFd(server, fd); });
    if (auto s = p->acceptor->start(); !s)
        return s.error();
    log::write(log::Level::Info,
        "sociscoped serving containerd's snapshots API to " + policy.describe() + " on " + config.snapshotterSocket
            + " (snapshots in " + config.snapshotterRoot + ")");
    return p;
}

} // namespace

Daemon::Daemon(std::unique_ptr<Parts> parts)
    : m_parts(std::move(parts))
{
}

const DaemonConfig& Daemon::config() const
{
    return m_parts->config;
}

Result<std::unique_ptr<Daemon>> Daemon::start(const DaemonConfig& config)
{
    auto p = std::make_unique<Parts>();
    p->config = config;
    const auto socketDir = config.socket.substr(0, config.socket.rfind('/'));
    // The socket's folder is world-searchable for the system daemon (the socket
    // itself decides who gets in) and private for a user daemon.
    if (!socketDir.empty())
        if (auto s = client::ensureRuntimeDir(socketDir, config.systemMode ? 0755 : 0700, !config.systemMode); !s)
            return s.error();
    if (auto s = files::makeDirs(config.stateDir, 0700); !s)
        return s.error();
    if (auto s = client::ensureRuntimeDir(config.stateDir, 0700, true); !s)
        return s.error();
    auto state = StateStore::open(config.stateDir);
    if (!state)
        return state.error();
    p->state = std::move(*state);
    // Runs first: their overlays stand on image mounts.
    const std::string bundlesDir = config.stateDir + "/bundles";
    const std::string runcRoot = config.stateDir + "/runc";
    for (const auto& what : cleanLeftoverRuns(*p->state, runcRoot, bundlesDir))
        log::info("cleaned up " + what);
    for (const auto& mp : cleanLeftovers(*p->state))
        log::info("cleaned up " + mp);
    const bool canRun = ::geteuid() == 0;
    if (canRun) {
        if (auto s = files::makeDirs(bundlesDir, 0700); !s)
            return s.error();
        // A run's container init is left to us when runc run --detach exits:
        // as a subreaper we can wait for it and read its exit status.
        if (::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
            log::warning("could not become a child subreaper; terminal runs will not report exit codes");
    }

    MountManagerOptions mo;
    mo.systemMode = config.systemMode;
    mo.cache = std::make_shared<lazy::DiskCache>(config.cacheDir, lazy::defaultCacheCap(), config.inflatedCacheBytes);
    mo.fuse.allowOther = config.systemMode;
    mo.fuse.maxThreads = config.fuseThreads;
    mo.memory = std::make_shared<lazy::SpanMemory>(config.memoryCacheBytes);
    mo.retry = registry::retryPolicyFromEnvironment();
    mo.http = registry::httpOptionsFromEnvironment();
    mo.readTimeout = std::chrono::seconds(config.readTimeoutSec);
    mo.backgroundMount = config.backgroundMount;
    mo.backgroundRun = config.backgroundRun;
    mo.backgroundPace.bytesPerSecond = config.backgroundBytesPerSecond;
    mo.backgroundPace.quietPeriod = std::chrono::milliseconds(config.backgroundQuietMs);
    for (const auto* policy : {&config.backgroundMount, &config.backgroundRun})
        if (auto p = lazy::parseBackgroundPolicy(*policy); !p)
            return p.error();
    p->mounts = std::make_unique<MountManager>(mo, *p->state, p->events);
    p->trimmer = std::make_unique<MemoryTrimmer>(mo.memory, std::chrono::seconds(2));
    if (!config.metricsAddress.empty()) {
        auto m = MetricsServer::start(config.metricsAddress, *p->mounts);
        if (!m)
            return m.error();
        p->metrics = std::move(*m);
        log::write(log::Level::Info, "sociscoped serving metrics at http://" + p->metrics->address() + "/metrics");
    }
    RunManagerOptions ro;
    ro.canRun = canRun;
    ro.bundlesDir = bundlesDir;
    ro.runcRoot = runcRoot;
    p->runs = std::make_unique<RunManager>(ro, *p->state, *p->mounts);

    // Before the control socket: a daemon that cannot serve containerd as
    // asked fails before any client sees it.
    if (!config.snapshotterSocket.empty()) {
        auto s = startSnapshotter(config, *p->mounts);
        if (!s)
            return s.error();
        p->snapshots = std::move(*s);
    }

    DaemonInfo info;
    info.version = SOCISCOPE_VERSION;
    info.mode = config.systemMode ? "system" : "user";
    info.socket = config.socket;
    info.stateDir = config.stateDir;
    info.cacheDir = config.cacheDir;
    info.startedUnixMs
        = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count();
    p->service = std::make_unique<ControlService>(*p->mounts, *p->runs, p->events, p->peers, info);
    // No listening port: connections come from our own accept loop, after
    // their peer credentials were checked.
    grpc::ServerBuilder builder;
    builder.RegisterService(p->service.get());
    p->server = builder.BuildAndStart();
    if (!p->server)
        return makeError(ErrorCode::Internal, "the gRPC server did not start");

    AccessPolicy policy;
    policy.owner = ::geteuid();
    unsigned mode = 0600;
    if (config.systemMode) {
        policy.group = groupId(config.group);
        policy.groupName = config.group;
        if (policy.group)
            mode = 0660;
        else
            log::warning("group " + config.group + " does not exist: only root may use " + config.socket
                + " (create it with `groupadd " + config.group + "` and add users to it)");
    }
    auto listener = UnixListener::bind(config.socket, mode, config.systemMode ? policy.group : std::nullopt);
    if (!listener)
        return listener.error();
    p->listener = std::move(*listener);
    p->acceptor = std::make_unique<Acceptor>(
        *p->listener, policy, [peers = &p->peers, server = p->server.get()](int fd, const PeerCred& peer) {
            peers->add(fd, peer);
            grpc::AddInsecureChannelFromFd(server, fd);
        });
    if (auto s = p->acceptor->start(); !s)
        return s.error();
    log::write(log::Level::Info,
        std::string("sociscoped ") + SOCISCOPE_VERSION + " serving " + policy.describe() + " on " + config.socket + " ("
            + info.mode + " mode; state " + config.stateDir + "; cache " + config.cacheDir + ", inflated tier "
            + (mo.cache->inflatedCap() ? "up to " + str::humanBytes(mo.cache->inflatedCap()) : std::string("off")) + ")");
    return std::unique_ptr<Daemon>(new Daemon(std::move(p)));
}

Daemon::~Daemon()
{
    auto& p = *m_parts;
    // containerd's calls first: they touch only the snapshotter's folders.
    p.snapshots.reset();
    // No new connections, then no new or running calls, then no mounts.
    p.acceptor.reset();
    p.listener.reset();
    p.service->stopStreams();
    // Containers end (their streams send the exit), then the server stops.
    p.runs->stopAll(std::chrono::seconds(2));
    p.server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(3));
    p.server->Wait();
    p.mounts->unmountAll();
    log::write(log::Level::Info, "sociscoped stopped");
}

} // namespace sociscope::daemon
