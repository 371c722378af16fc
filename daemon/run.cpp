// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A run: its sink, bundle, overlay and runc, and the thread that supervises
// it (RunManager, which starts, finds and stops runs, is in run_manager.cpp).
#include "run_manager.h"

#include "fs/image_tree.h"
#include "lazy/image_fs.h"
#include "run/bundle.h"
#include "run/overlay.h"
#include "run/runc.h"
#include "util/files.h"
#include "util/log.h"
#include "util/strings.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

namespace sociscope::daemon {

namespace {
constexpr std::size_t kChunk = 32 * 1024;
// After the container ended, output still in the pipes is read for this long at most.
constexpr auto kDrain = std::chrono::seconds(2);

int pidfdOpen(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// A file of the image, read lazily through the run's mount (symlinks followed
// inside the image only); "" when the image has none.
std::string imageFile(lazy::ImageFs& fs, const std::string& path)
{
    auto& img = fs.image();
    auto tree = img.tree();
    if (!tree)
        return {};
    auto ino = (*tree)->resolve(path, true);
    if (!ino || (*tree)->inode(*ino).type != fs::FileType::Regular)
        return {};
    auto data = img.read(**tree, *ino, 0, 1u << 20);
    return data ? *data : std::string();
}

const Caller kDaemon { 0, 0, 0 };
} // namespace

std::int64_t unixNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// ---- RunSink ----

bool RunSink::hasRoom()
{
    std::lock_guard lock(m_mutex);
    return m_closed || m_chunks.size() < m_capacity;
}

void RunSink::push(RunChunk chunk)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        m_chunks.push_back(std::move(chunk));
    }
    m_cv.notify_all();
}

std::optional<RunChunk> RunSink::pop(std::chrono::milliseconds wait)
{
    std::function<void()> onRoom;
    std::optional<RunChunk> out;
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, wait, [&] { return m_closed || !m_chunks.empty(); });
        if (m_chunks.empty())
            return std::nullopt;
        const bool wasFull = m_chunks.size() >= m_capacity;
        out = std::move(m_chunks.front());
        m_chunks.pop_front();
        if (wasFull)
            onRoom = m_onRoom;
    }
    if (onRoom)
        onRoom();
    return out;
}

void RunSink::close()
{
    std::function<void()> onRoom;
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_chunks.clear();
        onRoom = m_onRoom;
    }
    m_cv.notify_all();
    if (onRoom)
        onRoom();
}

bool RunSink::closed()
{
    std::lock_guard lock(m_mutex);
    return m_closed;
}

void RunSink::setOnRoom(std::function<void()> f)
{
    std::lock_guard lock(m_mutex);
    m_onRoom = std::move(f);
}

// ---- Run ----

Run::Run(RunManager& manager, std::string id, RunSpec spec, const Caller& caller, std::shared_ptr<RunSink> sink)
    : m_manager(manager)
    , m_id(std::move(id))
    , m_spec(std::move(spec))
    , m_caller(caller)
    , m_sink(std::move(sink))
{
    m_dir = m_manager.m_options.bundlesDir + "/" + m_id;
    m_record.id = m_id;
    m_record.name = m_spec.name.empty() ? m_id.substr(0, 12) : m_spec.name;
    m_record.reference = m_spec.image.reference;
    m_record.uid = caller.uid;
    m_record.createdUnixMs = unixNowMs();
    m_record.tty = m_spec.overrides.tty;
    m_record.remove = m_spec.remove;
    m_record.mountpoint = m_dir + "/image";
    m_record.rootfs = m_dir + "/bundle/rootfs";
    m_wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

Run::~Run()
{
    if (m_thread.joinable())
        m_thread.join();
    closeFd(m_wakeFd);
}

RunRecord Run::record()
{
    RunRecord r;
    {
        std::lock_guard lock(m_mutex);
        r = m_record;
    }
    if (r.status != "exited" && !r.mountpoint.empty())
        if (auto s = m_manager.m_mounts.stats(kDaemon, r.mountpoint); s && !s->empty())
            r.stats = s->front();
    // runc in the foreground writes its pid file once the container runs.
    if (r.pid == 0 && (r.status == "running" || r.status == "stopping"))
        if (auto p = files::readFile(m_dir + "/pid"))
            if (auto n = str::parseU64(std::string(str::trim(*p)))) {
                r.pid = static_cast<pid_t>(*n);
                std::lock_guard lock(m_mutex);
                if (m_record.status != "exited")
                    m_record.pid = r.pid;
            }
    return r;
}

void Run::wake()
{
    const std::uint64_t one = 1;
    if (m_wakeFd >= 0)
        (void)!::write(m_wakeFd, &one, sizeof one);
}

void Run::writeStdin(std::string data)
{
    if (!m_spec.interactive)
        return;
    {
        std::lock_guard lock(m_mutex);
        if (m_stdinClosed)
            return;
        m_pendingStdin += data;
    }
    wake();
}

void Run::closeStdin()
{
    {
        std::lock_guard lock(m_mutex);
        m_stdinClosed = true;
    }
    wake();
}

void Run::resize(unsigned rows, unsigned cols)
{
    {
        std::lock_guard lock(m_mutex);
        m_pendingResize = std::make_pair(rows, cols);
    }
    wake();
}

void Run::requestStop(std::chrono::seconds grace)
{
    {
        std::lock_guard lock(m_mutex);
        // A later, shorter stop (a second Ctrl-C) brings SIGKILL closer.
        const auto at = std::chrono::steady_clock::now() + grace;
        if (!m_killAt || at < *m_killAt)
            m_killAt = at;
        if (m_record.status == "running")
            m_record.status = "stopping";
    }
    wake();
}

bool Run::waitFinished(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, wait, [&] { return m_finished; });
}

Status Run::setUp()
{
    const auto& opt = m_manager.m_options;
    if (auto s = files::makeDirs(m_dir, 0700); !s)
        return s;
    for (const char* sub : { "image", "upper", "work", "bundle" })
        if (auto s = files::makeDirs(m_dir + "/" + sub, 0700); !s)
            return s;

    // The image: a mount of its own, whose fetch events reach Events tagged with this run.
    MountSpec ms = m_spec.image;
    ms.mountpoint = m_record.mountpoint;
    ms.runId = m_id;
    auto mounted = m_manager.m_mounts.mount(m_caller, ms);
    if (!mounted)
        return mounted.error();
    m_imageMounted = true;
    auto fs = m_manager.m_mounts.fsOf(m_record.mountpoint);
    if (!fs)
        return makeError(ErrorCode::Internal, "the run's image mount went away", m_record.mountpoint);
    {
        std::lock_guard lock(m_mutex);
        m_record.digest = mounted->digest;
        m_record.platform = mounted->platform;
        m_record.mountId = mounted->id;
    }

    // Users and groups are read lazily from the image itself.
    run::BundleInput in;
    in.config = fs->image().image().config;
    in.overrides = m_spec.overrides;
    if (in.overrides.hostname.empty())
        in.overrides.hostname = m_id.substr(0, 12);
    in.passwd = imageFile(*fs, "/etc/passwd");
    in.group = imageFile(*fs, "/etc/group");
    if (auto rc = files::readFile(opt.hostResolvConf))
        in.hostResolvConf = *rc;
    in.cgroupsPath = "/sociscope/" + m_id;
    in.rows = m_spec.rows;
    in.cols = m_spec.cols;
    const std::string bundle = m_dir + "/bundle";
    auto plan = run::planBundle(in, bundle);
    if (!plan)
        return plan.error();
    if (auto s = run::writeBundle(*plan, bundle); !s)
        return s;
    {
        std::lock_guard lock(m_mutex);
        m_record.command = plan->args;
        m_record.user = std::to_string(plan->user.uid) + ":" + std::to_string(plan->user.gid);
    }

    // The root filesystem: the layer views, top first, relative to .layers.
    std::vector<std::string> lowers;
    for (std::size_t i = fs->layerCount(); i > 0; --i)
        lowers.push_back(std::to_string(i - 1));
    if (auto s = run::mountOverlay(m_record.mountpoint + "/" + std::string(lazy::ImageFs::kLayersDir), lowers,
            m_dir + "/upper", m_dir + "/work", m_record.rootfs);
        !s)
        return s;
    m_overlayMounted = true;

    run::Runc runc(opt.runcRoot);
    const std::string pidFile = m_dir + "/pid";
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devNull < 0)
        return makeError(ErrorCode::Io, std::string("cannot open /dev/null: ") + std::strerror(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closeNull { devNull };

    if (!m_spec.overrides.tty) {
        // runc in the foreground: it copies our pipes to the container and
        // exits with the container's status.
        auto argv = runc.command({ "run", "--bundle", bundle, "--pid-file", pidFile, m_id });
        if (!argv)
            return argv.error();
        int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
        if ((m_spec.interactive && ::pipe2(in, O_CLOEXEC) != 0) || ::pipe2(out, O_CLOEXEC) != 0
            || ::pipe2(err, O_CLOEXEC) != 0)
            return makeError(ErrorCode::Io, std::string("pipe: ") + std::strerror(errno));
        auto pid = run::spawnWith(*argv, m_spec.interactive ? in[0] : devNull, out[1], err[1]);
        if (m_spec.interactive)
            ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        m_stdinFd = m_spec.interactive ? in[1] : -1;
        m_stdoutFd = out[0];
        m_stderrFd = err[0];
        if (!pid)
            return pid.error();
        m_runcPid = *pid;
        m_procFd = pidfdOpen(m_runcPid);
        // Running means running: runc writes the pid file once the
        // container's process was started (or it exits first, and its error
        // reaches the client as output).
        const auto until = std::chrono::steady_clock::now() + opt.startTimeout;
        while (m_procFd >= 0 && std::chrono::steady_clock::now() < until) {
            if (auto p = files::readFile(pidFile); p && str::parseU64(std::string(str::trim(*p)))) {
                std::lock_guard lock(m_mutex);
                m_record.pid = static_cast<pid_t>(*str::parseU64(std::string(str::trim(*p))));
                break;
            }
            pollfd pf { m_procFd, POLLIN, 0 };
            if (::poll(&pf, 1, 20) > 0)
                break;
        }
    } else {
        // A terminal: runc hands its master over the console socket, starts
        // the container detached, and exits; the container's init is then our
        // child (we are a subreaper), so its exit status is ours to read.
        auto console = run::ConsoleSocket::listen(m_dir + "/console.sock");
        if (!console)
            return console.error();
        auto argv = runc.command({ "run", "--detach", "--bundle", bundle, "--console-socket", (*console)->path(),
            "--pid-file", pidFile, m_id });
        if (!argv)
            return argv.error();
        const std::string logPath = m_dir + "/runc.log";
        const int logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (logFd < 0)
            return makeError(ErrorCode::Io, std::string("cannot write runc's log: ") + std::strerror(errno), logPath);
        auto pid = run::spawnWith(*argv, devNull, logFd, logFd);
        ::close(logFd);
        if (!pid)
            return pid.error();
        int status = 0;
        bool reaped = false;
        auto master = (*console)->receiveMaster(opt.startTimeout, [&] {
            reaped = reaped || ::waitpid(*pid, &status, WNOHANG) == *pid;
            return reaped;
        });
        if (master)
            m_masterFd = *master;
        // runc exits once the container runs (or failed to).
        if (!reaped) {
            const int pfd = pidfdOpen(*pid);
            pollfd p { pfd, POLLIN, 0 };
            if (pfd < 0 || ::poll(&p, 1, static_cast<int>(opt.startTimeout.count() * 1000)) <= 0) {
                ::kill(*pid, SIGKILL);
            }
            if (pfd >= 0)
                ::close(pfd);
            while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) { }
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !master) {
            auto log = files::readFile(logPath);
            return makeError(ErrorCode::Io,
                "runc could not start the container: " + std::string(str::trim(log ? *log : std::string()))
                    + (master ? std::string() : " (" + master.error().message + ")"),
                m_id);
        }
        auto pidText = files::readFile(pidFile);
        auto initPid = pidText ? str::parseU64(std::string(str::trim(*pidText))) : std::nullopt;
        if (!initPid)
            return makeError(ErrorCode::Io, "runc wrote no pid file", pidFile);
        m_initPid = static_cast<pid_t>(*initPid);
        m_procFd = pidfdOpen(m_initPid);
        if (m_procFd < 0)
            return makeError(ErrorCode::Io, std::string("pidfd_open: ") + std::strerror(errno), m_id);
        setNonBlocking(m_masterFd);
        {
            std::lock_guard lock(m_mutex);
            m_record.pid = m_initPid;
        }
    }
    if (m_procFd < 0)
        return makeError(ErrorCode::Io, std::string("pidfd_open: ") + std::strerror(errno), m_id);
    for (int fd : { m_stdinFd, m_stdoutFd, m_stderrFd })
        if (fd >= 0)
            setNonBlocking(fd);
    return {};
}

void Run::takeDown(bool keepUpper)
{
    run::Runc runc(m_manager.m_options.runcRoot);
    // Whatever mode it ran in, nothing of it stays in runc's state.
    if (auto s = runc.remove(m_id); !s)
        log::warning("run " + m_id + ": " + s.error().text());
    if (m_overlayMounted) {
        if (auto s = run::unmountPath(m_record.rootfs); !s)
            log::warning("run " + m_id + ": " + s.error().text());
        m_overlayMounted = false;
    }
    if (m_imageMounted) {
        if (auto s = m_manager.m_mounts.unmount(kDaemon, m_record.mountpoint, true); !s)
            log::warning("run " + m_id + ": " + s.error().text());
        m_imageMounted = false;
    }
    if (keepUpper) {
        for (const char* sub : { "bundle", "work", "image" })
            if (auto s = run::removeTree(m_dir + "/" + sub); !s)
                log::warning("run " + m_id + ": " + s.error().text());
    } else {
        if (auto s = run::removeTree(m_dir); !s)
            log::warning("run " + m_id + ": " + s.error().text());
        m_manager.m_state.removeRun(m_id);
    }
}

void Run::supervise()
{
    using Clock = std::chrono::steady_clock;
    run::Runc runc(m_manager.m_options.runcRoot);
    m_sink->setOnRoom([this] { wake(); });
    bool termSent = false, killSent = false, lastResort = false;
    Clock::time_point killAt {};
    int waitStatus = 0;
    bool exited = false;
    std::optional<Clock::time_point> drainUntil;
    std::string stdinBuf;
    bool stdinClose = false;

    auto readInto = [&](int& fd, RunChunk::Kind kind) {
        char buf[kChunk];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            m_sink->push(RunChunk { kind, std::string(buf, static_cast<size_t>(n)), {} });
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            // End of output (a terminal answers EIO once its last user is gone).
            closeFd(fd);
        }
    };

    for (;;) {
        // Commands from the client and from Stop.
        std::optional<std::pair<unsigned, unsigned>> resize;
        std::optional<Clock::time_point> stop;
        {
            std::lock_guard lock(m_mutex);
            stdinBuf += m_pendingStdin;
            m_pendingStdin.clear();
            stdinClose = m_stdinClosed;
            resize = m_pendingResize;
            m_pendingResize.reset();
            stop = m_killAt;
        }
        if (resize && m_masterFd >= 0) {
            winsize ws {};
            ws.ws_row = static_cast<unsigned short>(resize->first);
            ws.ws_col = static_cast<unsigned short>(resize->second);
            ::ioctl(m_masterFd, TIOCSWINSZ, &ws);
        }
        const auto now = Clock::now();
        if (stop && !exited) {
            if (!termSent) {
                // runc kill fails in the instant before runc registered the
                // container; the next round tries again.
                termSent = runc.kill(m_id, SIGTERM).ok();
            }
            killAt = *stop;
            if (!killSent && now >= killAt) {
                killSent = runc.kill(m_id, SIGKILL).ok();
                if (!killSent && m_initPid > 0)
                    killSent = ::kill(m_initPid, SIGKILL) == 0;
            }
            // runc itself must not outlive a container that is gone.
            if (!lastResort && now >= killAt + std::chrono::seconds(5) && m_runcPid > 0) {
                ::kill(m_runcPid, SIGKILL);
                lastResort = true;
            }
        }
        if (m_stdinFd >= 0 && m_masterFd < 0 && stdinBuf.empty() && stdinClose)
            closeFd(m_stdinFd);

        const int inFd = m_masterFd >= 0 ? m_masterFd : m_stdinFd;
        const bool room = m_sink->hasRoom();
        std::vector<pollfd> fds;
        fds.push_back({ m_wakeFd, POLLIN, 0 });
        if (!exited)
            fds.push_back({ m_procFd, POLLIN, 0 });
        if (room) {
            for (int fd : { m_stdoutFd, m_stderrFd, m_masterFd })
                if (fd >= 0)
                    fds.push_back({ fd, POLLIN, 0 });
        }
        if (inFd >= 0 && !stdinBuf.empty() && !exited)
            fds.push_back({ inFd, POLLOUT, 0 });
        const bool outputOpen = m_stdoutFd >= 0 || m_stderrFd >= 0 || m_masterFd >= 0;
        if (exited && (!outputOpen || Clock::now() >= *drainUntil))
            break;
        int timeout = 200;
        if (stop && !killSent)
            timeout = 100;
        ::poll(fds.data(), fds.size(), timeout);
        for (const auto& p : fds) {
            if (!p.revents)
                continue;
            if (p.fd == m_wakeFd) {
                std::uint64_t v;
                (void)!::read(m_wakeFd, &v, sizeof v);
            } else if (p.fd == m_procFd && !exited) {
                const pid_t child = m_runcPid > 0 ? m_runcPid : m_initPid;
                if (::waitpid(child, &waitStatus, WNOHANG) == child) {
                    exited = true;
                    drainUntil = Clock::now() + kDrain;
                }
            } else if ((p.events & POLLOUT) != 0) {
                const ssize_t n = ::write(inFd, stdinBuf.data(), stdinBuf.size());
                if (n > 0)
                    stdinBuf.erase(0, static_cast<size_t>(n));
                else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                    stdinBuf.clear();
                    if (m_masterFd < 0)
                        closeFd(m_stdinFd);
                }
            } else if (p.fd == m_stdoutFd) {
                readInto(m_stdoutFd, RunChunk::Kind::Stdout);
            } else if (p.fd == m_stderrFd) {
                readInto(m_stderrFd, RunChunk::Kind::Stderr);
            } else if (p.fd == m_masterFd) {
                readInto(m_masterFd, RunChunk::Kind::Stdout);
            }
        }
    }
    closeFd(m_stdinFd);
    closeFd(m_stdoutFd);
    closeFd(m_stderrFd);
    closeFd(m_masterFd);
    closeFd(m_procFd);

    RunRecord final = record(); // the counters, before the mount goes
    const int code = run::exitCodeOf(waitStatus);
    final.status = "exited";
    final.exitCode = code;
    final.signal = WIFSIGNALED(waitStatus) ? WTERMSIG(waitStatus) : 0;
    // runc in the foreground reports a container killed by a signal as 128 + it.
    if (m_runcPid > 0 && WIFEXITED(waitStatus) && code > 128 && code <= 128 + 64)
        final.signal = code - 128;
    final.finishedUnixMs = unixNowMs();
    final.pid = 0;
    log::info("run " + m_id + " (" + final.name + ") exited with " + std::to_string(code));
    takeDown(!m_spec.remove);
    {
        std::lock_guard lock(m_mutex);
        m_record = final;
        m_finished = true;
    }
    m_cv.notify_all();
    m_sink->setOnRoom({});
    m_sink->push(RunChunk { RunChunk::Kind::Exit, {}, final });
    m_manager.finished(m_id, m_spec.remove);
    m_threadDone = true;
}


} // namespace sociscope::daemon
