// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "snapshotter.h"

#include "list_filter.h"
#include "remote_labels.h"
#include "util/files.h"
#include "util/log.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fts.h>
#include <mutex>
#include <set>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sociscope::snapshotter {

namespace {

Failure ioFailure(const std::string& what, const std::string& path, int err)
{
    return fail(Code::Io, what + " " + path + ": " + std::strerror(err));
}

// rm -rf of a snapshot folder. A failure is logged, not returned: the record
// is gone already, and Cleanup retries what is left (as containerd does).
void removeFolder(const std::string& path)
{
    if (auto s = files::removeAll(path); !s)
        log::warning("could not remove snapshot folder " + path + ": " + s.error().text() + "; Cleanup will retry");
}

std::string idName(std::uint64_t id)
{
    return std::to_string(id);
}

} // namespace

Outcome<Usage> diskUsage(const std::string& path)
{
    char* roots[] = { const_cast<char*>(path.c_str()), nullptr };
    FTS* fts = ::fts_open(roots, FTS_PHYSICAL | FTS_XDEV | FTS_NOCHDIR, nullptr);
    if (!fts)
        return ioFailure("cannot measure", path, errno);
    Usage u;
    std::set<std::pair<dev_t, ino_t>> seen;
    int err = 0;
    while (FTSENT* e = ::fts_read(fts)) {
        if (e->fts_info == FTS_DP)
            continue; // a folder again on the way out
        if (e->fts_info == FTS_ERR || e->fts_info == FTS_DNR || e->fts_info == FTS_NS) {
            err = e->fts_errno;
            break;
        }
        if (!seen.insert({ e->fts_statp->st_dev, e->fts_statp->st_ino }).second)
            continue;
        u.inodes += 1;
        u.size += static_cast<std::int64_t>(e->fts_statp->st_blocks) * 512;
    }
    ::fts_close(fts);
    if (err != 0)
        return ioFailure("cannot measure", path, err);
    return u;
}

Outcome<std::unique_ptr<Snapshotter>> Snapshotter::open(const SnapshotterOptions& options)
{
    if (options.root.empty() || options.root[0] != '/')
        return fail(
            Code::InvalidArgument, "the snapshotter root must be an absolute path, not \"" + options.root + "\"");
    if (auto s = files::makeDirs(options.root, 0700); !s)
        return fail(Code::Io, s.error().text());
    if (auto s = files::makeDirs(options.root + "/snapshots", 0700); !s)
        return fail(Code::Io, s.error().text());
    const std::string metaDir = options.metadataPath.substr(0, options.metadataPath.rfind('/'));
    if (!metaDir.empty())
        if (auto s = files::makeDirs(metaDir, 0700); !s)
            return fail(Code::Io, s.error().text());
    auto store = MetaStore::open(options.metadataPath);
    if (!store)
        return store.failure();
    std::unique_ptr<Snapshotter> sn(new Snapshotter(options, std::move(*store)));
    // Like containerd: index=off where the kernel knows it, so overlay mounts
    // of the same lower folders by several containers do not trip over the
    // inode index of another mount.
    struct stat st { };
    sn->m_indexOff = ::stat("/sys/module/overlay/parameters/index", &st) == 0;
    // A crash between making a folder and recording it (or between
    // forgetting a record and deleting its folder) leaves a folder nobody
    // owns; an id whose folder is left over could also come back after a
    // rolled-back transaction, so they go now, before any new snapshot.
    if (auto c = sn->cleanup(); !c)
        return c.failure();
    // The images of remote snapshots went with the last daemon: mounted
    // again now, off the caller's thread (a registry that is slow to answer
    // must not keep containerd from its other snapshots); mounts() waits
    // for the ones a container needs.
    if (sn->m_options.lazy)
        sn->m_restore = std::thread([self = sn.get()] {
            auto all = self->m_store->all();
            if (!all)
                return;
            for (const auto& r : *all)
                if (remoteLayerOf(r.info))
                    if (auto s = self->ensureViews({ r }); !s)
                        log::warning("snapshotter: " + s.failure().message);
        });
    return sn;
}

Snapshotter::~Snapshotter()
{
    if (m_restore.joinable())
        m_restore.join();
}

std::optional<RemoteLayer> remoteLayerOf(const Info& info)
{
    const auto mark = info.labels.find("containerd.io/snapshot/remote");
    if (info.kind != Kind::Committed || mark == info.labels.end() || mark->second != "remote snapshot")
        return std::nullopt;
    auto r = parseRemoteLayer(info.labels);
    if (!r || !*r)
        return std::nullopt;
    return **r;
}

std::string Snapshotter::fsPath(std::uint64_t id) const
{
    return snapshotsDir() + "/" + idName(id) + "/fs";
}

std::string Snapshotter::workPath(std::uint64_t id) const
{
    return snapshotsDir() + "/" + idName(id) + "/work";
}

Outcome<std::vector<Mount>> Snapshotter::prepare(
    const std::string& key, const std::string& parent, const Labels& labels, const std::string& ns)
{
    if (m_options.lazy) {
        auto remote = parseRemoteLayer(labels);
        if (!remote)
            log::warning("snapshotter: Prepare " + key + ": " + remote.error().text() + "; containerd unpacks the layer");
        else if (*remote)
            if (Failure f = prepareRemote(key, parent, labels, **remote, ns); f.code == Code::AlreadyExists)
                return f;
    }
    return createMounted(Kind::Active, key, parent, labels);
}

Failure Snapshotter::prepareRemote(const std::string& key, const std::string& parent, const Labels& labels,
    const RemoteLayer& layer, const std::string& ns)
{
    const std::string what = "layer " + layer.layerDigest.str() + " of " + layer.imageRef;
    // Another pull of the same image got there first.
    if (m_store->get(layer.target))
        return fail(Code::AlreadyExists, "target snapshot " + layer.target + " already exists");
    auto view = m_options.lazy->view(layer);
    if (!view) {
        log::info("snapshotter: " + what + " is not served lazily (" + view.error().text() + "); containerd unpacks it");
        return fail(Code::NotFound, view.error().text());
    }
    std::vector<std::uint64_t> parents;
    auto made = create(Kind::Active, key, parent, labels, view->path, parents);
    if (!made)
        return made.failure();
    // What mounts the layer again after a restart, in CRI's labels whatever
    // set containerd sent (ctr-remote 0.12's names no manifest).
    Labels committed = labels;
    for (auto& [k, v] : remoteSnapshotLabels(ns))
        committed[k] = v;
    for (auto& [k, v] : criLabels(layer, view->manifest))
        committed[k] = v;
    if (auto c = m_store->commit(key, layer.target, committed, Usage {}); !c) {
        // Not committed: the active one goes again, whatever the reason.
        if (auto r = m_store->remove(key); r)
            removeFolder(snapshotsDir() + "/" + idName(r->id));
        return c.failure().code == Code::AlreadyExists ? c.failure() : fail(Code::NotFound, c.failure().message);
    }
    log::info("snapshotter: " + what + " served lazily from " + view->path + " as " + layer.target);
    return fail(Code::AlreadyExists, "target snapshot " + layer.target + " already exists (a lazy layer view)");
}

Checked Snapshotter::ensureViews(const std::vector<Record>& chain)
{
    if (!m_options.lazy)
        return Done {};
    for (const auto& r : chain) {
        const auto layer = remoteLayerOf(r.info);
        if (!layer)
            continue;
        struct stat st { };
        if (::stat(fsPath(r.id).c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            continue; // the link's target is there: the image is mounted
        auto view = m_options.lazy->view(*layer);
        if (!view)
            return fail(Code::Io,
                "layer " + layer->layerDigest.str() + " of " + layer->imageRef + " (snapshot " + r.info.name
                    + ") cannot be mounted lazily again: " + view.error().text());
    }
    return Done {};
}

void Snapshotter::releaseUnusedImages()
{
    if (!m_options.lazy)
        return;
    auto all = m_store->all();
    if (!all)
        return; // keep everything rather than guess
    std::set<std::string> used;
    for (const auto& r : *all)
        if (const auto layer = remoteLayerOf(r.info); layer && layer->manifestDigest)
            used.insert(layer->manifestDigest->str());
    m_options.lazy->keepOnly(used);
}

Outcome<std::vector<Mount>> Snapshotter::view(const std::string& key, const std::string& parent, const Labels& labels)
{
    return createMounted(Kind::View, key, parent, labels);
}

Outcome<std::vector<Mount>> Snapshotter::createMounted(
    Kind kind, const std::string& key, const std::string& parent, const Labels& labels)
{
    std::vector<std::uint64_t> parents;
    auto r = create(kind, key, parent, labels, std::string(), parents);
    if (!r)
        return r.failure();
    if (!parents.empty())
        if (auto chain = m_store->parents(key); chain)
            if (auto e = ensureViews(*chain); !e) {
                // Nothing to mount it on: the snapshot goes again.
                (void)remove(key);
                return e.failure();
            }
    return mountsOf(*r, parents);
}

Outcome<Record> Snapshotter::create(Kind kind, const std::string& key, const std::string& parent,
    const Labels& labels, const std::string& lazyView, std::vector<std::uint64_t>& parents)
{
    // Shared with other creates, exclusive against cleanup(), which would
    // otherwise take a folder being made for an orphan.
    const std::shared_lock folders(m_folders);
    // The folder is made under a temporary name and renamed to its id inside
    // the metadata transaction: a crash leaves either a `new-*` folder or an
    // id folder without a record, and both are orphans that cleanup() removes.
    std::string tmpl = snapshotsDir() + "/new-XXXXXX";
    if (!::mkdtemp(tmpl.data()))
        return ioFailure("cannot make a snapshot folder in", snapshotsDir(), errno);
    const std::string tmp = tmpl;
    // A new upper folder belongs to whoever owns the parent's, so that a
    // layer unpacked as root keeps its root folder's owner (containerd does so).
    const bool unpacked = lazyView.empty();
    if (unpacked
            ? (::mkdir((tmp + "/fs").c_str(), 0755) != 0
                || (kind == Kind::Active && ::mkdir((tmp + "/work").c_str(), 0711) != 0))
            : ::symlink(lazyView.c_str(), (tmp + "/fs").c_str()) != 0) {
        const int err = errno;
        removeFolder(tmp);
        return ioFailure("cannot make the folders of snapshot", key, err);
    }
    std::string placed; // the folder's final name, once renamed
    auto made = [&](std::uint64_t id, const std::vector<std::uint64_t>& chain) -> Checked {
        parents = chain;
        if (!chain.empty() && unpacked) {
            struct stat st { };
            const std::string parentFs = fsPath(chain.front());
            if (::stat(parentFs.c_str(), &st) != 0)
                return ioFailure("cannot read the parent folder", parentFs, errno);
            if (::lchown((tmp + "/fs").c_str(), st.st_uid, st.st_gid) != 0)
                return ioFailure("cannot give the new folder its parent's owner:", tmp + "/fs", errno);
        }
        const std::string final = snapshotsDir() + "/" + idName(id);
        if (::rename(tmp.c_str(), final.c_str()) != 0)
            return ioFailure("cannot put snapshot " + key + " in place at", final, errno);
        placed = final;
        return Done {};
    };
    auto r = m_store->create(kind, key, parent, labels, made);
    if (!r) {
        // The rename may have happened before a failed commit: both names are
        // ours to remove (the id is not recorded).
        removeFolder(placed.empty() ? tmp : placed);
        return r.failure();
    }
    return r;
}

std::vector<Mount> Snapshotter::mountsOf(const Record& r, const std::vector<std::uint64_t>& parents) const
{
    const std::uint64_t id = r.id;
    const Kind kind = r.info.kind;
    // No parent: overlay needs a lower dir, so the folder itself, bound.
    if (parents.empty())
        return { Mount { "bind", fsPath(id), { kind == Kind::View ? "ro" : "rw", "rbind" } } };
    // A view of one layer is that layer's folder, read-only.
    if (kind == Kind::View && parents.size() == 1)
        return { Mount { "bind", fsPath(parents.front()), { "ro", "rbind" } } };
    std::vector<std::string> options;
    if (m_indexOff)
        options.emplace_back("index=off");
    if (kind == Kind::Active) {
        options.push_back("workdir=" + workPath(id));
        options.push_back("upperdir=" + fsPath(id));
    }
    std::string lower = "lowerdir=";
    for (std::size_t i = 0; i < parents.size(); ++i)
        lower += (i ? ":" : "") + fsPath(parents[i]);
    options.push_back(std::move(lower));
    return { Mount { "overlay", "overlay", std::move(options) } };
}

Outcome<std::vector<Mount>> Snapshotter::mounts(const std::string& key)
{
    auto r = m_store->get(key);
    if (!r)
        return r.failure();
    if (r->info.kind == Kind::Committed)
        return fail(
            Code::FailedPrecondition, "snapshot " + key + " is committed; only active snapshots and views have mounts");
    auto chain = m_store->parents(key);
    if (!chain)
        return chain.failure();
    // What soci-snapshotter checks here too: the remote layers are there.
    if (auto e = ensureViews(*chain); !e)
        return e.failure();
    std::vector<std::uint64_t> parents;
    for (const auto& p : *chain)
        parents.push_back(p.id);
    return mountsOf(*r, parents);
}

Checked Snapshotter::commit(const std::string& name, const std::string& key, const Labels& labels)
{
    // The name first, as containerd's store checks (a retried commit gets
    // AlreadyExists, not NotFound); the store checks again in its transaction.
    if (m_store->get(name))
        return fail(Code::AlreadyExists, "committed snapshot " + name + " already exists");
    auto r = m_store->get(key);
    if (!r)
        return r.failure();
    if (r->info.kind != Kind::Active)
        return fail(
            Code::FailedPrecondition, "snapshot " + key + " is not active; only active snapshots can be committed");
    // Measured outside the store's lock (a big layer takes a while); the
    // folder does not change any more, containerd has finished writing it.
    auto u = diskUsage(fsPath(r->id));
    if (!u)
        return u.failure();
    auto c = m_store->commit(key, name, labels, *u);
    if (!c)
        return c.failure();
    return Done {};
}

Checked Snapshotter::remove(const std::string& key)
{
    auto r = m_store->remove(key);
    if (!r)
        return r.failure();
    // A remote snapshot's fs is a link: the folder goes, the view stays.
    removeFolder(snapshotsDir() + "/" + idName(r->id));
    if (remoteLayerOf(r->info))
        releaseUnusedImages();
    return Done {};
}

Outcome<Info> Snapshotter::stat(const std::string& key)
{
    auto r = m_store->get(key);
    if (!r)
        return r.failure();
    return r->info;
}

Outcome<Info> Snapshotter::update(const std::string& key, const Labels& labels, const std::vector<std::string>& paths)
{
    return m_store->update(key, labels, paths);
}

Outcome<std::vector<Info>> Snapshotter::list(const std::vector<std::string>& filters)
{
    auto filter = ListFilter::parse(filters);
    if (!filter)
        return filter.failure();
    auto all = m_store->all();
    if (!all)
        return all.failure();
    std::vector<Info> out;
    for (auto& r : *all)
        if (filter->matches(r.info))
            out.push_back(std::move(r.info));
    return out;
}

Outcome<Usage> Snapshotter::usage(const std::string& key)
{
    auto r = m_store->get(key);
    if (!r)
        return r.failure();
    if (r->info.kind == Kind::Committed)
        return r->usage;
    return diskUsage(fsPath(r->id));
}

Outcome<std::vector<std::string>> Snapshotter::orphans()
{
    auto ids = m_store->ids();
    if (!ids)
        return ids.failure();
    std::vector<std::string> out;
    DIR* d = ::opendir(snapshotsDir().c_str());
    if (!d)
        return ioFailure("cannot list", snapshotsDir(), errno);
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name == "." || name == "..")
            continue;
        char* end = nullptr;
        const unsigned long long n = std::strtoull(name.c_str(), &end, 10);
        const bool isId = !name.empty() && *end == '\0' && name == std::to_string(n);
        if (!isId || !ids->count(n))
            out.push_back(snapshotsDir() + "/" + name);
    }
    ::closedir(d);
    return out;
}

Checked Snapshotter::cleanup()
{
    const std::unique_lock folders(m_folders);
    auto list = orphans();
    if (!list)
        return list.failure();
    for (const auto& path : *list) {
        log::info("snapshotter: removing " + path + ", which no snapshot owns");
        removeFolder(path);
    }
    releaseUnusedImages();
    return Done {};
}

} // namespace sociscope::snapshotter
