// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "peer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <grp.h>
#include <sys/socket.h>

namespace sociscope::daemon {

Result<PeerCred> peerCredentials(int fd)
{
    ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || len != sizeof cred)
        return makeError(ErrorCode::Io, std::string("SO_PEERCRED failed: ") + std::strerror(errno));
    PeerCred p;
    p.pid = cred.pid;
    p.uid = cred.uid;
    p.gid = cred.gid;
    // The supplementary groups the peer had when it connected (Linux 4.13+).
    std::vector<gid_t> groups(64);
    for (int attempt = 0; attempt < 4; ++attempt) {
        socklen_t glen = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen) == 0) {
            groups.resize(glen / sizeof(gid_t));
            p.groups = std::move(groups);
            break;
        }
        if (errno != ERANGE)
            break;
        groups.resize(std::max<size_t>(glen / sizeof(gid_t), groups.size() * 2));
    }
    return p;
}

bool AccessPolicy::allows(const PeerCred& peer) const
{
    if (peer.uid == 0 || peer.uid == owner)
        return true;
    if (!group)
        return false;
    return peer.gid == *group || std::find(peer.groups.begin(), peer.groups.end(), *group) != peer.groups.end();
}

std::string AccessPolicy::describe() const
{
    std::string who = owner == 0 ? "root" : "uid " + std::to_string(owner) + " and root";
    if (group)
        who += " and members of group " + (groupName.empty() ? std::to_string(*group) : groupName);
    return who;
}

std::optional<gid_t> groupId(const std::string& name)
{
    if (name.empty())
        return std::nullopt;
    group g {};
    group* found = nullptr;
    std::vector<char> buf(16384);
    if (::getgrnam_r(name.c_str(), &g, buf.data(), buf.size(), &found) != 0 || !found)
        return std::nullopt;
    return found->gr_gid;
}

} // namespace sociscope::daemon
