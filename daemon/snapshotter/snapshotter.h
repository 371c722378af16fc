// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The snapshotter room: sociscoped as containerd's snapshotter, served over
// containerd's snapshots API on its own Unix socket (snapshots_service.h)
// and plugged into containerd as a proxy plugin (docs/containerd.md).
//
// containerd unpacks ordinary layers into active snapshots we hand it,
// commits them, and runs containers on overlay mounts of the committed
// folders, as with its own overlayfs snapshotter. A layer unpack whose
// labels name the image (CRI's, or `ctr-remote images rpull`'s) is served
// lazily instead: the layer's view in an image the daemon mounts stands in
// for the folder, and containerd is told the layer exists already (as
// soci-snapshotter does). Parts:
//   meta_store.h   the metadata (SQLite, one transaction per change);
//   snapshotter.h  folders <root>/snapshots/<id>/{fs,work}, mounts, usage,
//                  cleanup, the lazy handshake, and the rules containerd
//                  expects (this file);
//   list_filter.h  containerd's filter syntax for List, the common subset;
//   remote_labels.h  what a layer unpack's CRI / ctr-remote labels say;
//   lazy_layers.h  where lazy layer views come from (the daemon's mounts);
//   snapshots_service.h  the gRPC adaptor (codes containerd maps).
//
// A remote snapshot is a committed snapshot whose fs is a symbolic link to
// the layer's view (<mount>/.layers/<n>): mounts() names fs folders as lower
// dirs and overlayfs follows the link, so a lazy layer is a lower layer like
// an unpacked one. The link's target is the same after a restart; until the
// image is mounted again it does not exist, so an overlay on it fails rather
// than showing an empty layer, and mounts() mounts it again first.
#pragma once

#include "lazy_layers.h"
#include "meta_store.h"
#include "outcome.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
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
    // Lazy layer views; null: every layer is unpacked by containerd.
    std::shared_ptr<LazyLayers> lazy;
};

// containerd's snapshotter semantics over a MetaStore and a folder tree.
// Thread-safe: containerd calls from many goroutines at once.
class Snapshotter final {
public:
    // Creates root/snapshots (0700) and opens the metadata, then removes
    // folders no snapshot owns (a crash between a folder and its record).
    // With lazy layers, the images remote snapshots stand on are mounted
    // again in the background.
    static Outcome<std::unique_ptr<Snapshotter>> open(const SnapshotterOptions& options);
    ~Snapshotter();
    Snapshotter(const Snapshotter&) = delete;
    Snapshotter& operator=(const Snapshotter&) = delete;

    // A new active snapshot on parent ("" for none): one rw bind mount of
    // its fs folder without parent, else overlay with the parents' fs
    // folders as lowerdir (nearest first), upperdir and workdir.
    // A layer unpack with the image's labels (parseRemoteLayer) becomes the
    // committed remote snapshot its target label names, and the answer is
    // AlreadyExists, so containerd neither fetches nor unpacks the layer;
    // when the layer cannot be served lazily it is an ordinary Prepare.
    // ns: the containerd namespace asking (for the remote snapshot's labels).
    Outcome<std::vector<Mount>> prepare(
        const std::string& key, const std::string& parent, const Labels& labels, const std::string& ns = "");
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
    // lazyView: for a remote snapshot, the layer view its fs links to.
    Outcome<Record> create(Kind kind, const std::string& key, const std::string& parent, const Labels& labels,
        const std::string& lazyView, std::vector<std::uint64_t>& parents);
    Outcome<std::vector<Mount>> createMounted(
        Kind kind, const std::string& key, const std::string& parent, const Labels& labels);
    // The lazy handshake: AlreadyExists when target is (now) a committed
    // remote snapshot; any other failure means "unpack it instead".
    Failure prepareRemote(const std::string& key, const std::string& parent, const Labels& labels,
        const RemoteLayer& layer, const std::string& ns);
    // Mounts again the images of the remote snapshots in chain whose view is
    // not there (a restart, an unmount behind our back). Io when one fails.
    Checked ensureViews(const std::vector<Record>& chain);
    // Unmounts the images no remote snapshot stands on any more.
    void releaseUnusedImages();
    [[nodiscard]] std::vector<Mount> mountsOf(const Record& r, const std::vector<std::uint64_t>& parents) const;
    [[nodiscard]] std::string snapshotsDir() const { return m_options.root + "/snapshots"; }
    [[nodiscard]] std::string workPath(std::uint64_t id) const;
    // Folders under snapshots/ whose name is no live id; `new-*` included.
    Outcome<std::vector<std::string>> orphans();

    SnapshotterOptions m_options;
    std::unique_ptr<MetaStore> m_store;
    std::shared_mutex m_folders; // creates share it; cleanup() takes it alone
    bool m_indexOff = false; // overlayfs knows index=off: say it (as containerd does)
    std::thread m_restore; // mounts the remote snapshots' images again after a start
};

// The remote layer a committed snapshot's labels describe, or nullopt for an
// ordinary snapshot.
std::optional<RemoteLayer> remoteLayerOf(const Info& info);

// Bytes of allocated blocks and inodes under path, each inode counted once
// (hard links), not following symlinks, not crossing into other filesystems.
Outcome<Usage> diskUsage(const std::string& path);

} // namespace sociscope::snapshotter
