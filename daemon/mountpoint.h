// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/fd.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <sys/types.h>

namespace sociscope::daemon {

// A folder checked for mounting and held open (O_PATH), so that what is
// mounted on is what was checked even if a path component is swapped later.
class PinnedDir final {
public:
    // Opens and checks path: absolute, an existing folder, and — when owner is
    // set — owned by that uid (the rule fusermount3 applies to users). Usage
    // or NotFound with a sentence naming the folder; Auth when not owned.
    static Result<PinnedDir> open(const std::string& path, std::optional<uid_t> owner);
    PinnedDir(PinnedDir&& other) noexcept = default;
    PinnedDir& operator=(PinnedDir&&) = delete;
    PinnedDir(const PinnedDir&) = delete;

    // The folder's canonical path when it was opened.
    [[nodiscard]] const std::string& path() const { return m_path; }
    // "/proc/self/fd/N": a path to exactly the folder opened.
    [[nodiscard]] std::string procPath() const;

private:
    PinnedDir(util::Fd fd, std::string path)
        : m_fd(std::move(fd))
        , m_path(std::move(path))
    {
    }
    util::Fd m_fd;
    std::string m_path;
};

} // namespace sociscope::daemon
