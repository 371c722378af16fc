// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "outcome.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

struct sqlite3;

namespace sociscope::snapshotter {

// The kinds of containerd's snapshots API, with the proto's numbers.
enum class Kind { View = 1, Active = 2, Committed = 3 };

using Labels = std::map<std::string, std::string>;

// What containerd sees of a snapshot (its Info).
struct Info {
    std::string name; // the key (active, view) or the commit name
    std::string parent; // a committed snapshot's name, or ""
    Kind kind = Kind::Active;
    std::int64_t createdNs = 0; // since the Unix epoch, UTC
    std::int64_t updatedNs = 0;
    Labels labels;
};

// Disk taken by a snapshot's own folder.
struct Usage {
    std::int64_t size = 0; // bytes of allocated blocks
    std::int64_t inodes = 0;
};

// One snapshot as stored: its Info, the number that names its folder, and
// (committed snapshots) the usage measured at commit.
struct Record {
    Info info;
    std::uint64_t id = 0;
    Usage usage;
};

// The snapshots' metadata in one SQLite database. Every change is one
// transaction, so a crash leaves the database as before or after the change;
// folders are named by id, and a folder whose id is not here is garbage that
// Cleanup removes. Ids are never handed out twice (AUTOINCREMENT). Not a
// place for policy: kinds and parents are checked here because the checks
// must sit inside the same transaction as the change.
class MetaStore final {
public:
    // Opens (creating) the database at path. Io failure names the file.
    static Outcome<std::unique_ptr<MetaStore>> open(const std::string& path);
    ~MetaStore();
    MetaStore(const MetaStore&) = delete;
    MetaStore& operator=(const MetaStore&) = delete;

    // The snapshot by key. NotFound when there is none.
    Outcome<Record> get(const std::string& key);
    // The folder ids of key's parent chain, nearest first (empty: no parent).
    Outcome<std::vector<std::uint64_t>> parentIds(const std::string& key);
    // The records of key's parent chain, nearest first.
    Outcome<std::vector<Record>> parents(const std::string& key);
    // Creates an active or view snapshot. AlreadyExists when key is taken,
    // NotFound when parent is missing, InvalidArgument when it is not
    // committed. made(id, parent chain's ids nearest first) runs inside the
    // transaction (it puts the folder in place); when it fails nothing is
    // recorded.
    using Made = std::function<Checked(std::uint64_t id, const std::vector<std::uint64_t>& parentIds)>;
    Outcome<Record> create(
        Kind kind, const std::string& key, const std::string& parent, const Labels& labels, const Made& made);
    // Turns active key into committed name (same id, same folder) with the
    // given labels and usage. AlreadyExists when name is taken, NotFound
    // without key, FailedPrecondition when key is not active.
    Outcome<Record> commit(const std::string& key, const std::string& name, const Labels& labels, Usage usage);
    // Forgets key. NotFound without it; FailedPrecondition while another
    // snapshot names it as parent. Returns what it was.
    Outcome<Record> remove(const std::string& key);
    // Replaces labels (paths empty or "labels") or single labels
    // ("labels.KEY"; a key missing from labels is deleted). InvalidArgument
    // for any other path; NotFound without the snapshot.
    Outcome<Info> update(const std::string& key, const Labels& labels, const std::vector<std::string>& paths);
    // Every snapshot, by key.
    Outcome<std::vector<Record>> all();
    // The ids in use.
    Outcome<std::set<std::uint64_t>> ids();

private:
    explicit MetaStore(sqlite3* db)
        : m_db(db)
    {
    }
    Checked exec(const char* sql);
    Outcome<Record> getLocked(const std::string& key);
    // One transaction: reads key (NotFound), lets edit change the row, commits.
    Outcome<Record> change(const std::string& key, const std::function<Checked(Record&)>& edit);
    // The records of name and its ancestors, nearest first.
    Outcome<std::vector<Record>> chainLocked(const std::string& name, const std::string& child);

    std::mutex m_mutex; // one connection, one transaction at a time
    sqlite3* m_db;
};

} // namespace sociscope::snapshotter
