// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "inventory/rpmdb.h"

#include "inventory/parsers.h"

#include <sqlite3.h>

#include <memory>

namespace sociscope::inventory {

Result<std::vector<Package>> readRpmSqlite(const std::string& dbFile, const std::string& path, int* skipped)
{
    sqlite3* raw = nullptr;
    // Read only; no mutex needed, the handle never leaves this function.
    const int rc = sqlite3_open_v2(dbFile.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
    if (rc != SQLITE_OK)
        return makeError(ErrorCode::Malformed,
                         std::string("the RPM database cannot be opened: ") + (raw ? sqlite3_errmsg(raw) : "out of memory"),
                         path);
    sqlite3_stmt* rawStmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "SELECT blob FROM Packages ORDER BY hnum", -1, &rawStmt, nullptr) != SQLITE_OK)
        return makeError(ErrorCode::Malformed,
                         std::string("not an RPM database (no Packages table): ") + sqlite3_errmsg(db.get()), path);
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(rawStmt, sqlite3_finalize);
    std::vector<Package> out;
    int bad = 0;
    for (;;) {
        const int step = sqlite3_step(stmt.get());
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW)
            return makeError(ErrorCode::Malformed, std::string("the RPM database is damaged: ") + sqlite3_errmsg(db.get()),
                             path);
        const void* bytes = sqlite3_column_blob(stmt.get(), 0);
        const int size = sqlite3_column_bytes(stmt.get(), 0);
        if (!bytes || size <= 0) {
            ++bad;
            continue;
        }
        auto p = parseRpmHeader(std::string_view(static_cast<const char*>(bytes), static_cast<size_t>(size)), path);
        if (!p) {
            ++bad;
            continue;
        }
        if (p->name == "gpg-pubkey")
            continue;
        out.push_back(std::move(*p));
    }
    if (skipped)
        *skipped = bad;
    return out;
}

} // namespace sociscope::inventory
