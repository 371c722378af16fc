// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "mount_manager.h"

#include "lazy/image_fs.h"
#include "lazy/lazy_image.h"
#include "mountpoint.h"
#include "oci/reference.h"
#include "registry/source.h"
#include "util/log.h"

#include <chrono>
#include <malloc.h>
#include <unistd.h>

namespace sociscope::daemon {

namespace {
std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Opens the image the way the client would have, with the credentials it sent.
Result<std::shared_ptr<lazy::LazyImage>> openImage(
    const MountSpec& spec, const oci::Reference& ref, const MountManagerOptions& options)
{
    registry::ClientOptions co;
    co.plainHttp = spec.plainHttp;
    co.insecure = spec.insecure;
    co.retry = options.retry;
    co.http = options.http;
    co.credentials
        = [creds = spec.credentials](const std::string& registry) -> Result<std::optional<registry::Credentials>> {
        for (const auto& [host, c] : creds)
            if (host == registry)
                return std::optional<registry::Credentials>(c);
        return std::optional<registry::Credentials>();
    };
    co.credentialSource = [](const std::string&) { return std::string("the credentials sociscopectl passed"); };
    registry::Session session(co);
    auto src = session.open(ref);
    if (!src)
        return src.error();
    lazy::LazyOptions lo;
    lo.cache = options.cache;
    lo.memory = options.memory;
    if (!spec.platform.empty()) {
        auto p = oci::Platform::parse(spec.platform);
        if (!p)
            return p.error();
        lo.platform = *p;
    }
    return lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(*src)), ref.tagOrDigest(), lo);
}
} // namespace

std::string MountRecord::layersDir() const
{
    return mountpoint + (mountpoint == "/" ? "" : "/") + std::string(lazy::ImageFs::kLayersDir);
}

struct MountManager::Live {
    MountRecord record;
    std::shared_ptr<lazy::ImageFs> fs;
    std::shared_ptr<void> subscription;
    std::unique_ptr<FuseMount> fuse;
};

MountManager::MountManager(MountManagerOptions options, StateStore& state, EventBus& events)
    : m_options(std::move(options))
    , m_state(state)
    , m_events(events)
{
}

MountManager::~MountManager()
{
    unmountAll();
}

Result<MountRecord> MountManager::mount(const Caller& caller, const MountSpec& spec)
{
    auto ref = oci::Reference::parse(spec.reference);
    if (!ref)
        return ref.error();
    if (ref->isLayout && m_options.systemMode && !caller.root())
        return makeError(ErrorCode::Auth,
            "the system daemon opens oci: folders only for root; mount a registry reference, "
            "or use a user daemon",
            spec.reference);
    // A run's mount goes in the daemon's own folder, chosen by the daemon.
    const std::optional<uid_t> owner = m_options.systemMode && !caller.root() && spec.runId.empty()
        ? std::optional<uid_t>(caller.uid)
        : std::nullopt;
    auto pinned = PinnedDir::open(spec.mountpoint, owner);
    if (!pinned)
        return pinned.error();
    const std::string mountpoint = pinned->path();
    {
        std::lock_guard lock(m_mutex);
        reap();
        if (m_mounts.count(mountpoint) || m_pending.count(mountpoint))
            return makeError(ErrorCode::Usage, "an image is already mounted there; unmount it first", mountpoint);
        m_pending.insert(mountpoint);
    }
    struct Unpend {
        MountManager* self;
        std::string mp;
        ~Unpend()
        {
            std::lock_guard lock(self->m_mutex);
            self->m_pending.erase(mp);
        }
    } unpend { this, mountpoint };

    log::info("mounting " + spec.reference + " at " + mountpoint + " for uid " + std::to_string(caller.uid));
    // A policy that does not parse is refused before anything is fetched.
    if (auto p = backgroundPolicy(spec.background, !spec.runId.empty()); !p)
        return p.error();
    auto image = openImage(spec, *ref, m_options);
    if (!image)
        return image.error();

    auto live = std::make_unique<Live>();
    MountRecord& r = live->record;
    r.id = newMountId();
    r.reference = spec.reference;
    r.mountpoint = mountpoint;
    r.digest = (*image)->image().raw.digest.str();
    r.platform = (*image)->image().platform().str();
    if (const auto& idx = (*image)->index()) {
        r.indexDigest = idx->index.digest.str();
        r.indexVersion = idx->index.version;
    }
    r.layers = static_cast<unsigned>((*image)->layerCount());
    r.uid = caller.uid;
    r.mountedUnixMs = nowMs();
    r.runId = spec.runId;
    r.visibleToAll = spec.visibleToAll;

    // Events of this image, tagged with the mount, go to the bus, from before
    // the file list is verified: fetching the zTOCs is part of the mount.
    MountEvent tag { r.id, r.mountpoint, r.uid };
    tag.runId = r.runId;
    tag.visibleToAll = r.visibleToAll;
    live->subscription = (*image)->events().subscribe([bus = &m_events, tag](const lazy::FetchEvent& e) {
        MountEvent m = tag;
        m.type = lazy::fetchEventName(e.type);
        m.layer = e.layer;
        m.span = e.span;
        m.bytes = e.bytes;
        m.micros = e.micros;
        m.background = e.background;
        m.prefetch = e.prefetch;
        m.when = e.when;
        bus->publish(m);
    });
    auto fs = lazy::ImageFs::open(*image);
    if (!fs)
        return fs.error();
    live->fs = *fs;
    live->fs->setReadTimeout(m_options.readTimeout);
    live->fs->setReadErrorHandler([bus = &m_events, tag](const std::string& path, int layer, const Error&) {
        MountEvent m = tag;
        m.type = "read-failed";
        m.layer = layer;
        m.path = path;
        bus->publish(m);
    });
    // Before the mount answers (and so before a run starts), as soci does;
    // it never fails the mount.
    if (m_options.prefetch)
        (void)lazy::prefetchImage(**image, *m_options.prefetch);

    // Recorded before mounting, so a crash right after leaves a record to clean.
    if (auto s = m_state.save({ r.id, r.mountpoint, r.reference, ::getpid(), r.uid, r.mountedUnixMs }); !s)
        return s.error();
    auto fuse
        = FuseMount::start(live->fs, mountpoint, m_options.fuse, ::geteuid() == 0 ? pinned->procPath() : std::string());
    if (!fuse) {
        m_state.remove(r.id);
        return fuse.error();
    }
    live->fuse = std::move(*fuse);
    log::info(
        "mounted " + spec.reference + " (" + r.digest + ", " + std::to_string(r.layers) + " layers) at " + mountpoint);
    {
        std::lock_guard lock(m_mutex);
        m_mounts[mountpoint] = std::move(live);
    }
    // A run's mount is filled once the run knows its entrypoint.
    if (spec.runId.empty())
        if (auto s = startBackground(mountpoint, spec.background, false); !s)
            log::warning("background fetch of " + mountpoint + ": " + s.error().text());
    MountRecord out;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_mounts.find(mountpoint); it != m_mounts.end())
            out = it->second->record;
    }
    // Opening the image parsed its zTOCs from whole blobs and built its trees:
    // the heap's free pages of those go back to the kernel, not kept.
    ::malloc_trim(0);
    return out;
}

std::shared_ptr<lazy::ImageFs> MountManager::fsOf(const std::string& mountpoint)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_mounts.find(mountpoint);
    return it == m_mounts.end() ? nullptr : it->second->fs;
}

Result<std::optional<lazy::BackgroundOptions>> MountManager::backgroundPolicy(const std::string& policy,
                                                                             bool forRun) const
{
    const std::string& text = !policy.empty() ? policy : forRun ? m_options.backgroundRun : m_options.backgroundMount;
    return lazy::parseBackgroundPolicy(text, m_options.backgroundPace);
}

Status MountManager::startBackground(const std::string& mountpoint, const std::string& policy, bool forRun,
                                     const std::vector<std::string>& firstPaths)
{
    auto options = backgroundPolicy(policy, forRun);
    if (!options)
        return options.error();
    auto fs = fsOf(mountpoint);
    if (!fs)
        return makeError(ErrorCode::NotFound, "no image of this daemon is mounted there", mountpoint);
    auto& image = fs->image();
    if (!*options) {
        image.stopBackground();
    } else {
        // The spans of the named files first (a run's program), in order.
        if (auto tree = image.tree())
            for (const auto& path : firstPaths) {
                auto ino = (*tree)->resolve(path);
                if (!ino)
                    continue;
                const auto spans = image.spansOf(**tree, *ino);
                if (!spans)
                    continue;
                const auto layer = static_cast<std::size_t>((*tree)->inode(*ino).layer);
                for (std::int32_t i = spans->first; i <= spans->second; ++i)
                    (*options)->first.emplace_back(layer, i);
            }
        image.startBackground(**options);
    }
    std::lock_guard lock(m_mutex);
    if (auto it = m_mounts.find(mountpoint); it != m_mounts.end())
        it->second->record.background = *options ? (*options)->describe() : std::string("off");
    return {};
}

Result<std::pair<std::string, bool>> MountManager::unmount(
    const Caller& caller, const std::string& mountpoint, bool forRun)
{
    std::unique_ptr<Live> live;
    {
        std::lock_guard lock(m_mutex);
        reap();
        auto it = m_mounts.find(mountpoint);
        if (it == m_mounts.end())
            return makeError(ErrorCode::NotFound, "no image of this daemon is mounted there", mountpoint);
        if (!mayManage(caller, it->second->record.uid))
            return makeError(
                ErrorCode::Auth, "the mount belongs to uid " + std::to_string(it->second->record.uid), mountpoint);
        if (!it->second->record.runId.empty() && !forRun)
            return makeError(ErrorCode::Usage,
                "the mount belongs to run " + it->second->record.runId + "; stop the run instead (sociscopectl stop "
                    + it->second->record.runId + ")",
                mountpoint);
        live = std::move(it->second);
        m_mounts.erase(it);
    }
    const bool done = live->fuse->stop(std::chrono::seconds(2));
    m_state.remove(live->record.id);
    log::info((done ? "unmounted " : "detached (busy) ") + mountpoint);
    if (done) {
        live.reset();
        ::malloc_trim(0); // the image's trees and zTOCs were freed
    } else {
        std::lock_guard lock(m_mutex);
        m_draining.push_back(std::move(live));
    }
    return std::make_pair(mountpoint, !done);
}

void MountManager::reap()
{
    // Called with m_mutex held; the sessions that ended are destroyed here
    // (their loop threads have returned, so joining is immediate).
    for (auto it = m_mounts.begin(); it != m_mounts.end();) {
        if (it->second->fuse->finished()) {
            log::info(it->first + " was unmounted from outside the daemon");
            m_state.remove(it->second->record.id);
            it = m_mounts.erase(it);
        } else {
            ++it;
        }
    }
    std::erase_if(m_draining, [](const auto& l) { return l->fuse->finished(); });
}

std::vector<MountRecord> MountManager::list(const Caller& caller)
{
    std::lock_guard lock(m_mutex);
    reap();
    std::vector<MountRecord> out;
    for (const auto& [mp, live] : m_mounts)
        if (maySee(caller, live->record.uid, live->record.visibleToAll))
            out.push_back(live->record);
    return out;
}

Result<std::vector<MountStatsSnapshot>> MountManager::stats(
    const Caller& caller, const std::string& mountpoint, bool neededSpans)
{
    std::lock_guard lock(m_mutex);
    reap();
    std::vector<MountStatsSnapshot> out;
    for (const auto& [mp, live] : m_mounts) {
        if (!maySee(caller, live->record.uid, live->record.visibleToAll) || (!mountpoint.empty() && mp != mountpoint))
            continue;
        auto& img = live->fs->image();
        const auto& s = img.stats();
        MountStatsSnapshot o;
        o.mountId = live->record.id;
        o.mountpoint = mp;
        o.networkBytes = s.networkBytes();
        o.indexBytes = s.indexBytes;
        o.ztocBytes = s.ztocBytes;
        o.spanBytes = s.spanBytes;
        o.wholeLayerBytes = s.wholeLayerBytes;
        o.cachedBytes = s.cachedBytes;
        o.imageBytes = static_cast<std::uint64_t>(img.image().layersSize());
        o.requests = s.requests;
        o.rangeRequests = s.rangeRequests;
        o.spansFetched = s.spansFetched;
        o.spansVerified = s.spansVerified;
        o.spansFailed = s.spansFailed;
        o.cacheHits = s.cacheHits;
        o.cacheMisses = s.cacheMisses;
        // Floor: the verified tree (zTOCs, layers read whole) and each span a
        // read needed, once; the manifests and indexes as fetched.
        const auto floor = img.floor();
        o.floorBytes = floor.total() + s.indexBytes;
        o.ztocFloorBytes = floor.ztocBytes;
        o.wholeLayerFloorBytes = floor.wholeLayerBytes;
        o.spanFloorBytes = floor.spanBytes;
        o.foregroundBytes = s.foregroundBytes();
        o.backgroundBytes = s.backgroundBytes;
        o.localBytes = img.localBytes();
        o.inflatedHits = s.inflatedHits;
        o.inflatedBytes = s.inflatedBytes;
        o.prefetchBytes = s.prefetchBytes;
        o.prefetchSpans = s.prefetchSpans;
        o.background = live->record.background;
        if (const auto bg = img.background())
            o.backgroundState = lazy::BackgroundFetcher::stateName(bg->state());
        else
            o.backgroundState = "off";
        const auto& c = live->fs->counters();
        o.reads = c.reads;
        o.readBytes = c.bytes;
        o.readErrors = c.errors;
        if (neededSpans)
            o.neededSpans = img.neededSpans();
        out.push_back(std::move(o));
    }
    if (!mountpoint.empty() && out.empty())
        return makeError(ErrorCode::NotFound, "no image of this daemon that you may see is mounted there", mountpoint);
    return out;
}

std::size_t MountManager::count()
{
    std::lock_guard lock(m_mutex);
    reap();
    return m_mounts.size();
}

void MountManager::unmountAll()
{
    std::map<std::string, std::unique_ptr<Live>> mounts;
    std::vector<std::unique_ptr<Live>> draining;
    {
        std::lock_guard lock(m_mutex);
        mounts.swap(m_mounts);
        draining.swap(m_draining);
    }
    // Detach all first, so busy mounts wait in parallel rather than in turn.
    for (auto& [mp, live] : mounts)
        live->fuse->stop(std::chrono::milliseconds(0));
    for (auto& [mp, live] : mounts) {
        live->fuse.reset(); // waits (bounded), aborts a busy one
        m_state.remove(live->record.id);
        log::info("unmounted " + mp);
    }
    draining.clear();
}

} // namespace sociscope::daemon
