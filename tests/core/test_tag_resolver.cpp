// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// TagResolver against an in-memory backend: every tag resolved once, bounded
// workers and queues, cache, cancellation, priorities, generations. The
// registry end to end is in tests/registry/test_tag_families.cpp.
#include "oci/digest.h"
#include "registry/tag_resolver.h"

#include <QtTest>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace sociscope;
using namespace sociscope::registry;
using namespace std::chrono_literals;

namespace {

// Tags served in pages; HEAD answers after `latency`, counting concurrency.
struct FakeRepo {
    std::vector<std::vector<std::string>> pages;
    std::set<std::string> failing;          // HEAD answers NotFound
    std::optional<Error> listErrorAfterPages; // the listing fails once the pages are served
    std::chrono::milliseconds latency{0};
    std::function<void(const std::string&)> onHead; // runs inside HEAD, before answering

    std::mutex mutex;
    std::vector<std::string> headOrder;
    std::map<std::string, int> headCount;
    int running = 0;
    int peak = 0;
    int pagesServed = 0;
};

std::vector<std::vector<std::string>> makePages(int count, int perPage, const char* prefix = "t")
{
    std::vector<std::vector<std::string>> pages(static_cast<size_t>(count));
    int n = 0;
    for (auto& p : pages)
        for (int i = 0; i < perPage; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "%s%04d", prefix, n++);
            p.emplace_back(name);
        }
    return pages;
}

TagBackend backendFor(const std::shared_ptr<FakeRepo>& repo)
{
    TagBackend b;
    b.name = "fake/repo";
    b.list = [repo](const std::function<bool(const std::vector<std::string>&)>& onPage)
        -> Result<std::vector<std::string>> {
        std::vector<std::string> all;
        for (const auto& page : repo->pages) {
            {
                std::lock_guard lock(repo->mutex);
                ++repo->pagesServed;
            }
            all.insert(all.end(), page.begin(), page.end());
            if (!onPage(page))
                return all;
        }
        if (repo->listErrorAfterPages)
            return *repo->listErrorAfterPages;
        return all;
    };
    b.head = [repo](const std::string& tag) -> Result<oci::Descriptor> {
        {
            std::lock_guard lock(repo->mutex);
            repo->headOrder.push_back(tag);
            ++repo->headCount[tag];
            repo->peak = std::max(repo->peak, ++repo->running);
        }
        if (repo->onHead)
            repo->onHead(tag);
        if (repo->latency.count() > 0)
            std::this_thread::sleep_for(repo->latency); // simulated network latency
        {
            std::lock_guard lock(repo->mutex);
            --repo->running;
        }
        if (repo->failing.count(tag))
            return makeError(ErrorCode::NotFound, "manifest " + tag + " not found");
        oci::Descriptor d;
        d.mediaType = "application/vnd.oci.image.manifest.v1+json";
        d.digest = oci::Digest::sha256Of(tag.substr(0, 3)); // a few tags per digest
        d.size = 42;
        return d;
    };
    return b;
}

struct Drained {
    std::vector<std::string> listed;
    std::vector<ResolvedTag> resolved;
    std::vector<UnresolvedTag> failed;
    Status status;
    size_t batches = 0;
    size_t largestResultBatch = 0;
    std::set<std::uint64_t> generations;
};

Drained drain(TagResolver& r, std::chrono::milliseconds per = 200ms)
{
    Drained d;
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        ResolverBatch b = r.next(per);
        ++d.batches;
        d.generations.insert(b.generation);
        d.listed.insert(d.listed.end(), b.listed.begin(), b.listed.end());
        d.largestResultBatch = std::max(d.largestResultBatch, b.resolved.size() + b.failed.size());
        d.resolved.insert(d.resolved.end(), b.resolved.begin(), b.resolved.end());
        d.failed.insert(d.failed.end(), b.failed.begin(), b.failed.end());
        if (b.finished) {
            d.status = b.status;
            return d;
        }
        if (timer.elapsed() > 20000) {
            d.status = makeError(ErrorCode::Internal, "drain timed out");
            return d;
        }
    }
}

} // namespace

class TestTagResolver final : public QObject {
    Q_OBJECT
private slots:
    void resolvesEveryTagOnceWithBoundedWorkers()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(10, 25);
        repo->pages[3].push_back("t0001"); // a registry repeating a tag on a later page
        repo->latency = 2ms;
        TagResolverOptions o;
        o.workers = 4;
        TagResolver r(backendFor(repo), o);
        r.start();
        const Drained d = drain(r);
        QVERIFY2(d.status.ok(), d.status.ok() ? "" : d.status.error().text().c_str());
        QCOMPARE(d.listed.size(), size_t(250));
        QCOMPARE(d.resolved.size(), size_t(250));
        QVERIFY(d.failed.empty());
        std::set<std::string> tags;
        for (const auto& t : d.resolved) {
            tags.insert(t.tag);
            QVERIFY(!t.fromCache);
            QCOMPARE(t.descriptor.digest, oci::Digest::sha256Of(t.tag.substr(0, 3)));
        }
        QCOMPARE(tags.size(), size_t(250));
        for (const auto& [tag, n] : repo->headCount)
            QVERIFY2(n == 1, tag.c_str());
        const ResolverStats s = r.stats();
        QCOMPARE(s.headRequests, size_t(250));
        QVERIFY2(s.peakInFlight <= 4, qPrintable(QString::number(s.peakInFlight)));
        QVERIFY(repo->peak <= 4);
        QVERIFY2(repo->peak >= 2, "requests should run in parallel");
        QCOMPARE(d.generations.size(), size_t(1));
        QCOMPARE(*d.generations.begin(), r.generation());
        // After the end, next() keeps answering "finished" at once.
        QVERIFY(r.next(10s).finished);
    }

    void queuesAreBounded()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(20, 10);
        TagResolverOptions o;
        o.workers = 3;
        o.pendingCapacity = 5;
        o.resultCapacity = 4;
        TagResolver r(backendFor(repo), o);
        r.start();
        // A slow consumer: the listing and the workers wait for it.
        Drained d;
        for (;;) {
            ResolverBatch b = r.next(50ms);
            d.largestResultBatch = std::max(d.largestResultBatch, b.resolved.size() + b.failed.size());
            d.resolved.insert(d.resolved.end(), b.resolved.begin(), b.resolved.end());
            if (b.finished) {
                QVERIFY(b.status.ok());
                break;
            }
            QVERIFY(r.stats().peakPending <= 5);
        }
        QCOMPARE(d.resolved.size(), size_t(200));
        QVERIFY2(d.largestResultBatch <= 4, qPrintable(QString::number(d.largestResultBatch)));
        QVERIFY(r.stats().peakPending <= 5);
    }

    void failuresAndListingErrors()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(3, 10);
        repo->failing = {"t0003", "t0017"};
        repo->listErrorAfterPages = makeError(ErrorCode::Network, "registry went away during the listing");
        TagResolver r(backendFor(repo));
        r.start();
        const Drained d = drain(r);
        // Tags listed before the error are still resolved; the run ends with the error.
        QVERIFY(!d.status.ok());
        QCOMPARE(d.status.error().code, ErrorCode::Network);
        QCOMPARE(d.resolved.size(), size_t(28));
        QCOMPARE(d.failed.size(), size_t(2));
        for (const auto& f : d.failed)
            QCOMPARE(f.error.code, ErrorCode::NotFound);
        QCOMPARE(r.stats().failed, size_t(2));
    }

    void cacheAnswersWithoutRequests()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(2, 20);
        auto cache = std::make_shared<TagDigestCache>();
        {
            TagResolver r(backendFor(repo), {}, cache);
            r.start();
            QVERIFY(drain(r).status.ok());
        }
        QCOMPARE(cache->size(), size_t(40));
        QCOMPARE(repo->headOrder.size(), size_t(40));
        {
            TagResolver r(backendFor(repo), {}, cache);
            r.start();
            const Drained d = drain(r);
            QCOMPARE(d.resolved.size(), size_t(40));
            for (const auto& t : d.resolved)
                QVERIFY(t.fromCache);
            QCOMPARE(r.stats().cacheHits, size_t(40));
            QCOMPARE(r.stats().headRequests, size_t(0));
        }
        QCOMPARE(repo->headOrder.size(), size_t(40));
        {
            TagResolverOptions o;
            o.cacheMaxAge = 0s; // too old: ask again
            TagResolver r(backendFor(repo), o, cache);
            r.start();
            QVERIFY(drain(r).status.ok());
            QCOMPARE(r.stats().headRequests, size_t(40));
        }
        cache->forget("fake/repo");
        QCOMPARE(cache->size(), size_t(0));
        // A full cache drops its oldest entries.
        TagDigestCache small(10);
        for (int i = 0; i < 25; ++i)
            small.put("r", std::to_string(i), {{}, std::chrono::system_clock::now()});
        QVERIFY(small.size() <= 10);
    }

    void cancelStopsListingAndRequests()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(100, 50);
        repo->latency = 3ms;
        TagResolverOptions o;
        o.workers = 2;
        o.pendingCapacity = 20;
        auto r = std::make_unique<TagResolver>(backendFor(repo), o);
        r->start();
        ResolverBatch b;
        while (b.resolved.empty())
            b = r->next(5s);
        r->cancel();
        const ResolverBatch end = r->next(5s);
        QVERIFY(end.finished);
        QCOMPARE(end.status.error().code, ErrorCode::Cancelled);
        QElapsedTimer t;
        t.start();
        r.reset(); // joins every thread
        QVERIFY2(t.elapsed() < 2000, "cancelled threads must stop promptly");
        QVERIFY(repo->headOrder.size() < 5000);
        QVERIFY2(repo->pagesServed < 100, "the listing must stop between pages");
    }

    void destroyWhileBusy()
    {
        // Nobody drains: workers wait for room, the lister for pending space;
        // the destructor still returns.
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(10, 100);
        TagResolverOptions o;
        o.resultCapacity = 2;
        o.pendingCapacity = 3;
        auto r = std::make_unique<TagResolver>(backendFor(repo), o);
        r->start();
        (void)r->next(20ms);
        r.reset();
        TagResolver neverStarted(backendFor(repo));
        QVERIFY(neverStarted.next(1ms).empty());
    }

    void prioritizedTagsGoFirst()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(1, 50);
        std::mutex m;
        std::condition_variable cv;
        bool entered = false;
        bool release = false;
        repo->onHead = [&](const std::string& tag) {
            if (tag != "t0000")
                return;
            std::unique_lock lock(m);
            entered = true;
            cv.notify_all();
            cv.wait_for(lock, 10s, [&] { return release; });
        };
        TagResolverOptions o;
        o.workers = 1;
        TagResolver r(backendFor(repo), o);
        r.start();
        // Wait until every tag is listed (the only worker is held inside t0000).
        size_t listed = 0;
        QElapsedTimer t;
        t.start();
        while (listed < 50 && t.elapsed() < 10000)
            listed += r.next(100ms).listed.size();
        QCOMPARE(listed, size_t(50));
        {
            std::unique_lock lock(m);
            QVERIFY(cv.wait_for(lock, 10s, [&] { return entered; }));
        }
        r.prioritize({"t0049", "t0030", "unknown-tag"});
        {
            std::lock_guard lock(m);
            release = true;
        }
        cv.notify_all();
        QVERIFY(drain(r).status.ok());
        QCOMPARE(repo->headOrder.size(), size_t(50));
        QCOMPARE(QString::fromStdString(repo->headOrder[0]), QStringLiteral("t0000"));
        QCOMPARE(QString::fromStdString(repo->headOrder[1]), QStringLiteral("t0049"));
        QCOMPARE(QString::fromStdString(repo->headOrder[2]), QStringLiteral("t0030"));
        QCOMPARE(QString::fromStdString(repo->headOrder[3]), QStringLiteral("t0001"));
    }

    void generations()
    {
        auto repo = std::make_shared<FakeRepo>();
        repo->pages = makePages(1, 3);
        TagResolverOptions o;
        o.generation = 77;
        TagResolver a(backendFor(repo), o);
        a.start();
        const Drained d = drain(a);
        QCOMPARE(d.generations, std::set<std::uint64_t>{77});
        TagResolver b(backendFor(repo));
        TagResolver c(backendFor(repo));
        QVERIFY(b.generation() != c.generation());
    }

    void emptyRepository()
    {
        auto repo = std::make_shared<FakeRepo>();
        TagResolver r(backendFor(repo));
        r.start();
        const Drained d = drain(r);
        QVERIFY(d.status.ok());
        QVERIFY(d.resolved.empty() && d.listed.empty());
    }
};

QTEST_GUILESS_MAIN(TestTagResolver)
#include "test_tag_resolver.moc"
