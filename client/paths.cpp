// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "paths.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace sociscope::client {

std::string systemRuntimeDir()
{
    return "/run/sociscope";
}

std::string userRuntimeDir()
{
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    if (xdg && xdg[0] == '/')
        return std::string(xdg) + "/sociscope";
    return "/tmp/sociscope-" + std::to_string(::geteuid());
}

std::string socketIn(const std::string& runtimeDir)
{
    return runtimeDir + "/sociscoped.sock";
}

std::string stateIn(const std::string& runtimeDir)
{
    return runtimeDir + "/state";
}

Status ensureRuntimeDir(const std::string& dir, unsigned mode, bool privateDir)
{
    if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST)
        return makeError(ErrorCode::Io, std::string("cannot create the folder: ") + std::strerror(errno), dir);
    struct stat st { };
    if (::lstat(dir.c_str(), &st) != 0)
        return makeError(ErrorCode::Io, std::string("cannot stat the folder: ") + std::strerror(errno), dir);
    if (!S_ISDIR(st.st_mode))
        return makeError(ErrorCode::Io, "not a folder (a symlink or file is in the way); remove it", dir);
    if (st.st_uid != ::geteuid())
        return makeError(
            ErrorCode::Io, "the folder belongs to uid " + std::to_string(st.st_uid) + ", not to us; remove it", dir);
    if (privateDir && (st.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0)
        return makeError(ErrorCode::Io, "the folder is open to others and cannot be closed", dir);
    return {};
}

} // namespace sociscope::client
