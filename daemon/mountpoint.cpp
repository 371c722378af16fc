// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "mountpoint.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sociscope::daemon {

Result<PinnedDir> PinnedDir::open(const std::string& path, std::optional<uid_t> owner)
{
    if (path.empty() || path[0] != '/')
        return makeError(ErrorCode::Usage, "the mountpoint must be an absolute path", path);
    const int fd = ::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT)
            return makeError(ErrorCode::NotFound, "the mountpoint does not exist; create the folder first", path);
        if (err == ENOTDIR)
            return makeError(ErrorCode::Usage, "the mountpoint is not a folder", path);
        if (err == ENOTCONN)
            return makeError(ErrorCode::Usage,
                "the mountpoint is a FUSE mount whose daemon is gone; run fusermount3 -u -z on it", path);
        return makeError(ErrorCode::Io, std::string("cannot open the mountpoint: ") + std::strerror(err), path);
    }
    PinnedDir pinned(util::Fd(fd), path);
    char buf[PATH_MAX + 1];
    const ssize_t n = ::readlink(pinned.procPath().c_str(), buf, PATH_MAX);
    if (n <= 0)
        return makeError(ErrorCode::Io, "cannot tell where the mountpoint is", path);
    pinned.m_path.assign(buf, static_cast<size_t>(n));
    struct stat st { };
    if (::fstat(pinned.m_fd.get(), &st) != 0 || !S_ISDIR(st.st_mode))
        return makeError(ErrorCode::Usage, "the mountpoint is not a folder", path);
    if (owner && st.st_uid != *owner)
        return makeError(ErrorCode::Auth,
            "you do not own the mountpoint (uid " + std::to_string(st.st_uid) + "); mount on a folder of your own",
            pinned.m_path);
    return pinned;
}

std::string PinnedDir::procPath() const
{
    return "/proc/self/fd/" + std::to_string(m_fd.get());
}

} // namespace sociscope::daemon
