// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "service.h"

#include "proto_convert.h"

#include "util/cancel.h"
#include "util/log.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <unistd.h>

namespace sociscope::daemon {

namespace {
constexpr auto kStreamPoll = std::chrono::milliseconds(200);

// Cancels a token when the client of an RPC goes away (it disconnected, or
// its deadline passed), so the fetches started for it stop. The sync API
// has no callback for that: poll, on a thread owned and joined here.
class ClientWatch final {
public:
    explicit ClientWatch(grpc::ServerContext* ctx)
        : m_token(util::CancelToken::make())
        , m_thread([this, ctx] {
            std::unique_lock lock(m_mutex);
            while (!m_done) {
                if (ctx->IsCancelled()) {
                    log::info("client " + ctx->peer() + " went away; stopping the fetches started for it");
                    m_token.cancel();
                    return;
                }
                m_cv.wait_for(lock, kStreamPoll);
            }
        })
    {
    }
    ~ClientWatch()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    ClientWatch(const ClientWatch&) = delete;
    ClientWatch& operator=(const ClientWatch&) = delete;

    [[nodiscard]] const util::CancelToken& token() const { return m_token; }

private:
    util::CancelToken m_token;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    std::thread m_thread; // last: starts once the rest is built
};

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
    m.set_run_id(r.runId);
    m.set_background(r.background);
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
    out.set_run_id(e.runId);
    out.set_prefetch(e.prefetch);
}

void fill(v1::MountStats& m, const MountStatsSnapshot& s)
{
    m = client::toProto(s);
}

void fill(v1::RunInfo& out, const RunRecord& r)
{
    out.set_id(r.id);
    out.set_name(r.name);
    out.set_reference(r.reference);
    out.set_digest(r.digest);
    out.set_platform(r.platform);
    for (const auto& a : r.command)
        out.add_command(a);
    out.set_status(r.status);
    out.set_uid(r.uid);
    out.set_created_unix_ms(r.createdUnixMs);
    out.set_started_unix_ms(r.startedUnixMs);
    out.set_finished_unix_ms(r.finishedUnixMs);
    out.set_exit_code(r.exitCode);
    out.set_pid(r.pid);
    out.set_tty(r.tty);
    out.set_remove(r.remove);
    out.set_mountpoint(r.mountpoint);
    out.set_mount_id(r.mountId);
    out.set_rootfs(r.rootfs);
    out.set_user(r.user);
    fill(*out.mutable_stats(), r.stats);
    if (r.startup)
        *out.mutable_startup() = client::toProto(*r.startup);
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

ControlService::ControlService(
    MountManager& mounts, RunManager& runs, EventBus& events, PeerTable& peers, DaemonInfo info)
    : m_mounts(mounts)
    , m_runs(runs)
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
    out->set_runs(static_cast<std::uint32_t>(m_runs.count()));
    out->set_can_run(::geteuid() == 0);
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
    spec.background = req->background();
    for (const auto& c : req->credentials()) {
        registry::Credentials cred;
        cred.username = c.username();
        cred.password = c.password();
        cred.identityToken = c.identity_token();
        cred.origin = "passed by the client";
        spec.credentials.emplace_back(c.registry(), std::move(cred));
    }
    const ClientWatch watch(ctx);
    const util::CancelScope scope(watch.token());
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
    auto r = m_mounts.stats(*caller, req->mountpoint(), req->needed_spans());
    if (!r)
        return toGrpcStatus(r.error());
    for (const auto& s : *r)
        fill(*out->add_mounts(), s);
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
        mountId = s->front().mountId;
    }
    const bool allLayers = req->all_layers();
    const int layer = req->layer();
    const Caller who = *caller;
    auto queue = std::make_shared<EventQueue>();
    auto subscription = m_events.subscribe([queue, who, mountId, allLayers, layer](const MountEvent& e) {
        if (!MountManager::maySee(who, e.owner, e.visibleToAll) || (!mountId.empty() && e.mountId != mountId)
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

grpc::Status ControlService::Run(
    grpc::ServerContext* ctx, grpc::ServerReaderWriter<v1::RunOutput, v1::RunInput>* stream)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    v1::RunInput first;
    if (!stream->Read(&first) || !first.has_start())
        return toGrpcStatus(makeError(ErrorCode::Usage, "a Run stream starts with a start message"));
    const auto& req = first.start();
    RunSpec spec;
    spec.image.reference = req.reference();
    spec.image.platform = req.platform();
    spec.image.plainHttp = req.plain_http();
    spec.image.insecure = req.insecure();
    spec.image.background = req.background();
    spec.recordStartup = req.record_startup();
    for (const auto& c : req.credentials()) {
        registry::Credentials cred;
        cred.username = c.username();
        cred.password = c.password();
        cred.identityToken = c.identity_token();
        cred.origin = "passed by the client";
        spec.image.credentials.emplace_back(c.registry(), std::move(cred));
    }
    spec.overrides.command.assign(req.command().begin(), req.command().end());
    if (req.entrypoint_set())
        spec.overrides.entrypoint = std::vector<std::string>(req.entrypoint().begin(), req.entrypoint().end());
    spec.overrides.env.assign(req.env().begin(), req.env().end());
    spec.overrides.user = req.user();
    spec.overrides.workingDir = req.working_dir();
    spec.overrides.tty = req.tty();
    spec.name = req.name();
    spec.interactive = req.interactive();
    spec.remove = req.remove();
    spec.rows = req.window().rows();
    spec.cols = req.window().cols();
    for (const auto& kv : spec.overrides.env)
        if (kv.find('=') == std::string::npos || kv.front() == '=')
            return toGrpcStatus(makeError(ErrorCode::Usage, "environment entries are KEY=VALUE", kv));

    auto sink = std::make_shared<RunSink>();
    auto started = [&] {
        // Opening the image is the client's wait: it stops when they go.
        const ClientWatch watch(ctx);
        const util::CancelScope scope(watch.token());
        return m_runs.start(*caller, std::move(spec), sink);
    }();
    if (!started)
        return toGrpcStatus(started.error());
    const std::shared_ptr<sociscope::daemon::Run> run = *started;
    v1::RunOutput hello;
    fill(*hello.mutable_started(), run->record());
    bool clientThere = stream->Write(hello);

    // The client's messages, on a thread of their own (reads block).
    std::atomic<bool> detached { false };
    std::mutex doneMutex;
    std::condition_variable doneCv;
    bool readerDone = false;
    std::thread reader([&] {
        v1::RunInput in;
        while (stream->Read(&in)) {
            switch (in.what_case()) {
            case v1::RunInput::kStdin:
                run->writeStdin(in.stdin());
                break;
            case v1::RunInput::kStdinClosed:
                run->closeStdin();
                break;
            case v1::RunInput::kResize:
                run->resize(in.resize().rows(), in.resize().cols());
                break;
            case v1::RunInput::kStop:
                run->requestStop(std::chrono::seconds(in.stop() ? in.stop() : 10));
                break;
            case v1::RunInput::kDetach:
                detached = true;
                sink->close();
                break;
            default:
                break;
            }
        }
        std::lock_guard lock(doneMutex);
        readerDone = true;
        doneCv.notify_all();
    });

    bool exitSent = false;
    while (clientThere) {
        auto c = sink->pop(kStreamPoll);
        if (c) {
            v1::RunOutput out;
            if (c->kind == RunChunk::Kind::Stdout) {
                out.set_stdout(std::move(c->data));
            } else if (c->kind == RunChunk::Kind::Stderr) {
                out.set_stderr(std::move(c->data));
            } else {
                auto* e = out.mutable_exit();
                e->set_exit_code(c->final.exitCode);
                e->set_signal(c->final.signal);
                fill(*e->mutable_run(), c->final);
            }
            if (!stream->Write(out)) {
                clientThere = false;
                break;
            }
            if (c->kind == RunChunk::Kind::Exit) {
                exitSent = true;
                break;
            }
            continue;
        }
        if (sink->closed() || ctx->IsCancelled())
            break;
    }
    if (detached) {
        v1::RunOutput d;
        d.set_detached(true);
        stream->Write(d);
        log::info("run " + run->id() + " detached from its client");
    } else if (!exitSent) {
        // The client went away without detaching: the run goes with it.
        log::info("run " + run->id() + ": its client went away; stopping it");
        sink->close();
        run->requestStop(std::chrono::seconds(3));
    }
    // The client half-closes once it has what it needs; one that does not is cut off.
    {
        std::unique_lock lock(doneMutex);
        if (!doneCv.wait_for(lock, std::chrono::seconds(5), [&] { return readerDone; }))
            ctx->TryCancel();
    }
    reader.join();
    return grpc::Status::OK;
}

grpc::Status ControlService::Stop(grpc::ServerContext* ctx, const v1::StopRequest* req, v1::StopReply* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    auto r = m_runs.stop(*caller, req->run(), std::chrono::seconds(req->timeout_seconds() ? req->timeout_seconds() : 10));
    if (!r)
        return toGrpcStatus(r.error());
    fill(*out->mutable_run(), *r);
    return grpc::Status::OK;
}

grpc::Status ControlService::ListRuns(grpc::ServerContext* ctx, const v1::ListRunsRequest*, v1::ListRunsReply* out)
{
    const auto caller = m_peers.find(ctx->peer());
    if (!caller)
        return denied();
    for (const auto& r : m_runs.list(*caller))
        fill(*out->add_runs(), r);
    return grpc::Status::OK;
}

} // namespace sociscope::daemon
