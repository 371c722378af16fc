// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// mount, umount, mounts, events, daemon status: the commands that talk to sociscoped.
#include "daemon_cli.h"

#include "fs/image_tree.h"
#include "soci/rfc3339.h"
#include "util/files.h"
#include "util/json_text.h"
#include "util/strings.h"

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace sociscope::cli {


std::string timeText(std::int64_t unixMicros)
{
    auto t = soci::timestampFromUnix(unixMicros / 1000000, (unixMicros % 1000000) * 1000);
    return t ? soci::formatRfc3339Nano(*t) : std::string();
}

// An absolute path without symlinks; a lexical absolute path when the folder
// cannot be resolved (a dead FUSE mount answers ENOTCONN).
std::string canonicalPath(const std::string& path)
{
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf))
        return buf;
    std::string abs = path;
    if (abs.empty() || abs[0] != '/') {
        if (::getcwd(buf, sizeof buf))
            abs = std::string(buf) + "/" + path;
    }
    return "/" + fs::ImageTree::cleanPath(abs);
}

namespace {
std::string selfDir()
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return ".";
    std::string p(buf, static_cast<size_t>(n));
    return p.substr(0, p.rfind('/'));
}

} // namespace

// The daemon to talk to; for mount, one is started when none serves us and
// nothing listens on the last candidate socket (this user's).
Result<std::unique_ptr<client::DaemonClient>> connectDaemon(Context& ctx, bool start)
{
    if (!start)
        return client::connectAny();
    std::string program = files::companionProgram("sociscoped");
    if (program.empty())
        return makeError(ErrorCode::NotFound, "cannot find sociscoped next to sociscopectl or in ../libexec/sociscope",
                         selfDir());
    std::string note;
    auto conn = client::connectOrStart(program, &note);
    if (!note.empty() && !ctx.globals().quiet)
        std::fprintf(stderr, "sociscopectl: %s\n", note.c_str());
    return conn;
}

Json statsJson(const client::MountStats& s)
{
    return { { "networkBytes", s.networkBytes }, { "indexBytes", s.indexBytes }, { "ztocBytes", s.ztocBytes },
        { "spanBytes", s.spanBytes }, { "wholeLayerBytes", s.wholeLayerBytes }, { "cachedBytes", s.cachedBytes },
        { "imageBytes", s.imageBytes }, { "requests", s.requests }, { "rangeRequests", s.rangeRequests },
        { "spansFetched", s.spansFetched }, { "spansVerified", s.spansVerified }, { "spansFailed", s.spansFailed },
        { "cacheHits", s.cacheHits }, { "cacheMisses", s.cacheMisses }, { "reads", s.reads },
        { "readBytes", s.readBytes }, { "readErrors", s.readErrors }, { "floorBytes", s.floorBytes },
        { "ztocFloorBytes", s.ztocFloorBytes }, { "wholeLayerFloorBytes", s.wholeLayerFloorBytes },
        { "spanFloorBytes", s.spanFloorBytes }, { "foregroundBytes", s.foregroundBytes },
        { "backgroundBytes", s.backgroundBytes }, { "localBytes", s.localBytes }, { "inflatedHits", s.inflatedHits },
        { "inflatedBytes", s.inflatedBytes }, { "background", s.background },
        { "backgroundState", s.backgroundState }, { "prefetchBytes", s.prefetchBytes },
        { "prefetchSpans", s.prefetchSpans } };
}

namespace {

Json mountJson(const client::MountInfo& m)
{
    Json j;
    j["id"] = m.id;
    j["reference"] = m.reference;
    j["mountpoint"] = m.mountpoint;
    j["digest"] = m.digest;
    j["platform"] = m.platform;
    j["layers"] = m.layers;
    j["layersDir"] = m.layersDir;
    j["uid"] = m.uid;
    j["mountedAt"] = timeText(m.mountedUnixMs * 1000);
    j["indexDigest"] = m.indexDigest.empty() ? Json(nullptr) : Json(m.indexDigest);
    j["indexVersion"] = m.indexVersion ? Json(m.indexVersion) : Json(nullptr);
    j["runId"] = m.runId.empty() ? Json(nullptr) : Json(m.runId);
    j["background"] = m.background;
    return j;
}

Status runMount(Context& ctx, Args& args)
{
    auto background = args.option("background");
    if (!background)
        return background.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 2)
        return makeError(ErrorCode::Usage, "usage: mount REF DIR");
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    // The daemon has another working folder: oci: paths travel absolute.
    if (ref->isLayout)
        ref->layoutPath = canonicalPath(ref->layoutPath);
    const std::string& dirArg = (*pos)[1];
    struct stat st { };
    if (::stat(dirArg.c_str(), &st) != 0) {
        if (errno != ENOENT)
            return makeError(ErrorCode::Io, std::string("cannot use the mountpoint: ") + std::strerror(errno), dirArg);
        if (::mkdir(dirArg.c_str(), 0755) != 0)
            return makeError(
                ErrorCode::Io, std::string("cannot create the mountpoint: ") + std::strerror(errno), dirArg);
    } else if (!S_ISDIR(st.st_mode)) {
        return makeError(ErrorCode::Usage, "the mountpoint is not a folder", dirArg);
    }
    auto image = client::imageSource(*ref, ctx.globals().platform, ctx.globals().plainHttp, ctx.globals().insecure);
    if (!image)
        return image.error();
    auto conn = connectDaemon(ctx, true);
    if (!conn)
        return conn.error();
    ctx.progress("mounting " + ref->str() + " …");
    auto m = (*conn)->mount({ std::move(*image), canonicalPath(dirArg), background->value_or("") });
    ctx.endProgress();
    if (!m)
        return m.error();
    if (ctx.globals().json) {
        Json j = mountJson(*m);
        j["socket"] = (*conn)->socket();
        ctx.printJson(std::move(j));
    } else if (!ctx.globals().quiet) {
        std::printf("mounted %s at %s (%u layers; layer views in %s; background fetch: %s)\n", m->reference.c_str(),
            m->mountpoint.c_str(), m->layers, m->layersDir.c_str(), m->background.c_str());
    }
    return {};
}

Status runUmount(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "usage: umount DIR");
    auto conn = connectDaemon(ctx, false);
    if (!conn)
        return conn.error();
    auto r = (*conn)->unmount(canonicalPath((*pos)[0]));
    if (!r)
        return r.error();
    if (ctx.globals().json)
        ctx.printJson({ { "mountpoint", r->mountpoint }, { "busy", r->busy } });
    else if (r->busy)
        std::printf("%s is busy: detached; it keeps serving the files still open until they are closed\n",
            r->mountpoint.c_str());
    else if (!ctx.globals().quiet)
        std::printf("unmounted %s\n", r->mountpoint.c_str());
    return {};
}

Status runMounts(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (!pos->empty())
        return makeError(ErrorCode::Usage, "usage: mounts [--json]");
    auto conn = connectDaemon(ctx, false);
    std::vector<client::MountInfo> mounts;
    std::vector<client::MountStats> stats;
    if (conn) {
        auto m = (*conn)->listMounts();
        if (!m)
            return m.error();
        mounts = std::move(*m);
        auto s = (*conn)->stats("");
        if (!s)
            return s.error();
        stats = std::move(*s);
    } else if (conn.error().code != ErrorCode::NotFound) {
        return conn.error();
    }
    if (ctx.globals().json) {
        Json list = Json::array();
        for (const auto& m : mounts) {
            Json j = mountJson(m);
            j["stats"] = nullptr;
            for (const auto& s : stats)
                if (s.mountId == m.id)
                    j["stats"] = statsJson(s);
            list.push_back(std::move(j));
        }
        ctx.printJson(
            { { "socket", conn ? Json((*conn)->socket()) : Json(nullptr) }, { "mounts", std::move(list) } });
        return {};
    }
    for (const auto& m : mounts) {
        std::string fetched = "-";
        std::string reads = "-";
        std::string background = "background " + m.background;
        for (const auto& s : stats)
            if (s.mountId == m.id) {
                fetched = str::humanBytes(s.foregroundBytes) + " (floor " + str::humanBytes(s.floorBytes) + ")";
                reads = std::to_string(s.reads) + " reads, " + std::to_string(s.readErrors) + " failed";
                background += ": " + s.backgroundState + ", " + str::humanBytes(s.backgroundBytes) + "; local "
                    + str::humanBytes(s.localBytes) + " of " + str::humanBytes(s.imageBytes);
            }
        std::printf("%s  %s  %u layers  fetched %s  %s  %s\n", str::printable(m.mountpoint).c_str(),
            str::printable(m.reference).c_str(), m.layers, fetched.c_str(), reads.c_str(), background.c_str());
    }
    return {};
}

Status runEvents(Context& ctx, Args& args)
{
    auto count = args.option("count");
    if (!count)
        return count.error();
    auto mount = args.option("mount");
    if (!mount)
        return mount.error();
    auto layer = args.option("layer");
    if (!layer)
        return layer.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (!pos->empty())
        return makeError(ErrorCode::Usage, "usage: events [--json] [--count N] [--mount DIR] [--layer N]");
    std::uint64_t limit = 0;
    if (*count) {
        auto n = str::parseU64(**count);
        if (!n || *n == 0)
            return makeError(ErrorCode::Usage, "--count needs a positive number");
        limit = *n;
    }
    client::EventFilter filter;
    if (*layer) {
        auto n = str::parseU64(**layer);
        if (!n)
            return makeError(ErrorCode::Usage, "--layer needs a layer number (0 = bottom)");
        filter.layer = static_cast<int>(*n);
    }
    if (*mount)
        filter.mountpoint = canonicalPath(**mount);
    auto conn = connectDaemon(ctx, false);
    if (!conn)
        return conn.error();
    const bool json = ctx.globals().json;
    std::uint64_t seen = 0;
    return (*conn)->events(
        filter,
        [&](const client::FetchEvent& e) {
            const std::string time = timeText(
                std::chrono::duration_cast<std::chrono::microseconds>(e.when.time_since_epoch()).count());
            if (json) {
                Json j;
                j["schemaVersion"] = JsonSchemaVersion;
                j["time"] = time;
                j["mountId"] = e.mountId;
                j["mountpoint"] = e.mountpoint;
                j["type"] = e.type;
                j["layer"] = e.layer >= 0 ? Json(e.layer) : Json(nullptr);
                j["span"] = e.span >= 0 ? Json(e.span) : Json(nullptr);
                j["bytes"] = e.bytes;
                j["micros"] = e.micros;
                j["background"] = e.background;
                j["prefetch"] = e.prefetch;
                j["path"] = e.path.empty() ? Json(nullptr) : Json(e.path);
                j["dropped"] = e.dropped;
                j["runId"] = e.runId.empty() ? Json(nullptr) : Json(e.runId);
                std::printf("%s\n", jsontext::dump(std::move(j)).c_str());
            } else {
                std::string line = time + "  " + str::printable(e.mountpoint) + "  " + e.type;
                if (e.layer >= 0)
                    line += "  layer " + std::to_string(e.layer);
                if (e.span >= 0)
                    line += "  span " + std::to_string(e.span);
                line += "  " + str::humanBytes(e.bytes) + "  " + std::to_string(e.micros / 1000) + " ms";
                if (e.background)
                    line += "  (background)";
                if (e.prefetch)
                    line += "  (prefetch)";
                if (!e.path.empty())
                    line += "  " + str::printable(e.path);
                if (e.dropped)
                    line += "  (" + std::to_string(e.dropped) + " events dropped before)";
                std::printf("%s\n", line.c_str());
            }
            std::fflush(stdout);
            return limit == 0 || ++seen < limit;
        },
        [&] {
            if (!ctx.globals().quiet)
                std::fprintf(stderr, "listening for fetch events on %s\n", (*conn)->socket().c_str());
        });
}

Status runDaemonStatus(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (!pos->empty())
        return makeError(ErrorCode::Usage, "usage: daemon status [--json]");
    auto conn = connectDaemon(ctx, false);
    if (!conn)
        return conn.error();
    auto v = (*conn)->version();
    if (!v)
        return v.error();
    if (ctx.globals().json) {
        ctx.printJson({ { "running", true }, { "version", v->version }, { "apiVersion", v->apiVersion },
            { "mode", v->mode }, { "pid", v->pid }, { "uid", v->uid }, { "socket", v->socket },
            { "stateDir", v->stateDir }, { "cacheDir", v->cacheDir }, { "startedAt", timeText(v->startedUnixMs * 1000) },
            { "mounts", v->mounts }, { "runs", v->runs }, { "canRun", v->canRun } });
        return {};
    }
    std::printf("sociscoped %s (%s mode), pid %d, uid %u\nsocket %s\nstate  %s\ncache  %s\n%u mount%s, %u run%s%s\n",
        v->version.c_str(), v->mode.c_str(), v->pid, v->uid, v->socket.c_str(), v->stateDir.c_str(),
        v->cacheDir.c_str(), v->mounts, v->mounts == 1 ? "" : "s", v->runs, v->runs == 1 ? "" : "s",
        v->canRun ? "" : " (runs need the system daemon, as root)");
    return {};
}

} // namespace

void addDaemonCommands(std::vector<Command>& out)
{
    out.push_back({ "mount", "mount an image as a folder, lazily, through sociscoped",
        "mount REF DIR [--background off|all|BYTES]\n\n"
        "DIR is created when missing; layer views are in DIR/.layers/N. --background: what the daemon fetches\n"
        "into its cache while the mount is quiet; default a 64 MiB budget (the daemon's --background-mount),\n"
        "\"all\" for the whole image, \"off\", or another budget such as 1GiB.", runMount });
    out.push_back({ "umount", "unmount a folder mounted by `mount`", "umount DIR", runUmount });
    out.push_back({ "mounts", "list the daemon's mounts and their fetch counters", "mounts [--json]", runMounts });
    out.push_back({ "events", "stream the daemon's fetch events, live",
        "events [--json] [--count N] [--mount DIR] [--layer N]", runEvents });
    out.push_back({ "daemon", "the daemon: status", "daemon status [--json]", [](Context& ctx, Args& args) {
                       return dispatchSub(ctx, args, { { "status", runDaemonStatus } }, "daemon");
                   } });
}

} // namespace sociscope::cli
