// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "client.h"

#include "client_impl.h"
#include "unix_socket.h"

#include <grpcpp/create_channel_posix.h>

#include <mutex>

namespace sociscope::client {

namespace {
constexpr auto kCallTimeout = std::chrono::seconds(60);

// One unary call, bounded by timeout; the daemon's error as itself.
template <typename Reply, typename Request, typename Method>
Result<Reply> unary(DaemonClient::Impl& impl, Method method, const Request& request, std::chrono::seconds timeout)
{
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + timeout);
    Reply out;
    const grpc::Status s = (impl.stub.get()->*method)(&ctx, request, &out);
    if (!s.ok())
        return errorFromStatus(s, impl.socket);
    return out;
}

// The answers of a list call as plain structs.
template <typename Out, typename Field> std::vector<Out> all(const Field& field)
{
    std::vector<Out> out;
    out.reserve(static_cast<std::size_t>(field.size()));
    for (const auto& m : field)
        out.push_back(fromProto(m));
    return out;
}
} // namespace

ErrorCode errorCodeFromName(const std::string& name)
{
    for (ErrorCode c :
        { ErrorCode::Usage, ErrorCode::NotFound, ErrorCode::Auth, ErrorCode::Network, ErrorCode::Integrity,
            ErrorCode::Malformed, ErrorCode::Unsupported, ErrorCode::Io, ErrorCode::Cancelled, ErrorCode::Internal })
        if (name == errorCodeName(c))
            return c;
    return ErrorCode::Internal;
}

Error errorFromStatus(const grpc::Status& status, const std::string& socket)
{
    const std::string details = status.error_details();
    const auto nl = details.find('\n');
    if (nl != std::string::npos)
        return makeError(errorCodeFromName(details.substr(0, nl)), status.error_message(), details.substr(nl + 1));
    // Not an answer of our service: the transport failed.
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        return makeError(ErrorCode::Network, "the daemon did not answer in time", socket);
    return makeError(ErrorCode::Network,
        "the daemon closed the connection (" + status.error_message()
            + "); it refuses callers that are neither root, its user, nor in its group, "
              "and it may have stopped",
        socket);
}

struct CallCanceller::State {
    std::mutex mutex;
    grpc::ClientContext* ctx = nullptr;
    bool cancelled = false;
};

CallCanceller::CallCanceller()
    : m_state(std::make_unique<State>())
{
}

CallCanceller::~CallCanceller() = default;

void CallCanceller::cancel()
{
    std::lock_guard lock(m_state->mutex);
    m_state->cancelled = true;
    if (m_state->ctx)
        m_state->ctx->TryCancel();
}

DaemonClient::DaemonClient(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

DaemonClient::~DaemonClient() = default;

Result<std::unique_ptr<DaemonClient>> DaemonClient::connect(
    const std::string& socket, std::chrono::milliseconds timeout)
{
    auto fd = connectUnix(socket, timeout);
    if (!fd)
        return fd.error();
    auto impl = std::make_unique<Impl>();
    impl->socket = socket;
    // The channel owns the (non-blocking) socket from here on.
    impl->channel = grpc::CreateInsecureChannelFromFd("sociscoped", *fd);
    impl->stub = v1::Sociscope::NewStub(impl->channel);
    return std::unique_ptr<DaemonClient>(new DaemonClient(std::move(impl)));
}

const std::string& DaemonClient::socket() const
{
    return m_impl->socket;
}

Result<VersionInfo> DaemonClient::version()
{
    auto r = unary<v1::VersionReply>(*m_impl, &v1::Sociscope::Stub::Version, v1::VersionRequest(), std::chrono::seconds(10));
    if (!r)
        return r.error();
    return fromProto(*r);
}

Result<MountInfo> DaemonClient::mount(const MountSpec& spec, std::chrono::seconds timeout)
{
    auto r = unary<v1::MountReply>(*m_impl, &v1::Sociscope::Stub::Mount, toProto(spec), timeout);
    if (!r)
        return r.error();
    return fromProto(r->mount());
}

Result<UnmountResult> DaemonClient::unmount(const std::string& mountpoint)
{
    v1::UnmountRequest req;
    req.set_mountpoint(mountpoint);
    auto r = unary<v1::UnmountReply>(*m_impl, &v1::Sociscope::Stub::Unmount, req, kCallTimeout);
    if (!r)
        return r.error();
    return fromProto(*r);
}

Result<std::vector<MountInfo>> DaemonClient::listMounts()
{
    auto r = unary<v1::ListMountsReply>(*m_impl, &v1::Sociscope::Stub::ListMounts, v1::ListMountsRequest(), kCallTimeout);
    if (!r)
        return r.error();
    return all<MountInfo>(r->mounts());
}

Result<std::vector<MountStats>> DaemonClient::stats(const std::string& mountpoint, bool neededSpans)
{
    v1::StatsRequest req;
    req.set_mountpoint(mountpoint);
    req.set_needed_spans(neededSpans);
    auto r = unary<v1::StatsReply>(*m_impl, &v1::Sociscope::Stub::Stats, req, kCallTimeout);
    if (!r)
        return r.error();
    return all<MountStats>(r->mounts());
}

Status DaemonClient::events(const EventFilter& filter, const std::function<bool(const FetchEvent&)>& onEvent,
    const std::function<void()>& onSubscribed, CallCanceller* canceller)
{
    grpc::ClientContext ctx;
    if (canceller) {
        std::lock_guard lock(canceller->m_state->mutex);
        canceller->m_state->ctx = &ctx;
        if (canceller->m_state->cancelled)
            ctx.TryCancel();
    }
    auto reader = m_impl->stub->Events(&ctx, toProto(filter));
    reader->WaitForInitialMetadata();
    if (onSubscribed)
        onSubscribed();
    v1::FetchEvent e;
    while (reader->Read(&e)) {
        if (!onEvent(fromProto(e))) {
            ctx.TryCancel();
            break;
        }
    }
    const auto s = reader->Finish();
    if (canceller) {
        std::lock_guard lock(canceller->m_state->mutex);
        canceller->m_state->ctx = nullptr;
    }
    if (!s.ok() && s.error_code() != grpc::StatusCode::CANCELLED)
        return errorFromStatus(s, m_impl->socket);
    return {};
}

Result<RunInfo> DaemonClient::stopRun(const std::string& which, unsigned timeoutSeconds)
{
    v1::StopRequest req;
    req.set_run(which);
    req.set_timeout_seconds(timeoutSeconds);
    auto r = unary<v1::StopReply>(
        *m_impl, &v1::Sociscope::Stub::Stop, req, std::chrono::seconds(timeoutSeconds + 120));
    if (!r)
        return r.error();
    return fromProto(r->run());
}

Result<std::vector<RunInfo>> DaemonClient::listRuns()
{
    auto r = unary<v1::ListRunsReply>(*m_impl, &v1::Sociscope::Stub::ListRuns, v1::ListRunsRequest(), kCallTimeout);
    if (!r)
        return r.error();
    return all<RunInfo>(r->runs());
}

} // namespace sociscope::client
