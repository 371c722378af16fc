// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The client room: how sociscopectl and the GUI talk to sociscoped. Its public
// headers speak core types and the plain structs of client_types.h; gRPC and
// protobuf stay inside the library (proto_convert.cpp, client_impl.h), so a
// caller never sees a v1:: message or a generated header.
//   client.h         a connection (DaemonClient), finding or starting a daemon
//   client_types.h   what is asked and answered: specs, infos, events
//   run_session.h    one run driven from start to exit (the CLI's run, the GUI's console)
//   paths.h          where daemons live (also used by sociscoped)
//   unix_socket.h    connecting to a Unix socket (also used by sociscoped)
#pragma once

#include "client_types.h"
#include "oci/image.h"
#include "oci/reference.h"
#include "util/result.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::client {

// Cancels a streaming call (events()) from another thread: cancel() before,
// during or after the call is safe, and a call started after cancel() ends
// at once.
class CallCanceller final {
public:
    CallCanceller();
    ~CallCanceller();
    CallCanceller(const CallCanceller&) = delete;
    CallCanceller& operator=(const CallCanceller&) = delete;

    void cancel();

private:
    friend class DaemonClient;
    struct State;
    std::unique_ptr<State> m_state;
};

// A connection to a daemon's control socket, with one call per RPC. Errors
// come back as the daemon's own (code, message, context) when it sent one;
// a daemon that does not answer within a call's bound is a Network error.
class DaemonClient final {
public:
    // Connects to the socket within timeout (see connectUnix for errors).
    static Result<std::unique_ptr<DaemonClient>> connect(
        const std::string& socket, std::chrono::milliseconds timeout = std::chrono::seconds(2));
    ~DaemonClient();
    DaemonClient(const DaemonClient&) = delete;
    DaemonClient& operator=(const DaemonClient&) = delete;

    // The socket this client talks to.
    [[nodiscard]] const std::string& socket() const;
    // The daemon's version, mode and folders.
    Result<VersionInfo> version();
    // Waits as long as opening the image takes (bounded by `timeout`).
    Result<MountInfo> mount(const MountSpec& spec, std::chrono::seconds timeout = std::chrono::seconds(3600));
    // Unmounts; busy when files were still open.
    Result<UnmountResult> unmount(const std::string& mountpoint);
    // The mounts this caller may see.
    Result<std::vector<MountInfo>> listMounts();
    // Counters of one mount, or of every visible mount for "". With
    // neededSpans, each also carries the spans its reads needed so far.
    Result<std::vector<MountStats>> stats(const std::string& mountpoint, bool neededSpans = false);
    // Stops a run (id, id prefix or name), waiting for it to end (bounded
    // by timeoutSeconds plus two minutes).
    Result<RunInfo> stopRun(const std::string& which, unsigned timeoutSeconds);
    // The runs this caller may see.
    Result<std::vector<RunInfo>> listRuns();
    // Streams fetch events to onEvent until it returns false, the canceller
    // fires or the daemon ends the stream; onSubscribed runs once the daemon
    // is delivering (before any event). A cancelled stream is not an error.
    Status events(const EventFilter& filter, const std::function<bool(const FetchEvent&)>& onEvent,
        const std::function<void()>& onSubscribed = {}, CallCanceller* canceller = nullptr);

    // The gRPC channel and stub (client_impl.h, private to the library).
    struct Impl;

private:
    friend class RunSession;
    explicit DaemonClient(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> m_impl;
};

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

// ref as a Mount or Run request carries it: with the credentials this user
// would use for ref's registry (Docker's config.json, its helpers and
// credsStore; none for oci: layouts or registries without an entry), since
// the daemon never reads anyone's configuration. oci: paths must already be
// absolute. Errors reading the credentials are passed on.
Result<ImageSource> imageSource(
    const oci::Reference& ref, const std::optional<oci::Platform>& platform, bool plainHttp, bool insecure);

// The ErrorCode named by errorCodeName(), or Internal.
ErrorCode errorCodeFromName(const std::string& name);

} // namespace sociscope::client
