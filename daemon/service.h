// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "event_bus.h"
#include "mount_manager.h"
#include "peer.h"

#include "sociscope.grpc.pb.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sociscope::daemon {

// The credentials of each accepted connection, by the name gRPC gives its
// peer ("fd:N"). A number reused for a new connection replaces the entry.
class PeerTable final {
public:
    // Records who is at the other end of an accepted socket.
    void add(int fd, const PeerCred& peer);
    // The caller behind ServerContext::peer(), or nullopt for unknown peers.
    std::optional<Caller> find(const std::string& grpcPeer);

private:
    std::mutex m_mutex;
    std::map<std::string, Caller> m_peers;
};

// What Version reports about the daemon.
struct DaemonInfo {
    std::string version;
    std::string mode; // "system" or "user"
    std::string socket;
    std::string stateDir;
    std::string cacheDir;
    std::int64_t startedUnixMs = 0;
};

// The gRPC service: translates requests into MountManager calls and events
// from the bus into the Events stream. Every call is checked against the
// caller's credentials (PeerTable).
class ControlService final : public v1::Sociscope::Service {
public:
    ControlService(MountManager& mounts, EventBus& events, PeerTable& peers, DaemonInfo info);
    // Ends the Events streams (within their poll interval) before the server stops.
    void stopStreams() { m_stopping = true; }

    // The RPCs of sociscope.proto.
    grpc::Status Version(grpc::ServerContext* ctx, const v1::VersionRequest* req, v1::VersionReply* out) override;
    grpc::Status Mount(grpc::ServerContext* ctx, const v1::MountRequest* req, v1::MountReply* out) override;
    grpc::Status Unmount(grpc::ServerContext* ctx, const v1::UnmountRequest* req, v1::UnmountReply* out) override;
    grpc::Status ListMounts(
        grpc::ServerContext* ctx, const v1::ListMountsRequest* req, v1::ListMountsReply* out) override;
    grpc::Status Events(
        grpc::ServerContext* ctx, const v1::EventsRequest* req, grpc::ServerWriter<v1::FetchEvent>* out) override;
    grpc::Status Stats(grpc::ServerContext* ctx, const v1::StatsRequest* req, v1::StatsReply* out) override;

private:
    MountManager& m_mounts;
    EventBus& m_events;
    PeerTable& m_peers;
    DaemonInfo m_info;
    std::atomic<bool> m_stopping { false };
};

// An Error as a gRPC status: the message, and "<code name>\n<context>" as details.
grpc::Status toGrpcStatus(const Error& error);

} // namespace sociscope::daemon
