// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The snapshotter room: sociscoped as containerd's snapshotter, served over
// containerd's snapshots API on its own Unix socket (snapshots_service.h)
// and plugged into containerd as a proxy plugin (docs/containerd.md).
//
// Today it is an ordinary overlayfs snapshotter with containerd's overlay
// semantics: containerd unpacks every layer into an active snapshot we hand
// it, commits it, and runs containers on overlay mounts of the committed
// folders. Parts:
//   meta_store.h   the metadata (SQLite, one transaction per change);
//   snapshotter.h  folders <root>/snapshots/<id>/{fs,work}, mounts, usage,
//                  cleanup, and the rules containerd expects (this file);
//   list_filter.h  containerd's filter syntax for List, the common subset;
//   remote_labels.h  what a layer unpack's CRI / ctr-remote labels say (the
//                  lazy pull's input; not acted on yet);
//   snapshots_service.h  the gRPC adaptor (codes containerd maps).
//
// Where the lazy pull goes (S15 item 2): Snapshotter::prepare() is the one
// place a Prepare with containerd's target label (`containerd.io/snapshot.ref`)
// and the CRI labels arrives; a resolver there would mount the layer's lazy
// view on <root>/snapshots/<id>/fs of a committed snapshot named by the target
// and answer AlreadyExists. Nothing else changes: mounts() already uses every
// parent's fs folder as a lower dir, so a FUSE view there is a lower layer
// like an unpacked one. remove() and cleanup() would then unmount before they
// delete (see removeFolder()).
#pragma once

#include "meta_store.h"
#include "outcome.h"

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace sociscope::snapshotter {

// A mount as containerd's types.Mount: type, source, fstab options.
struct Mount {
    std::string type;
    std::string source;
    std::vector<std::string> options;
};

struct SnapshotterOptions {
    std::string root; // holds snapshots/<id>/{fs,work}
    std::string metadataPath; // the SQLite file (under the daemon's state folder)
};

// containerd's snapshotter semantics over a MetaStore and a folder tree.
// Thread-safe: containerd calls from many goroutines at once.
class Snapshotter final {
public:
    // Creates root/snapshots (0700) and opens the metadata, then removes
    // folders no snapshot owns (a crash between a folder and its record).
    static Outcome<std::unique_ptr<Snapshotter>> open(const SnapshotterOptions& options);

    // A new active snapshot on parent ("" for none): one rw bind mount of
    // its fs folder without parent, else overlay with the parents' fs
    // folders as lowerdir (nearest first), upperdir and workdir.
    Outcome<std::vector<Mount>> prepare(const std::string& key, const std::string& parent, const Labels& labels);
    // A new read-only view of parent: ro bind of its fs (one layer or none),
    // else overlay of the parents without upper.
    Outcome<std::vector<Mount>> view(const std::string& key, const std::string& parent, const Labels& labels);
    // The mounts of an active snapshot or a view, again; FailedPrecondition
    // for a committed one.
    Outcome<std::vector<Mount>> mounts(const std::string& key);
    // Active key becomes committed name, with its usage measured now.
    Checked commit(const std::string& name, const std::string& key, const Labels& labels);
    // Forgets key and deletes its folder. FailedPrecondition with children.
    Checked remove(const std::string& key);
    // The Info of key.
    Outcome<Info> stat(const std::string& key);
    // Labels through a field mask (see MetaStore::update).
    Outcome<Info> update(const std::string& key, const Labels& labels, const std::vector<std::string>& paths);
    // Every snapshot matching any of filters (none: all). InvalidArgument for
    // a filter list_filter.h cannot parse.
    Outcome<std::vector<Info>> list(const std::vector<std::string>& filters);
    // Committed: the usage recorded at commit; active and views: measured now.
    Outcome<Usage> usage(const std::string& key);
    // Deletes folders no snapshot owns.
    Checked cleanup();

    // The folder tree's root.
    [[nodiscard]] const std::string& root() const { return m_options.root; }
    // Where snapshot id's files are: <root>/snapshots/<id>/fs.
    [[nodiscard]] std::string fsPath(std::uint64_t id) const;

private:
    Snapshotter(SnapshotterOptions options, std::unique_ptr<MetaStore> store)
        : m_options(std::move(options))
        , m_store(std::move(store))
    {
    }
    Outcome<std::vector<Mount>> create(
        Kind kind, const std::string& key, const std::string& parent, const Labels& labels);
    [[nodiscard]] std::vector<Mount> mountsOf(const Record& r, const std::vector<std::uint64_t>& parents) const;
    [[nodiscard]] std::string snapshotsDir() const { return m_options.root + "/snapshots"; }
    [[nodiscard]] std::string workPath(std::uint64_t id) const;
    // Folders under snapshots/ whose name is no live id; `new-*` included.
    Outcome<std::vector<std::string>> orphans();

    SnapshotterOptions m_options;
    std::unique_ptr<MetaStore> m_store;
    std::shared_mutex m_folders; // creates share it; cleanup() takes it alone
    bool m_indexOff = false; // overlayfs knows index=off: say it (as containerd does)
};

// Bytes of allocated blocks and inodes under path, each inode counted once
// (hard links), not following symlinks, not crossing into other filesystems.
Outcome<Usage> diskUsage(const std::string& path);

} // namespace sociscope::snapshotter
