// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/runsession.h"

#include "common/lazycore.h"
#include "common/qtformat.h"
#include "jobs/daemonjobs.h"
#include "jobs/jobpool.h"

#include "client.h"
#include "registry/source.h"
#include "run_session.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>

#include <deque>
#include <mutex>

namespace sociscope::ui {

namespace {
// Past this much output waiting for the GUI, the oldest is dropped.
constexpr std::size_t MaxPendingBytes = 8u << 20;
} // namespace

// What the client session's thread hands to the GUI thread: output in a
// buffer drained on a timer, and state changes posted to the session while
// it exists.
struct RunSession::Shared {
    std::mutex mutex;
    std::deque<RunOutputChunk> output;
    std::size_t outputBytes = 0;
    std::uint64_t dropped = 0;
    bool outputPosted = false;
    QPointer<RunSession> target;

    // Runs f on the session's thread, unless the session is gone.
    template <typename F> void toGui(F f)
    {
        std::lock_guard lock(mutex);
        if (target)
            QMetaObject::invokeMethod(target.data(), std::move(f), Qt::QueuedConnection);
    }

    void append(bool isError, const std::string& bytes)
    {
        std::lock_guard lock(mutex);
        if (!target)
            return;
        if (!output.empty() && output.back().isError == isError)
            output.back().bytes += bytes;
        else
            output.push_back({ isError, bytes });
        outputBytes += bytes.size();
        while (outputBytes > MaxPendingBytes && output.size() > 1) {
            outputBytes -= output.front().bytes.size();
            dropped += output.front().bytes.size();
            output.pop_front();
        }
        if (outputPosted)
            return;
        outputPosted = true;
        QMetaObject::invokeMethod(target.data(), &RunSession::outputReady, Qt::QueuedConnection);
    }
};

RunSession::RunSession(JobPool& jobs, QObject* parent)
    : QObject(parent)
    , m_jobs(jobs)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->target = this;
}

RunSession::~RunSession()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->target = nullptr;
    }
    // A client that goes away without detaching stops the run. Its threads
    // are joined on a job, not here: the cancelled call ends at once, but a
    // daemon being started at this moment makes it wait up to its start bound.
    m_jobs.dispose(std::move(m_session));
}

client::RunSpec RunSession::clientSpec(const RunSpec& spec)
{
    client::RunSpec run;
    run.image.ref = spec.ref;
    run.image.platform = spec.platform;
    run.image.plainHttp = spec.plainHttp;
    run.image.insecure = spec.insecure;
    if (!spec.argv.isEmpty()) {
        // The whole command line as typed: no entrypoint in front of it.
        run.entrypoint = std::vector<std::string>();
        for (const QString& a : spec.argv)
            run.command.push_back(a.toStdString());
    }
    for (const QString& kv : spec.env)
        run.env.push_back(kv.toStdString());
    run.interactive = true;
    run.remove = true;
    if (spec.recordStartup)
        run.recordStartup = "until-output";
    return run;
}

void RunSession::start(const RunSpec& spec)
{
    if (m_state != State::Idle)
        return;
    m_state = State::Starting;
    m_digest.clear();
    client::RunSpec run = clientSpec(spec);
    m_spec = spec;
    // On the session's thread: these read the disk (and may run a credential helper).
    const auto connect = [](client::RunSpec& s) -> Result<std::unique_ptr<client::DaemonClient>> {
        if (s.image.ref.isLayout)
            s.image.ref.layoutPath = QFileInfo(qs(s.image.ref.layoutPath)).canonicalFilePath().toStdString();
        auto image = client::imageSource(s.image.ref, s.image.platform, s.image.plainHttp, s.image.insecure);
        if (!image)
            return image.error();
        s.image = std::move(*image);
        return client::connectOrStart(DaemonJobs::daemonProgram().toStdString());
    };
    const auto onEvent = [shared = m_shared](client::RunEvent e) {
        switch (e.kind) {
        case client::RunEvent::Kind::Started: {
            const QString id = qs(e.run.id), name = qs(e.run.name), digest = qs(e.run.digest);
            shared->toGui([shared, id, name, digest] {
                if (RunSession* s = shared->target) {
                    s->m_state = State::Running;
                    s->m_runId = id;
                    s->m_runName = name;
                    s->m_digest = digest;
                    emit s->started(id, name);
                }
            });
            break;
        }
        case client::RunEvent::Kind::Stdout:
        case client::RunEvent::Kind::Stderr:
            shared->append(e.kind == client::RunEvent::Kind::Stderr, e.data);
            break;
        case client::RunEvent::Kind::Exited: {
            const int code = e.exitCode;
            const auto& st = e.run.stats;
            const QString stats = tr("fetched %1 of a %2 image; %3 from the cache")
                                      .arg(Format::bytes(static_cast<std::int64_t>(st.networkBytes)),
                                          Format::bytes(static_cast<std::int64_t>(st.imageBytes)),
                                          Format::bytes(static_cast<std::int64_t>(st.cachedBytes)));
            auto startup = e.run.startup;
            shared->toGui([shared, code, stats, startup, digest = e.run.digest, command = e.run.command,
                              id = e.run.id] {
                if (RunSession* s = shared->target) {
                    s->m_state = State::Exited;
                    s->m_exitCode = code;
                    s->m_statsText = stats;
                    emit s->exited(code);
                    if (startup)
                        s->saveStartup(digest, command, id, *startup);
                }
            });
            break;
        }
        case client::RunEvent::Kind::Detached:
            break;
        }
    };
    const auto onEnd = [shared = m_shared](const client::RunEnd& end) {
        using How = client::RunEnd::How;
        if (end.how == How::Exited || end.how == How::Detached || end.how == How::Cancelled)
            return;
        const QString error = end.how != How::Lost ? qs(end.error ? end.error->text() : std::string())
            : end.started                          ? tr("The connection to sociscoped ended before the run exited.")
                                                   : tr("sociscoped ended the run before it started.");
        shared->toGui([shared, error] {
            if (RunSession* s = shared->target)
                s->fail(error);
        });
    };
    m_session = std::make_unique<client::RunSession>(connect, std::move(run), onEvent, onEnd);
}

void RunSession::saveStartup(const std::string& digest, const std::vector<std::string>& command,
    const std::string& runId, const lazy::StartupRecord& record)
{
    // As `run --record-startup` does (sociscopectl's saveStartup): the record
    // described against the image the run used (the files behind each span,
    // from its verified zTOCs), saved where `index prefetch add
    // --from-last-run` and the image page's Startup tab find it.
    const RunSpec spec = m_spec;
    m_jobs.run(
        JobPool::Lane::Long, this,
        [spec, digest, command, runId, record]() -> Result<std::string> {
            registry::ClientOptions o;
            o.plainHttp = spec.plainHttp;
            o.insecure = o.http.insecure = spec.insecure;
            oci::Reference ref = spec.ref;
            if (ref.isLayout)
                ref.layoutPath = QFileInfo(qs(ref.layoutPath)).canonicalFilePath().toStdString();
            auto source = std::make_shared<registry::Session>(o)->open(ref);
            if (!source)
                return source.error();
            lazy::LazyOptions lo;
            lo.platform = spec.platform;
            auto image = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(*source)), digest, lo);
            if (!image)
                return image.error();
            auto profile = lazy::describeStartup(**image, record);
            if (!profile)
                return profile.error();
            profile->reference = spec.ref.str();
            profile->command = command;
            return lazy::saveProfile(*profile, runId);
        },
        [this](const Result<std::string>& path) {
            if (!path) {
                emit startupFailed(qs(path.error().text()));
                return;
            }
            m_profilePath = qs(*path);
            emit startupSaved(m_profilePath);
        });
}

void RunSession::fail(const QString& error)
{
    m_state = State::Failed;
    m_error = error;
    emit failed(error);
}

void RunSession::sendLine(const QString& line)
{
    if (m_session)
        m_session->sendStdin(line.toStdString() + '\n');
}

void RunSession::closeInput()
{
    if (m_session)
        m_session->closeStdin();
}

void RunSession::stop(unsigned graceSeconds)
{
    if (m_session)
        m_session->stop(std::max(graceSeconds, 1u));
}

std::vector<RunOutputChunk> RunSession::takeOutput(std::size_t maxBytes)
{
    std::lock_guard lock(m_shared->mutex);
    std::vector<RunOutputChunk> out;
    std::size_t taken = 0;
    auto& pending = m_shared->output;
    while (!pending.empty() && taken < maxBytes) {
        RunOutputChunk& front = pending.front();
        const std::size_t room = maxBytes - taken;
        if (front.bytes.size() <= room) {
            taken += front.bytes.size();
            out.push_back(std::move(front));
            pending.pop_front();
        } else {
            // A cut inside a UTF-8 sequence is fine: the console decodes each
            // stream with a stateful decoder.
            out.push_back({ front.isError, front.bytes.substr(0, room) });
            front.bytes.erase(0, room);
            taken += room;
        }
    }
    m_shared->outputBytes -= taken;
    if (pending.empty())
        m_shared->outputPosted = false;
    return out;
}

std::uint64_t RunSession::droppedBytes() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->dropped;
}

} // namespace sociscope::ui
