// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/fd.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sociscope::util {

void Fd::reset(int fd) noexcept
{
    // close(2) releases the descriptor even when it reports an error (EINTR
    // included on Linux): never retry it.
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd < 0 ? -1 : fd;
}

Result<Pipe> Pipe::open()
{
    int fds[2] = { -1, -1 };
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return makeError(ErrorCode::Io, std::string("cannot make a pipe: ") + std::strerror(errno));
    return Pipe { Fd(fds[0]), Fd(fds[1]) };
}

Fd pidfdOpen(pid_t pid)
{
    return Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
}

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

} // namespace sociscope::util
