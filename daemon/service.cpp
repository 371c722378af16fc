// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "service.h"

#include "util/log.h"

#include <unistd.h>

namespace sociscope::daemon {

namespace {
constexpr auto kStreamPoll = std::chrono::milliseconds(200);

grpc::Status denied()
{
    return toGrpcStatus(makeError(ErrorCode::Auth, "the daemon does not know who is calling"));
}

void fill(v1::MountInfo& m, const MountRecord& r)
{
    m.set_id(r.id);
    m.set_reference(r.reference);
    m.set_mountpoint(r.mountpoint);
    m.set_digest(r.digest);
    m.set_platform(r.platform);
    m.set_layers(r.layers);
    m.set_layers_dir(r.layersDir());
    m.set_uid(r.uid);
    m.set_mounted_unix_ms(r.mountedUnixMs);
    m.set_index_digest(r.indexDigest);
    m.set_index_version(static_cast<std::uint32_t>(r.indexVersion));
}

void fill(v1::FetchEvent& out, const MountEvent& e)
{
    out.set_mount_id(e.mountId);
    out.set_mountpoint(e.mountpoint);
    out.set_type(e.type);
    out.set_layer(e.layer);
    out.set_span(e.span);
    out.set_bytes(e.bytes);
    out.set_micros(e.micros);
    out.set_background(e.background);
    out.set_when_unix_us(std::chrono::duration_cast<std::chrono::microseconds>(e.when.time_since_epoch()).count());
    out.set_path(e.path);
    out.set_dropped(e.dropped);
}
} // namespace

grpc::Status toGrpcStatus(const Error& error)
{
    grpc::StatusCode code = grpc::StatusCode::INTERNAL;
    switch (error.code) {
    case ErrorCode::Usage:
        code = grpc::StatusCode::INVALID_ARGUMENT;
        break;
    case ErrorCode::NotFound:
        code = grpc::StatusCode::NOT_FOUND;
        break;
    case ErrorCode::Auth:
        code = grpc::StatusCode::PERMISSION_DENIED;
        break;
    case ErrorCode::Network:
        code = grpc::StatusCode::UNAVAILABLE;
        break;
    case ErrorCode::Integrity:
        code = grpc::StatusCode::DATA_LOSS;
        break;
    case ErrorCode::Malformed:
        code = grpc::StatusCode::FAILED_PRECONDITION;
        break;
    case ErrorCode::Unsupported:
        code = grpc::StatusCode::UNIMPLEMENTED;
        break;
    case ErrorCode::Io:
        code = grpc::StatusCode::INTERNAL;
        break;
    case ErrorCode::Cancelled:
        code = grpc::StatusCode::CANCELLED;
        break;
    case ErrorCode::Internal:
        code = grpc::StatusCode::INTERNAL;
        break;
    }
    return grpc::Status(code, error.message, std::string(errorCodeName(error.code)) + "\n" + error.context);
}

void PeerTable::add(int fd, const PeerCred& peer)
{
    std::lock_guard lock(m_mutex);
    m_peers["fd:" + std::to_string(fd)] = Caller { peer.pid, peer.uid, peer.gid };
}

std::optional<Caller> PeerTable::find(const std::string& grpcPeer)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_peers.find(grpcPeer);
    if (it == m_peers.end())
        return std::nullopt;
    return it->second;
}

ControlService::ControlService(MountManager& mounts, EventBus& events, PeerTable& peers, DaemonInfo info)
    : m_mounts(mounts)
    , m_events(events)
    , m_peers(peers)
    , m_info(std::move(info))
{
}

grpc::Status ControlService::Version(grpc::ServerContext* ctx, const v1::VersionRequest*, v1::VersionReply* out)
{
    if (!m_peers.find(ctx->peer()))
        return denied();
    out->set_version(m_info.version);
    out->set_api_version(1);
    out->set_mode(m_info.mode);
    out->set_pid(::getpid());
    out->set_uid(::geteuid());
    out->set_socket(m_info.socket);
    out->set_state_dir(m_info.stateDir);
    out->set_cache_dir(m_info.cacheDir);
    out->set_started_unix_ms(m_info.startedUnixMs);
    out->set_mounts(static_cast<std::uint32_t>(m_mounts.count()));
    return grpc::Status::OK;
}

grpc::Status ControlService::Mount(grpc::ServerContext* ctx, const v1::MountRequest* req, v1::MountReply* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    MountSpec spec;
    spec.reference = req->reference();
    spec.mountpoint = req->mountpoint();
    spec.platform = req->platform();
    spec.plainHttp = req->plain_http();
    spec.insecure = req->insecure();
    for (const auto& c : req->credentials()) {
        registry::Credentials cred;
        cred.username = c.username();
        cred.password = c.password();
        cred.identityToken = c.identity_token();
        cred.origin = "passed by the client";
        spec.credentials.emplace_back(c.registry(), std::move(cred));
    }
    auto r = m_mounts.mount(*caller, spec);
    if (!r) {
        log::warning("mount of " + spec.reference + " at " + spec.mountpoint + " failed: " + r.error().text());
        return toGrpcStatus(r.error());
    }
    fill(*out->mutable_mount(), *r);
    return grpc::Status::OK;
}

grpc::Status ControlService::Unmount(grpc::ServerContext* ctx, const v1::UnmountRequest* req, v1::UnmountReply* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    auto r = m_mounts.unmount(*caller, req->mountpoint());
    if (!r)
        return toGrpcStatus(r.error());
    out->set_mountpoint(r->first);
    out->set_busy(r->second);
    return grpc::Status::OK;
}

grpc::Status ControlService::ListMounts(
    grpc::ServerContext* ctx, const v1::ListMountsRequest*, v1::ListMountsReply* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    for (const auto& r : m_mounts.list(*caller))
        fill(*out->add_mounts(), r);
    return grpc::Status::OK;
}

grpc::Status ControlService::Stats(grpc::ServerContext* ctx, const v1::StatsRequest* req, v1::StatsReply* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    auto r = m_mounts.stats(*caller, req->mountpoint());
    if (!r)
        return toGrpcStatus(r.error());
    for (const auto& s : *r) {
        auto* m = out->add_mounts();
        m->set_mountpoint(s.mountpoint);
        m->set_mount_id(s.id);
        m->set_network_bytes(s.networkBytes);
        m->set_index_bytes(s.indexBytes);
        m->set_ztoc_bytes(s.ztocBytes);
        m->set_span_bytes(s.spanBytes);
        m->set_whole_layer_bytes(s.wholeLayerBytes);
        m->set_cached_bytes(s.cachedBytes);
        m->set_image_bytes(s.imageBytes);
        m->set_requests(s.requests);
        m->set_range_requests(s.rangeRequests);
        m->set_spans_fetched(s.spansFetched);
        m->set_spans_verified(s.spansVerified);
        m->set_spans_failed(s.spansFailed);
        m->set_cache_hits(s.cacheHits);
        m->set_cache_misses(s.cacheMisses);
        m->set_reads(s.reads);
        m->set_read_bytes(s.readBytes);
        m->set_read_errors(s.readErrors);
    }
    return grpc::Status::OK;
}

grpc::Status ControlService::Events(
    grpc::ServerContext* ctx, const v1::EventsRequest* req, grpc::ServerWriter<v1::FetchEvent>* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    // One mount: resolved to its id now, and the stream ends when it goes away.
    std::string mountId;
    if (!req->mountpoint().empty()) {
        auto s = m_mounts.stats(*caller, req->mountpoint());
        if (!s)
            return toGrpcStatus(s.error());
        mountId = s->front().id;
    }
    const bool allLayers = req->all_layers();
    const int layer = req->layer();
    const Caller who = *caller;
    auto queue = std::make_shared<EventQueue>();
    auto subscription = m_events.subscribe([queue, who, mountId, allLayers, layer](const MountEvent& e) {
        if (!MountManager::mayManage(who, e.owner) || (!mountId.empty() && e.mountId != mountId)
            || (!allLayers && e.layer != layer))
            return;
        queue->push(e);
    });
    // Tells the client that it is subscribed: events from now on reach it.
    out->SendInitialMetadata();
    auto lastCheck = std::chrono::steady_clock::now();
    while (!ctx->IsCancelled() && !m_stopping) {
        if (auto e = queue->pop(kStreamPoll)) {
            v1::FetchEvent msg;
            fill(msg, *e);
            if (!out->Write(msg))
                break;
            continue;
        }
        if (!mountId.empty() && std::chrono::steady_clock::now() - lastCheck > std::chrono::seconds(1)) {
            lastCheck = std::chrono::steady_clock::now();
            bool live = false;
            for (const auto& r : m_mounts.list(who))
                live = live || r.id == mountId;
            if (!live)
                break;
        }
    }
    queue->close();
    return grpc::Status::OK;
}

} // namespace sociscope::daemon
