// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "client.h"

#include "paths.h"
#include "registry/credentials.h"
#include "socket.h"
#include "util/files.h"
#include "util/strings.h"

#include <grpcpp/create_channel_posix.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sociscope::daemon {

namespace {
constexpr auto kCallTimeout = std::chrono::seconds(60);

void deadline(grpc::ClientContext& ctx, std::chrono::seconds d)
{
    ctx.set_deadline(std::chrono::system_clock::now() + d);
}

std::string tail(const std::string& path, std::size_t max)
{
    auto text = files::readFile(path);
    if (!text)
        return {};
    std::string t = *text;
    if (t.size() > max)
        t = t.substr(t.size() - max);
    return std::string(str::trim(t));
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

DaemonClient::DaemonClient(std::string socket, std::shared_ptr<grpc::Channel> channel)
    : m_socket(std::move(socket))
    , m_channel(std::move(channel))
    , m_stub(v1::Sociscope::NewStub(m_channel))
{
}

Result<std::unique_ptr<DaemonClient>> DaemonClient::connect(
    const std::string& socket, std::chrono::milliseconds timeout)
{
    auto fd = connectUnix(socket, timeout);
    if (!fd)
        return fd.error();
    // The channel owns the (non-blocking) socket from here on.
    auto channel = grpc::CreateInsecureChannelFromFd("sociscoped", *fd);
    return std::unique_ptr<DaemonClient>(new DaemonClient(socket, std::move(channel)));
}

Error DaemonClient::failure(const grpc::Status& status) const
{
    return errorFromStatus(status, m_socket);
}

Error errorFromStatus(const grpc::Status& status, const std::string& m_socket)
{
    const std::string details = status.error_details();
    const auto nl = details.find('\n');
    if (nl != std::string::npos)
        return makeError(errorCodeFromName(details.substr(0, nl)), status.error_message(), details.substr(nl + 1));
    // Not an answer of our service: the transport failed.
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        return makeError(ErrorCode::Network, "the daemon did not answer in time", m_socket);
    return makeError(ErrorCode::Network,
        "the daemon closed the connection (" + status.error_message()
            + "); it refuses callers that are neither root, its user, nor in its group, "
              "and it may have stopped",
        m_socket);
}

Result<v1::VersionReply> DaemonClient::version()
{
    grpc::ClientContext ctx;
    deadline(ctx, std::chrono::seconds(10));
    v1::VersionReply out;
    const auto s = m_stub->Version(&ctx, v1::VersionRequest(), &out);
    if (!s.ok())
        return failure(s);
    return out;
}

Result<v1::MountInfo> DaemonClient::mount(const v1::MountRequest& request, std::chrono::seconds timeout)
{
    grpc::ClientContext ctx;
    deadline(ctx, timeout);
    v1::MountReply out;
    const auto s = m_stub->Mount(&ctx, request, &out);
    if (!s.ok())
        return failure(s);
    return out.mount();
}

Result<v1::UnmountReply> DaemonClient::unmount(const std::string& mountpoint)
{
    grpc::ClientContext ctx;
    deadline(ctx, kCallTimeout);
    v1::UnmountRequest req;
    req.set_mountpoint(mountpoint);
    v1::UnmountReply out;
    const auto s = m_stub->Unmount(&ctx, req, &out);
    if (!s.ok())
        return failure(s);
    return out;
}

Result<std::vector<v1::MountInfo>> DaemonClient::listMounts()
{
    grpc::ClientContext ctx;
    deadline(ctx, kCallTimeout);
    v1::ListMountsReply out;
    const auto s = m_stub->ListMounts(&ctx, v1::ListMountsRequest(), &out);
    if (!s.ok())
        return failure(s);
    return std::vector<v1::MountInfo>(out.mounts().begin(), out.mounts().end());
}

Result<std::vector<v1::MountStats>> DaemonClient::stats(const std::string& mountpoint)
{
    grpc::ClientContext ctx;
    deadline(ctx, kCallTimeout);
    v1::StatsRequest req;
    req.set_mountpoint(mountpoint);
    v1::StatsReply out;
    const auto s = m_stub->Stats(&ctx, req, &out);
    if (!s.ok())
        return failure(s);
    return std::vector<v1::MountStats>(out.mounts().begin(), out.mounts().end());
}

Status DaemonClient::events(const v1::EventsRequest& request, const std::function<bool(const v1::FetchEvent&)>& onEvent,
    const std::function<void()>& onSubscribed, CallCanceller* canceller)
{
    grpc::ClientContext ctx;
    if (canceller)
        canceller->attach(&ctx);
    auto reader = m_stub->Events(&ctx, request);
    reader->WaitForInitialMetadata();
    if (onSubscribed)
        onSubscribed();
    v1::FetchEvent e;
    while (reader->Read(&e)) {
        if (!onEvent(e)) {
            ctx.TryCancel();
            break;
        }
    }
    const auto s = reader->Finish();
    if (canceller)
        canceller->detach();
    if (!s.ok() && s.error_code() != grpc::StatusCode::CANCELLED)
        return failure(s);
    return {};
}

void CallCanceller::cancel()
{
    std::lock_guard lock(m_mutex);
    m_cancelled = true;
    if (m_ctx)
        m_ctx->TryCancel();
}

void CallCanceller::attach(grpc::ClientContext* ctx)
{
    std::lock_guard lock(m_mutex);
    m_ctx = ctx;
    if (m_cancelled)
        ctx->TryCancel();
}

void CallCanceller::detach()
{
    std::lock_guard lock(m_mutex);
    m_ctx = nullptr;
}

RunCall::RunCall(std::unique_ptr<grpc::ClientContext> ctx,
    std::unique_ptr<grpc::ClientReaderWriter<v1::RunInput, v1::RunOutput>> stream, std::string socket)
    : m_ctx(std::move(ctx))
    , m_stream(std::move(stream))
    , m_socket(std::move(socket))
{
}

bool RunCall::write(const v1::RunInput& message)
{
    return m_stream->Write(message);
}

bool RunCall::read(v1::RunOutput* message)
{
    return m_stream->Read(message);
}

void RunCall::writesDone()
{
    m_stream->WritesDone();
}

Status RunCall::finish()
{
    const auto s = m_stream->Finish();
    if (!s.ok())
        return errorFromStatus(s, m_socket);
    return {};
}

void RunCall::cancel()
{
    m_ctx->TryCancel();
}

Result<std::unique_ptr<RunCall>> DaemonClient::run(const v1::RunRequest& request)
{
    auto ctx = std::make_unique<grpc::ClientContext>();
    auto stream = m_stub->Run(ctx.get());
    auto call = std::make_unique<RunCall>(std::move(ctx), std::move(stream), m_socket);
    v1::RunInput start;
    *start.mutable_start() = request;
    if (!call->write(start)) {
        auto s = call->finish();
        return s ? makeError(ErrorCode::Network, "the daemon closed the run call", m_socket) : s.error();
    }
    return call;
}

Result<v1::RunInfo> DaemonClient::stopRun(const std::string& which, unsigned timeoutSeconds)
{
    grpc::ClientContext ctx;
    deadline(ctx, std::chrono::seconds(timeoutSeconds + 120));
    v1::StopRequest req;
    req.set_run(which);
    req.set_timeout_seconds(timeoutSeconds);
    v1::StopReply out;
    const auto s = m_stub->Stop(&ctx, req, &out);
    if (!s.ok())
        return failure(s);
    return out.run();
}

Result<std::vector<v1::RunInfo>> DaemonClient::listRuns()
{
    grpc::ClientContext ctx;
    deadline(ctx, kCallTimeout);
    v1::ListRunsReply out;
    const auto s = m_stub->ListRuns(&ctx, v1::ListRunsRequest(), &out);
    if (!s.ok())
        return failure(s);
    return std::vector<v1::RunInfo>(out.runs().begin(), out.runs().end());
}

std::string userSocket()
{
    return socketIn(userRuntimeDir());
}

std::vector<std::string> candidateSockets()
{
    if (const char* s = std::getenv("SOCISCOPE_SOCKET"); s && *s)
        return { s };
    std::vector<std::string> out { socketIn(systemRuntimeDir()) };
    if (::geteuid() != 0)
        out.push_back(userSocket());
    return out;
}

DaemonSearch searchDaemons()
{
    DaemonSearch out;
    for (const auto& socket : candidateSockets()) {
        out.tried.push_back(socket);
        out.lastMissing = false;
        auto c = DaemonClient::connect(socket, std::chrono::seconds(2));
        if (!c) {
            if (c.error().code == ErrorCode::NotFound)
                out.lastMissing = true;
            else if (!out.refused)
                out.refused = c.error();
            continue;
        }
        // Connected: it is there. Whether it serves us, Version tells.
        auto v = (*c)->version();
        if (v) {
            out.client = std::move(*c);
            return out;
        }
        if (!out.refused)
            out.refused = v.error();
    }
    return out;
}

Error searchError(const DaemonSearch& search)
{
    if (search.refused)
        return makeError(ErrorCode::Auth,
            "sociscoped refuses you: " + search.refused->message
                + " (the system daemon serves root and members of group sociscope: "
                  "usermod -aG sociscope USER)",
            search.refused->context);
    return makeError(
        ErrorCode::NotFound, "no sociscoped answers; start one with `sociscoped &`", str::join(search.tried, ", "));
}

Result<std::unique_ptr<DaemonClient>> connectAny()
{
    auto found = searchDaemons();
    if (found.client)
        return std::move(found.client);
    return searchError(found);
}

Result<std::unique_ptr<DaemonClient>> spawnDaemon(const std::string& program, const std::vector<std::string>& args,
    const std::string& socket, const std::string& logPath, std::chrono::milliseconds timeout)
{
    const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log < 0)
        return makeError(ErrorCode::Io, std::string("cannot open the daemon log: ") + std::strerror(errno), logPath);
    std::vector<std::string> words { program };
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(log);
        return makeError(ErrorCode::Io, std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // The child: its own session, so the terminal's signals do not reach it.
        ::setsid();
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, STDIN_FILENO);
        ::dup2(log, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(program.c_str(), argv.data());
        std::fprintf(stderr, "sociscopectl: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
        ::_exit(127);
    }
    ::close(log);
    auto until = std::chrono::steady_clock::now() + timeout;
    bool exited = false;
    while (std::chrono::steady_clock::now() < until) {
        int status = 0;
        if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) {
            // Most often another daemon was starting at the same moment (it
            // holds the state lock): give its socket a short while.
            exited = true;
            until = std::min(until, std::chrono::steady_clock::now() + std::chrono::seconds(5));
        }
        if (auto c = DaemonClient::connect(socket, std::chrono::milliseconds(200)); c)
            return c;
        ::poll(nullptr, 0, 20);
    }
    if (exited)
        return makeError(ErrorCode::Io, "sociscoped exited at start: " + tail(logPath, 800), logPath);
    return makeError(ErrorCode::Network,
        "sociscoped did not open its socket within "
            + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) + " s (pid "
            + std::to_string(pid) + " keeps running; see its log)",
        logPath);
}

Result<std::unique_ptr<DaemonClient>> connectOrStart(const std::string& program, std::string* note)
{
    auto found = searchDaemons();
    if (found.client)
        return std::move(found.client);
    if (!found.lastMissing)
        return searchError(found);
    if (found.refused && note)
        *note = found.refused->text() + "; starting a user daemon";
    // As root the daemon started here is the system daemon; otherwise a user daemon.
    const std::string socket = found.tried.back();
    const std::string dir = socket.substr(0, socket.rfind('/'));
    if (auto s = ensureRuntimeDir(dir, ::geteuid() == 0 ? 0755 : 0700, ::geteuid() != 0); !s)
        return s.error();
    std::vector<std::string> args { "--socket", socket };
    return spawnDaemon(program, args, socket, dir + "/sociscoped.log", std::chrono::seconds(20));
}

Result<std::optional<v1::RegistryCredentials>> registryCredentials(const oci::Reference& ref)
{
    if (ref.isLayout)
        return std::optional<v1::RegistryCredentials>();
    auto cfg = registry::DockerConfig::load();
    if (!cfg)
        return cfg.error();
    auto creds = cfg->lookup(ref.registry);
    if (!creds)
        return creds.error();
    if (!*creds)
        return std::optional<v1::RegistryCredentials>();
    v1::RegistryCredentials c;
    c.set_registry(ref.registry);
    c.set_username((*creds)->username);
    c.set_password((*creds)->password);
    c.set_identity_token((*creds)->identityToken);
    return std::optional<v1::RegistryCredentials>(std::move(c));
}

Result<v1::MountRequest> mountRequest(const oci::Reference& ref, const std::string& mountpoint,
    const std::optional<oci::Platform>& platform, bool plainHttp, bool insecure)
{
    v1::MountRequest req;
    req.set_reference(ref.str());
    req.set_mountpoint(mountpoint);
    if (platform)
        req.set_platform(platform->str());
    req.set_plain_http(plainHttp);
    req.set_insecure(insecure);
    auto creds = registryCredentials(ref);
    if (!creds)
        return creds.error();
    if (*creds)
        *req.add_credentials() = std::move(**creds);
    return req;
}

} // namespace sociscope::daemon
