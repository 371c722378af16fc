// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace sociscope::files {

// No limit for readFile.
inline constexpr std::uint64_t NoSizeLimit = ~std::uint64_t{0};

// Reads a whole file. NotFound when it does not exist, Io otherwise. A file
// larger than maxBytes is Malformed: a regular file is refused by its size
// before reading, anything else (a pipe, /dev/zero) once maxBytes + 1 bytes
// came, so a size cap bounds both the memory and the reading.
Result<std::string> readFile(const std::string& path, std::uint64_t maxBytes = NoSizeLimit);

// Writes data to "<path>.tmp-<random>" in the same folder, then renames over
// path: readers see the old file or the new one, never a half-written one.
// durable: fsync before the rename, so the new content survives a crash (caches
// that verify what they read can skip it).
Status writeFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0644, bool durable = true);

// mkdir -p; succeeds when the folder already exists.
Status makeDirs(const std::string& path, unsigned mode = 0755);

bool exists(const std::string& path);
bool isDirectory(const std::string& path);

// A name no other process will pick: "<prefix>.tmp-<pid>-<random>".
std::string temporaryName(const std::string& prefix);

// rm -rf; never follows symlinks out of path.
Status removeAll(const std::string& path);

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir final {
public:
    explicit TempDir(std::string_view prefix = "sociscope");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] bool valid() const { return !m_path.empty(); }

private:
    std::string m_path;
};

// The folder of the running executable.
std::string selfDir();
// A program installed with ours: next to the running executable (build tree),
// or in ../libexec/sociscope (installed). "" when neither exists.
std::string companionProgram(const std::string& name);

// $XDG_CACHE_HOME/sociscope (or ~/.cache/sociscope); /var/cache/sociscope for root daemons.
std::string cacheDir();
// $XDG_DATA_HOME/sociscope (or ~/.local/share/sociscope).
std::string dataDir();
// $XDG_STATE_HOME/sociscope (or ~/.local/state/sociscope): what the user's
// own runs leave behind (startup profiles).
std::string stateDir();

} // namespace sociscope::files
