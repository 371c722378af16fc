// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "proto_convert.h"

#include <chrono>

namespace sociscope::client {

namespace {

// MountRequest and RunRequest carry an image the same way.
template <typename Request> void putImage(Request& out, const ImageSource& image)
{
    out.set_reference(image.ref.str());
    if (image.platform)
        out.set_platform(image.platform->str());
    out.set_plain_http(image.plainHttp);
    out.set_insecure(image.insecure);
    for (const auto& [host, c] : image.credentials) {
        auto* cred = out.add_credentials();
        cred->set_registry(host);
        cred->set_username(c.username);
        cred->set_password(c.password);
        cred->set_identity_token(c.identityToken);
    }
}

template <typename Request> Result<ImageSource> takeImage(const Request& in)
{
    ImageSource image;
    auto ref = oci::Reference::parse(in.reference());
    if (!ref)
        return ref.error();
    image.ref = std::move(*ref);
    if (!in.platform().empty()) {
        auto p = oci::Platform::parse(in.platform());
        if (!p)
            return p.error();
        image.platform = std::move(*p);
    }
    image.plainHttp = in.plain_http();
    image.insecure = in.insecure();
    for (const auto& c : in.credentials()) {
        registry::Credentials cred;
        cred.username = c.username();
        cred.password = c.password();
        cred.identityToken = c.identity_token();
        cred.origin = "passed by the client";
        image.credentials.emplace_back(c.registry(), std::move(cred));
    }
    return image;
}

std::vector<std::string> strings(const google::protobuf::RepeatedPtrField<std::string>& field)
{
    return { field.begin(), field.end() };
}

} // namespace

v1::MountRequest toProto(const MountSpec& spec)
{
    v1::MountRequest out;
    putImage(out, spec.image);
    out.set_mountpoint(spec.mountpoint);
    out.set_background(spec.background);
    return out;
}

Result<MountSpec> fromProto(const v1::MountRequest& request)
{
    auto image = takeImage(request);
    if (!image)
        return image.error();
    return MountSpec { std::move(*image), request.mountpoint(), request.background() };
}

v1::RunRequest toProto(const RunSpec& spec)
{
    v1::RunRequest out;
    putImage(out, spec.image);
    for (const auto& a : spec.command)
        out.add_command(a);
    if (spec.entrypoint) {
        out.set_entrypoint_set(true);
        for (const auto& a : *spec.entrypoint)
            out.add_entrypoint(a);
    }
    for (const auto& kv : spec.env)
        out.add_env(kv);
    out.set_user(spec.user);
    out.set_working_dir(spec.workingDir);
    out.set_name(spec.name);
    out.set_tty(spec.tty);
    out.set_interactive(spec.interactive);
    out.set_remove(spec.remove);
    out.set_background(spec.background);
    out.set_record_startup(spec.recordStartup);
    if (spec.rows || spec.cols) {
        out.mutable_window()->set_rows(spec.rows);
        out.mutable_window()->set_cols(spec.cols);
    }
    return out;
}

Result<RunSpec> fromProto(const v1::RunRequest& request)
{
    auto image = takeImage(request);
    if (!image)
        return image.error();
    RunSpec spec;
    spec.image = std::move(*image);
    spec.command = strings(request.command());
    if (request.entrypoint_set())
        spec.entrypoint = strings(request.entrypoint());
    spec.env = strings(request.env());
    spec.user = request.user();
    spec.workingDir = request.working_dir();
    spec.name = request.name();
    spec.tty = request.tty();
    spec.interactive = request.interactive();
    spec.remove = request.remove();
    spec.rows = request.window().rows();
    spec.cols = request.window().cols();
    spec.background = request.background();
    spec.recordStartup = request.record_startup();
    return spec;
}

v1::EventsRequest toProto(const EventFilter& filter)
{
    v1::EventsRequest out;
    out.set_mountpoint(filter.mountpoint);
    out.set_all_layers(!filter.layer);
    if (filter.layer)
        out.set_layer(*filter.layer);
    return out;
}

EventFilter fromProto(const v1::EventsRequest& request)
{
    EventFilter out;
    out.mountpoint = request.mountpoint();
    if (!request.all_layers())
        out.layer = request.layer();
    return out;
}

v1::VersionReply toProto(const VersionInfo& info)
{
    v1::VersionReply out;
    out.set_version(info.version);
    out.set_api_version(info.apiVersion);
    out.set_mode(info.mode);
    out.set_pid(info.pid);
    out.set_uid(info.uid);
    out.set_socket(info.socket);
    out.set_state_dir(info.stateDir);
    out.set_cache_dir(info.cacheDir);
    out.set_started_unix_ms(info.startedUnixMs);
    out.set_mounts(info.mounts);
    out.set_runs(info.runs);
    out.set_can_run(info.canRun);
    return out;
}

VersionInfo fromProto(const v1::VersionReply& reply)
{
    return { reply.version(), reply.api_version(), reply.mode(), reply.pid(), reply.uid(), reply.socket(),
        reply.state_dir(), reply.cache_dir(), reply.started_unix_ms(), reply.mounts(), reply.runs(), reply.can_run() };
}

v1::MountInfo toProto(const MountInfo& info)
{
    v1::MountInfo out;
    out.set_id(info.id);
    out.set_reference(info.reference);
    out.set_mountpoint(info.mountpoint);
    out.set_digest(info.digest);
    out.set_platform(info.platform);
    out.set_layers(info.layers);
    out.set_layers_dir(info.layersDir);
    out.set_uid(info.uid);
    out.set_mounted_unix_ms(info.mountedUnixMs);
    out.set_index_digest(info.indexDigest);
    out.set_index_version(info.indexVersion);
    out.set_run_id(info.runId);
    out.set_background(info.background);
    return out;
}

MountInfo fromProto(const v1::MountInfo& info)
{
    return { info.id(), info.reference(), info.mountpoint(), info.digest(), info.platform(), info.layers(),
        info.layers_dir(), info.uid(), info.mounted_unix_ms(), info.index_digest(), info.index_version(),
        info.run_id(), info.background() };
}

v1::UnmountReply toProto(const UnmountResult& result)
{
    v1::UnmountReply out;
    out.set_mountpoint(result.mountpoint);
    out.set_busy(result.busy);
    return out;
}

UnmountResult fromProto(const v1::UnmountReply& reply)
{
    return { reply.mountpoint(), reply.busy() };
}

namespace {
using LayerSpanList = google::protobuf::RepeatedPtrField<v1::LayerSpans>;

// Per layer spans (index = layer) as LayerSpans, layers with spans only.
void addLayerSpans(LayerSpanList& out, const std::vector<std::vector<std::int32_t>>& spans)
{
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (spans[i].empty())
            continue;
        auto* l = out.Add();
        l->set_layer(static_cast<std::uint32_t>(i));
        for (const auto s : spans[i])
            l->add_spans(s);
    }
}

std::vector<std::vector<std::int32_t>> layerSpans(const LayerSpanList& layers)
{
    std::vector<std::vector<std::int32_t>> out;
    // Bounded: a layer index past any image's is not taken.
    constexpr std::uint32_t kMaxLayers = 4096;
    for (const auto& l : layers) {
        if (l.layer() >= kMaxLayers)
            continue;
        if (out.size() <= l.layer())
            out.resize(l.layer() + 1);
        out[l.layer()].assign(l.spans().begin(), l.spans().end());
    }
    return out;
}
} // namespace

v1::MountStats toProto(const MountStats& s)
{
    v1::MountStats m;
    m.set_mountpoint(s.mountpoint);
    m.set_mount_id(s.mountId);
    m.set_network_bytes(s.networkBytes);
    m.set_index_bytes(s.indexBytes);
    m.set_ztoc_bytes(s.ztocBytes);
    m.set_span_bytes(s.spanBytes);
    m.set_whole_layer_bytes(s.wholeLayerBytes);
    m.set_cached_bytes(s.cachedBytes);
    m.set_image_bytes(s.imageBytes);
    m.set_requests(s.requests);
    m.set_range_requests(s.rangeRequests);
    m.set_spans_fetched(s.spansFetched);
    m.set_spans_verified(s.spansVerified);
    m.set_spans_failed(s.spansFailed);
    m.set_cache_hits(s.cacheHits);
    m.set_cache_misses(s.cacheMisses);
    m.set_reads(s.reads);
    m.set_read_bytes(s.readBytes);
    m.set_read_errors(s.readErrors);
    m.set_floor_bytes(s.floorBytes);
    m.set_ztoc_floor_bytes(s.ztocFloorBytes);
    m.set_whole_layer_floor_bytes(s.wholeLayerFloorBytes);
    m.set_span_floor_bytes(s.spanFloorBytes);
    m.set_foreground_bytes(s.foregroundBytes);
    m.set_background_bytes(s.backgroundBytes);
    m.set_local_bytes(s.localBytes);
    m.set_background(s.background);
    m.set_background_state(s.backgroundState);
    m.set_inflated_hits(s.inflatedHits);
    m.set_inflated_bytes(s.inflatedBytes);
    m.set_prefetch_bytes(s.prefetchBytes);
    m.set_prefetch_spans(s.prefetchSpans);
    addLayerSpans(*m.mutable_needed_spans(), s.neededSpans);
    return m;
}

MountStats fromProto(const v1::MountStats& m)
{
    return { m.mountpoint(), m.mount_id(), m.network_bytes(), m.index_bytes(), m.ztoc_bytes(), m.span_bytes(),
        m.whole_layer_bytes(), m.cached_bytes(), m.image_bytes(), m.requests(), m.range_requests(),
        m.spans_fetched(), m.spans_verified(), m.spans_failed(), m.cache_hits(), m.cache_misses(), m.reads(),
        m.read_bytes(), m.read_errors(), m.floor_bytes(), m.ztoc_floor_bytes(), m.whole_layer_floor_bytes(),
        m.span_floor_bytes(), m.foreground_bytes(), m.background_bytes(), m.local_bytes(), m.inflated_hits(),
        m.inflated_bytes(), m.background(), m.background_state(), m.prefetch_bytes(), m.prefetch_spans(),
        layerSpans(m.needed_spans()) };
}

v1::StartupRecord toProto(const lazy::StartupRecord& r)
{
    v1::StartupRecord out;
    out.set_until(r.until);
    out.set_seconds(r.seconds);
    out.set_first_output_ms(r.firstOutputMs);
    out.set_recorded_ms(r.recordedMs);
    addLayerSpans(*out.mutable_layers(), r.spans);
    return out;
}

lazy::StartupRecord fromProto(const v1::StartupRecord& r)
{
    lazy::StartupRecord out;
    out.until = r.until();
    out.seconds = r.seconds();
    out.firstOutputMs = r.first_output_ms();
    out.recordedMs = r.recorded_ms();
    out.spans = layerSpans(r.layers());
    return out;
}

v1::RunInfo toProto(const RunInfo& r)
{
    v1::RunInfo out;
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
    *out.mutable_stats() = toProto(r.stats);
    out.set_user(r.user);
    if (r.startup)
        *out.mutable_startup() = toProto(*r.startup);
    return out;
}

RunInfo fromProto(const v1::RunInfo& r)
{
    return { r.id(), r.name(), r.reference(), r.digest(), r.platform(), strings(r.command()), r.status(), r.uid(),
        r.created_unix_ms(), r.started_unix_ms(), r.finished_unix_ms(), r.exit_code(), r.pid(), r.tty(), r.remove(),
        r.mountpoint(), r.mount_id(), r.rootfs(), fromProto(r.stats()), r.user(),
        r.has_startup() ? std::optional<lazy::StartupRecord>(fromProto(r.startup())) : std::nullopt };
}

v1::FetchEvent toProto(const FetchEvent& e)
{
    v1::FetchEvent out;
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
    return out;
}

FetchEvent fromProto(const v1::FetchEvent& e)
{
    return { e.type(), e.layer(), e.span(), e.bytes(), e.micros(), e.background(),
        std::chrono::system_clock::time_point(std::chrono::microseconds(e.when_unix_us())), e.mount_id(),
        e.mountpoint(), e.path(), e.dropped(), e.run_id(), e.prefetch() };
}

v1::RunOutput toProto(const RunEvent& event)
{
    v1::RunOutput out;
    switch (event.kind) {
    case RunEvent::Kind::Started:
        *out.mutable_started() = toProto(event.run);
        break;
    case RunEvent::Kind::Stdout:
        out.set_stdout(event.data);
        break;
    case RunEvent::Kind::Stderr:
        out.set_stderr(event.data);
        break;
    case RunEvent::Kind::Exited: {
        auto* e = out.mutable_exit();
        e->set_exit_code(event.exitCode);
        e->set_signal(event.signal);
        *e->mutable_run() = toProto(event.run);
        break;
    }
    case RunEvent::Kind::Detached:
        out.set_detached(true);
        break;
    }
    return out;
}

std::optional<RunEvent> fromProto(const v1::RunOutput& output)
{
    RunEvent e;
    switch (output.what_case()) {
    case v1::RunOutput::kStarted:
        e.kind = RunEvent::Kind::Started;
        e.run = fromProto(output.started());
        return e;
    case v1::RunOutput::kStdout:
        e.kind = RunEvent::Kind::Stdout;
        e.data = output.stdout();
        return e;
    case v1::RunOutput::kStderr:
        e.kind = RunEvent::Kind::Stderr;
        e.data = output.stderr();
        return e;
    case v1::RunOutput::kExit:
        e.kind = RunEvent::Kind::Exited;
        e.exitCode = output.exit().exit_code();
        e.signal = output.exit().signal();
        e.run = fromProto(output.exit().run());
        return e;
    case v1::RunOutput::kDetached:
        e.kind = RunEvent::Kind::Detached;
        return e;
    default:
        return std::nullopt;
    }
}

} // namespace sociscope::client
