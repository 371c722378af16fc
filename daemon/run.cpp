// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A run: its sink, its image mount, and the thread that supervises its core
// run::Container (RunManager, which starts, finds and stops runs, is in
// run_manager.cpp).
#include "run.h"

#include "fs/image_tree.h"
#include "lazy/image_fs.h"
#include "lazy/lazy_image.h"
#include "run/bundle.h"
#include "run/overlay.h"
#include "util/files.h"
#include "util/log.h"
#include "util/strings.h"

namespace sociscope::daemon {

namespace {
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

run::ContainerConfig containerConfig(const RunManagerOptions& o, const std::string& id, const RunSpec& spec)
{
    run::ContainerConfig c;
    c.id = id;
    c.dir = o.bundlesDir + "/" + id;
    c.runcRoot = o.runcRoot;
    c.startTimeout = o.startTimeout;
    c.interactive = spec.interactive;
    return c;
}
} // namespace

std::int64_t unixNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Result<std::optional<lazy::StartupRecord>> parseRecordStartup(const std::string& text)
{
    if (text.empty())
        return std::optional<lazy::StartupRecord>();
    lazy::StartupRecord r;
    if (text == "until-output" || text == "output") {
        r.until = "output";
    } else if (text == "exit") {
        r.until = "exit";
    } else {
        auto n = str::parseU64(text);
        if (!n || *n == 0 || *n > 3600)
            return makeError(ErrorCode::Usage, "--record-startup takes until-output, exit or 1 to 3600 seconds, not \"" +
                                                   text + "\"");
        r.until = "time";
        r.seconds = static_cast<unsigned>(*n);
    }
    return std::optional<lazy::StartupRecord>(std::move(r));
}

// ---- RunSink ----

bool RunSink::hasRoom()
{
    std::lock_guard lock(m_mutex);
    return m_closed || m_chunks.size() < m_capacity;
}

void RunSink::write(run::Stream stream, std::string data)
{
    std::function<void()> first;
    if (!data.empty()) {
        std::lock_guard lock(m_mutex);
        first = std::move(m_onFirstOutput);
        m_onFirstOutput = nullptr;
    }
    if (first)
        first();
    push(RunChunk { stream == run::Stream::Stderr ? RunChunk::Kind::Stderr : RunChunk::Kind::Stdout, std::move(data), {} });
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

void RunSink::setOnFirstOutput(std::function<void()> f)
{
    std::lock_guard lock(m_mutex);
    m_onFirstOutput = std::move(f);
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

Run::Run(RunServices services, std::string id, RunSpec spec, const Caller& caller, std::shared_ptr<RunSink> sink)
    : m_services(std::move(services))
    , m_id(std::move(id))
    , m_spec(std::move(spec))
    , m_caller(caller)
    , m_sink(std::move(sink))
    , m_dir(m_services.options.bundlesDir + "/" + m_id)
    , m_name(m_spec.name.empty() ? m_id.substr(0, 12) : m_spec.name)
    , m_container(containerConfig(m_services.options, m_id, m_spec))
{
    m_record.id = m_id;
    m_record.name = m_name;
    m_record.reference = m_spec.image.reference;
    m_record.uid = caller.uid;
    m_record.createdUnixMs = unixNowMs();
    m_record.tty = m_spec.overrides.tty;
    m_record.remove = m_spec.remove;
    m_record.mountpoint = m_dir + "/image";
    m_record.rootfs = m_container.rootfs();
}

Run::~Run()
{
    if (m_thread.joinable())
        m_thread.join();
    if (m_timer.joinable())
        m_timer.join();
}

std::int64_t Run::sinceCreatedMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_created).count();
}

void Run::noteFirstOutput()
{
    bool until = false;
    {
        std::lock_guard lock(m_mutex);
        if (!m_recording || m_recording->firstOutputMs >= 0)
            return;
        m_recording->firstOutputMs = sinceCreatedMs();
        until = m_recording->until == "output";
    }
    if (until)
        recordStartup("output");
}

void Run::recordStartup(const char* until)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_recording || m_recorded)
            return;
        m_recorded = true;
    }
    // The mount's per-span read record: every span a read of the image
    // needed, whoever read it (the daemon's own reads of /etc/passwd too),
    // never the background fetch's or the prefetch's.
    std::vector<std::vector<std::int32_t>> spans;
    if (auto fs = m_services.mounts.fsOf(m_record.mountpoint))
        spans = fs->image().neededSpans();
    std::lock_guard lock(m_mutex);
    m_recording->until = until;
    m_recording->recordedMs = sinceCreatedMs();
    m_recording->spans = std::move(spans);
    m_record.startup = *m_recording;
    m_cv.notify_all();
}

RunRecord Run::record()
{
    RunRecord r;
    {
        std::lock_guard lock(m_mutex);
        r = m_record;
    }
    if (r.status != "exited" && !r.mountpoint.empty())
        if (auto s = m_services.mounts.stats(kDaemon, r.mountpoint); s && !s->empty())
            r.stats = s->front();
    // runc in the foreground writes its pid file once the container runs.
    if (r.pid == 0 && (r.status == "running" || r.status == "stopping"))
        if (const pid_t pid = m_container.pid(); pid > 0) {
            r.pid = pid;
            std::lock_guard lock(m_mutex);
            if (m_record.status != "exited")
                m_record.pid = pid;
        }
    return r;
}

void Run::writeStdin(std::string data)
{
    m_container.writeStdin(std::move(data));
}

void Run::closeStdin()
{
    m_container.closeStdin();
}

void Run::resize(unsigned rows, unsigned cols)
{
    m_container.resize(rows, cols);
}

void Run::requestStop(std::chrono::seconds grace)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_record.status == "running")
            m_record.status = "stopping";
    }
    m_container.requestStop(grace);
}

bool Run::waitFinished(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, wait, [&] { return m_finished; });
}

Status Run::start()
{
    auto recording = parseRecordStartup(m_spec.recordStartup);
    if (!recording) {
        abandon();
        return recording.error();
    }
    if (*recording) {
        m_recording = std::move(*recording);
        m_sink->setOnFirstOutput([this] { noteFirstOutput(); });
    }
    if (auto s = setUp(); !s) {
        abandon();
        return s;
    }
    {
        std::lock_guard lock(m_mutex);
        m_record.startedUnixMs = unixNowMs();
        m_record.status = m_container.stopRequested() ? "stopping" : "running";
    }
    if (m_recording && m_recording->seconds > 0)
        m_timer = std::thread([this] {
            std::unique_lock lock(m_mutex);
            const auto limit = std::chrono::seconds(m_recording->seconds);
            if (m_cv.wait_for(lock, limit, [&] { return m_recorded || m_finished; }))
                return;
            lock.unlock();
            recordStartup("time");
        });
    m_thread = std::thread([this] { supervise(); });
    return {};
}

void Run::abandon()
{
    takeDown(false);
    markFinished();
    m_threadDone = true;
}

void Run::markFinished()
{
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_cv.notify_all();
}

Result<std::shared_ptr<lazy::ImageFs>> Run::mountImage()
{
    // A mount of its own, whose fetch events reach Events tagged with this run.
    MountSpec ms = m_spec.image;
    ms.mountpoint = m_record.mountpoint;
    ms.runId = m_id;
    auto mounted = m_services.mounts.mount(m_caller, ms);
    if (!mounted)
        return mounted.error();
    m_imageMounted = true;
    auto fs = m_services.mounts.fsOf(m_record.mountpoint);
    if (!fs)
        return makeError(ErrorCode::Internal, "the run's image mount went away", m_record.mountpoint);
    std::lock_guard lock(m_mutex);
    m_record.digest = mounted->digest;
    m_record.platform = mounted->platform;
    m_record.mountId = mounted->id;
    return fs;
}

run::BundleInput Run::bundleInput(lazy::ImageFs& fs) const
{
    // Users and groups are read lazily from the image itself.
    run::BundleInput in;
    in.config = fs.image().image().config;
    in.overrides = m_spec.overrides;
    if (in.overrides.hostname.empty())
        in.overrides.hostname = m_id.substr(0, 12);
    in.passwd = imageFile(fs, "/etc/passwd");
    in.group = imageFile(fs, "/etc/group");
    if (auto rc = files::readFile(m_services.options.hostResolvConf))
        in.hostResolvConf = *rc;
    in.cgroupsPath = "/sociscope/" + m_id;
    in.rows = m_spec.rows;
    in.cols = m_spec.cols;
    return in;
}

Status Run::setUp()
{
    if (auto s = m_container.makeFolders(); !s)
        return s;
    if (auto s = files::makeDirs(m_record.mountpoint, 0700); !s)
        return s;
    auto fs = mountImage();
    if (!fs)
        return fs.error();
    auto plan = m_container.writeBundle(bundleInput(**fs));
    if (!plan)
        return plan.error();
    {
        std::lock_guard lock(m_mutex);
        m_record.command = plan->args;
        m_record.user = std::to_string(plan->user.uid) + ":" + std::to_string(plan->user.gid);
    }
    // The image fills in the background, the program's spans first.
    std::vector<std::string> program;
    if (auto tree = (*fs)->image().tree())
        for (const auto& path : run::programPaths(*plan))
            if (auto ino = (*tree)->resolve(path); ino && (*tree)->inode(*ino).type == fs::FileType::Regular) {
                program.push_back(path);
                break;
            }
    if (auto s = m_services.mounts.startBackground(m_record.mountpoint, m_spec.image.background, true, program); !s)
        log::warning("run " + m_id + ": background fetch: " + s.error().text());
    // The root filesystem: the layer views, top first, relative to .layers.
    std::vector<std::string> lowers;
    for (std::size_t i = (*fs)->layerCount(); i > 0; --i)
        lowers.push_back(std::to_string(i - 1));
    if (auto s = m_container.mountRootfs(m_record.mountpoint + "/" + std::string(lazy::ImageFs::kLayersDir), lowers);
        !s)
        return s;
    if (auto s = m_container.start(); !s)
        return s;
    std::lock_guard lock(m_mutex);
    m_record.pid = m_container.pid();
    return {};
}

void Run::takeDown(bool keepUpper)
{
    // The overlay stands on the image mount: the container goes first.
    m_container.release();
    if (m_imageMounted) {
        if (auto s = m_services.mounts.unmount(kDaemon, m_record.mountpoint, true); !s)
            log::warning("run " + m_id + ": " + s.error().text());
        m_imageMounted = false;
    }
    m_container.removeFolders(keepUpper);
    if (keepUpper) {
        if (auto s = run::removeTree(m_record.mountpoint); !s)
            log::warning("run " + m_id + ": " + s.error().text());
    } else {
        m_services.state.removeRun(m_id);
    }
}

void Run::supervise()
{
    m_sink->setOnRoom([this] { m_container.wake(); });
    const run::ExitStatus status = m_container.supervise(*m_sink);
    recordStartup("exit"); // unless its first output or its time ended it
    RunRecord final = record(); // the counters, before the mount goes
    final.status = "exited";
    final.exitCode = status.code;
    final.signal = status.signal;
    final.finishedUnixMs = unixNowMs();
    final.pid = 0;
    log::info("run " + m_id + " (" + final.name + ") exited with " + std::to_string(status.code));
    takeDown(!m_spec.remove);
    {
        std::lock_guard lock(m_mutex);
        m_record = final;
    }
    markFinished();
    m_sink->setOnRoom({});
    m_sink->push(RunChunk { RunChunk::Kind::Exit, {}, final });
    m_services.finished(m_id, m_spec.remove);
    m_threadDone = true;
}

} // namespace sociscope::daemon
