// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "mount_manager.h"
#include "run/spec.h"
#include "state_store.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sociscope::daemon {

// What a client asks to run.
struct RunSpec {
    MountSpec image; // reference, platform, credentials, transport; the mountpoint is the daemon's
    run::RunOverrides overrides;
    std::string name; // "" = the id's first 12 digits
    bool interactive = false; // stdin is forwarded
    bool remove = false; // nothing is kept after the exit
    unsigned rows = 0, cols = 0; // tty: the terminal's size at start
};

// A run as listed.
struct RunRecord {
    std::string id;
    std::string name;
    std::string reference;
    std::string digest;
    std::string platform;
    std::vector<std::string> command;
    std::string status = "starting"; // starting, running, stopping, exited
    uid_t uid = 0;
    std::int64_t createdUnixMs = 0, startedUnixMs = 0, finishedUnixMs = 0;
    int exitCode = 0; // the code, or 128 + the signal
    int signal = 0;
    pid_t pid = 0; // the container's init, while running
    bool tty = false;
    bool remove = false;
    std::string mountpoint; // the run's image mount
    std::string mountId;
    std::string rootfs; // the overlay
    std::string user; // "uid:gid"
    MountStatsSnapshot stats; // live while mounted, then as they were at the exit
};

// One piece of a run's output for its client.
struct RunChunk {
    enum class Kind { Stdout, Stderr, Exit };
    Kind kind = Kind::Stdout;
    std::string data;
    RunRecord final; // Kind::Exit
};

// The bounded queue between a run's output and its client's stream. When it
// is full the run stops reading the container's output (so a slow client
// slows the container, and nothing is lost); once closed (detached, or the
// client went away) output is dropped. Thread-safe.
class RunSink final {
public:
    explicit RunSink(std::size_t capacity = 256)
        : m_capacity(capacity)
    {
    }
    // Room for more output (always true once closed: it is dropped).
    bool hasRoom();
    // Queues a chunk; Exit is taken even when full; dropped once closed.
    void push(RunChunk chunk);
    // The next chunk, or nullopt after wait or once closed and empty.
    std::optional<RunChunk> pop(std::chrono::milliseconds wait);
    // Drops what waits and what comes; wakes the reader.
    void close();
    bool closed();
    // Called (outside the lock) whenever a pop makes room.
    void setOnRoom(std::function<void()> f);

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<RunChunk> m_chunks;
    std::size_t m_capacity;
    bool m_closed = false;
    std::function<void()> m_onRoom;
};

// How the run manager works.
struct RunManagerOptions {
    bool canRun = false; // a daemon running as root
    std::string bundlesDir; // STATE/bundles: one folder per run
    std::string runcRoot; // STATE/runc: runc's --root
    std::string hostResolvConf = "/etc/resolv.conf";
    std::chrono::seconds startTimeout { 60 }; // runc create and start
};

class Run;

// The daemon's runs: each one mounts its image (a mount of its own, under the
// run's folder), stacks the layer views with overlayfs and a private upper
// folder, writes a runtime bundle, and runs it with runc; its output goes to
// the client that started it. Who may do what: root everything; others their
// own runs. Thread-safe.
class RunManager final {
public:
    RunManager(RunManagerOptions options, StateStore& state, MountManager& mounts);
    // Stops every run (bounded), see stopAll.
    ~RunManager();
    RunManager(const RunManager&) = delete;
    RunManager& operator=(const RunManager&) = delete;

    // Mounts the image, builds the bundle and starts the container; returns
    // once it runs. Its output goes to sink. Unsupported (with how to start
    // the system daemon) when the daemon is not root; Usage for a name in
    // use; the image's, user's and runc's errors otherwise (nothing is left
    // behind then).
    Result<std::shared_ptr<Run>> start(const Caller& caller, RunSpec spec, std::shared_ptr<RunSink> sink);
    // Stops a run (id, unique id prefix or name): SIGTERM, SIGKILL after grace,
    // then everything it made is removed. A run that already exited is just
    // removed. NotFound, Auth.
    Result<RunRecord> stop(const Caller& caller, const std::string& which, std::chrono::seconds grace);
    // The caller's runs (all of them for root), oldest first.
    std::vector<RunRecord> list(const Caller& caller);
    // Live and kept runs, all callers.
    std::size_t count();
    // Stops every run (SIGTERM, SIGKILL after grace) and removes them all.
    void stopAll(std::chrono::seconds grace);

    // The message a daemon that is not root gives for runs.
    static std::string notRootMessage();

private:
    friend class Run;
    // Called by a run's thread once it has exited and been taken down.
    void finished(const std::string& id, bool forget);
    // Joins the threads of runs that were forgotten (m_mutex held).
    void reap();
    Result<std::shared_ptr<Run>> find(const Caller& caller, const std::string& which);

    RunManagerOptions m_options;
    StateStore& m_state;
    MountManager& m_mounts;
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<Run>> m_runs; // by id
    std::vector<std::shared_ptr<Run>> m_done; // forgotten, thread to join
};

// A run: its container, its output pump, and what it made. Created by
// RunManager::start; the stream that started it drives it with these calls.
class Run final {
public:
    Run(RunManager& manager, std::string id, RunSpec spec, const Caller& caller, std::shared_ptr<RunSink> sink);
    // Joins the supervising thread.
    ~Run();
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    [[nodiscard]] const std::string& id() const { return m_id; }
    // A snapshot of the record (counters fresh while mounted).
    RunRecord record();
    // Input for the container (interactive runs; dropped otherwise).
    void writeStdin(std::string data);
    void closeStdin();
    // The terminal's new size (tty runs).
    void resize(unsigned rows, unsigned cols);
    // SIGTERM now (or once it runs), SIGKILL after grace.
    void requestStop(std::chrono::seconds grace);
    // Waits up to `wait` for the run to have exited and been taken down.
    bool waitFinished(std::chrono::milliseconds wait);
    // The sink its output goes to.
    [[nodiscard]] const std::shared_ptr<RunSink>& sink() const { return m_sink; }

private:
    friend class RunManager;
    // Mounts, builds and starts (on the caller's thread).
    Status setUp();
    // Everything made so far is removed; keepUpper leaves the upper folder.
    void takeDown(bool keepUpper);
    // The supervising thread: pumps output and input, stops, reaps.
    void supervise();
    void wake();

    RunManager& m_manager;
    const std::string m_id;
    const RunSpec m_spec;
    const Caller m_caller;
    const std::shared_ptr<RunSink> m_sink;
    std::string m_dir;

    std::mutex m_mutex;
    std::condition_variable m_cv;
    RunRecord m_record;
    std::string m_pendingStdin;
    bool m_stdinClosed = false;
    std::optional<std::pair<unsigned, unsigned>> m_pendingResize;
    std::optional<std::chrono::steady_clock::time_point> m_killAt; // a stop was asked: SIGKILL then
    bool m_finished = false;
    std::atomic<bool> m_threadDone { false }; // supervise() has nothing left to do but return

    // Set up by setUp(), used by the supervising thread.
    int m_wakeFd = -1;
    pid_t m_runcPid = 0; // foreground runc (no tty)
    pid_t m_initPid = 0; // the container's init (tty: our child once runc exits)
    int m_procFd = -1; // pidfd of whichever is waited for
    int m_stdinFd = -1, m_stdoutFd = -1, m_stderrFd = -1; // pipes (no tty)
    int m_masterFd = -1; // the terminal (tty)
    bool m_overlayMounted = false;
    bool m_imageMounted = false;
    std::thread m_thread;
};

// Kills the containers a previous daemon left in runcRoot, unmounts their
// overlays and image mounts, and removes their folders (those in the run
// records and any other under bundlesDir). Returns what was cleaned.
std::vector<std::string> cleanLeftoverRuns(
    StateStore& store, const std::string& runcRoot, const std::string& bundlesDir);

// Milliseconds since the Unix epoch, for run records.
std::int64_t unixNowMs();

} // namespace sociscope::daemon
