// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A run as the daemon keeps it: what a client asked (RunSpec), what is listed
// (RunRecord), the queue its output takes to the client (RunSink), and Run,
// which mounts the image and hands the rest to a core run::Container.
// RunManager (run_manager.h) creates, finds and stops runs.
#pragma once

#include "lazy/startup_profile.h"
#include "mount_manager.h"
#include "run/container.h"
#include "run/spec.h"
#include "state_store.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
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
    // Record the spans read at startup: "until-output", "exit" or seconds; "": off.
    std::string recordStartup;
};

// How long a startup is recorded; nullopt for "" (off). Usage error for
// anything but "until-output", "exit" or 1 to 3600 seconds.
Result<std::optional<lazy::StartupRecord>> parseRecordStartup(const std::string& text);

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
    std::optional<lazy::StartupRecord> startup; // the spans read at startup, once recorded
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
class RunSink final : public run::OutputSink {
public:
    explicit RunSink(std::size_t capacity = 256)
        : m_capacity(capacity)
    {
    }
    // Room for more output (always true once closed: it is dropped).
    bool hasRoom() override;
    // The container's output, as a Stdout or Stderr chunk.
    void write(run::Stream stream, std::string data) override;
    // Queues a chunk; Exit is taken even when full; dropped once closed.
    void push(RunChunk chunk);
    // The next chunk, or nullopt after wait or once closed and empty.
    std::optional<RunChunk> pop(std::chrono::milliseconds wait);
    // Drops what waits and what comes; wakes the reader.
    void close();
    bool closed();
    // Called (outside the lock) whenever a pop makes room.
    void setOnRoom(std::function<void()> f);
    // Called once, on the writing thread, before the container's first
    // output is queued (a startup recording ends there).
    void setOnFirstOutput(std::function<void()> f);

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<RunChunk> m_chunks;
    std::size_t m_capacity;
    bool m_closed = false;
    std::function<void()> m_onRoom;
    std::function<void()> m_onFirstOutput;
};

// How the run manager works.
struct RunManagerOptions {
    bool canRun = false; // a daemon running as root
    std::string bundlesDir; // STATE/bundles: one folder per run
    std::string runcRoot; // STATE/runc: runc's --root
    std::string hostResolvConf = "/etc/resolv.conf";
    std::chrono::seconds startTimeout { 60 }; // runc create and start
};

// What a run needs of the daemon: how runs are made, the mounts its image
// goes on, the state its record is kept in, and whom to tell once it ended
// (forget: it removes itself, nothing of it is kept).
struct RunServices {
    const RunManagerOptions& options;
    StateStore& state;
    MountManager& mounts;
    std::function<void(const std::string& id, bool forget)> finished;
};

// A run: its image mount, its container, and the thread that supervises it.
// Created by RunManager::start; the stream that started it drives it with
// these calls.
class Run final {
public:
    Run(RunServices services, std::string id, RunSpec spec, const Caller& caller, std::shared_ptr<RunSink> sink);
    // Joins the supervising thread.
    ~Run();
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    [[nodiscard]] const std::string& id() const { return m_id; }
    // Fixed at creation.
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] uid_t uid() const { return m_caller.uid; }
    // The run's folder (image mount, bundle, upper, work).
    [[nodiscard]] const std::string& dir() const { return m_dir; }
    // Nothing is kept after the exit (--rm).
    [[nodiscard]] bool removesItself() const { return m_spec.remove; }

    // Mounts the image, builds the bundle and starts the container (on the
    // caller's thread), then supervises it on a thread of its own. On error
    // everything made so far is removed and the run is finished.
    Status start();
    // Removes whatever was made and marks the run finished (a run that will
    // not start).
    void abandon();
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
    // True once the supervising thread has nothing left to do but return.
    [[nodiscard]] bool threadDone() const { return m_threadDone; }
    // The sink its output goes to.
    [[nodiscard]] const std::shared_ptr<RunSink>& sink() const { return m_sink; }

private:
    Status setUp();
    // The run's own mount of the image; its filesystem.
    Result<std::shared_ptr<lazy::ImageFs>> mountImage();
    // The bundle's input: the image's config, users and groups, the overrides.
    run::BundleInput bundleInput(lazy::ImageFs& fs) const;
    // Everything made so far is removed; keepUpper leaves the upper folder.
    void takeDown(bool keepUpper);
    // The supervising thread: the container until its exit, then the record.
    void supervise();
    void markFinished();
    // Takes the startup record (once): the spans the image mount's reads
    // needed so far. until: "output", "exit" or "time".
    void recordStartup(const char* until);
    // The run's first output came (startup recording).
    void noteFirstOutput();
    // Milliseconds since the run was asked for.
    [[nodiscard]] std::int64_t sinceCreatedMs() const;

    const RunServices m_services;
    const std::string m_id;
    const RunSpec m_spec;
    const Caller m_caller;
    const std::shared_ptr<RunSink> m_sink;
    const std::string m_dir;
    const std::string m_name;
    run::Container m_container;

    std::mutex m_mutex;
    std::condition_variable m_cv;
    RunRecord m_record;
    bool m_finished = false;
    std::atomic<bool> m_threadDone { false }; // supervise() has nothing left to do but return
    bool m_imageMounted = false; // set up and taken down on one thread at a time
    // Startup recording (spec.recordStartup): what ends it, and whether it has.
    std::optional<lazy::StartupRecord> m_recording;
    bool m_recorded = false;
    const std::chrono::steady_clock::time_point m_created = std::chrono::steady_clock::now();
    std::thread m_timer; // "N seconds": takes the record after N s
    std::thread m_thread;
};

// Milliseconds since the Unix epoch, for run records.
std::int64_t unixNowMs();

} // namespace sociscope::daemon
