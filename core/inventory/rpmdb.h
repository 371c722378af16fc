// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "inventory/package.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace sociscope::inventory {

// The packages of an RPM database in SQLite form (rpm 4.16+: rpmdb.sqlite),
// read with libsqlite3 from a private copy of the file (SQLite needs a real
// file; the image's bytes are never opened in place). dbFile is that copy;
// a "-wal" file beside it is used when present. The database is opened read
// only and only its Packages table is read; each blob is parsed with
// parseRpmHeader, and gpg-pubkey pseudo-packages are left out. path is the
// database's path in the image, copied into every Package. Malformed when the
// file is not such a database; blobs that do not parse are skipped and
// counted in skipped.
Result<std::vector<Package>> readRpmSqlite(const std::string& dbFile, const std::string& path, int* skipped = nullptr);

} // namespace sociscope::inventory
