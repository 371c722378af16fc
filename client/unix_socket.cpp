// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "unix_socket.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sociscope::client {

Result<sockaddr_un> unixAddress(const std::string& path)
{
    sockaddr_un a {};
    a.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof a.sun_path)
        return makeError(ErrorCode::Usage,
            "a Unix socket path must be 1 to " + std::to_string(sizeof a.sun_path - 1) + " bytes long", path);
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    return a;
}

Result<int> connectUnix(const std::string& path, std::chrono::milliseconds timeout)
{
    auto addr = unixAddress(path);
    if (!addr)
        return addr.error();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
            return makeError(ErrorCode::Io, std::string("socket: ") + std::strerror(errno));
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr) == 0)
            return fd;
        const int err = errno;
        ::close(fd);
        if (err == ENOENT || err == ECONNREFUSED)
            return makeError(ErrorCode::NotFound, "no daemon listens on this socket", path);
        if (err == EACCES || err == EPERM)
            return makeError(ErrorCode::Auth, "permission denied on the daemon socket", path);
        // EAGAIN: the listen backlog is full; try again until the bound.
        if (err != EAGAIN && err != EINTR)
            return makeError(ErrorCode::Network, std::string("cannot connect: ") + std::strerror(err), path);
        if (std::chrono::steady_clock::now() >= deadline)
            return makeError(ErrorCode::Network, "the daemon did not accept the connection in time", path);
        ::poll(nullptr, 0, 10);
    }
}

} // namespace sociscope::client
