// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/beneath.h"

#include "util/strings.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sociscope::fs {

namespace {

// glibc 2.36 (Debian 12) has no openat2 wrapper.
int openat2Beneath(int dir, const char* path, int flags)
{
    open_how how {};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long r = 0;
    do {
        r = ::syscall(SYS_openat2, dir, path, &how, sizeof how);
    } while (r < 0 && errno == EINTR);
    return static_cast<int>(r);
}

int openOne(int dir, const std::string& name, bool useOpenat2)
{
    if (useOpenat2)
        return openat2Beneath(dir, name.c_str(), O_RDONLY | O_DIRECTORY);
    // A single plain name: O_NOFOLLOW covers the only component there is.
    return ::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

bool plainName(const std::string& p)
{
    return !p.empty() && p != "." && p != ".." && p.find('/') == std::string::npos;
}

} // namespace

bool haveOpenat2()
{
    // -1 not probed yet. Seccomp profiles that predate openat2 answer EPERM, not ENOSYS.
    static std::atomic<int> known{-1};
    int k = known.load();
    if (k < 0) {
        const util::Fd probe(openat2Beneath(AT_FDCWD, ".", O_PATH | O_DIRECTORY));
        k = probe || (errno != ENOSYS && errno != EPERM) ? 1 : 0;
        known.store(k);
    }
    return k == 1;
}

std::string describeObstacle(int dir, const std::string& name, const std::string& shown)
{
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode))
        return {};
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        const ssize_t n = ::readlinkat(dir, name.c_str(), target, sizeof target);
        return shown + " is a symlink" + (n >= 0 ? " to " + std::string(target, static_cast<size_t>(n)) : "") +
               "; not followed";
    }
    return shown + " is not a folder";
}

Result<util::Fd> openDirBeneath(int dir, const std::vector<std::string>& parts, bool create, Resolver how)
{
    for (const auto& p : parts)
        if (!plainName(p))
            return makeError(ErrorCode::Usage, "not a plain name: \"" + p + "\"", str::join(parts, "/"));
    const bool have = haveOpenat2();
    if (how == Resolver::Openat2 && !have)
        return makeError(ErrorCode::Unsupported, "openat2 is not available here (it needs Linux 5.6 or later)");
    const bool use2 = how != Resolver::Walk && have;
    if (use2 && !parts.empty()) {
        // The common case, one call. On failure the walk below creates what is
        // missing or names the part in the way.
        if (const int fd = openat2Beneath(dir, str::join(parts, "/").c_str(), O_RDONLY | O_DIRECTORY); fd >= 0)
            return util::Fd(fd);
    }
    util::Fd cur(::fcntl(dir, F_DUPFD_CLOEXEC, 0));
    if (!cur)
        return makeError(ErrorCode::Io, std::string("cannot duplicate a folder descriptor: ") + std::strerror(errno));
    std::string shown;
    for (const auto& part : parts) {
        shown += (shown.empty() ? "" : "/") + part;
        int fd = openOne(cur.get(), part, use2);
        if (fd < 0 && errno == ENOENT && create) {
            if (::mkdirat(cur.get(), part.c_str(), 0755) != 0 && errno != EEXIST)
                return makeError(ErrorCode::Io, "cannot create folder " + shown + ": " + std::strerror(errno));
            fd = openOne(cur.get(), part, use2);
        }
        if (fd < 0) {
            const int e = errno;
            if (e == ENOENT)
                return makeError(ErrorCode::NotFound, shown + " does not exist");
            std::string what = e == ELOOP || e == ENOTDIR ? describeObstacle(cur.get(), part, shown) : std::string();
            if (what.empty())
                what = "cannot open folder " + shown + ": " + std::strerror(e);
            errno = e;
            return makeError(ErrorCode::Io, what);
        }
        cur = util::Fd(fd);
    }
    return cur;
}

} // namespace sociscope::fs
