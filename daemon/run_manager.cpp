// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run_manager.h"

#include "run/overlay.h"
#include "run/runc.h"
#include "util/files.h"
#include "util/log.h"

#include <algorithm>
#include <csignal>
#include <dirent.h>
#include <unistd.h>

namespace sociscope::daemon {

RunManager::RunManager(RunManagerOptions options, StateStore& state, MountManager& mounts)
    : m_options(std::move(options))
    , m_state(state)
    , m_mounts(mounts)
{
}

RunManager::~RunManager()
{
    stopAll(std::chrono::seconds(2));
}

std::string RunManager::notRootMessage()
{
    return "this sociscoped runs as uid " + std::to_string(::geteuid())
        + " (a user daemon): only the system daemon, running as root, runs containers. Start it with "
          "`sudo sociscoped &` (or `sudo systemctl start sociscoped` where systemd manages it) and run again";
}

Result<std::shared_ptr<Run>> RunManager::start(const Caller& caller, RunSpec spec, std::shared_ptr<RunSink> sink)
{
    if (!m_options.canRun)
        return makeError(ErrorCode::Unsupported, notRootMessage());
    for (char c : spec.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            return makeError(ErrorCode::Usage, "a run name may hold letters, digits, '-', '_' and '.'", spec.name);
    if (spec.name.size() > 64)
        return makeError(ErrorCode::Usage, "a run name has at most 64 characters", spec.name);
    const std::string id = newMountId();
    RunServices services { m_options, m_state, m_mounts,
        [this](const std::string& runId, bool forget) { finished(runId, forget); } };
    auto r = std::make_shared<Run>(std::move(services), id, std::move(spec), caller, std::move(sink));
    {
        std::lock_guard lock(m_mutex);
        reap();
        for (const auto& [oid, other] : m_runs)
            if (other->name() == r->name())
                return makeError(ErrorCode::Usage,
                    "a run named " + r->name() + " exists; stop it first or choose another --name", oid);
        m_runs[id] = r;
    }
    const RunRecord rec = r->record();
    RunState st { id, rec.name, rec.reference, r->dir(), ::getpid(), caller.uid, rec.createdUnixMs };
    Status s = m_state.saveRun(st);
    if (s) {
        log::info("run " + id + ": starting " + st.reference + " for uid " + std::to_string(caller.uid));
        s = r->start();
    } else {
        r->abandon();
    }
    if (!s) {
        log::warning("run " + id + " of " + st.reference + " failed to start: " + s.error().text());
        std::lock_guard lock(m_mutex);
        m_runs.erase(id);
        return s.error();
    }
    log::info("run " + id + " (" + r->name() + ") is running");
    return r;
}

void RunManager::finished(const std::string& id, bool forget)
{
    if (!forget)
        return;
    std::lock_guard lock(m_mutex);
    const auto it = m_runs.find(id);
    if (it == m_runs.end())
        return;
    m_done.push_back(it->second);
    m_runs.erase(it);
}

void RunManager::reap()
{
    // The thread of a finished run has returned (or is returning): joining is short.
    std::erase_if(m_done, [](const std::shared_ptr<Run>& r) { return r->threadDone(); });
}

Result<std::shared_ptr<Run>> RunManager::find(const Caller& caller, const std::string& which)
{
    std::lock_guard lock(m_mutex);
    reap();
    std::vector<std::shared_ptr<Run>> hits;
    for (const auto& [id, r] : m_runs) {
        if (id == which || r->name() == which) {
            hits = { r };
            break;
        }
        if (which.size() >= 4 && id.rfind(which, 0) == 0)
            hits.push_back(r);
    }
    if (hits.empty())
        return makeError(ErrorCode::NotFound, "no run of this daemon has that id or name", which);
    if (hits.size() > 1)
        return makeError(ErrorCode::Usage, "several runs start with that id; give more of it", which);
    if (!MountManager::mayManage(caller, hits.front()->uid()))
        return makeError(ErrorCode::Auth, "the run belongs to uid " + std::to_string(hits.front()->uid()), which);
    return hits.front();
}

Result<RunRecord> RunManager::stop(const Caller& caller, const std::string& which, std::chrono::seconds grace)
{
    auto r = find(caller, which);
    if (!r)
        return r.error();
    auto& run = **r;
    (*r)->requestStop(grace);
    if (!run.waitFinished(std::chrono::milliseconds(grace) + m_options.startTimeout + std::chrono::seconds(15)))
        return makeError(ErrorCode::Io, "the run did not end in time; see the daemon's log", run.id());
    RunRecord out = run.record();
    // A kept run's remains (its upper folder) go with Stop.
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_runs.find(run.id());
        if (it == m_runs.end())
            return out;
        m_done.push_back(it->second);
        m_runs.erase(it);
    }
    if (auto s = run::removeTree(run.dir()); !s)
        log::warning("run " + run.id() + ": " + s.error().text());
    m_state.removeRun(run.id());
    log::info("run " + run.id() + " removed");
    return out;
}

std::vector<RunRecord> RunManager::list(const Caller& caller)
{
    std::vector<std::shared_ptr<Run>> runs;
    {
        std::lock_guard lock(m_mutex);
        reap();
        for (const auto& [id, r] : m_runs)
            if (MountManager::mayManage(caller, r->uid()))
                runs.push_back(r);
    }
    std::vector<RunRecord> out;
    for (const auto& r : runs)
        out.push_back(r->record());
    std::sort(out.begin(), out.end(), [](const RunRecord& a, const RunRecord& b) {
        return a.createdUnixMs < b.createdUnixMs || (a.createdUnixMs == b.createdUnixMs && a.id < b.id);
    });
    return out;
}

std::size_t RunManager::count()
{
    std::lock_guard lock(m_mutex);
    reap();
    return m_runs.size();
}

void RunManager::stopAll(std::chrono::seconds grace)
{
    std::vector<std::shared_ptr<Run>> runs;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [id, r] : m_runs)
            runs.push_back(r);
    }
    for (const auto& r : runs)
        r->requestStop(grace);
    for (const auto& r : runs) {
        // A run still starting finishes starting first, then stops.
        if (!r->waitFinished(std::chrono::milliseconds(grace) + std::chrono::seconds(15)))
            log::warning("run " + r->id() + " did not stop in time");
        if (!r->removesItself()) {
            (void)run::removeTree(r->dir());
            m_state.removeRun(r->id());
        }
    }
    std::lock_guard lock(m_mutex);
    for (auto& [id, r] : m_runs)
        m_done.push_back(r);
    m_runs.clear();
    reap();
}

std::vector<std::string> cleanLeftoverRuns(
    StateStore& store, const std::string& runcRoot, const std::string& bundlesDir)
{
    std::vector<std::string> cleaned;
    const auto records = store.loadRuns();
    run::Runc runc(runcRoot);
    // Every container in our runc state folder is a leftover: kill and delete it.
    if (files::isDirectory(runcRoot)) {
        if (auto ids = runc.list()) {
            for (const auto& id : *ids) {
                if (auto s = runc.remove(id); !s)
                    log::warning("could not remove the container left behind: " + s.error().text());
                else
                    log::warning("removed container " + id + " left behind by a previous sociscoped");
                cleaned.push_back("container " + id);
            }
        } else {
            log::warning("could not list the containers left behind: " + ids.error().text());
        }
    }
    std::vector<std::string> dirs;
    for (const auto& r : records) {
        (void)runc.remove(r.id);
        dirs.push_back(r.dir);
    }
    if (DIR* d = ::opendir(bundlesDir.c_str())) {
        while (const dirent* e = ::readdir(d))
            if (e->d_name[0] != '.')
                dirs.push_back(bundlesDir + "/" + e->d_name);
        ::closedir(d);
    }
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    for (const auto& dir : dirs) {
        // Only folders of ours: a record naming anything else is not trusted.
        if (dir.rfind(bundlesDir + "/", 0) != 0 || dir.find("/..") != std::string::npos) {
            log::warning("ignoring a run record outside " + bundlesDir + ": " + dir);
            continue;
        }
        if (auto s = run::removeTree(dir); !s)
            log::warning("could not remove the run folder left behind: " + s.error().text());
        else
            cleaned.push_back(dir);
    }
    for (const auto& r : records)
        store.removeRun(r.id);
    return cleaned;
}

} // namespace sociscope::daemon
