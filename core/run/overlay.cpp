// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/overlay.h"

#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace sociscope::run {

namespace {
constexpr std::size_t kMountDataMax = 4095; // one page, NUL included

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
            out += static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool under(const std::string& path, const std::string& dir)
{
    return path == dir
        || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

// rm -rf that stays on one device: a mount we could not take off is left alone.
void removeOnDevice(int parentFd, const char* name, dev_t dev, int& failures)
{
    struct stat st { };
    if (::fstatat(parentFd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (st.st_dev != dev) {
        ++failures;
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        util::Fd fd(::openat(parentFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (fd) {
            if (DIR* d = ::fdopendir(fd.get())) {
                (void)fd.release(); // the DIR owns it now
                std::vector<std::string> names;
                while (const dirent* e = ::readdir(d))
                    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
                        names.emplace_back(e->d_name);
                for (const auto& n : names)
                    removeOnDevice(::dirfd(d), n.c_str(), dev, failures);
                ::closedir(d);
            }
        }
        if (::unlinkat(parentFd, name, AT_REMOVEDIR) != 0)
            ++failures;
    } else if (::unlinkat(parentFd, name, 0) != 0) {
        ++failures;
    }
}
} // namespace

Result<std::string> overlayOptions(
    const std::vector<std::string>& lowerRelative, const std::string& upper, const std::string& work)
{
    if (lowerRelative.empty())
        return makeError(ErrorCode::Usage, "an overlay needs at least one lower folder");
    for (const auto& p : lowerRelative)
        if (p.find_first_of(":,\\") != std::string::npos)
            return makeError(ErrorCode::Usage, "a lower folder name holds ':', ',' or '\\'", p);
    std::string opts = "lowerdir=" + str::join(lowerRelative, ":") + ",upperdir=" + upper + ",workdir=" + work;
    if (opts.size() > kMountDataMax)
        return makeError(ErrorCode::Unsupported,
            "the overlay options of " + std::to_string(lowerRelative.size()) + " layers take "
                + std::to_string(opts.size()) + " bytes, more than the kernel's " + std::to_string(kMountDataMax)
                + "; use a shorter state folder",
            upper);
    return opts;
}

Status mountOverlay(const std::string& lowerBase, const std::vector<std::string>& lowerRelative,
    const std::string& upper, const std::string& work, const std::string& target)
{
    auto opts = overlayOptions(lowerRelative, upper, work);
    if (!opts)
        return opts.error();
    // The working folder is shared by every thread; one that unshares its
    // filesystem attributes has a working folder of its own.
    int err = 0;
    std::string step;
    std::thread t([&] {
        if (::unshare(CLONE_FS) != 0) {
            err = errno;
            step = "unshare(CLONE_FS)";
            return;
        }
        if (::chdir(lowerBase.c_str()) != 0) {
            err = errno;
            step = "chdir to the layer views";
            return;
        }
        if (::mount("overlay", target.c_str(), "overlay", 0, opts->c_str()) != 0) {
            err = errno;
            step = "mount overlay";
        }
    });
    t.join();
    if (err != 0)
        return makeError(ErrorCode::Io,
            step + ": " + std::strerror(err)
                + (step == "mount overlay" ? " (the kernel log, dmesg, says why overlayfs refused)" : ""),
            target + " (lower folders in " + lowerBase + ")");
    return {};
}

Status unmountPath(const std::string& target)
{
    if (::umount2(target.c_str(), UMOUNT_NOFOLLOW) == 0)
        return {};
    if (errno == EINVAL || errno == ENOENT)
        return {}; // not a mountpoint (any more)
    if (::umount2(target.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0 || errno == EINVAL || errno == ENOENT)
        return {};
    return makeError(ErrorCode::Io, std::string("cannot unmount: ") + std::strerror(errno), target);
}

std::vector<std::string> mountsUnder(const std::string& dir)
{
    std::vector<std::string> out;
    auto text = files::readFile("/proc/self/mountinfo");
    if (!text)
        return out;
    for (const auto& line : str::split(*text, '\n')) {
        const auto f = str::split(line, ' ');
        if (f.size() < 5)
            continue;
        const std::string mp = unescape(f[4]);
        if (under(mp, dir))
            out.push_back(mp);
    }
    // Mounted later means listed later: unmount in reverse.
    return out;
}

Status removeTree(const std::string& dir)
{
    if (dir.empty() || dir == "/")
        return makeError(ErrorCode::Internal, "refusing to remove the root folder");
    for (int round = 0; round < 8; ++round) {
        auto mounts = mountsUnder(dir);
        if (mounts.empty())
            break;
        std::reverse(mounts.begin(), mounts.end());
        for (const auto& m : mounts)
            (void)unmountPath(m);
    }
    if (const auto left = mountsUnder(dir); !left.empty())
        return makeError(ErrorCode::Io, "mounts are still there: " + str::join(left, ", "), dir);
    struct stat st { };
    if (::lstat(dir.c_str(), &st) != 0)
        return {};
    const auto slash = dir.rfind('/');
    const std::string parent = slash == 0 ? "/" : dir.substr(0, slash);
    const util::Fd pfd(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!pfd)
        return makeError(ErrorCode::Io, std::string("cannot open the parent folder: ") + std::strerror(errno), dir);
    int failures = 0;
    removeOnDevice(pfd.get(), dir.c_str() + slash + 1, st.st_dev, failures);
    if (failures)
        return makeError(ErrorCode::Io, std::to_string(failures) + " entries could not be removed", dir);
    return {};
}

} // namespace sociscope::run
