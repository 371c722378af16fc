// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "state_store.h"

#include "mount_table.h"
#include "util/files.h"
#include "util/json_text.h"
#include "util/log.h"
#include "util/strings.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <random>
#include <sys/file.h>
#include <unistd.h>

namespace sociscope::daemon {

namespace {
constexpr const char* kSuffix = ".json";

bool validId(const std::string& id)
{
    if (id.empty() || id.size() > 64)
        return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}
} // namespace

std::string newMountId()
{
    std::random_device rd;
    const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

Result<std::unique_ptr<StateStore>> StateStore::open(const std::string& dir)
{
    if (auto s = files::makeDirs(dir + "/mounts", 0700); !s)
        return s.error();
    if (auto s = files::makeDirs(dir + "/runs", 0700); !s)
        return s.error();
    const std::string lockPath = dir + "/daemon.lock";
    util::Fd lock(::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    const int fd = lock.get();
    if (!lock)
        return makeError(
            ErrorCode::Io, std::string("could not open the state lock: ") + std::strerror(errno), lockPath);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char buf[32] = {};
        const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
        const std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("?");
        return makeError(ErrorCode::Io,
            "another sociscoped (pid " + std::string(str::trim(pid))
                + ") is using this state folder; stop it first or pass --state-dir",
            dir);
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
        log::warning("could not write the daemon pid into " + lockPath);
    return std::unique_ptr<StateStore>(new StateStore(dir, std::move(lock)));
}

std::string StateStore::pathOf(const std::string& id) const
{
    return m_dir + "/mounts/" + id + kSuffix;
}

Status StateStore::save(const MountState& s)
{
    if (!validId(s.id))
        return makeError(ErrorCode::Internal, "bad mount id", s.id);
    nlohmann::ordered_json j;
    j["id"] = s.id;
    j["mountpoint"] = s.mountpoint;
    j["reference"] = s.reference;
    j["pid"] = s.pid;
    j["uid"] = s.uid;
    j["mountedUnixMs"] = s.mountedUnixMs;
    // A mountpoint is any bytes: a base64 twin keeps it exact (util/json_text.h).
    return files::writeFileAtomic(pathOf(s.id), jsontext::dump(std::move(j)) + "\n", 0600);
}

void StateStore::remove(const std::string& id)
{
    if (validId(id))
        ::unlink(pathOf(id).c_str());
}

std::vector<MountState> StateStore::load() const
{
    std::vector<MountState> out;
    forEachRecord("mounts", "mount", [&](const nlohmann::json& j) {
        MountState s;
        s.id = j.at("id").get<std::string>();
        s.mountpoint = jsontext::textOf(j, "mountpoint").value();
        s.reference = jsontext::textOf(j, "reference").value_or(std::string());
        s.pid = j.value("pid", 0);
        s.uid = j.value("uid", 0u);
        s.mountedUnixMs = j.value("mountedUnixMs", std::int64_t(0));
        if (!validId(s.id) || s.mountpoint.empty() || s.mountpoint[0] != '/')
            throw std::runtime_error("bad id or mountpoint");
        out.push_back(std::move(s));
    });
    return out;
}

void StateStore::forEachRecord(const char* folder, const char* what,
                               const std::function<void(const nlohmann::json&)>& parse) const
{
    const std::string dir = m_dir + "/" + folder;
    DIR* d = ::opendir(dir.c_str());
    if (!d)
        return;
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > std::strlen(kSuffix) && name.ends_with(kSuffix))
            names.push_back(name);
    }
    ::closedir(d);
    for (const auto& name : names) {
        const std::string path = dir + "/" + name;
        auto text = files::readFile(path);
        try {
            if (!text)
                throw std::runtime_error(text.error().message);
            parse(nlohmann::json::parse(*text));
        } catch (const std::exception& e) {
            log::warning(std::string("dropping an unreadable ") + what + " record " + path + ": " + e.what());
            ::unlink(path.c_str());
        }
    }
}

std::string StateStore::runPathOf(const std::string& id) const
{
    return m_dir + "/runs/" + id + kSuffix;
}

Status StateStore::saveRun(const RunState& s)
{
    if (!validId(s.id))
        return makeError(ErrorCode::Internal, "bad run id", s.id);
    nlohmann::ordered_json j;
    j["id"] = s.id;
    j["name"] = s.name;
    j["reference"] = s.reference;
    j["dir"] = s.dir;
    j["pid"] = s.pid;
    j["uid"] = s.uid;
    j["createdUnixMs"] = s.createdUnixMs;
    return files::writeFileAtomic(runPathOf(s.id), jsontext::dump(std::move(j)) + "\n", 0600);
}

void StateStore::removeRun(const std::string& id)
{
    if (validId(id))
        ::unlink(runPathOf(id).c_str());
}

std::vector<RunState> StateStore::loadRuns() const
{
    std::vector<RunState> out;
    forEachRecord("runs", "run", [&](const nlohmann::json& j) {
        RunState s;
        s.id = j.at("id").get<std::string>();
        s.name = jsontext::textOf(j, "name").value_or(std::string());
        s.reference = jsontext::textOf(j, "reference").value_or(std::string());
        s.dir = jsontext::textOf(j, "dir").value();
        s.pid = j.value("pid", 0);
        s.uid = j.value("uid", 0u);
        s.createdUnixMs = j.value("createdUnixMs", std::int64_t(0));
        if (!validId(s.id) || s.dir.empty() || s.dir[0] != '/')
            throw std::runtime_error("bad id or folder");
        out.push_back(std::move(s));
    });
    return out;
}

std::vector<std::string> cleanLeftovers(StateStore& store)
{
    std::vector<std::string> cleaned;
    for (const auto& s : store.load()) {
        // A mountpoint may carry several stale mounts (one per crash): take
        // them off while the top one is ours, a bounded number of times.
        for (int round = 0; round < 16; ++round) {
            const auto m = findMount(readMountTable(), s.mountpoint);
            if (!m || m->fsType != kFuseFsType)
                break;
            if (auto r = lazyUnmount(s.mountpoint); !r) {
                log::warning("could not clean the mount left behind at " + s.mountpoint + ": " + r.error().text());
                break;
            }
            if (round == 0) {
                log::warning("cleaned the mount of " + s.reference + " left behind at " + s.mountpoint
                    + " by sociscoped pid " + std::to_string(s.pid));
                cleaned.push_back(s.mountpoint);
            }
        }
        store.remove(s.id);
    }
    return cleaned;
}

} // namespace sociscope::daemon
