// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// S6 behaviour (not timings): the tree from each zTOC once (a preview from
// TOC regions only), adjacent spans
// in one request, fetch events, the background fetcher's rules.
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QtTest>

#include <atomic>
#include <set>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
} // namespace

class TestLazySpeed final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-speed"};
    QString m_repo;
    qint64 m_ztocSize = 0;
    int m_cache = 0;
    std::string cache() { return m_tmp.path() + "/cache-" + std::to_string(++m_cache); }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const QString layout = makeImage(q(m_tmp.path()), QStringLiteral("img"),
            "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"big/noise\",\"random\":4000000,\"seed\":1},"
            "{\"many\":2000,\"prefix\":\"small/f\",\"size\":300,\"seed\":2}]},"
            "{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"two/noise\",\"random\":1500000,\"seed\":3}]}]");
        QVERIFY(!layout.isEmpty());
        m_repo = m_registry.address() + "/speed/img";
        QCOMPARE(ctl({QStringLiteral("copy"), "oci:" + layout + ":t", m_repo + ":t"}).exitCode, 0);
        const auto r = ctl({QStringLiteral("index"), QStringLiteral("convert"), m_repo + ":t", m_repo + ":s",
                            QStringLiteral("--span-size"), QStringLiteral("131072"), QStringLiteral("--min-layer-size"),
                            QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ztocSize = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("platforms")).toArray()[0].toObject()
                         .value(QStringLiteral("layers")).toArray()[0].toObject().value(QStringLiteral("ztoc")).toObject()
                         .value(QStringLiteral("size")).toInteger();
        QVERIFY(m_ztocSize > 100000);
    }

    // The listing needs each zTOC, verified: each is fetched whole, once, and
    // no layer byte; a preview (the GUI's) reads the TOC regions only.
    void treeFromEachZtocOnce()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(cache()));
        QVERIFY(m_proxy.reset());
        const auto r = ctl({QStringLiteral("ls"), m_proxy.address() + "/speed/img:s", QStringLiteral("/"), QStringLiteral("-R"),
                            QStringLiteral("--stats")},
                           60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.count('\n'), 2000 + 3 + 2); // files, folders big small two, two noises
        QVERIFY2(r.err.contains("spans 0 B"), r.err.constData());
        qint64 ztocBytes = 0;
        std::set<QString> ztocs;
        for (const auto& z : ztocsOf(m_repo + ":s")) {
            ztocs.insert(z.digest);
            ztocBytes += z.size;
        }
        QCOMPARE(ztocs.size(), size_t(2));
        qint64 blobBytes = 0;
        std::set<QString> seen;
        for (const auto& e : QJsonDocument::fromJson(m_proxy.log()).array()) {
            const auto o = e.toObject();
            const QString path = o.value(QStringLiteral("path")).toString();
            if (o.value(QStringLiteral("method")).toString() != QLatin1String("GET") || !path.contains(QLatin1String("/blobs/")))
                continue;
            const QString digest = path.section(QLatin1Char('/'), -1);
            if (!ztocs.count(digest))
                continue; // the config
            QVERIFY2(seen.insert(digest).second, qPrintable("fetched twice: " + digest));
            blobBytes += o.value(QStringLiteral("bytes")).toInteger();
        }
        QCOMPARE(seen.size(), ztocs.size());
        QCOMPARE(blobBytes, ztocBytes);

        // The preview: range reads, less than the first zTOC for both.
        QVERIFY(m_proxy.reset());
        auto img = openLazy(m_proxy.addr(), "speed/img", "s", cache());
        QVERIFY(img);
        auto preview = img->previewTree();
        QVERIFY(preview.ok());
        QVERIFY((*preview)->resolve("/big/noise", false).ok() && (*preview)->resolve("/two/noise", false).ok());
        const auto fetched = static_cast<qint64>(img->stats().ztocBytes.load());
        QVERIFY2(fetched > 0 && fetched < m_ztocSize, qPrintable(QString::number(fetched)));
    }

    void adjacentSpansShareOneRequest()
    {
        auto img = openLazy(m_registry.addr(), "speed/img", "s", cache());
        QVERIFY(img);
        std::atomic<int> events{0}, spanEvents{0};
        auto sub = img->events().subscribe([&](const lazy::FetchEvent& e) {
            ++events;
            if (e.type == lazy::FetchEvent::Type::Span)
                ++spanEvents;
        });
        auto tree = img->tree();
        QVERIFY(tree.ok());
        auto ino = (*tree)->resolve("/big/noise");
        QVERIFY(ino.ok());
        auto data = img->read(**tree, *ino, 0, 4000000);
        QVERIFY(data.ok());
        QCOMPARE(data->size(), size_t(4000000));
        const auto spans = img->stats().spansFetched.load();
        const auto requests = img->stats().rangeRequests.load();
        QVERIFY(spans >= 30);
        QVERIFY2(requests * 3 < spans, qPrintable(QStringLiteral("%1 requests for %2 spans").arg(requests).arg(spans)));
        QVERIFY(spanEvents.load() >= 30);
        QVERIFY(events.load() > spanEvents.load()); // the zTOC and index documents too
    }

    // The floor counts each span a read needed once; spans the background
    // fetcher filled are read from disk, not fetched again.
    void floorAndFilledSpans()
    {
        auto img = openLazy(m_registry.addr(), "speed/img", "s", cache());
        QVERIFY(img);
        auto tree = img->tree();
        QVERIFY(tree.ok());
        auto ino = (*tree)->resolve("/two/noise");
        QVERIFY(ino.ok());
        // Reading the file twice needs its spans once.
        QVERIFY(img->read(**tree, *ino, 0, 1500000).ok());
        QVERIFY(img->read(**tree, *ino, 0, 1500000).ok());
        auto layer = img->layer(1);
        QVERIFY(layer.ok());
        std::uint64_t all = 0;
        for (std::int32_t i = 0; i < (*layer)->spans().spanCount(); ++i)
            all += static_cast<std::uint64_t>((*layer)->spans().range(i).compressedEnd - (*layer)->spans().range(i).compressedStart);
        const auto f = img->floor();
        QCOMPARE(f.spanBytes, all); // the file fills its layer
        QCOMPARE(f.ztocBytes, img->stats().ztocBytes.load());
        QVERIFY(img->stats().foregroundBytes() <= f.total() + img->stats().indexBytes + 64 * 1024); // + gzip head
        // Layer 0 filled in the background: a read of its big file then costs no network byte.
        auto big = (*tree)->resolve("/big/noise");
        QVERIFY(big.ok());
        auto bottom = img->layer(0);
        QVERIFY(bottom.ok());
        auto filled = (*bottom)->fill(0, (*bottom)->spans().spanCount() - 1, 1u << 20);
        QVERIFY2(filled.ok(), filled ? "" : filled.error().text().c_str());
        QVERIFY(*filled > 0);
        QCOMPARE(img->stats().backgroundBytes.load(), *filled);
        QCOMPARE(*(*bottom)->fill(0, (*bottom)->spans().spanCount() - 1, 1u << 20), std::uint64_t(0)); // nothing left
        const auto network = img->stats().networkBytes();
        auto data = img->read(**tree, *big, 0, 4000000);
        QVERIFY(data.ok());
        QCOMPARE(data->size(), size_t(4000000));
        QCOMPARE(img->stats().networkBytes(), network);
        QVERIFY(img->stats().cachedBytes.load() > 0);
        // Every span of both layers is here now.
        std::uint64_t bottomAll = 0;
        for (std::int32_t i = 0; i < (*bottom)->spans().spanCount(); ++i)
            bottomAll += static_cast<std::uint64_t>((*bottom)->spans().range(i).compressedEnd -
                                                    (*bottom)->spans().range(i).compressedStart);
        QCOMPARE(img->localBytes(), all + bottomAll);
    }

    void backgroundPolicies()
    {
        auto off = lazy::parseBackgroundPolicy("off");
        QVERIFY(off.ok() && !*off);
        lazy::BackgroundOptions base;
        base.bytesPerSecond = 1000;
        auto all = lazy::parseBackgroundPolicy(" ALL ", base);
        QVERIFY(all.ok() && *all);
        QCOMPARE((*all)->byteBudget, std::uint64_t(0));
        QCOMPARE((*all)->bytesPerSecond, std::uint64_t(1000)); // the rest of base is kept
        QCOMPARE((*all)->describe(), std::string("all"));
        auto budget = lazy::parseBackgroundPolicy("64MiB");
        QVERIFY(budget.ok() && *budget);
        QCOMPARE((*budget)->byteBudget, std::uint64_t(64) << 20);
        QCOMPARE((*lazy::parseBackgroundPolicy("1500"))->byteBudget, std::uint64_t(1500));
        for (const char* bad : {"", "lots", "-5", "12 parsecs", "1e3"}) {
            auto r = lazy::parseBackgroundPolicy(bad);
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code, ErrorCode::Usage);
        }
    }

    void backgroundFetcherRules()
    {
        auto img = openLazy(m_registry.addr(), "speed/img", "s", cache());
        QVERIFY(img);
        std::atomic<int> background{0};
        auto sub = img->events().subscribe([&](const lazy::FetchEvent& e) {
            if (e.background && e.type == lazy::FetchEvent::Type::Span)
                ++background;
        });
        // Foreground first: nothing happens while reads keep coming.
        lazy::BackgroundOptions o;
        o.quietPeriod = std::chrono::milliseconds(600000);
        img->startBackground(o);
        QTest::qWait(300);
        QCOMPARE(background.load(), 0);
        QCOMPARE(img->background()->state(), lazy::BackgroundFetcher::State::Waiting);
        // Quiet image, a budget of 3 spans and a bit: never more than the budget,
        // and it stops less than a span short of it.
        o.quietPeriod = std::chrono::milliseconds(0);
        o.byteBudget = 3 * 131072 + 4096;
        const auto bgBefore = img->stats().backgroundBytes.load();
        img->startBackground(o);
        QTRY_VERIFY_WITH_TIMEOUT(img->background()->done(), 20000);
        QCOMPARE(img->background()->state(), lazy::BackgroundFetcher::State::BudgetSpent);
        const auto spent = img->stats().backgroundBytes.load() - bgBefore;
        QCOMPARE(spent, img->background()->bytesFetched());
        QVERIFY2(spent <= o.byteBudget && spent + 140000 > o.byteBudget, qPrintable(QString::number(spent)));
        QVERIFY(background.load() >= 3);
        // Filled, not inflated: the spans are on disk and nothing read them.
        QCOMPARE(img->stats().spanBytes.load(), spent);
        // Paused: no progress; resumed without a budget: every span of both layers.
        o.byteBudget = 0;
        img->startBackground(o);
        img->background()->setPaused(true);
        const int before = background.load();
        QTest::qWait(200);
        QVERIFY(background.load() - before <= 1);
        img->background()->setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(img->background()->done(), 30000);
        QCOMPARE(img->background()->state(), lazy::BackgroundFetcher::State::Done);
        for (std::size_t l = 0; l < img->layerCount(); ++l) {
            auto layer = img->layer(l);
            QVERIFY(layer.ok());
            QTRY_VERIFY_WITH_TIMEOUT([&] {
                for (std::int32_t i = 0; i < (*layer)->spans().spanCount(); ++i)
                    if (!(*layer)->spanAvailable(i))
                        return false;
                return true;
            }(), 10000);
        }
    }
};

QTEST_GUILESS_MAIN(TestLazySpeed)
#include "test_lazy_speed.moc"
