// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/runsession.h"

#include "common/qtformat.h"
#include "jobs/daemonjobs.h"

#include "jobs/daemonclient.h"

#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>

#include <condition_variable>
#include <deque>
#include <mutex>

namespace sociscope::ui {

namespace {
// Past this much output waiting for the GUI, the oldest is dropped.
constexpr std::size_t MaxPendingBytes = 8u << 20;
} // namespace

struct RunSession::Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<daemon::v1::RunInput> inputs;
    bool cancelled = false;
    bool writerStop = false;
    std::shared_ptr<daemon::RunCall> call;
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

    void queue(daemon::v1::RunInput in)
    {
        {
            std::lock_guard lock(mutex);
            inputs.push_back(std::move(in));
        }
        wake.notify_all();
    }

    // Writes queued input until told to stop; the only thread that writes.
    void writeLoop()
    {
        for (;;) {
            daemon::v1::RunInput in;
            std::shared_ptr<daemon::RunCall> c;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return writerStop || (!inputs.empty() && call); });
                if (writerStop)
                    return;
                in = std::move(inputs.front());
                inputs.pop_front();
                c = call;
            }
            if (!c->write(in))
                return;
        }
    }
};

RunSession::RunSession(QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->target = this;
}

RunSession::~RunSession()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->target = nullptr;
        m_shared->cancelled = true;
        m_shared->writerStop = true;
        // A client that goes away without detaching stops the run.
        if (m_shared->call)
            m_shared->call->cancel();
    }
    m_shared->wake.notify_all();
    if (m_reader.joinable())
        m_reader.join();
}

void RunSession::start(const RunSpec& spec)
{
    if (m_state != State::Idle)
        return;
    m_state = State::Starting;
    m_digest.clear();
    m_reader = std::thread(&RunSession::readLoop, m_shared, spec);
}

void RunSession::sendLine(const QString& line)
{
    daemon::v1::RunInput in;
    in.set_stdin(line.toStdString() + '\n');
    m_shared->queue(std::move(in));
}

void RunSession::closeInput()
{
    daemon::v1::RunInput in;
    in.set_stdin_closed(true);
    m_shared->queue(std::move(in));
}

void RunSession::stop(unsigned graceSeconds)
{
    daemon::v1::RunInput in;
    in.set_stop(std::max(graceSeconds, 1u));
    m_shared->queue(std::move(in));
}

std::vector<RunOutputChunk> RunSession::takeOutput()
{
    std::lock_guard lock(m_shared->mutex);
    std::vector<RunOutputChunk> out(
        std::make_move_iterator(m_shared->output.begin()), std::make_move_iterator(m_shared->output.end()));
    m_shared->output.clear();
    m_shared->outputBytes = 0;
    m_shared->outputPosted = false;
    return out;
}

std::uint64_t RunSession::droppedBytes() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->dropped;
}

void RunSession::readLoop(std::shared_ptr<Shared> shared, RunSpec spec)
{
    const auto fail = [&shared](const QString& error) {
        shared->toGui([shared, error] {
            if (RunSession* s = shared->target) {
                s->m_state = State::Failed;
                s->m_error = error;
                emit s->failed(error);
            }
        });
    };
    daemon::v1::RunRequest req;
    if (spec.ref.isLayout)
        spec.ref.layoutPath = QFileInfo(qs(spec.ref.layoutPath)).canonicalFilePath().toStdString();
    req.set_reference(spec.ref.str());
    req.set_platform(spec.platform.str());
    req.set_plain_http(spec.plainHttp);
    req.set_insecure(spec.insecure);
    auto cred = daemon::registryCredentials(spec.ref);
    if (!cred) {
        fail(qs(cred.error().text()));
        return;
    }
    if (*cred)
        *req.add_credentials() = **cred;
    if (!spec.argv.isEmpty()) {
        // The whole command line as typed: no entrypoint in front of it.
        req.set_entrypoint_set(true);
        for (const QString& a : spec.argv)
            req.add_command(a.toStdString());
    }
    for (const QString& kv : spec.env)
        req.add_env(kv.toStdString());
    req.set_interactive(true);
    req.set_remove(true);

    auto client = daemon::connectOrStart(DaemonJobs::daemonProgram().toStdString());
    if (!client) {
        fail(qs(client.error().text()));
        return;
    }
    auto started = (*client)->run(req);
    if (!started) {
        fail(qs(started.error().text()));
        return;
    }
    std::shared_ptr<daemon::RunCall> call = std::move(*started);
    {
        std::lock_guard lock(shared->mutex);
        shared->call = call;
        if (shared->cancelled)
            call->cancel();
    }
    shared->wake.notify_all();
    std::thread writer([shared] { shared->writeLoop(); });

    daemon::v1::RunOutput msg;
    bool begun = false, ended = false;
    while (call->read(&msg)) {
        if (msg.has_started()) {
            begun = true;
            const QString id = qs(msg.started().id()), name = qs(msg.started().name()),
                          digest = qs(msg.started().digest());
            shared->toGui([shared, id, name, digest] {
                if (RunSession* s = shared->target) {
                    s->m_state = State::Running;
                    s->m_runId = id;
                    s->m_runName = name;
                    s->m_digest = digest;
                    emit s->started(id, name);
                }
            });
        } else if (msg.has_stdout()) {
            shared->append(false, msg.stdout());
        } else if (msg.has_stderr()) {
            shared->append(true, msg.stderr());
        } else if (msg.has_exit()) {
            ended = true;
            const int code = msg.exit().exit_code();
            const auto& st = msg.exit().run().stats();
            const QString stats = tr("fetched %1 of a %2 image; %3 from the cache")
                                      .arg(Format::bytes(static_cast<std::int64_t>(st.network_bytes())),
                                          Format::bytes(static_cast<std::int64_t>(st.image_bytes())),
                                          Format::bytes(static_cast<std::int64_t>(st.cached_bytes())));
            shared->toGui([shared, code, stats] {
                if (RunSession* s = shared->target) {
                    s->m_state = State::Exited;
                    s->m_exitCode = code;
                    s->m_statsText = stats;
                    emit s->exited(code);
                }
            });
            break;
        }
    }
    {
        std::lock_guard lock(shared->mutex);
        shared->writerStop = true;
    }
    shared->wake.notify_all();
    writer.join();
    call->writesDone();
    while (call->read(&msg)) { }
    const Status finished = call->finish();
    if (ended)
        return;
    bool cancelled;
    {
        std::lock_guard lock(shared->mutex);
        cancelled = shared->cancelled;
    }
    if (cancelled)
        return;
    if (!finished)
        fail(qs(finished.error().text()));
    else
        fail(begun ? tr("The connection to sociscoped ended before the run exited.")
                   : tr("sociscoped ended the run before it started."));
}

} // namespace sociscope::ui
