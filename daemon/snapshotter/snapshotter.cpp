// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "snapshotter.h"

#include "list_filter.h"
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
    return sn;
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
    const std::string& key, const std::string& parent, const Labels& labels)
{
    // S15 item 2 diverts here: a Prepare whose labels carry
    // containerd.io/snapshot.ref and the CRI image labels would first try the
    // layer's lazy view (see the top of snapshotter.h), and on any failure
    // fall through to the ordinary snapshot below.
    return create(Kind::Active, key, parent, labels);
}

Outcome<std::vector<Mount>> Snapshotter::view(const std::string& key, const std::string& parent, const Labels& labels)
{
    return create(Kind::View, key, parent, labels);
}

Outcome<std::vector<Mount>> Snapshotter::create(
    Kind kind, const std::string& key, const std::string& parent, const Labels& labels)
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
    if (::mkdir((tmp + "/fs").c_str(), 0755) != 0
        || (kind == Kind::Active && ::mkdir((tmp + "/work").c_str(), 0711) != 0)) {
        const int err = errno;
        removeFolder(tmp);
        return ioFailure("cannot make the folders of snapshot", key, err);
    }
    std::vector<std::uint64_t> parents;
    std::string placed; // the folder's final name, once renamed
    auto made = [&](std::uint64_t id, const std::vector<std::uint64_t>& chain) -> Checked {
        parents = chain;
        if (!chain.empty()) {
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
    return mountsOf(*r, parents);
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
    auto parents = m_store->parentIds(key);
    if (!parents)
        return parents.failure();
    return mountsOf(*r, *parents);
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
    removeFolder(snapshotsDir() + "/" + idName(r->id));
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
    return Done {};
}

} // namespace sociscope::snapshotter
