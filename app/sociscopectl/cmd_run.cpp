// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// run, ps, stop: lazy runs through the system sociscoped.
#include "daemon_cli.h"

#include "run_session.h"

#include "lazy_open.h"
#include "prefetch_cli.h"

#include "util/fd.h"
#include "util/json_text.h"
#include "util/strings.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace sociscope::cli {

namespace {

using client::RunInfo;

// Signals reach the input loop (forwardInput) through this pipe.
int g_signalPipe[2] = { -1, -1 };

void onSignal(int sig)
{
    const int saved = errno;
    const unsigned char b = static_cast<unsigned char>(sig);
    (void)!::write(g_signalPipe[1], &b, 1);
    errno = saved;
}

// The local terminal in raw mode for the life of the object.
class RawTerminal final {
public:
    explicit RawTerminal(int fd)
        : m_fd(fd)
    {
        if (::tcgetattr(fd, &m_saved) != 0)
            return;
        termios raw = m_saved;
        ::cfmakeraw(&raw);
        m_active = ::tcsetattr(fd, TCSANOW, &raw) == 0;
    }
    ~RawTerminal()
    {
        if (m_active)
            ::tcsetattr(m_fd, TCSANOW, &m_saved);
    }
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    int m_fd;
    termios m_saved {};
    bool m_active = false;
};

bool windowSize(unsigned& rows, unsigned& cols)
{
    winsize ws {};
    for (int fd : { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO })
        if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) {
            rows = ws.ws_row;
            cols = ws.ws_col;
            return true;
        }
    return false;
}

bool writeAll(int fd, const std::string& data)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            pollfd p { fd, POLLOUT, 0 };
            ::poll(&p, 1, 1000);
            continue;
        }
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

Json runJson(const RunInfo& r)
{
    Json j;
    j["id"] = r.id;
    j["name"] = r.name;
    j["reference"] = r.reference;
    j["digest"] = r.digest;
    j["platform"] = r.platform;
    j["command"] = stringList(r.command);
    j["status"] = r.status;
    j["exitCode"] = r.status == "exited" ? Json(r.exitCode) : Json(nullptr);
    j["pid"] = r.pid > 0 ? Json(r.pid) : Json(nullptr);
    j["uid"] = r.uid;
    j["user"] = r.user;
    j["tty"] = r.tty;
    j["remove"] = r.remove;
    j["createdAt"] = timeText(r.createdUnixMs * 1000);
    j["startedAt"] = r.startedUnixMs ? Json(timeText(r.startedUnixMs * 1000)) : Json(nullptr);
    j["finishedAt"] = r.finishedUnixMs ? Json(timeText(r.finishedUnixMs * 1000)) : Json(nullptr);
    j["mountpoint"] = r.mountpoint;
    j["mountId"] = r.mountId;
    j["rootfs"] = r.rootfs;
    j["stats"] = statsJson(r.stats);
    return j;
}

void printRunStats(const RunInfo& r)
{
    const auto& s = r.stats;
    const auto h = [](std::uint64_t b) { return str::humanBytes(b); };
    std::fprintf(stderr,
        "run %s: fetched %s of a %s image (%s; index %s, zTOC %s, spans %s, whole layers %s); %s from cache "
        "(%llu spans read inflated)\n"
        "floor %s (zTOCs %s, whole layers %s, spans read %s, index as fetched); fetched for reads %s (%s of the floor)\n"
        "background fetch %s: %s, %s fetched; %s of the image local\n"
        "%llu requests (%llu range), %llu spans fetched and verified, %llu reads (%s) answered by the mount\n",
        r.id.substr(0, 12).c_str(), h(s.networkBytes).c_str(), h(s.imageBytes).c_str(),
        percentText(s.networkBytes, s.imageBytes).c_str(), h(s.indexBytes).c_str(), h(s.ztocBytes).c_str(),
        h(s.spanBytes).c_str(), h(s.wholeLayerBytes).c_str(), h(s.cachedBytes).c_str(),
        static_cast<unsigned long long>(s.inflatedHits), h(s.floorBytes).c_str(),
        h(s.ztocFloorBytes).c_str(), h(s.wholeLayerFloorBytes).c_str(), h(s.spanFloorBytes).c_str(),
        h(s.foregroundBytes).c_str(), percentText(s.foregroundBytes, s.floorBytes).c_str(), s.background.c_str(),
        s.backgroundState.c_str(), h(s.backgroundBytes).c_str(), percentText(s.localBytes, s.imageBytes).c_str(),
        static_cast<unsigned long long>(s.requests), static_cast<unsigned long long>(s.rangeRequests),
        static_cast<unsigned long long>(s.spansVerified), static_cast<unsigned long long>(s.reads),
        h(s.readBytes).c_str());
    if (s.prefetchSpans > 0)
        std::fprintf(stderr, "prefetch (the index's artifacts): %llu spans warm before the start, %s fetched\n",
            static_cast<unsigned long long>(s.prefetchSpans), h(s.prefetchBytes).c_str());
}

// The system daemon for a run: as root one is started when none is there; a
// user without one is told how to start it.
Result<std::unique_ptr<client::DaemonClient>> runDaemon(Context& ctx)
{
    auto c = connectDaemon(ctx, ::geteuid() == 0);
    if (!c && c.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
            "no sociscoped answers; containers run under the system daemon, as root: start it with "
            "`sudo sociscoped &` (or `sudo systemctl start sociscoped` where systemd manages it)",
            c.error().context);
    return c;
}

// run's arguments as a RunSpec.
Result<client::RunSpec> runSpec(Context& ctx, Args& args)
{
    // -it and -ti, as Docker spells them.
    bool interactive = false, tty = false;
    for (const char* both : { "it", "ti" })
        if (args.flag("\x01", both))
            interactive = tty = true;
    interactive = args.flag("interactive", "i") || interactive;
    tty = args.flag("tty", "t") || tty;
    const bool remove = args.flag("rm");
    const bool detach = args.flag("detach", "d");
    auto env = args.options("env", "e");
    auto user = args.option("user", "u");
    auto workdir = args.option("workdir", "w");
    auto entrypoint = args.option("entrypoint");
    auto name = args.option("name");
    auto background = args.option("background");
    // --record-startup alone records until the first output; =VALUE names the end.
    const bool recordBare = args.flag("record-startup");
    auto record = args.option("record-startup");
    if (!record)
        return record.error();
    for (const Status& s : { env ? Status() : Status(env.error()), user ? Status() : Status(user.error()),
             workdir ? Status() : Status(workdir.error()), entrypoint ? Status() : Status(entrypoint.error()),
             name ? Status() : Status(name.error()), background ? Status() : Status(background.error()) })
        if (!s)
            return s.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->empty())
        return makeError(ErrorCode::Usage,
            "usage: run REF [--rm] [-it] [-e K=V]... [--user U] [--workdir D] [--entrypoint E] [--name N] [-- CMD "
            "ARGS...]");
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    if (ref->isLayout)
        ref->layoutPath = canonicalPath(ref->layoutPath);
    // A name and a user are text in the API (proto3 strings must be UTF-8);
    // commands, environment and folders are bytes and go as they are.
    for (const auto* text : { &*user, &*name })
        if (*text && !str::isValidUtf8(**text))
            return makeError(ErrorCode::Usage, "--name and --user must be UTF-8 text", str::printable(**text));

    auto image = client::imageSource(*ref, ctx.globals().platform, ctx.globals().plainHttp, ctx.globals().insecure);
    if (!image)
        return image.error();
    client::RunSpec spec;
    spec.image = std::move(*image);
    spec.command.assign(pos->begin() + 1, pos->end());
    if (*entrypoint)
        spec.entrypoint = (*entrypoint)->empty() ? std::vector<std::string>() : std::vector { **entrypoint };
    for (const auto& kv : *env) {
        if (kv.find('=') == std::string::npos) {
            // Docker's -e NAME takes the value from our environment.
            if (const char* v = std::getenv(kv.c_str()))
                spec.env.push_back(kv + "=" + v);
            continue;
        }
        spec.env.push_back(kv);
    }
    spec.user = user->value_or("");
    spec.workingDir = workdir->value_or("");
    spec.name = name->value_or("");
    spec.tty = tty;
    spec.interactive = interactive && !detach;
    spec.remove = remove;
    spec.detach = detach;
    spec.background = background->value_or("");
    spec.recordStartup = *record ? **record : recordBare ? std::string("until-output") : std::string();
    if (spec.recordStartup == "until-exit")
        spec.recordStartup = "exit";
    if (!spec.recordStartup.empty() && spec.recordStartup != "until-output" && spec.recordStartup != "exit") {
        const auto n = str::parseU64(spec.recordStartup);
        if (!n || *n == 0 || *n > 3600)
            return makeError(ErrorCode::Usage,
                "--record-startup takes until-output (the default), exit, or 1 to 3600 seconds");
    }
    if (!spec.recordStartup.empty() && detach)
        return makeError(ErrorCode::Usage, "--record-startup needs the run's end: it cannot be used with -d");
    if (tty)
        windowSize(spec.rows, spec.cols);
    return spec;
}

// The startup profile of a run that recorded one, described and saved.
std::optional<std::pair<lazy::StartupProfile, std::string>> startupProfile(
    Context& ctx, const client::RunSpec& spec, const RunInfo& run)
{
    if (!run.startup)
        return std::nullopt;
    return saveStartup(ctx, spec.image.ref, run.digest, *run.startup, run.command, run.id);
}

// Forwards stdin, window changes and signals to the run until wake says the
// session ended.
void forwardInput(client::RunSession& session, const client::RunSpec& spec, int wake)
{
    bool stdinOpen = spec.interactive;
    int stops = 0;
    char buf[32 * 1024];
    // The size the container was last told. SIGWINCH reaches the pipe
    // through another thread, possibly after keys typed in the new size:
    // input is preceded by the current size when it changed, so a resize
    // never arrives after the input that followed it.
    unsigned sentRows = spec.rows, sentCols = spec.cols;
    const auto sendSizeIfChanged = [&] {
        unsigned r = 0, c = 0;
        if (!spec.tty || !windowSize(r, c) || (r == sentRows && c == sentCols))
            return;
        sentRows = r;
        sentCols = c;
        session.resize(r, c);
    };
    for (;;) {
        std::vector<pollfd> fds { { wake, POLLIN, 0 }, { g_signalPipe[0], POLLIN, 0 } };
        if (stdinOpen)
            fds.push_back({ STDIN_FILENO, POLLIN, 0 });
        // No bound here: the run lasts as long as it lasts; a signal stops it.
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR)
            return;
        if (fds[0].revents)
            return;
        if (fds[1].revents) {
            unsigned char sig = 0;
            while (::read(g_signalPipe[0], &sig, 1) == 1) {
                if (sig == SIGWINCH)
                    sendSizeIfChanged();
                else
                    // The first signal stops the run gently, a second one at once.
                    session.stop(stops++ == 0 ? 10 : 1);
            }
        }
        if (stdinOpen && fds.size() > 2 && fds[2].revents) {
            sendSizeIfChanged();
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n > 0) {
                session.sendStdin(std::string(buf, static_cast<size_t>(n)));
            } else if (n == 0 || errno != EINTR) {
                stdinOpen = false;
                session.closeStdin();
            }
        }
    }
}

Status runRun(Context& ctx, Args& args)
{
    auto spec = runSpec(ctx, args);
    if (!spec)
        return spec.error();
    auto conn = runDaemon(ctx);
    if (!conn)
        return conn.error();
    // The session's thread says "started" (s) and "ended" (e) through this pipe.
    auto wakePipe = util::Pipe::open();
    if (!wakePipe)
        return wakePipe.error();
    const int wake[2] = { wakePipe->read.get(), wakePipe->write.get() };
    auto signalPipe = util::Pipe::open();
    if (!signalPipe)
        return signalPipe.error();
    util::setNonBlocking(signalPipe->read.get());
    util::setNonBlocking(signalPipe->write.get());
    g_signalPipe[0] = signalPipe->read.get();
    g_signalPipe[1] = signalPipe->write.get();
    ctx.progress("mounting " + spec->image.ref.str() + " …");
    RunInfo started;
    std::optional<client::RunEvent> exited;
    auto session = std::make_unique<client::RunSession>(
        [&conn](client::RunSpec&) -> Result<std::unique_ptr<client::DaemonClient>> { return std::move(*conn); }, *spec,
        [&](client::RunEvent e) {
            switch (e.kind) {
            case client::RunEvent::Kind::Started:
                ctx.endProgress();
                started = std::move(e.run);
                (void)!::write(wake[1], "s", 1);
                break;
            case client::RunEvent::Kind::Stdout:
                writeAll(STDOUT_FILENO, e.data);
                break;
            case client::RunEvent::Kind::Stderr:
                writeAll(STDERR_FILENO, e.data);
                break;
            case client::RunEvent::Kind::Exited:
                exited = std::move(e);
                break;
            case client::RunEvent::Kind::Detached:
                break;
            }
        },
        [&](const client::RunEnd& end) {
            if (!end.started)
                ctx.endProgress();
            (void)!::write(wake[1], "e", 1);
        });

    char what = 0;
    while (::read(wake[0], &what, 1) < 0 && errno == EINTR) { }
    if (what == 's' && !spec->detach) {
        struct sigaction sa { };
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        for (int sig : { SIGINT, SIGTERM, SIGHUP, SIGWINCH })
            ::sigaction(sig, &sa, nullptr);
        {
            // Raw only when our keys go to the container (-it); with -t alone
            // Ctrl-C stays a signal here, and stops the run.
            std::unique_ptr<RawTerminal> raw;
            if (spec->tty && spec->interactive && ::isatty(STDIN_FILENO))
                raw = std::make_unique<RawTerminal>(STDIN_FILENO);
            forwardInput(*session, *spec, wake[0]);
        }
        for (int sig : { SIGINT, SIGTERM, SIGHUP, SIGWINCH })
            ::signal(sig, SIG_DFL);
    }
    // The session has ended, or ends within its own bounds (the start, the close).
    while (!session->waitEnded(std::chrono::seconds(60))) { }
    const client::RunEnd end = *session->end();
    session.reset();
    // The handlers are gone (SIG_DFL above); the pipes close as this returns.
    g_signalPipe[0] = g_signalPipe[1] = -1;
    if (end.how == client::RunEnd::How::Detached) {
        if (ctx.globals().json)
            ctx.printJson(runJson(started));
        else
            std::printf("%s\n", started.id.c_str());
        return {};
    }
    if (end.how != client::RunEnd::How::Exited || !exited)
        return *end.error;
    const auto profile = startupProfile(ctx, *spec, exited->run);
    // stdout is the container's: the final record goes to stderr, one line.
    if (ctx.globals().json) {
        Json j;
        j["schemaVersion"] = JsonSchemaVersion;
        j["exitCode"] = exited->exitCode;
        j["run"] = runJson(exited->run);
        if (profile) {
            j["startup"] = Json::parse(profile->first.toJson(-1));
            j["startup"]["path"] = profile->second;
        }
        std::fprintf(stderr, "%s\n", jsontext::dump(std::move(j)).c_str());
    } else {
        if (ctx.globals().stats)
            printRunStats(exited->run);
        if (profile && !ctx.globals().quiet)
            printStartup(profile->first, profile->second, spec->image.ref.str());
    }
    std::fflush(stdout);
    // The container's exit code is ours.
    std::exit(exited->exitCode);
}

Status runPs(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (!pos->empty())
        return makeError(ErrorCode::Usage, "usage: ps [--json]");
    auto conn = connectDaemon(ctx, false);
    std::vector<RunInfo> runs;
    if (conn) {
        auto r = (*conn)->listRuns();
        if (!r)
            return r.error();
        runs = std::move(*r);
    } else if (conn.error().code != ErrorCode::NotFound) {
        return conn.error();
    }
    if (ctx.globals().json) {
        Json list = Json::array();
        for (const auto& r : runs)
            list.push_back(runJson(r));
        ctx.printJson(
            { { "socket", conn ? Json((*conn)->socket()) : Json(nullptr) }, { "runs", std::move(list) } });
        return {};
    }
    if (runs.empty())
        return {};
    std::printf("%-12s  %-16s  %-12s  %-10s  %-22s  %s\n", "ID", "NAME", "STATUS", "FETCHED", "COMMAND", "IMAGE");
    for (const auto& r : runs) {
        std::string status = r.status;
        if (status == "exited")
            status += " (" + std::to_string(r.exitCode) + ")";
        std::string cmd = str::printable(str::join(r.command, " "));
        if (cmd.size() > 22)
            cmd = cmd.substr(0, 21) + "…";
        std::printf("%-12s  %-16s  %-12s  %-10s  %-22s  %s\n", r.id.substr(0, 12).c_str(),
            str::printable(r.name).c_str(), status.c_str(), str::humanBytes(r.stats.networkBytes).c_str(), cmd.c_str(),
            str::printable(r.reference).c_str());
    }
    return {};
}

Status runStop(Context& ctx, Args& args)
{
    auto time = args.option("time", "t");
    if (!time)
        return time.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->empty())
        return makeError(ErrorCode::Usage, "usage: stop ID|NAME... [--time SECONDS]");
    unsigned seconds = 10;
    if (*time) {
        auto n = str::parseU64(**time);
        if (!n || *n == 0 || *n > 3600)
            return makeError(ErrorCode::Usage, "--time needs seconds between 1 and 3600");
        seconds = static_cast<unsigned>(*n);
    }
    auto conn = connectDaemon(ctx, false);
    if (!conn)
        return conn.error();
    Json list = Json::array();
    for (const auto& which : *pos) {
        auto r = (*conn)->stopRun(which, seconds);
        if (!r)
            return r.error();
        if (ctx.globals().json)
            list.push_back(runJson(*r));
        else if (!ctx.globals().quiet)
            std::printf("%s\n", r->id.c_str());
    }
    if (ctx.globals().json)
        ctx.printJson({ { "runs", std::move(list) } });
    return {};
}

} // namespace

void addRunCommands(std::vector<Command>& out)
{
    out.push_back({ "run", "run an image lazily (runc over the lazy mount; system daemon only)",
        "run REF [--rm] [-i] [-t] [-d] [-e K=V]... [--user U] [--workdir D] [--entrypoint E] [--name N] "
        "[--background off|all|BYTES] [--record-startup[=until-output|exit|SECONDS]] [-- CMD ARGS...]\n\n"
        "The container's output is ours, and so is its exit code. Host network, as `docker run --network host`.\n"
        "--stats prints bytes fetched against the image's size and the floor (the least the run needed, each\n"
        "byte once) on stderr. -d prints the run's id and leaves it running (`sociscopectl stop ID` ends it).\n"
        "--background: what the daemon fetches while the run is quiet; default all of the image, the program's\n"
        "spans first (the daemon's --background-run), \"off\", or a byte budget such as 64MiB.\n"
        "--record-startup records which spans of which layers the run read until its first output (default),\n"
        "its exit, or SECONDS; the profile goes to $XDG_STATE_HOME/sociscope/profiles (last-run.json too) and\n"
        "`index prefetch add REF --from-last-run` publishes it as SOCI prefetch artifacts.",
        runRun });
    addRecordCommand(out);
    out.push_back({ "ps", "list the daemon's runs", "ps [--json]", runPs });
    out.push_back({ "stop", "stop runs (SIGTERM, SIGKILL after --time seconds) and remove them",
        "stop ID|NAME... [--time SECONDS]", runStop });
}

} // namespace sociscope::cli
