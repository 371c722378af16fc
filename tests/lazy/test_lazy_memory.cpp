// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The memory budget for decompressed spans (SpanMemory): its rules on their
// own, then two images read by many threads at once through one small shared
// budget, against the GNU tar oracle: every byte right, the budget held (the
// peak never above it by more than one fetch), nothing left in flight, and
// everything given back once idle or once the images are closed.
#include "lazy/span_memory.h"
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QtTest>

#include <atomic>
#include <future>
#include <random>
#include <thread>

using namespace sociscope;
using namespace sociscope::test;
using lazy::SpanMemory;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

std::shared_ptr<const std::string> bytes(std::size_t n) { return std::make_shared<const std::string>(n, 'x'); }

// Many 64 KiB spans: text, noise and small files in one gzip layer.
constexpr const char* kLayers =
    "[{\"compression\":\"gzip\",\"level\":6,\"entries\":["
    "{\"many\":150,\"prefix\":\"small/f-\",\"size\":9000,\"seed\":1},"
    "{\"path\":\"big/text\",\"text\":1500000,\"seed\":2},"
    "{\"path\":\"big/noise\",\"random\":700000,\"seed\":3}]}]";
} // namespace

class TestLazyMemory final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp { "sociscope-lazy-memory" };

private slots:
    void leastRecentlyUsedGoesFirst()
    {
        auto m = std::make_shared<SpanMemory>(300);
        m->put({ 1, 0 }, bytes(100));
        m->put({ 1, 1 }, bytes(100));
        m->put({ 2, 0 }, bytes(100));
        QVERIFY(m->get({ 1, 0 })); // now the most recent
        m->put({ 2, 1 }, bytes(100)); // over: {1, 1} goes
        QVERIFY(!m->contains({ 1, 1 }));
        QVERIFY(m->contains({ 1, 0 }) && m->contains({ 2, 0 }) && m->contains({ 2, 1 }));
        QCOMPARE(m->usage().cached, 300u);
        // A span bigger than the budget stays alone: it was made for a reader.
        m->put({ 3, 0 }, bytes(500));
        QCOMPARE(m->usage().entries, 1u);
        QVERIFY(m->contains({ 3, 0 }));
        m->dropOwner(3);
        QCOMPARE(m->usage().cached, 0u);
    }

    void reservationsHoldTheBudget()
    {
        auto m = std::make_shared<SpanMemory>(1000);
        m->put({ 1, 0 }, bytes(600));
        // Cached spans give way to work in flight.
        auto a = m->reserve(700);
        QVERIFY(!m->contains({ 1, 0 }));
        QCOMPARE(m->usage().inFlight, 700u);
        // Optional work is refused while the budget is held...
        QVERIFY(!m->tryReserve(400));
        // ...and a reader waits until the holder is done.
        auto waiting = std::async(std::launch::async, [m] { return m->reserve(400) != nullptr; });
        QCOMPARE(waiting.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
        a.reset();
        QCOMPARE(waiting.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        QVERIFY(waiting.get());
        QCOMPARE(m->usage().inFlight, 0u);
        // With nothing in flight, even more than the budget is let through.
        auto big = m->tryReserve(5000);
        QVERIFY(big);
        big.reset();
        QCOMPARE(m->usage().waits, 1u);
    }

    void idleSpansAreDropped()
    {
        auto m = std::make_shared<SpanMemory>(1000, std::chrono::milliseconds(0));
        m->put({ 1, 0 }, bytes(10));
        m->put({ 1, 1 }, bytes(10));
        const auto before = m->activity();
        QCOMPARE(m->trimIdle(), 20u);
        QCOMPARE(m->usage().entries, 0u);
        QCOMPARE(m->activity(), before); // trimming is not reading
        auto kept = std::make_shared<SpanMemory>(1000, std::chrono::hours(1));
        kept->put({ 1, 0 }, bytes(10));
        QCOMPARE(kept->trimIdle(), 0u);
        QCOMPARE(kept->usage().entries, 1u);
    }

    void manyReadersShareOneSmallBudget()
    {
        if (::geteuid() != 0)
            QSKIP("the GNU tar oracle needs root to keep owners");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const QString dir = q(m_tmp.path());
        const QString layout = makeImage(dir, QStringLiteral("image"), kLayers);
        QVERIFY(!layout.isEmpty());
        const QString pushed = pushSoci(layout, m_registry.address() + QStringLiteral("/lazy/memory"), dir + "/cli-cache");
        QVERIFY2(pushed.isEmpty(), qPrintable(pushed));
        const auto oracle = oracleTree(layout, QStringLiteral("t"), dir + "/rootfs");
        QVERIFY(!oracle.empty());

        // Four spans' worth (compressed and decompressed) for two images.
        auto memory = std::make_shared<SpanMemory>(4 * 2 * 65536);
        std::vector<std::shared_ptr<lazy::LazyImage>> images;
        for (int k = 0; k < 2; ++k) {
            static registry::Session session;
            auto src = registry::makeRegistrySource(session.client(m_registry.addr()), "lazy/memory");
            lazy::LazyOptions o;
            o.cache = std::make_shared<lazy::DiskCache>(m_tmp.path() + "/cache-" + std::to_string(k));
            o.platform = oci::Platform { "amd64", "linux", {}, {}, {} };
            o.memory = memory;
            auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(src)), "t-soci", o);
            QVERIFY2(img.ok(), img.ok() ? "" : img.error().text().c_str());
            images.push_back(*img);
        }
        auto layer = images[0]->layer(0);
        QVERIFY(layer.ok());
        QVERIFY2((*layer)->spans().spanCount() > 15, qPrintable(QStringLiteral("only %1 spans").arg((*layer)->spans().spanCount())));
        // The most one fetch reserves: a read window of two spans (the budget
        // is four), each compressed and decompressed.
        std::uint64_t largest = 0;
        for (std::int32_t i = 0; i < (*layer)->spans().spanCount(); ++i) {
            const auto& s = (*layer)->spans().range(i);
            largest = std::max<std::uint64_t>(largest,
                static_cast<std::uint64_t>(s.compressedEnd - s.compressedStart + s.uncompressedEnd - s.uncompressedStart));
        }

        struct Want {
            std::string path;
            std::size_t size;
            QString sha;
        };
        std::vector<Want> wants;
        for (const auto& [p, o] : oracle)
            if (o.value(QStringLiteral("type")).toString() == QLatin1String("reg"))
                wants.push_back({ p.toStdString(), static_cast<std::size_t>(o.value(QStringLiteral("size")).toInteger()),
                    o.value(QStringLiteral("sha256")).toString() });
        QVERIFY(wants.size() > 100);

        // 16 readers, each every file of one image in its own order and piece size.
        std::atomic<int> bad { 0 };
        std::mutex errorsMutex;
        QStringList errors;
        std::vector<std::thread> readers;
        for (int t = 0; t < 16; ++t)
            readers.emplace_back([&, t] {
                auto img = images[static_cast<size_t>(t % 2)];
                auto tree = img->tree();
                if (!tree) {
                    ++bad;
                    return;
                }
                std::mt19937 rng(static_cast<unsigned>(t));
                std::vector<size_t> order(wants.size());
                for (size_t i = 0; i < order.size(); ++i)
                    order[i] = i;
                std::shuffle(order.begin(), order.end(), rng);
                const std::size_t piece = 4096u << (t % 6);
                for (size_t i : order) {
                    const Want& w = wants[i];
                    auto ino = (*tree)->resolve(w.path, false);
                    std::string data;
                    while (ino && data.size() < w.size) {
                        auto got = img->read(**tree, *ino, static_cast<std::int64_t>(data.size()), piece);
                        if (!got || got->empty()) {
                            std::lock_guard lock(errorsMutex);
                            errors << q(w.path + ": " + (got ? std::string("short") : got.error().text()));
                            break;
                        }
                        data += *got;
                    }
                    if (sha256Hex(data) != w.sha)
                        ++bad;
                }
            });
        for (auto& t : readers)
            t.join();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.mid(0, 5).join(QLatin1Char('\n'))));
        QCOMPARE(bad.load(), 0);

        const auto u = memory->usage();
        qInfo("budget %llu B: peak %llu B, %llu waits, %llu evicted, %llu hits, %llu misses",
            static_cast<unsigned long long>(u.capacity), static_cast<unsigned long long>(u.peak),
            static_cast<unsigned long long>(u.waits), static_cast<unsigned long long>(u.evicted),
            static_cast<unsigned long long>(u.hits), static_cast<unsigned long long>(u.misses));
        QCOMPARE(u.inFlight, 0u);
        QVERIFY(u.cached <= u.capacity);
        QVERIFY2(u.peak <= u.capacity + 2 * largest,
            qPrintable(QStringLiteral("peak %1 over budget %2 + one fetch %3").arg(u.peak).arg(u.capacity).arg(2 * largest)));
        QVERIFY(u.evicted > 0); // the budget was really too small for the readers

        // Closing the images gives back what they kept.
        QVERIFY(u.entries > 0);
        layer = makeError(ErrorCode::Internal, "released");
        images.clear();
        QCOMPARE(memory->usage().entries, 0u);
        QCOMPARE(memory->usage().cached, 0u);
    }
};

QTEST_GUILESS_MAIN(TestLazyMemory)
#include "test_lazy_memory.moc"
