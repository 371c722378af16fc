// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/startup_profile.h"
#include "oci/image.h"
#include "oci/reference.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sociscope::client {
class RunSession;
struct RunSpec;
}

namespace sociscope::ui {

class JobPool;

// What to run: the image, and the command and environment the user settled on.
struct RunSpec {
    oci::Reference ref;
    oci::Platform platform;
    bool plainHttp = false;
    bool insecure = false;
    QStringList argv; // replaces the image's entrypoint and command; empty: the image's own
    QStringList env; // NAME=value, added or replacing
    // Record which spans the run reads until its first output (the daemon's
    // record, as `run --record-startup`); the profile is saved after the exit.
    bool recordStartup = false;
};

// A chunk of a run's output.
struct RunOutputChunk {
    bool isError = false; // stderr
    std::string bytes;
};

// One lazy run through the system daemon, for the run console: a Qt face
// on client::RunSession, which owns the threads (one reads the stream, one
// writes stdin lines, end of input and stop from a queue), so the GUI thread
// never waits on the socket. Output goes into a buffer the GUI drains on a
// timer, so thousands of lines per second arrive as a few appends. Going
// away cancels the call; the daemon then stops the run.
class RunSession final : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Starting, Running, Exited, Failed };

    // The client session is handed to jobs to be joined when this goes.
    explicit RunSession(JobPool& jobs, QObject* parent = nullptr);
    ~RunSession() override;

    // What start() asks the daemon for: the image, the command line as typed
    // (no entrypoint in front), interactive, removed at the exit, and the
    // startup recorded until the first output when spec.recordStartup.
    static client::RunSpec clientSpec(const RunSpec& spec);
    // Starts the run (once); the daemon is found, or started, as
    // connectOrStart does (DaemonJobs::daemonProgram()).
    void start(const RunSpec& spec);
    // Sends a line (a newline is added) to the run's stdin.
    void sendLine(const QString& line);
    // Ends the run's input.
    void closeInput();
    // SIGTERM, then SIGKILL after graceSeconds.
    void stop(unsigned graceSeconds = 3);

    // Output that arrived since the last call, stdout and stderr in order
    // (adjacent chunks of one stream merged), at most maxBytes of it: the
    // rest waits for the next call, and outputReady is not posted again
    // until everything was taken. Thread-safe.
    std::vector<RunOutputChunk> takeOutput(std::size_t maxBytes);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const QString& runId() const { return m_runId; }
    [[nodiscard]] const QString& runName() const { return m_runName; }
    [[nodiscard]] const QString& digest() const { return m_digest; }
    [[nodiscard]] int exitCode() const { return m_exitCode; }
    [[nodiscard]] const QString& error() const { return m_error; }
    [[nodiscard]] const QString& statsText() const { return m_statsText; }
    // The startup profile saved after the run (RunSpec::recordStartup); empty until then.
    [[nodiscard]] const QString& profilePath() const { return m_profilePath; }
    // Bytes of output dropped because the GUI fell far behind.
    [[nodiscard]] std::uint64_t droppedBytes() const;

signals:
    void started(const QString& runId, const QString& name);
    // New output is waiting in takeOutput() (posted once per batch).
    void outputReady();
    // The run ended: its exit code (128 + signal when killed).
    void exited(int exitCode);
    // The run could not start, or the connection broke.
    void failed(const QString& error);
    // The startup profile was described and saved (after exited), or could not be.
    void startupSaved(const QString& path);
    void startupFailed(const QString& error);

private:
    struct Shared;
    // On the GUI thread: the run could not start, or the connection broke.
    void fail(const QString& error);
    // Describes the daemon's startup record against the image and saves it, on a job.
    void saveStartup(const std::string& digest, const std::vector<std::string>& command, const std::string& runId,
        const lazy::StartupRecord& record);

    JobPool& m_jobs;
    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<client::RunSession> m_session;
    State m_state = State::Idle;
    QString m_runId;
    QString m_runName;
    QString m_digest;
    QString m_error;
    QString m_statsText;
    QString m_profilePath;
    RunSpec m_spec;
    int m_exitCode = -1;
};

} // namespace sociscope::ui
