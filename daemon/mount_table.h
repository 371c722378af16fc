// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::daemon {

// One line of /proc/self/mountinfo.
struct MountEntry {
    int id = 0;
    unsigned major = 0, minor = 0; // the filesystem's device (a FUSE connection's number is the minor)
    std::string mountpoint; // unescaped ("\040" -> " ")
    std::string fsType; // "fuse.sociscope", "ext4"
    std::string source; // "sociscope"
};

// The filesystem type of our mounts as mountinfo shows it.
inline constexpr std::string_view kFuseFsType = "fuse.sociscope";

// Parses mountinfo text; malformed lines are skipped.
std::vector<MountEntry> parseMountInfo(std::string_view text);
// This process's mount table (empty when /proc is not readable).
std::vector<MountEntry> readMountTable();
// The last (topmost) mount at exactly this path, if any.
std::optional<MountEntry> findMount(const std::vector<MountEntry>& table, const std::string& mountpoint);

// Detaches a FUSE mount without waiting for it (MNT_DETACH as root,
// `fusermount3 -u -z` otherwise). Busy mounts go away once their last user
// leaves. Io error when neither works.
Status lazyUnmount(const std::string& mountpoint);

// Aborts a FUSE connection through fusectl (/sys/fs/fuse/connections/N/abort),
// mounting fusectl first if needed; root only. Pending and later requests fail
// with ENOTCONN, and the daemon's session loop ends.
Status abortFuseConnection(unsigned minor);

} // namespace sociscope::daemon
