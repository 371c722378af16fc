// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// JobPool on real threads: cancellation reaches a job's work (its own flag,
// the ambient token, a real HTTP transfer), a receiver destroyed while its
// job runs neither waits for it nor gets its result, shutdown waits a bounded
// time, and long jobs run beside quick ones without starving them. Every wait
// is on a condition with a timeout; nothing sleeps to wait.
#include "jobs/jobpool.h"
#include "jobs/treesearch.h"

#include "fs/image_tree.h"
#include "registry/http.h"
#include "soci/ztoc.h"
#include "util/cancel.h"

#include <QObject>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

using namespace sociscope;
using namespace sociscope::ui;
using namespace std::chrono_literals;

namespace {

constexpr int Patience = 20000; // ms: the bound of every wait here; never reached when things work

// A latch the test opens; jobs wait on it for at most Patience.
class Gate {
public:
    void open()
    {
        {
            std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_cv.notify_all();
    }
    // True when opened, false when the wait ran out.
    bool wait()
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, std::chrono::milliseconds(Patience), [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_open = false;
};

// A TCP port on 127.0.0.1 that accepts connections (the kernel's backlog)
// and never answers: a request to it waits until something stops it.
class SilentPort {
public:
    SilentPort()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(m_fd, 8) == 0 &&
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
            m_port = ntohs(a.sin_port);
    }
    ~SilentPort()
    {
        if (m_client >= 0)
            ::close(m_client);
        if (m_fd >= 0)
            ::close(m_fd);
    }
    [[nodiscard]] int port() const { return m_port; }
    // Waits (at most Patience) for a client to connect, and keeps it waiting.
    bool accept()
    {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, Patience) != 1)
            return false;
        m_client = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
        return m_client >= 0;
    }

private:
    int m_fd = -1;
    int m_client = -1;
    int m_port = 0;
};

struct Seen {
    bool flag = false;     // JobContext::cancelled()
    bool ambient = false;  // util::currentCancelToken() stopped
    bool stopped = false;  // the wait on the ambient token ended early
};

} // namespace

class TestUiJobs : public QObject {
    Q_OBJECT
private slots:
    void cancellationReachesTheJob()
    {
        JobPool pool;
        QObject receiver;
        Gate started;
        bool delivered = false;
        Seen seen;
        const JobHandle job = pool.run(
            &receiver,
            [&started](const JobContext& context) {
                started.open();
                Seen s;
                // What core's waits use: returns false when the token stops.
                s.stopped = !util::currentCancelToken().sleepFor(std::chrono::milliseconds(Patience));
                s.flag = context.cancelled();
                s.ambient = util::currentCancelToken().stopRequested();
                return s;
            },
            [&](Seen s) {
                delivered = true;
                seen = s;
            });
        QVERIFY(started.wait());
        QVERIFY(!job.isCancelled());
        job.cancel();
        QVERIFY(job.isCancelled());
        QTRY_VERIFY_WITH_TIMEOUT(delivered, Patience);
        // The result of a cancelled job still comes (an extraction says it was cancelled).
        QVERIFY(seen.stopped);
        QVERIFY(seen.flag);
        QVERIFY(seen.ambient);
    }

    void cancellationStopsANetworkTransfer()
    {
        SilentPort silent;
        QVERIFY(silent.port() > 0);
        JobPool pool;
        QObject receiver;
        std::atomic<bool> sent{false};
        std::optional<Result<registry::HttpResponse>> answer;
        const JobHandle job = pool.run(
            &receiver,
            [&sent, port = silent.port()] {
                registry::HttpClient http;
                registry::HttpRequest r;
                r.url = "http://127.0.0.1:" + std::to_string(port) + "/v2/";
                sent = true;
                return http.perform(r);
            },
            [&answer](Result<registry::HttpResponse> r) { answer = std::move(r); });
        // The request is on the wire: the transfer is waiting for an answer.
        QVERIFY(silent.accept());
        QVERIFY(sent.load());
        QVERIFY(!answer);
        job.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), Patience);
        QVERIFY(!*answer);
        QCOMPARE(answer->error().code, ErrorCode::Cancelled);
    }

    void aDestroyedReceiverGetsNothingAndDoesNotWait()
    {
        JobPool pool;
        Gate reported, release;
        std::atomic<bool> finished{false};
        int reports = 0, results = 0;
        auto* receiver = new QObject;
        pool.run(
            receiver,
            [&](const JobContext& context) {
                context.report([&reports] { ++reports; });
                reported.open();
                const bool opened = release.wait();
                context.report([&reports] { ++reports; });
                finished = true;
                return opened;
            },
            [&results](bool) { ++results; });
        QVERIFY(reported.wait());
        // Destroyed on the GUI thread while its job runs: no join, no wait.
        delete receiver;
        QVERIFY(!finished.load());
        release.open();
        QTRY_COMPARE_WITH_TIMEOUT(pool.activeJobs(), 0, Patience);
        QVERIFY(finished.load());
        // Whatever was posted is handled now; none of it reached the dead receiver.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(reports, 0);
        QCOMPARE(results, 0);

        // The same with the receiver alive: both reports and the result arrive.
        QObject alive;
        Gate again;
        pool.run(
            &alive,
            [&](const JobContext& context) {
                context.report([&reports] { ++reports; });
                return again.wait();
            },
            [&results](bool) { ++results; });
        again.open();
        QTRY_COMPARE_WITH_TIMEOUT(results, 1, Patience);
        QCOMPARE(reports, 1);
    }

    void aCancelledJobReportsNothing()
    {
        JobPool pool;
        QObject receiver;
        Gate posted, release;
        int reports = 0;
        const JobHandle job = pool.post(
            [&](const JobContext& context) {
                context.report([&reports] { ++reports; });
                posted.open();
                release.wait();
                context.report([&reports] { ++reports; });
            },
            JobPool::Lane::Quick, &receiver);
        QVERIFY(posted.wait());
        // The first report is queued already; cancelling drops it too.
        job.cancel();
        release.open();
        QTRY_COMPARE_WITH_TIMEOUT(pool.activeJobs(), 0, Patience);
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(reports, 0);
    }

    void longJobsDoNotStarveQuickOnes()
    {
        // One quick thread: if long jobs took it, the quick ones could not run.
        JobPool pool(1, 4);
        QObject receiver;
        std::mutex mutex;
        std::condition_variable cv;
        int quickRan = 0;
        Gate release;
        int longDone = 0, longSawQuick = 0, quickDelivered = 0;
        for (int i = 0; i < 3; ++i)
            pool.run(
                JobPool::Lane::Long, &receiver,
                [&] {
                    // A stream: runs until the test ends it, having seen the quick jobs done.
                    std::unique_lock lock(mutex);
                    const bool sawQuick = cv.wait_for(lock, std::chrono::milliseconds(Patience), [&] { return quickRan == 5; });
                    lock.unlock();
                    release.wait();
                    return sawQuick;
                },
                [&](bool sawQuick) {
                    ++longDone;
                    longSawQuick += sawQuick ? 1 : 0;
                });
        for (int i = 0; i < 5; ++i)
            pool.run(
                &receiver,
                [&] {
                    {
                        std::lock_guard lock(mutex);
                        ++quickRan;
                    }
                    cv.notify_all();
                    return 0;
                },
                [&](int) { ++quickDelivered; });
        // The quick results arrive while every long job still runs.
        QTRY_COMPARE_WITH_TIMEOUT(quickDelivered, 5, Patience);
        QCOMPARE(longDone, 0);
        release.open();
        QTRY_COMPARE_WITH_TIMEOUT(longDone, 3, Patience);
        QCOMPARE(longSawQuick, 3);
    }

    void shutdownCancelsAndWaitsBounded()
    {
        JobPool pool;
        QObject receiver;
        Gate stuckStarted, release;
        std::atomic<bool> politeSawCancel{false};
        // One job honours cancellation, one ignores it until the test lets it go.
        pool.post([&](const JobContext& context) {
            politeSawCancel = !util::currentCancelToken().sleepFor(std::chrono::milliseconds(Patience)) && context.cancelled();
        });
        pool.post([&] {
            stuckStarted.open();
            release.wait();
        });
        QVERIFY(stuckStarted.wait());
        // The stuck job cannot end before release: shutdown gives up at its limit.
        QVERIFY(!pool.shutdown(100ms));
        QTRY_VERIFY_WITH_TIMEOUT(politeSawCancel.load(), Patience);
        // A job started after shutdown starts cancelled (it still runs: disposals must).
        std::atomic<int> late{-1};
        pool.post([&late](const JobContext& context) { late = context.cancelled() ? 1 : 0; });
        release.open();
        QVERIFY(pool.shutdown(std::chrono::milliseconds(Patience)));
        QCOMPARE(late.load(), 1);
        QCOMPARE(pool.activeJobs(), 0);
    }

    void aPoolDestroyedPastItsLimitLeavesTheJobBehind()
    {
        auto gate = std::make_shared<Gate>();
        auto finished = std::make_shared<Gate>();
        auto pool = std::make_unique<JobPool>();
        QObject receiver;
        int results = 0;
        Gate started;
        pool->run(
            &receiver,
            [gate, finished, &started] {
                started.open();
                const bool opened = gate->wait();
                finished->open();
                return opened;
            },
            [&results](bool) { ++results; });
        QVERIFY(started.wait());
        // Waits JobPool::ShutdownLimit, then returns with the job still blocked.
        pool.reset();
        gate->open();
        QVERIFY(finished->wait());
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(results, 0);
    }

    void aSearchDestroyedWhileRunningReportsNothing()
    {
        // A tree big enough that the search is still walking when its owner goes.
        soci::Ztoc ztoc;
        for (int i = 0; i < 100000; ++i) {
            soci::TocEntry t;
            t.name = "d/f" + std::to_string(i);
            t.type = "reg";
            t.mode = 0644;
            ztoc.entries.push_back(std::move(t));
        }
        auto built = fs::ImageTree::build({&ztoc}, fs::ImageTree::Mode::Merged);
        QVERIFY(built);
        auto shared = std::make_shared<const fs::ImageTree>(std::move(*built));
        JobPool pool;
        int matches = 0;
        {
            TreeSearch search(pool);
            connect(&search, &TreeSearch::matchesFound, &search,
                    [&matches](std::vector<fs::SearchMatch>& b) { matches += static_cast<int>(b.size()); });
            fs::SearchQuery q;
            q.pattern = "f";
            search.start(shared, q, 1);
        }
        QVERIFY(pool.shutdown(std::chrono::milliseconds(Patience)));
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(matches, 0);
    }
};

QTEST_MAIN(TestUiJobs)
#include "test_ui_jobs.moc"
