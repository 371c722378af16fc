// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "meta_store.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>

namespace sociscope::snapshotter {

namespace {

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One prepared statement, finalized on scope exit.
class Stmt final {
public:
    Stmt(sqlite3* db, const char* sql)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            m_stmt = nullptr;
    }
    ~Stmt() { sqlite3_finalize(m_stmt); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    [[nodiscard]] bool valid() const { return m_stmt != nullptr; }
    Stmt& bind(int i, const std::string& s)
    {
        sqlite3_bind_text(m_stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, std::int64_t v)
    {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return m_stmt ? sqlite3_step(m_stmt) : SQLITE_ERROR; }
    [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    [[nodiscard]] std::string text(int col) const
    {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    [[nodiscard]] Failure failure(const std::string& what) const
    {
        return fail(Code::Io, what + ": " + sqlite3_errmsg(m_db));
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// A transaction that rolls back unless committed.
class Transaction final {
public:
    explicit Transaction(sqlite3* db)
        : m_db(db)
    {
        m_open = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~Transaction()
    {
        if (m_open)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    [[nodiscard]] bool open() const { return m_open; }
    Checked commit()
    {
        if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail(Code::Io, std::string("the snapshot metadata could not be written: ") + sqlite3_errmsg(m_db));
        m_open = false;
        return Done {};
    }

private:
    sqlite3* m_db;
    bool m_open = false;
};

// As containerd stores labels: an empty value is no label.
std::string labelsText(const Labels& labels)
{
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : labels)
        if (!v.empty())
            j[k] = v;
    return j.dump();
}

Labels labelsFrom(const std::string& text)
{
    // Written by labelsText only; anything else (a hand-edited database) counts as none.
    const auto j = nlohmann::json::parse(text, nullptr, false);
    Labels out;
    if (j.is_object())
        for (const auto& [k, v] : j.items())
            if (v.is_string())
                out[k] = v.get<std::string>();
    return out;
}

constexpr const char* kColumns = "key, id, kind, parent, created_ns, updated_ns, labels, size, inodes";

Record recordFrom(const Stmt& s)
{
    Record r;
    r.info.name = s.text(0);
    r.id = static_cast<std::uint64_t>(s.integer(1));
    r.info.kind = static_cast<Kind>(s.integer(2));
    r.info.parent = s.text(3);
    r.info.createdNs = s.integer(4);
    r.info.updatedNs = s.integer(5);
    r.info.labels = labelsFrom(s.text(6));
    r.usage.size = s.integer(7);
    r.usage.inodes = s.integer(8);
    return r;
}

Failure transactionFailure(sqlite3* db)
{
    return fail(Code::Io, std::string("the snapshot metadata is busy or unwritable: ") + sqlite3_errmsg(db));
}

} // namespace

Outcome<std::unique_ptr<MetaStore>> MetaStore::open(const std::string& path)
{
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return fail(Code::Io, "cannot open the snapshot metadata " + path + ": " + why);
    }
    std::unique_ptr<MetaStore> store(new MetaStore(db));
    // synchronous=FULL: a change containerd was told about is on disk. The
    // parent index makes "has children?" and the parent chain cheap.
    const char* schema = "PRAGMA synchronous=FULL;"
                         "CREATE TABLE IF NOT EXISTS snapshots ("
                         " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                         " key TEXT NOT NULL UNIQUE,"
                         " kind INTEGER NOT NULL,"
                         " parent TEXT NOT NULL DEFAULT '',"
                         " created_ns INTEGER NOT NULL,"
                         " updated_ns INTEGER NOT NULL,"
                         " labels TEXT NOT NULL DEFAULT '{}',"
                         " size INTEGER NOT NULL DEFAULT 0,"
                         " inodes INTEGER NOT NULL DEFAULT 0);"
                         "CREATE INDEX IF NOT EXISTS snapshots_parent ON snapshots(parent);";
    if (auto s = store->exec(schema); !s)
        return fail(Code::Io, "cannot set up the snapshot metadata " + path + ": " + s.failure().message);
    return store;
}

MetaStore::~MetaStore()
{
    sqlite3_close(m_db);
}

Checked MetaStore::exec(const char* sql)
{
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string why = err ? err : "unknown error";
        sqlite3_free(err);
        return fail(Code::Io, why);
    }
    return Done {};
}

Outcome<Record> MetaStore::getLocked(const std::string& key)
{
    Stmt s(m_db, (std::string("SELECT ") + kColumns + " FROM snapshots WHERE key = ?").c_str());
    s.bind(1, key);
    const int rc = s.step();
    if (rc == SQLITE_ROW)
        return recordFrom(s);
    if (rc == SQLITE_DONE)
        return fail(Code::NotFound, "snapshot " + key + " does not exist");
    return s.failure("cannot read snapshot " + key);
}

Outcome<Record> MetaStore::get(const std::string& key)
{
    const std::lock_guard lock(m_mutex);
    return getLocked(key);
}

Outcome<std::vector<Record>> MetaStore::chainLocked(const std::string& name, const std::string& child)
{
    std::vector<Record> out;
    // Bounded: a cycle cannot be built through the API (a parent exists
    // before its child), but a damaged file could hold one.
    std::string next = name;
    for (std::size_t guard = 0; !next.empty(); ++guard) {
        auto p = getLocked(next);
        if (!p)
            return fail(Code::NotFound, "parent " + next + " of snapshot " + child + " is missing");
        next = p->info.parent;
        out.push_back(std::move(*p));
        if (guard > 100000)
            return fail(Code::Io, "the parent chain of snapshot " + child + " does not end");
    }
    return out;
}

namespace {
std::vector<std::uint64_t> idsOf(const std::vector<Record>& records)
{
    std::vector<std::uint64_t> out;
    out.reserve(records.size());
    for (const auto& r : records)
        out.push_back(r.id);
    return out;
}
} // namespace

Outcome<std::vector<Record>> MetaStore::parents(const std::string& key)
{
    const std::lock_guard lock(m_mutex);
    auto r = getLocked(key);
    if (!r)
        return r.failure();
    return chainLocked(r->info.parent, key);
}

Outcome<std::vector<std::uint64_t>> MetaStore::parentIds(const std::string& key)
{
    auto chain = parents(key);
    if (!chain)
        return chain.failure();
    return idsOf(*chain);
}

Outcome<Record> MetaStore::create(
    Kind kind, const std::string& key, const std::string& parent, const Labels& labels, const Made& made)
{
    if (kind == Kind::Committed)
        return fail(Code::InvalidArgument, "only active snapshots and views can be created");
    if (key.empty())
        return fail(Code::InvalidArgument, "a snapshot needs a key");
    const std::lock_guard lock(m_mutex);
    Transaction t(m_db);
    if (!t.open())
        return transactionFailure(m_db);
    if (!parent.empty()) {
        auto p = getLocked(parent);
        if (!p)
            return p.failure().code == Code::NotFound
                ? fail(Code::NotFound, "parent snapshot " + parent + " of " + key + " does not exist")
                : p.failure();
        if (p->info.kind != Kind::Committed)
            return fail(Code::InvalidArgument, "parent " + parent + " of " + key + " is not a committed snapshot");
    }
    if (auto existing = getLocked(key); existing)
        return fail(Code::AlreadyExists, "snapshot " + key + " already exists");
    else if (existing.failure().code != Code::NotFound)
        return existing.failure();
    Record r;
    r.info.name = key;
    r.info.parent = parent;
    r.info.kind = kind;
    r.info.createdNs = r.info.updatedNs = nowNs();
    r.info.labels = labelsFrom(labelsText(labels));
    Stmt ins(
        m_db, "INSERT INTO snapshots (key, kind, parent, created_ns, updated_ns, labels) VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(1, key).bind(2, static_cast<std::int64_t>(kind)).bind(3, parent);
    ins.bind(4, r.info.createdNs).bind(5, r.info.updatedNs).bind(6, labelsText(labels));
    if (ins.step() != SQLITE_DONE)
        return ins.failure("cannot record snapshot " + key);
    r.id = static_cast<std::uint64_t>(sqlite3_last_insert_rowid(m_db));
    auto chain = chainLocked(parent, key);
    if (!chain)
        return chain.failure();
    if (auto s = made(r.id, idsOf(*chain)); !s)
        return s.failure();
    if (auto s = t.commit(); !s)
        return s.failure();
    return r;
}

Outcome<Record> MetaStore::commit(const std::string& key, const std::string& name, const Labels& labels, Usage usage)
{
    if (name.empty())
        return fail(Code::InvalidArgument, "a commit needs a name");
    const std::lock_guard lock(m_mutex);
    Transaction t(m_db);
    if (!t.open())
        return transactionFailure(m_db);
    if (auto taken = getLocked(name); taken)
        return fail(Code::AlreadyExists, "committed snapshot " + name + " already exists");
    auto r = getLocked(key);
    if (!r)
        return r.failure();
    if (r->info.kind != Kind::Active)
        return fail(
            Code::FailedPrecondition, "snapshot " + key + " is not active; only active snapshots can be committed");
    r->info.name = name;
    r->info.kind = Kind::Committed;
    r->info.createdNs = r->info.updatedNs = nowNs();
    r->info.labels = labelsFrom(labelsText(labels));
    r->usage = usage;
    Stmt up(m_db,
        "UPDATE snapshots SET key = ?, kind = ?, created_ns = ?, updated_ns = ?, labels = ?, size = ?, inodes = ?"
        " WHERE id = ?");
    up.bind(1, name).bind(2, static_cast<std::int64_t>(Kind::Committed)).bind(3, r->info.createdNs);
    up.bind(4, r->info.updatedNs).bind(5, labelsText(labels)).bind(6, usage.size).bind(7, usage.inodes);
    up.bind(8, static_cast<std::int64_t>(r->id));
    if (up.step() != SQLITE_DONE)
        return up.failure("cannot commit snapshot " + key + " as " + name);
    if (auto s = t.commit(); !s)
        return s.failure();
    return r;
}

Outcome<Record> MetaStore::change(const std::string& key, const std::function<Checked(Record&)>& edit)
{
    const std::lock_guard lock(m_mutex);
    Transaction t(m_db);
    if (!t.open())
        return transactionFailure(m_db);
    auto r = getLocked(key);
    if (!r)
        return r.failure();
    if (auto s = edit(*r); !s)
        return s.failure();
    if (auto s = t.commit(); !s)
        return s.failure();
    return r;
}

Outcome<Record> MetaStore::remove(const std::string& key)
{
    return change(key, [&](Record& r) -> Checked {
        Stmt child(m_db, "SELECT key FROM snapshots WHERE parent = ? LIMIT 1");
        child.bind(1, key);
        if (child.step() == SQLITE_ROW)
            return fail(Code::FailedPrecondition,
                "snapshot " + key + " has children (" + child.text(0) + " among them); remove them first");
        Stmt del(m_db, "DELETE FROM snapshots WHERE id = ?");
        del.bind(1, static_cast<std::int64_t>(r.id));
        if (del.step() != SQLITE_DONE)
            return del.failure("cannot remove snapshot " + key);
        return Done {};
    });
}

Outcome<Info> MetaStore::update(const std::string& key, const Labels& labels, const std::vector<std::string>& paths)
{
    auto r = change(key, [&](Record& r) -> Checked {
        Info& info = r.info;
        if (paths.empty())
            info.labels = labels;
        for (const auto& path : paths) {
            if (path == "labels") {
                info.labels = labels;
            } else if (path.rfind("labels.", 0) == 0) {
                const std::string name = path.substr(7);
                // containerd's semantics: the field mask names the label; its
                // absence from the new labels deletes it.
                if (const auto it = labels.find(name); it != labels.end())
                    info.labels[name] = it->second;
                else
                    info.labels.erase(name);
            } else {
                return fail(Code::InvalidArgument,
                    "cannot update field " + path + " of snapshot " + key + "; only labels and labels.KEY can change");
            }
        }
        info.labels = labelsFrom(labelsText(info.labels));
        info.updatedNs = nowNs();
        Stmt up(m_db, "UPDATE snapshots SET labels = ?, updated_ns = ? WHERE id = ?");
        up.bind(1, labelsText(info.labels)).bind(2, info.updatedNs).bind(3, static_cast<std::int64_t>(r.id));
        if (up.step() != SQLITE_DONE)
            return up.failure("cannot update snapshot " + key);
        return Done {};
    });
    if (!r)
        return r.failure();
    return r->info;
}

Outcome<std::vector<Record>> MetaStore::all()
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, (std::string("SELECT ") + kColumns + " FROM snapshots ORDER BY key").c_str());
    std::vector<Record> out;
    int rc = SQLITE_ROW;
    while ((rc = s.step()) == SQLITE_ROW)
        out.push_back(recordFrom(s));
    if (rc != SQLITE_DONE)
        return s.failure("cannot list the snapshots");
    return out;
}

Outcome<std::set<std::uint64_t>> MetaStore::ids()
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT id FROM snapshots");
    std::set<std::uint64_t> out;
    int rc = SQLITE_ROW;
    while ((rc = s.step()) == SQLITE_ROW)
        out.insert(static_cast<std::uint64_t>(s.integer(0)));
    if (rc != SQLITE_DONE)
        return s.failure("cannot list the snapshot ids");
    return out;
}

} // namespace sociscope::snapshotter
