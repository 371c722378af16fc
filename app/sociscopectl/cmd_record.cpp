// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// record: a host command's startup read through a lazy mount, saved as a
// startup profile (the mount session's twin of `run --record-startup`).
#include "daemon_cli.h"

#include "paths.h"
#include "prefetch_cli.h"

#include "util/fd.h"
#include "util/json_text.h"
#include "util/strings.h"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sociscope::cli {

namespace {

using Clock = std::chrono::steady_clock;

// Signals reach the loop through this pipe while a record is under way (the
// InterruptGuard's handlers are set aside: its watchdog would end the
// process with the mount still there).
int g_recordSignals[2] = { -1, -1 };

void onRecordSignal(int sig)
{
    const int saved = errno;
    const unsigned char b = static_cast<unsigned char>(sig);
    (void)!::write(g_recordSignals[1], &b, 1);
    errno = saved;
}

// Our handlers for the life of the object; the previous ones come back after.
class SignalsToPipe final {
public:
    SignalsToPipe(const util::Pipe& pipe)
    {
        g_recordSignals[0] = pipe.read.get();
        g_recordSignals[1] = pipe.write.get();
        struct sigaction sa { };
        sa.sa_handler = onRecordSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        for (std::size_t i = 0; i < kSignals.size(); ++i)
            ::sigaction(kSignals[i], &sa, &m_saved[i]);
        // A closed stdout must not kill us before the unmount.
        struct sigaction ignore { };
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, &m_savedPipe);
    }
    ~SignalsToPipe()
    {
        for (std::size_t i = 0; i < kSignals.size(); ++i)
            ::sigaction(kSignals[i], &m_saved[i], nullptr);
        ::sigaction(SIGPIPE, &m_savedPipe, nullptr);
        g_recordSignals[0] = g_recordSignals[1] = -1;
    }
    SignalsToPipe(const SignalsToPipe&) = delete;
    SignalsToPipe& operator=(const SignalsToPipe&) = delete;

    // The first signal received so far, or 0 (never blocks).
    static int pending()
    {
        unsigned char b = 0;
        return ::read(g_recordSignals[0], &b, 1) == 1 ? b : 0;
    }

private:
    static constexpr std::array<int, 3> kSignals { SIGINT, SIGTERM, SIGHUP };
    std::array<struct sigaction, 3> m_saved {};
    struct sigaction m_savedPipe { };
};

// A folder of our own to mount on, removed (when empty) at the end.
class MountDir final {
public:
    static Result<MountDir> make()
    {
        const std::string base = client::userRuntimeDir();
        if (auto s = client::ensureRuntimeDir(base, 0700, true); !s)
            return s.error();
        if (::mkdir((base + "/mounts").c_str(), 0700) != 0 && errno != EEXIST)
            return makeError(ErrorCode::Io, std::string("cannot create a folder to mount on: ") + std::strerror(errno),
                base + "/mounts");
        std::string tmpl = base + "/mounts/record-XXXXXX";
        if (!::mkdtemp(tmpl.data()))
            return makeError(ErrorCode::Io, std::string("cannot create a folder to mount on: ") + std::strerror(errno),
                tmpl);
        MountDir d;
        d.m_path = canonicalPath(tmpl);
        return d;
    }
    MountDir() = default;
    MountDir(MountDir&& o) noexcept : m_path(std::exchange(o.m_path, {})) { }
    MountDir& operator=(MountDir&&) = delete;
    ~MountDir()
    {
        if (!m_path.empty())
            ::rmdir(m_path.c_str());
    }
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// COMMAND on the host, in the mount, its output through pipes to us (so the
// first output is seen).
struct Child {
    pid_t pid = -1;
    util::Fd exited; // pidfd: readable once it exited
    util::Fd out, err;
};

Result<Child> startCommand(const std::vector<std::string>& command, const std::string& root)
{
    auto out = util::Pipe::open();
    if (!out)
        return out.error();
    auto err = util::Pipe::open();
    if (!err)
        return err.error();
    // SOCISCOPE_ROOT says where the image is, for commands that change folder.
    std::vector<std::string> env { "SOCISCOPE_ROOT=" + root };
    for (char** e = environ; *e; ++e)
        if (!str::startsWith(*e, "SOCISCOPE_ROOT="))
            env.emplace_back(*e);
    std::vector<char*> envp, argv;
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    for (const auto& a : command)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addchdir_np(&fa, root.c_str());
    posix_spawn_file_actions_adddup2(&fa, out->write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err->write.get(), STDERR_FILENO);
    // The signals we catch or ignore are the defaults again in COMMAND.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : { SIGINT, SIGTERM, SIGHUP, SIGPIPE })
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    Child c;
    const int rc = ::posix_spawnp(&c.pid, argv[0], &fa, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return makeError(rc == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
            std::string("cannot run the command: ") + std::strerror(rc), str::printable(command[0]));
    c.exited = util::pidfdOpen(c.pid);
    c.out = std::move(out->read);
    c.err = std::move(err->read);
    util::setNonBlocking(c.out.get());
    util::setNonBlocking(c.err.get());
    return c;
}

// Copies what fd has to our own descriptor; closes fd at its end.
// True when something came.
bool pass(util::Fd& fd, int to)
{
    char buf[32 * 1024];
    bool any = false;
    for (int i = 0; i < 16; ++i) { // bounded: the loop polls again
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n > 0) {
            any = true;
            for (ssize_t done = 0; done < n;) {
                const ssize_t w = ::write(to, buf + done, static_cast<std::size_t>(n - done));
                if (w <= 0 && errno != EINTR && errno != EAGAIN)
                    break; // our output is gone: COMMAND's is dropped
                if (w > 0)
                    done += w;
            }
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            fd.reset();
        break;
    }
    return any;
}

// How COMMAND's run went.
struct Outcome {
    int exitCode = 0; // its code, or 128 + the signal that ended it
    int signal = 0; // the signal that ended it
    bool stoppedAtTime = false; // --seconds ran out and we stopped it
    int interrupted = 0; // a signal we received (and passed on)
    std::int64_t firstOutputMs = -1;
    std::int64_t recordedMs = 0;
};

// The exit code of a status (128 + the signal that ended it).
int exitCodeOf(int status, int& signal)
{
    if (WIFSIGNALED(status)) {
        signal = WTERMSIG(status);
        return 128 + signal;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

// Passes COMMAND's output on until it exits, seconds run out (0: no limit),
// or a signal comes; then stops it (SIGTERM, SIGKILL after kGraceSeconds).
// takeRecord runs once, when the recording ends.
constexpr int kGraceSeconds = 10;
Outcome follow(Child& c, unsigned seconds, Clock::time_point started, const std::function<void()>& takeRecord)
{
    Outcome o;
    const auto sinceStart = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    };
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    std::optional<Clock::time_point> killAt;
    bool recorded = false;
    int status = 0;
    bool reaped = false;
    const auto record = [&] {
        if (recorded)
            return;
        recorded = true;
        o.recordedMs = sinceStart();
        takeRecord();
    };
    const auto stop = [&] {
        if (killAt)
            return;
        ::kill(c.pid, SIGTERM);
        killAt = Clock::now() + std::chrono::seconds(kGraceSeconds);
    };
    for (;;) {
        std::vector<pollfd> fds { { g_recordSignals[0], POLLIN, 0 }, { c.exited.get(), POLLIN, 0 },
            { c.out.get(), POLLIN, 0 }, { c.err.get(), POLLIN, 0 } };
        int timeout = -1; // COMMAND lasts as long as it lasts; a signal or --seconds stops it
        const auto now = Clock::now();
        if (killAt)
            timeout = static_cast<int>(
                std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(*killAt - now).count()));
        else if (seconds)
            timeout = static_cast<int>(std::max<std::int64_t>(
                0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()));
        // Without a pidfd (a kernel before 5.3) the exit is polled for.
        if (!c.exited)
            timeout = timeout < 0 ? 100 : std::min(timeout, 100);
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR)
            break;
        if (fds[0].revents) {
            if (const int sig = SignalsToPipe::pending()) {
                if (o.interrupted)
                    ::kill(c.pid, SIGKILL); // a second signal: at once
                o.interrupted = sig;
                record();
                stop();
            }
        }
        for (auto [fd, to] : { std::pair { &c.out, STDOUT_FILENO }, std::pair { &c.err, STDERR_FILENO } })
            if (*fd && pass(*fd, to) && o.firstOutputMs < 0)
                o.firstOutputMs = sinceStart();
        // A pidfd says it exited (waited for below); without one it is reaped here.
        if (c.exited ? fds[1].revents != 0 : (reaped = ::waitpid(c.pid, &status, WNOHANG) == c.pid))
            break;
        if (killAt && Clock::now() >= *killAt) {
            ::kill(c.pid, SIGKILL);
            break;
        }
        if (seconds && !killAt && Clock::now() >= deadline) {
            record();
            o.stoppedAtTime = true;
            stop();
        }
    }
    // Exited (or killed): what is left in the pipes, without waiting for
    // children of COMMAND that still hold them.
    record();
    if (!reaped)
        while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) { }
    o.exitCode = exitCodeOf(status, o.signal);
    for (auto [fd, to] : { std::pair { &c.out, STDOUT_FILENO }, std::pair { &c.err, STDERR_FILENO } })
        if (*fd && pass(*fd, to) && o.firstOutputMs < 0)
            o.firstOutputMs = sinceStart();
    return o;
}

// The record; COMMAND's exit code (0 when --seconds stopped it).
Result<int> record(Context& ctx, Args& args)
{
    auto secondsArg = args.option("seconds");
    if (!secondsArg)
        return secondsArg.error();
    const bool untilExit = args.flag("until-exit");
    auto output = args.option("output", "o");
    if (!output)
        return output.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() < 2 || (*secondsArg && untilExit))
        return makeError(ErrorCode::Usage, "usage: record REF [--seconds N|--until-exit] [-o PROFILE] -- COMMAND [ARGS...]");
    unsigned seconds = 0;
    if (*secondsArg) {
        const auto n = str::parseU64(**secondsArg);
        if (!n || *n == 0 || *n > 3600)
            return makeError(ErrorCode::Usage, "--seconds takes 1 to 3600");
        seconds = static_cast<unsigned>(*n);
    }
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    if (ref->isLayout)
        ref->layoutPath = canonicalPath(ref->layoutPath);
    const std::vector<std::string> command(pos->begin() + 1, pos->end());
    std::string outPath;
    if (*output)
        outPath = canonicalPath(**output);
    auto image = client::imageSource(*ref, ctx.globals().platform, ctx.globals().plainHttp, ctx.globals().insecure);
    if (!image)
        return image.error();
    auto conn = connectDaemon(ctx, true);
    if (!conn)
        return conn.error();
    auto dir = MountDir::make();
    if (!dir)
        return dir.error();
    auto signals = util::Pipe::open();
    if (!signals)
        return signals.error();
    util::setNonBlocking(signals->read.get());
    util::setNonBlocking(signals->write.get());
    const SignalsToPipe catching(*signals);

    // The mount, without a background fetch: what the reads needed is the
    // record, and nothing else competes with them for the network.
    const auto started = Clock::now();
    ctx.progress("mounting " + ref->str() + " …");
    auto m = (*conn)->mount({ *image, dir->path(), "off" }, std::chrono::seconds(600));
    ctx.endProgress();
    if (!m)
        return m.error();
    // From here every way out unmounts.
    const auto unmount = [&] {
        auto u = (*conn)->unmount(m->mountpoint);
        if (!u)
            std::fprintf(stderr, "sociscopectl: could not unmount %s: %s\n", m->mountpoint.c_str(),
                u.error().text().c_str());
        else if (u->busy)
            std::fprintf(stderr, "sociscopectl: %s is busy (files still open): detached, it goes once they are closed\n",
                m->mountpoint.c_str());
    };
    if (const int sig = SignalsToPipe::pending()) {
        unmount();
        return makeError(ErrorCode::Cancelled, "interrupted (signal " + std::to_string(sig) + ") before the command ran");
    }
    auto child = startCommand(command, m->mountpoint);
    if (!child) {
        unmount();
        return child.error();
    }
    std::optional<Error> recordError;
    lazy::StartupRecord record;
    record.seconds = seconds;
    const Outcome o = follow(*child, seconds, started, [&] {
        auto s = (*conn)->stats(m->mountpoint, true);
        if (!s)
            recordError = s.error();
        else if (!s->empty())
            record.spans = s->front().neededSpans;
    });
    unmount();
    record.until = o.stoppedAtTime ? "time" : "exit";
    record.firstOutputMs = o.firstOutputMs;
    record.recordedMs = o.recordedMs;
    std::optional<std::pair<lazy::StartupProfile, std::string>> profile;
    if (recordError)
        std::fprintf(stderr, "sociscopectl: the daemon did not give the record: %s\n", recordError->text().c_str());
    else
        profile = saveStartup(ctx, *ref, m->digest, record, command, "record-" + m->id, outPath);
    // Stopped at --seconds by us: the recording went as asked.
    const int code = o.stoppedAtTime && !o.interrupted ? 0 : o.exitCode;
    if (ctx.globals().json) {
        Json j;
        j["schemaVersion"] = JsonSchemaVersion;
        j["exitCode"] = o.exitCode;
        j["signal"] = o.signal ? Json(o.signal) : Json(nullptr);
        j["stoppedAtTime"] = o.stoppedAtTime;
        j["reference"] = ref->str();
        j["digest"] = m->digest;
        j["mountpoint"] = m->mountpoint;
        if (profile) {
            j["startup"] = Json::parse(profile->first.toJson(-1));
            j["startup"]["path"] = profile->second;
        }
        std::fprintf(stderr, "%s\n", jsontext::dump(std::move(j)).c_str());
    } else if (!ctx.globals().quiet) {
        const std::string how = o.stoppedAtTime ? "stopped after " + std::to_string(seconds) + " s"
            : o.signal                          ? "ended by signal " + std::to_string(o.signal)
                                                : "exited with " + std::to_string(o.exitCode);
        std::fprintf(stderr, "%s %s%s\n", str::printable(command[0]).c_str(), how.c_str(),
            o.interrupted ? " (interrupted)" : "");
        if (profile)
            printStartup(profile->first, profile->second, ref->str());
    }
    if (!profile)
        return makeError(ErrorCode::Io, "no startup profile was saved (see above)");
    return code;
}

Status runRecord(Context& ctx, Args& args)
{
    const auto code = record(ctx, args); // its mount folder and signal handlers are gone
    if (!code)
        return code.error();
    std::fflush(stdout);
    // COMMAND's exit code is ours.
    std::exit(*code);
}

} // namespace

void addRecordCommand(std::vector<Command>& out)
{
    out.push_back({ "record", "record what a host command reads from a lazily mounted image at startup",
        "record REF [--seconds N|--until-exit] [-o PROFILE] -- COMMAND [ARGS...]\n\n"
        "Mounts REF through sociscoped (no background fetch) in a folder of its own, runs COMMAND on this\n"
        "host with its working folder at the mount's root and SOCISCOPE_ROOT set to it, and records which\n"
        "spans of which layers its reads needed until it exits (--until-exit, the default) or N seconds\n"
        "passed (--seconds N: then COMMAND is stopped, SIGTERM and SIGKILL 10 s later). The mount is\n"
        "removed on every path. The profile is saved as `run --record-startup` saves it (last-run.json too;\n"
        "-o also writes it to PROFILE): `index prefetch add REF --from-last-run` publishes it. COMMAND's\n"
        "output is passed on; its exit code is ours (0 when --seconds stopped it).",
        runRecord });
}

} // namespace sociscope::cli
