// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/fd.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace sociscope::fs {

// How a path is resolved beneath a folder.
enum class Resolver {
    Auto,    // openat2 when the kernel has it (Linux 5.6+), else Walk
    Openat2, // openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS); Unsupported without it
    Walk,    // openat(O_NOFOLLOW | O_DIRECTORY), one component at a time
};

// True when the running kernel (and seccomp policy) lets openat2 through.
bool haveOpenat2();

// Opens the folder dir/parts[0]/.../parts[n-1] without following any symlink
// and without leaving dir. Each part must be a plain name (not empty, ".",
// ".." and without '/'), else Usage. With create, missing folders are made
// (mode 0755). Errors name the first part that stops the walk, relative to
// dir: NotFound when missing (and not create), Io for a symlink ("… is a
// symlink to X; not followed"), a non-folder, or any other failure; errno is
// left as the failing call set it.
Result<util::Fd> openDirBeneath(int dir, const std::vector<std::string>& parts, bool create,
                                Resolver how = Resolver::Auto);

// "a/b is a symlink to X; not followed" or "a/b is not a folder": what is in
// the way at name (in dir, shown as shown). Empty when name is a folder or
// missing.
std::string describeObstacle(int dir, const std::string& name, const std::string& shown);

} // namespace sociscope::fs
