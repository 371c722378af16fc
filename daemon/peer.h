// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sociscope::daemon {

// The process at the other end of a Unix socket, as the kernel saw it at connect().
struct PeerCred {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups; // supplementary groups (SO_PEERGROUPS)
};

// SO_PEERCRED and SO_PEERGROUPS of a connected socket. Io error when the
// kernel does not tell.
Result<PeerCred> peerCredentials(int fd);

// Who may talk to a daemon: root, the daemon's own user, and members of one
// group (the system daemon's "sociscope" group, when it exists).
struct AccessPolicy {
    uid_t owner = 0;
    std::optional<gid_t> group;
    std::string groupName; // for messages

    [[nodiscard]] bool allows(const PeerCred& peer) const;
    // "root and members of group sociscope" / "uid 1000 and root".
    [[nodiscard]] std::string describe() const;
};

// The gid of a group name, or nullopt when there is no such group.
std::optional<gid_t> groupId(const std::string& name);

} // namespace sociscope::daemon
