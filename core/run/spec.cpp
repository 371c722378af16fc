// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run/spec.h"

#include "util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sys/resource.h>

namespace sociscope::run {

namespace {

struct PasswdEntry {
    std::string name;
    std::uint32_t uid = 0, gid = 0;
    std::string home;
};

std::vector<PasswdEntry> parsePasswd(const std::string& text)
{
    std::vector<PasswdEntry> out;
    for (const auto& line : str::split(text, '\n')) {
        const auto f = str::split(line, ':');
        if (f.size() < 6 || f[0].empty() || f[0][0] == '#')
            continue;
        auto uid = str::parseU64(f[2]);
        auto gid = str::parseU64(f[3]);
        if (!uid || !gid)
            continue;
        out.push_back({f[0], static_cast<std::uint32_t>(*uid), static_cast<std::uint32_t>(*gid), f[5]});
    }
    return out;
}

struct GroupEntry {
    std::string name;
    std::uint32_t gid = 0;
    std::vector<std::string> members;
};

std::vector<GroupEntry> parseGroup(const std::string& text)
{
    std::vector<GroupEntry> out;
    for (const auto& line : str::split(text, '\n')) {
        const auto f = str::split(line, ':');
        if (f.size() < 3 || f[0].empty() || f[0][0] == '#')
            continue;
        auto gid = str::parseU64(f[2]);
        if (!gid)
            continue;
        GroupEntry g{f[0], static_cast<std::uint32_t>(*gid), {}};
        if (f.size() >= 4 && !f[3].empty())
            g.members = str::split(f[3], ',');
        out.push_back(std::move(g));
    }
    return out;
}

bool hasKey(const std::vector<std::string>& env, const std::string& key)
{
    return std::any_of(env.begin(), env.end(), [&](const std::string& e) { return e.rfind(key + "=", 0) == 0; });
}

} // namespace

Result<ResolvedUser> resolveUser(const std::string& user, const std::string& passwd, const std::string& group)
{
    ResolvedUser r;
    const auto users = parsePasswd(passwd);
    const auto groups = parseGroup(group);
    std::string u = user, g;
    if (const size_t colon = user.find(':'); colon != std::string::npos) {
        u = user.substr(0, colon);
        g = user.substr(colon + 1);
    }
    std::string name;
    if (u.empty()) {
        r.uid = 0;
    } else if (auto n = str::parseU64(u)) {
        r.uid = static_cast<std::uint32_t>(*n);
    } else {
        name = u;
    }
    bool found = false;
    for (const auto& e : users)
        if ((!name.empty() && e.name == name) || (name.empty() && e.uid == r.uid)) {
            r.uid = e.uid;
            r.gid = e.gid;
            r.home = e.home.empty() ? "/" : e.home;
            name = e.name;
            found = true;
            break;
        }
    if (!found && !u.empty() && !str::parseU64(u))
        return makeError(ErrorCode::NotFound, "user \"" + u + "\" is not in the image's /etc/passwd");
    if (!g.empty()) {
        if (auto n = str::parseU64(g)) {
            r.gid = static_cast<std::uint32_t>(*n);
        } else {
            bool gfound = false;
            for (const auto& e : groups)
                if (e.name == g) {
                    r.gid = e.gid;
                    gfound = true;
                }
            if (!gfound)
                return makeError(ErrorCode::NotFound, "group \"" + g + "\" is not in the image's /etc/group");
        }
    }
    if (!name.empty())
        for (const auto& e : groups)
            if (e.gid != r.gid && std::find(e.members.begin(), e.members.end(), name) != e.members.end())
                r.additionalGids.push_back(e.gid);
    return r;
}

Result<std::vector<std::string>> commandLine(const oci::ImageConfig& config, const RunOverrides& overrides)
{
    std::vector<std::string> args = overrides.entrypoint ? *overrides.entrypoint : config.entrypoint;
    // A new entrypoint drops the image's Cmd, as docker run --entrypoint does.
    const std::vector<std::string>& cmd =
        !overrides.command.empty() ? overrides.command : (overrides.entrypoint ? overrides.command : config.cmd);
    args.insert(args.end(), cmd.begin(), cmd.end());
    if (args.empty())
        return makeError(ErrorCode::Usage, "the image has no command to run; give one after --");
    return args;
}

std::vector<std::string> environment(const oci::ImageConfig& config, const RunOverrides& overrides,
                                     const ResolvedUser& user)
{
    std::vector<std::string> env = config.env;
    for (const auto& kv : overrides.env) {
        const std::string key = kv.substr(0, kv.find('='));
        std::erase_if(env, [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
        env.push_back(kv);
    }
    if (!hasKey(env, "PATH"))
        env.insert(env.begin(), "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    if (!hasKey(env, "HOME"))
        env.push_back("HOME=" + user.home);
    if (overrides.tty && !hasKey(env, "TERM"))
        env.push_back("TERM=xterm");
    return env;
}

NetworkFiles networkFiles(const std::string& hostname, const std::string& hostResolvConf)
{
    NetworkFiles f;
    f.hostname = hostname + "\n";
    f.hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
              "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
              "127.0.1.1\t" + hostname + "\n";
    // Loopback resolvers of the host do not work from a container's view; the
    // host network is shared here, so the host's file is used as it is.
    f.resolvConf = hostResolvConf.empty() ? std::string("nameserver 8.8.8.8\nnameserver 8.8.4.4\n") : hostResolvConf;
    return f;
}

std::string runtimeSpec(const std::vector<std::string>& args, const std::vector<std::string>& env,
                        const std::string& cwd, const ResolvedUser& user, const std::string& hostname, bool tty,
                        const std::string& bundleDir)
{
    using Json = nlohmann::ordered_json;
    const Json caps = {"CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",      "CAP_FOWNER",           "CAP_MKNOD",
                       "CAP_NET_RAW", "CAP_SETGID",       "CAP_SETUID",      "CAP_SETFCAP",          "CAP_SETPCAP",
                       "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"};
    // Docker's 1048576 open files, or as many as this process may grant.
    rlimit lim {};
    std::uint64_t nofile = 1048576;
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_max != RLIM_INFINITY)
        nofile = std::min<std::uint64_t>(nofile, lim.rlim_max);
    Json userJ = {{"uid", user.uid}, {"gid", user.gid}};
    if (!user.additionalGids.empty())
        userJ["additionalGids"] = user.additionalGids;
    Json spec;
    spec["ociVersion"] = "1.0.2";
    spec["process"] = {{"terminal", tty},
                       {"user", userJ},
                       {"args", args},
                       {"env", env},
                       {"cwd", cwd.empty() ? std::string("/") : cwd},
                       {"capabilities", {{"bounding", caps}, {"effective", caps}, {"permitted", caps}}},
                       {"rlimits", Json::array({{{"type", "RLIMIT_NOFILE"}, {"hard", nofile}, {"soft", nofile}}})},
                       {"noNewPrivileges", true}};
    spec["root"] = {{"path", "rootfs"}, {"readonly", false}};
    spec["hostname"] = hostname;
    Json mounts = Json::array();
    mounts.push_back({{"destination", "/proc"}, {"type", "proc"}, {"source", "proc"}});
    mounts.push_back({{"destination", "/dev"}, {"type", "tmpfs"}, {"source", "tmpfs"},
                      {"options", {"nosuid", "strictatime", "mode=755", "size=65536k"}}});
    mounts.push_back({{"destination", "/dev/pts"}, {"type", "devpts"}, {"source", "devpts"},
                      {"options", {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}}});
    mounts.push_back({{"destination", "/dev/shm"}, {"type", "tmpfs"}, {"source", "shm"},
                      {"options", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}}});
    mounts.push_back({{"destination", "/dev/mqueue"}, {"type", "mqueue"}, {"source", "mqueue"},
                      {"options", {"nosuid", "noexec", "nodev"}}});
    // Host network: no network namespace, so /sys is bound from the host, read-only.
    mounts.push_back({{"destination", "/sys"}, {"type", "bind"}, {"source", "/sys"},
                      {"options", {"rbind", "nosuid", "noexec", "nodev", "ro"}}});
    for (const char* f : {"hostname", "hosts", "resolv.conf"})
        mounts.push_back({{"destination", std::string("/etc/") + f}, {"type", "bind"},
                          {"source", bundleDir + "/" + f}, {"options", {"rbind", "ro"}}});
    spec["mounts"] = mounts;
    spec["linux"] = {
        {"resources", {{"devices", Json::array({{{"allow", false}, {"access", "rwm"}}})}}},
        {"namespaces", Json::array({{{"type", "pid"}}, {{"type", "ipc"}}, {{"type", "uts"}}, {{"type", "mount"}}})},
        {"maskedPaths", {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                         "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"}},
        {"readonlyPaths", {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}}};
    return spec.dump(2);
}

} // namespace sociscope::run
