// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/jobs — everything the GUI runs off its own thread lives in this room:
// network, disk and long CPU work (opening images, previews, searches,
// extraction, drag staging, the tag listing, the daemon's calls). The GUI
// thread only starts jobs and takes their results; JobPool below owns the
// threads, so no other class here or in the pages owns or joins one.
#pragma once

#include "util/cancel.h"

#include <QObject>
#include <QPointer>
#include <QRunnable>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <type_traits>
#include <unordered_set>
#include <utility>

namespace sociscope::ui {

class JobPool;

namespace detail {

// What jobs share with their pool and outlive it with: the stop flags of the
// jobs queued or running, and where to post to the GUI thread (the pool while
// it lives; a job that outlives it, past ShutdownLimit, posts nothing).
struct JobsShared {
    std::mutex mutex;
    JobPool* pool = nullptr;
    bool closing = false; // jobs started from now on start cancelled
    std::unordered_set<std::shared_ptr<std::atomic<bool>>> flags;

    template <typename F>
    void post(F f);
};

} // namespace detail

// Who may stop a job: the page that started it. Copies share one flag.
// cancel() reaches the job's work through JobContext (and through the ambient
// util::CancelToken, so its network transfers and lazy reads stop too).
class JobHandle final {
public:
    JobHandle() = default;
    // Asks the job to stop; its reports are no longer delivered. Never waits.
    void cancel() const
    {
        if (m_flag)
            m_flag->store(true);
    }
    [[nodiscard]] bool isCancelled() const { return m_flag && m_flag->load(); }
    [[nodiscard]] bool isValid() const { return m_flag != nullptr; }

private:
    friend class JobPool;
    explicit JobHandle(std::shared_ptr<std::atomic<bool>> flag) : m_flag(std::move(flag)) {}
    std::shared_ptr<std::atomic<bool>> m_flag;
};

// What a running job sees of itself (on its pool thread).
class JobContext final {
public:
    [[nodiscard]] bool cancelled() const { return m_flag->load(); }
    // For core calls that take a stop flag (fs::search, fs::extract, inventory).
    [[nodiscard]] const std::atomic<bool>* flag() const { return m_flag.get(); }
    [[nodiscard]] std::shared_ptr<const std::atomic<bool>> sharedFlag() const { return m_flag; }
    // Runs f on the GUI thread soon, unless by then the receiver is gone or
    // the job was cancelled: progress and streamed results go this way.
    template <typename F>
    void report(F f) const;

private:
    friend class JobPool;
    JobContext(std::shared_ptr<std::atomic<bool>> flag, std::shared_ptr<detail::JobsShared> shared,
               QPointer<QObject> receiver)
        : m_flag(std::move(flag)), m_shared(std::move(shared)), m_receiver(std::move(receiver))
    {
    }
    std::shared_ptr<std::atomic<bool>> m_flag;
    std::shared_ptr<detail::JobsShared> m_shared;
    QPointer<QObject> m_receiver;
};

// Runs blocking work (network, disk, long CPU) on threads this object owns,
// and hands each result back on the GUI thread. A result or report whose
// receiver has been destroyed is dropped (checked on the GUI thread, where
// receivers die); receivers also drop results whose generation id is not
// their current one (see TagsPage, ImageSession).
//
// Two lanes, so that long jobs never starve short ones:
// - Lane::Quick: work bounded by a request's timeouts (open an image, a
//   preview, a cost, a search of an in-memory tree). QuickThreads threads.
// - Lane::Long: work that lasts as long as the user lets it (the tag listing
//   streaming batches for minutes, an extraction, drag staging). Each gets a
//   thread of its own, up to LongThreads at once; they never take a quick
//   thread, so previews stay snappy while a listing streams.
//
// Every job has a stop flag (JobHandle::cancel, or shutdown()) that its work
// sees through JobContext and, as the thread's ambient util::CancelToken,
// inside core: a cancelled transfer notices within a second (registry/http.h).
class JobPool final : public QObject {
    Q_OBJECT
public:
    enum class Lane { Quick, Long };
    static constexpr int QuickThreads = 8;
    static constexpr int LongThreads = 32;
    // How long shutdown waits for cancelled jobs: a cancelled transfer stops
    // within a second; three leave room for a DNS lookup or a TCP connect in
    // progress, which only their own timeouts end. Past it the app leaves.
    static constexpr std::chrono::milliseconds ShutdownLimit{3000};

    explicit JobPool(int quickThreads = QuickThreads, int longThreads = LongThreads, QObject* parent = nullptr);
    // shutdown(ShutdownLimit). Jobs still running after it are left to end
    // on their own: their threads are not joined (the process is leaving), and
    // nothing they report is delivered.
    ~JobPool() override;

    // work() or work(const JobContext&) runs on a pool thread; done(result)
    // runs on this object's thread afterwards, unless receiver is gone by
    // then. done also gets the result of a cancelled job (an extraction says
    // it was cancelled); use generation ids to drop stale ones.
    template <typename Work, typename Done>
    JobHandle run(QObject* receiver, Work work, Done done)
    {
        return run(Lane::Quick, receiver, std::move(work), std::move(done));
    }
    template <typename Work, typename Done>
    JobHandle run(Lane lane, QObject* receiver, Work work, Done done);

    // Runs work() or work(const JobContext&) with no final answer; reports go
    // to receiver (may be null when there are none).
    template <typename Work>
    JobHandle post(Work work, Lane lane = Lane::Quick, QObject* receiver = nullptr);

    // Destroys an object on a pool thread: for owners of threads whose joining
    // may wait on the network (a LazyImage's fetch threads).
    template <typename T>
    void dispose(std::unique_ptr<T> object)
    {
        if (object)
            post([o = std::shared_ptr<T>(std::move(object))]() mutable { o.reset(); });
    }

    // Cancels every job (those started later start cancelled) and waits up to
    // limit for them to return. True when none is left. For window close.
    bool shutdown(std::chrono::milliseconds limit = ShutdownLimit);
    // Blocks until every job has returned. Tests only: the GUI never waits.
    void waitForDone();
    // Jobs queued or running.
    [[nodiscard]] int activeJobs() const;

private:
    template <typename F>
    class Task final : public QRunnable {
    public:
        explicit Task(F f) : m_f(std::move(f)) { setAutoDelete(true); }
        void run() override { m_f(); }

    private:
        F m_f;
    };

    // Starts body(context) on lane under the job's own stop flag.
    template <typename Body>
    JobHandle start(Lane lane, QObject* receiver, Body body);
    std::shared_ptr<std::atomic<bool>> enter();
    void submit(Lane lane, QRunnable* task);

    std::shared_ptr<detail::JobsShared> m_shared;
    // Owned by hand: left undestroyed when a job outlives ShutdownLimit.
    QThreadPool* m_quick;
    QThreadPool* m_long;
};

template <typename F>
void detail::JobsShared::post(F f)
{
    std::lock_guard lock(mutex);
    if (pool)
        QMetaObject::invokeMethod(pool, std::move(f), Qt::QueuedConnection);
}

template <typename F>
void JobContext::report(F f) const
{
    if (cancelled())
        return;
    m_shared->post([flag = m_flag, guard = m_receiver, f = std::move(f)]() mutable {
        // Checked again here: cancel() on the GUI thread stops reports already posted.
        if (guard && !flag->load())
            f();
    });
}

template <typename Body>
JobHandle JobPool::start(Lane lane, QObject* receiver, Body body)
{
    auto flag = enter();
    JobContext context(flag, m_shared, QPointer<QObject>(receiver));
    auto task = [shared = m_shared, flag, context = std::move(context), body = std::move(body)]() mutable {
        {
            // The job's network transfers and lazy reads answer to its flag.
            const util::CancelScope scope(util::CancelToken::watching(flag));
            body(context);
        }
        std::lock_guard lock(shared->mutex);
        shared->flags.erase(flag);
    };
    submit(lane, new Task<decltype(task)>(std::move(task)));
    return JobHandle(flag);
}

template <typename Work, typename Done>
JobHandle JobPool::run(Lane lane, QObject* receiver, Work work, Done done)
{
    return start(lane, receiver,
                 [work = std::move(work), done = std::move(done), guard = QPointer<QObject>(receiver)](
                     const JobContext& context) mutable {
                     auto result = [&] {
                         if constexpr (std::is_invocable_v<Work&, const JobContext&>)
                             return std::make_shared<std::invoke_result_t<Work&, const JobContext&>>(work(context));
                         else
                             return std::make_shared<std::invoke_result_t<Work&>>(work());
                     }();
                     context.m_shared->post([guard, done = std::move(done), result]() mutable {
                         if (guard)
                             done(std::move(*result));
                     });
                 });
}

template <typename Work>
JobHandle JobPool::post(Work work, Lane lane, QObject* receiver)
{
    return start(lane, receiver, [work = std::move(work)](const JobContext& context) mutable {
        if constexpr (std::is_invocable_v<Work&, const JobContext&>)
            work(context);
        else
            work();
    });
}

} // namespace sociscope::ui
