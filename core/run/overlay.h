// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <string>
#include <vector>

namespace sociscope::run {

// The mount options of an overlay whose lower folders are given relative to
// one folder (a lazy mount's ".layers"), top layer first:
// "lowerdir=3:2:1:0,upperdir=UPPER,workdir=WORK". Usage error when they do not
// fit in the page of mount data the kernel takes (4095 bytes).
Result<std::string> overlayOptions(
    const std::vector<std::string>& lowerRelative, const std::string& upper, const std::string& work);

// Mounts overlayfs at target (absolute) with lower folders relative to
// lowerBase (absolute): the mount is made by a thread whose working folder
// alone is lowerBase (unshare(CLONE_FS)), so the relative paths resolve there
// and the rest of the process keeps its own. Root only; Io error quoting the
// kernel's errno otherwise.
Status mountOverlay(const std::string& lowerBase, const std::vector<std::string>& lowerRelative,
    const std::string& upper, const std::string& work, const std::string& target);

// Unmounts whatever is mounted at target, detaching it when busy
// (MNT_DETACH); fine when nothing is mounted there.
Status unmountPath(const std::string& target);

// Mountpoints at or below dir in this process's mount table, deepest last.
std::vector<std::string> mountsUnder(const std::string& dir);

// Removes a folder tree that may hold mountpoints: detaches every mount at or
// below it first (deepest first), then removes the files without crossing
// into any filesystem that is still mounted there. Io error when a mount
// could not be taken off (nothing is removed then).
Status removeTree(const std::string& dir);

} // namespace sociscope::run
