// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"
#include "oci/reference.h"
#include "util/result.h"

#include "sociscope.grpc.pb.h"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::daemon {

// One Run call in progress: the client writes the start message, then stdin,
// window sizes, stop or detach; it reads started, output, then exit.
// write() may run on one thread while read() runs on another.
class RunCall final {
public:
    RunCall(std::unique_ptr<grpc::ClientContext> ctx,
        std::unique_ptr<grpc::ClientReaderWriter<v1::RunInput, v1::RunOutput>> stream, std::string socket);
    // False once the call is over.
    bool write(const v1::RunInput& message);
    // False at the end of the stream (then finish() says why).
    bool read(v1::RunOutput* message);
    // No more writes (after the last write has returned).
    void writesDone();
    // The call's outcome, as the daemon's error when it sent one.
    Status finish();
    // Ends the call at once.
    void cancel();

private:
    std::unique_ptr<grpc::ClientContext> m_ctx;
    std::unique_ptr<grpc::ClientReaderWriter<v1::RunInput, v1::RunOutput>> m_stream;
    std::string m_socket;
};

// Cancels a streaming call from another thread: the call attaches its
// context while it runs; cancel() before, during or after is safe, and a call
// attached after cancel() ends at once.
class CallCanceller final {
public:
    void cancel();
    void attach(grpc::ClientContext* ctx);
    void detach();

private:
    std::mutex m_mutex;
    grpc::ClientContext* m_ctx = nullptr;
    bool m_cancelled = false;
};

// A connection to a daemon's control socket, with one call per RPC. Errors
// come back as the daemon's own (code, message, context) when it sent one.
class DaemonClient final {
public:
    // Connects to the socket within timeout (see connectUnix for errors).
    static Result<std::unique_ptr<DaemonClient>> connect(
        const std::string& socket, std::chrono::milliseconds timeout = std::chrono::seconds(2));

    // The socket this client talks to.
    [[nodiscard]] const std::string& socket() const { return m_socket; }
    // The daemon's version, mode and folders.
    Result<v1::VersionReply> version();
    // Waits as long as opening the image takes (bounded by `timeout`).
    Result<v1::MountInfo> mount(
        const v1::MountRequest& request, std::chrono::seconds timeout = std::chrono::seconds(3600));
    // Unmounts; busy in the reply when files were still open.
    Result<v1::UnmountReply> unmount(const std::string& mountpoint);
    // The mounts this caller may see.
    Result<std::vector<v1::MountInfo>> listMounts();
    // Counters of one mount, or of every visible mount for "".
    Result<std::vector<v1::MountStats>> stats(const std::string& mountpoint);
    // Starts a Run call (the start message is sent here).
    Result<std::unique_ptr<RunCall>> run(const v1::RunRequest& request);
    // Stops a run (id, id prefix or name), waiting for it to end.
    Result<v1::RunInfo> stopRun(const std::string& which, unsigned timeoutSeconds);
    // The runs this caller may see.
    Result<std::vector<v1::RunInfo>> listRuns();
    // Streams events to onEvent until it returns false or the daemon ends the
    // stream; onSubscribed runs once the daemon is delivering (before any event).
    Status events(const v1::EventsRequest& request, const std::function<bool(const v1::FetchEvent&)>& onEvent,
        const std::function<void()>& onSubscribed = {}, CallCanceller* canceller = nullptr);

private:
    DaemonClient(std::string socket, std::shared_ptr<grpc::Channel> channel);
    [[nodiscard]] Error failure(const grpc::Status& status) const;

    std::string m_socket;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<v1::Sociscope::Stub> m_stub;
};

// An error from a gRPC status: the daemon's own (code, message, context)
// when it sent one, a transport failure on socket otherwise.
Error errorFromStatus(const grpc::Status& status, const std::string& socket);

// The sockets a client tries, in order: only $SOCISCOPE_SOCKET when it is
// set; otherwise the system daemon's, then (when not root) this user's.
std::vector<std::string> candidateSockets();
// The user daemon's socket for this process (paths.h).
std::string userSocket();

// What trying the candidate sockets found.
struct DaemonSearch {
    std::unique_ptr<DaemonClient> client; // the first daemon that serves us
    std::optional<Error> refused; // a daemon there that would not serve us
    bool lastMissing = false; // nothing listens on the last candidate
    std::vector<std::string> tried;
};
// Tries each candidate: a daemon is there when its socket accepts a
// connection (a socket file alone proves nothing: stale ones survive on
// /run), and serves us when it answers Version.
DaemonSearch searchDaemons();
// Why a search found no daemon to serve us: Auth when one is there but
// refuses us, NotFound naming the sockets tried when none is there.
Error searchError(const DaemonSearch& search);
// The first daemon that serves us, or searchError().
Result<std::unique_ptr<DaemonClient>> connectAny();

// Starts program (sociscoped) detached from this process (own session, stdin
// /dev/null, output appended to logPath), then waits up to timeout for socket
// to answer. Fails fast, quoting the log, when the daemon exits first.
Result<std::unique_ptr<DaemonClient>> spawnDaemon(const std::string& program, const std::vector<std::string>& args,
    const std::string& socket, const std::string& logPath, std::chrono::milliseconds timeout);

// The daemon to use, starting one when needed: the first daemon that serves
// us; otherwise, when nothing listens on the last candidate socket (this
// user's; the system's for root), starts `program` (sociscoped) on it,
// detached, logging beside the socket, and waits up to 20 s. note, when
// given, receives a sentence to show when a daemon refused us and one of our
// own was started instead. Shared by sociscopectl mount and the GUI's drag-out.
Result<std::unique_ptr<DaemonClient>> connectOrStart(const std::string& program, std::string* note = nullptr);

// The credentials this user would use for ref's registry (Docker's
// config.json, its helpers and credsStore), to send with a Mount or Run
// request; none for oci: layouts or registries without an entry.
Result<std::optional<v1::RegistryCredentials>> registryCredentials(const oci::Reference& ref);

// A Mount request for ref at mountpoint (absolute), carrying the credentials
// this user would use for ref's registry (Docker's config.json, its helpers
// and credsStore): the daemon never reads anyone's configuration. oci: paths
// must already be absolute. Errors reading the credentials are passed on.
Result<v1::MountRequest> mountRequest(const oci::Reference& ref, const std::string& mountpoint,
    const std::optional<oci::Platform>& platform, bool plainHttp, bool insecure);

// The ErrorCode named by errorCodeName(), or Internal.
ErrorCode errorCodeFromName(const std::string& name);

} // namespace sociscope::daemon
