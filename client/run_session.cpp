// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "run_session.h"

#include "client_impl.h"

namespace sociscope::client {

struct RunSession::Call {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReaderWriter<v1::RunInput, v1::RunOutput>> stream;
};

namespace {
std::string seconds(std::chrono::milliseconds d)
{
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}
} // namespace

RunSession::RunSession(Connect connect, RunSpec spec, OnEvent onEvent, OnEnd onEnd, Bounds bounds)
    : m_onEvent(std::move(onEvent))
    , m_onEnd(std::move(onEnd))
    , m_bounds(bounds)
    , m_reader([this, connect = std::move(connect), spec = std::move(spec)]() mutable {
        readLoop(std::move(connect), std::move(spec));
    })
{
}

RunSession::~RunSession()
{
    cancel();
    m_reader.join();
}

void RunSession::queue(Input input)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopWriting || m_end)
            return;
        if (input.kind == Input::Kind::Detach) {
            m_detaching = true;
            // The daemon confirms at once; before the start, the start bound applies.
            if (m_started)
                m_deadline = std::min(m_deadline, std::chrono::steady_clock::now() + m_bounds.closeTimeout);
        }
        m_inputs.push_back(std::move(input));
    }
    m_wake.notify_all();
}

void RunSession::sendStdin(std::string bytes)
{
    queue({ Input::Kind::Stdin, std::move(bytes) });
}

void RunSession::closeStdin()
{
    queue({ Input::Kind::StdinClosed });
}

void RunSession::resize(unsigned rows, unsigned cols)
{
    queue({ Input::Kind::Resize, {}, rows, cols });
}

void RunSession::stop(unsigned graceSeconds)
{
    queue({ Input::Kind::Stop, {}, 0, 0, graceSeconds });
}

void RunSession::detach()
{
    queue({ Input::Kind::Detach });
}

void RunSession::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        if (m_call)
            m_call->ctx.TryCancel();
    }
    m_wake.notify_all();
}

bool RunSession::waitEnded(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_wake.wait_for(lock, timeout, [this] { return m_end.has_value(); });
}

std::optional<RunEnd> RunSession::end() const
{
    std::lock_guard lock(m_mutex);
    return m_end;
}

// The only thread that writes, and the session's watchdog: at the deadline
// it cancels the call, which ends the reader's wait.
void RunSession::writeLoop()
{
    std::unique_lock lock(m_mutex);
    while (!m_writerExit) {
        if (std::chrono::steady_clock::now() >= m_deadline) {
            m_timedOut = true;
            m_deadline = std::chrono::steady_clock::time_point::max();
            if (m_call)
                m_call->ctx.TryCancel();
            continue;
        }
        if (m_ready && !m_stopWriting && !m_inputs.empty()) {
            const Input in = std::move(m_inputs.front());
            m_inputs.pop_front();
            const std::shared_ptr<Call> call = m_call;
            m_writing = true;
            lock.unlock();
            v1::RunInput msg;
            switch (in.kind) {
            case Input::Kind::Stdin:
                msg.set_stdin(in.bytes);
                break;
            case Input::Kind::StdinClosed:
                msg.set_stdin_closed(true);
                break;
            case Input::Kind::Resize:
                msg.mutable_resize()->set_rows(in.rows);
                msg.mutable_resize()->set_cols(in.cols);
                break;
            case Input::Kind::Stop:
                msg.set_stop(in.seconds);
                break;
            case Input::Kind::Detach:
                msg.set_detach(true);
                break;
            }
            const bool written = call->stream->Write(msg);
            lock.lock();
            m_writing = false;
            // The call is over: the reader sees it too.
            if (!written)
                m_stopWriting = true;
            m_wake.notify_all();
            continue;
        }
        if (m_deadline == std::chrono::steady_clock::time_point::max())
            m_wake.wait(lock);
        else
            m_wake.wait_until(lock, m_deadline);
    }
}

void RunSession::readLoop(Connect connect, RunSpec spec)
{
    RunEnd end;
    const auto deliverEnd = [this, &end] {
        if (m_onEnd)
            m_onEnd(end);
        {
            std::lock_guard lock(m_mutex);
            m_end = end;
        }
        m_wake.notify_all();
    };
    auto client = connect(spec);
    if (!client) {
        end.error = client.error();
        deliverEnd();
        return;
    }
    const std::string socket = (*client)->socket();
    auto call = std::make_shared<Call>();
    {
        std::lock_guard lock(m_mutex);
        m_call = call;
        if (m_cancelled)
            call->ctx.TryCancel(); // the call then ends as soon as it starts
        m_deadline = std::chrono::steady_clock::now() + m_bounds.startTimeout;
    }
    std::thread writer([this] { writeLoop(); });

    call->stream = (*client)->m_impl->stub->Run(&call->ctx);
    v1::RunInput start;
    *start.mutable_start() = toProto(spec);
    const bool sent = call->stream->Write(start);
    {
        std::lock_guard lock(m_mutex);
        m_ready = sent;
    }
    m_wake.notify_all();

    bool ended = false;
    std::string runId;
    v1::RunOutput msg;
    while (sent && !ended && call->stream->Read(&msg)) {
        auto event = fromProto(msg);
        if (!event)
            continue; // a newer daemon's message
        switch (event->kind) {
        case RunEvent::Kind::Started: {
            end.started = true;
            runId = event->run.id;
            std::lock_guard lock(m_mutex);
            m_started = true;
            if (spec.detach && !m_detaching) {
                m_detaching = true;
                m_inputs.push_back({ Input::Kind::Detach });
            }
            // Running: no bound, unless leaving.
            m_deadline = m_detaching ? std::chrono::steady_clock::now() + m_bounds.closeTimeout
                                     : std::chrono::steady_clock::time_point::max();
            m_wake.notify_all();
            break;
        }
        case RunEvent::Kind::Exited:
            end.how = RunEnd::How::Exited;
            ended = true;
            break;
        case RunEvent::Kind::Detached:
            end.how = RunEnd::How::Detached;
            ended = true;
            break;
        default:
            break;
        }
        if (m_onEvent)
            m_onEvent(std::move(*event));
    }

    // Closing: the writer finishes the write it is in, then writes no more;
    // the call must close within closeTimeout.
    {
        std::unique_lock lock(m_mutex);
        m_stopWriting = true;
        m_deadline = std::min(m_deadline, std::chrono::steady_clock::now() + m_bounds.closeTimeout);
        m_wake.notify_all();
        // A write blocked on a daemon that reads no more ends when the call is cancelled.
        if (!m_wake.wait_for(lock, m_bounds.closeTimeout, [this] { return !m_writing; })) {
            m_timedOut = true;
            call->ctx.TryCancel();
            m_wake.wait(lock, [this] { return !m_writing; });
        }
    }
    call->stream->WritesDone();
    while (call->stream->Read(&msg)) { }
    const grpc::Status status = call->stream->Finish();
    bool cancelled = false, timedOut = false;
    {
        std::lock_guard lock(m_mutex);
        m_writerExit = true;
        m_call.reset();
        cancelled = m_cancelled;
        timedOut = m_timedOut;
    }
    m_wake.notify_all();
    writer.join();

    if (!ended) {
        if (cancelled) {
            end.how = RunEnd::How::Cancelled;
            end.error = makeError(ErrorCode::Cancelled, "the run session was cancelled", socket);
        } else if (timedOut) {
            end.how = RunEnd::How::TimedOut;
            end.error = makeError(ErrorCode::Network,
                end.started ? "sociscoped did not close the run call within " + seconds(m_bounds.closeTimeout)
                            : "sociscoped did not start the run within " + seconds(m_bounds.startTimeout),
                socket);
        } else if (!status.ok() && (!end.started || errorFromStatus(status, socket).code != ErrorCode::Network)) {
            // The daemon's own refusal (or no answer at all before the start).
            end.how = RunEnd::How::Failed;
            end.error = errorFromStatus(status, socket);
        } else if (!end.started) {
            end.how = RunEnd::How::Lost;
            end.error = makeError(ErrorCode::Network, "sociscoped ended the run before it started", socket);
        } else {
            end.how = RunEnd::How::Lost;
            end.error = makeError(ErrorCode::Network,
                "the connection to sociscoped ended before run " + runId.substr(0, 12)
                    + " exited; the daemon may have stopped (its next start removes what the run left)",
                socket);
        }
    }
    deliverEnd();
}

} // namespace sociscope::client
