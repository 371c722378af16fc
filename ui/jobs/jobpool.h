// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QObject>
#include <QPointer>
#include <QRunnable>
#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

namespace sociscope::ui {

// Runs blocking work (network, disk) on threads this object owns and joins,
// and hands each result back on the GUI thread. A result whose receiver has
// been destroyed is dropped; receivers also drop results whose generation id
// is not their current one (see TagsPage, ImagePage).
class JobPool final : public QObject {
    Q_OBJECT
public:
    explicit JobPool(int maxThreads = 8, QObject* parent = nullptr);
    // Waits for every job to return (each is bounded by core's timeouts).
    ~JobPool() override;

    // work() runs on a pool thread; done(result) runs on this object's thread
    // afterwards, unless receiver is gone by then.
    template <typename Work, typename Done>
    void run(QObject* receiver, Work work, Done done)
    {
        using R = std::invoke_result_t<Work&>;
        QPointer<QObject> guard(receiver);
        start([this, guard, work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<R>(work());
            QMetaObject::invokeMethod(
                this,
                [guard, done = std::move(done), result]() mutable {
                    if (guard)
                        done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }

    // Runs work() on a pool thread with no answer.
    template <typename Work>
    void post(Work work)
    {
        start(std::move(work));
    }

    // Destroys an object on a pool thread: for owners of threads whose joining
    // may wait on a network request (a cancelled TagResolver).
    template <typename T>
    void dispose(std::unique_ptr<T> object)
    {
        if (object)
            start([o = std::shared_ptr<T>(std::move(object))]() mutable { o.reset(); });
    }

    // Blocks until every job has returned (tests, shutdown).
    void waitForDone();
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

    template <typename F>
    void start(F f)
    {
        m_pool.start(new Task<F>(std::move(f)));
    }

    QThreadPool m_pool;
};

} // namespace sociscope::ui
