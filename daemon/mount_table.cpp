// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "mount_table.h"

#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"
#include "util/subprocess.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

namespace sociscope::daemon {

namespace {
// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7'
            && s[i + 3] >= '0' && s[i + 3] <= '7') {
            out.push_back(static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
            i += 3;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

std::vector<std::string_view> fields(std::string_view line)
{
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ')
            ++i;
        const size_t start = i;
        while (i < line.size() && line[i] != ' ')
            ++i;
        if (i > start)
            out.push_back(line.substr(start, i - start));
    }
    return out;
}
} // namespace

std::vector<MountEntry> parseMountInfo(std::string_view text)
{
    // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
    std::vector<MountEntry> out;
    for (const auto& lineStr : str::split(text, '\n')) {
        const std::string_view line = lineStr;
        const auto f = fields(line);
        if (f.size() < 7)
            continue;
        size_t dash = 6;
        while (dash < f.size() && f[dash] != "-")
            ++dash;
        if (dash + 2 >= f.size())
            continue;
        MountEntry e;
        const auto id = str::parseU64(f[0]);
        const auto colon = f[2].find(':');
        if (!id || colon == std::string_view::npos)
            continue;
        const auto maj = str::parseU64(f[2].substr(0, colon));
        const auto min = str::parseU64(f[2].substr(colon + 1));
        if (!maj || !min)
            continue;
        e.id = static_cast<int>(*id);
        e.major = static_cast<unsigned>(*maj);
        e.minor = static_cast<unsigned>(*min);
        e.mountpoint = unescape(f[4]);
        e.fsType = unescape(f[dash + 1]);
        e.source = unescape(f[dash + 2]);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<MountEntry> readMountTable()
{
    auto text = files::readFile("/proc/self/mountinfo");
    return text ? parseMountInfo(*text) : std::vector<MountEntry> {};
}

std::optional<MountEntry> findMount(const std::vector<MountEntry>& table, const std::string& mountpoint)
{
    std::optional<MountEntry> found;
    for (const auto& e : table)
        if (e.mountpoint == mountpoint)
            found = e; // later lines are mounted on top
    return found;
}

Status lazyUnmount(const std::string& mountpoint)
{
    if (::geteuid() == 0) {
        if (::umount2(mountpoint.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0)
            return {};
        const int err = errno;
        return makeError(ErrorCode::Io, std::string("could not unmount: ") + std::strerror(err), mountpoint);
    }
    auto r = proc::run({ "fusermount3", "-u", "-z", "--", mountpoint }, {}, std::chrono::seconds(20));
    if (!r)
        return makeError(ErrorCode::Io, "could not run fusermount3: " + r.error().message, mountpoint);
    if (r->exitCode != 0)
        return makeError(ErrorCode::Io, "fusermount3 -u -z failed: " + std::string(str::trim(r->err)), mountpoint);
    return {};
}

Status abortFuseConnection(unsigned minor)
{
    const std::string dir = "/sys/fs/fuse/connections";
    if (::geteuid() != 0)
        return makeError(ErrorCode::Unsupported, "only root can abort a FUSE connection");
    const std::string abortFile = dir + "/" + std::to_string(minor) + "/abort";
    if (!files::exists(abortFile) && !findMount(readMountTable(), dir))
        if (::mount("fusectl", dir.c_str(), "fusectl", 0, nullptr) != 0 && errno != EBUSY)
            return makeError(ErrorCode::Io, std::string("could not mount fusectl: ") + std::strerror(errno), dir);
    const util::Fd abort(::open(abortFile.c_str(), O_WRONLY | O_CLOEXEC));
    if (!abort)
        return makeError(ErrorCode::Io, std::string("could not open: ") + std::strerror(errno), abortFile);
    if (::write(abort.get(), "1", 1) != 1)
        return makeError(ErrorCode::Io, "could not abort the FUSE connection", abortFile);
    return {};
}

} // namespace sociscope::daemon
