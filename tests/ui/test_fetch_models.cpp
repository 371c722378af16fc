// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The live fetch views without a daemon: the chart's timeline (cumulative
// series, flat stretches, thinning, rate, the "fetched … of …" line), the
// span map's model (cells per event, growth, whole layers) and its files per
// span from a zTOC built here over a hand-made tar, the coalescing event
// queue under threads, FetchChart, SpanMapView's hit testing and tooltips,
// FetchPanel's filtering by image, and the run console's command-line
// splitting.
#include "common/qtformat.h"
#include "common/shellwords.h"
#include "docks/fetchpanel.h"
#include "docks/mountspanel.h"
#include "jobs/fetchfeed.h"
#include "models/fetchtimeline.h"
#include "models/spanfiles.h"
#include "models/spanmap.h"
#include "soci_testutil.h"
#include "widgets/fetchchart.h"
#include "widgets/spanmapview.h"

#include "soci/ztoc_builder.h"

#include <QHelpEvent>
#include <QLabel>
#include <QSignalSpy>
#include <QToolTip>
#include <QTranslator>
#include <QtTest>

#include <thread>

using namespace sociscope;
using namespace sociscope::ui;

namespace {

lazy::FetchEvent fe(
    lazy::FetchEvent::Type type, std::uint64_t bytes, int layer = -1, int span = -1, bool background = false)
{
    lazy::FetchEvent e;
    e.type = type;
    e.bytes = bytes;
    e.layer = layer;
    e.span = span;
    e.background = background;
    return e;
}

using T = lazy::FetchEvent::Type;
using Cell = SpanMapModel::Cell;

// The files per span of a plain tar layer's zTOC, built here.
std::shared_ptr<const SpanFiles> spanFilesOf(const std::string& tar, std::int64_t spanSize, int* spanCount)
{
    soci::BuildOptions o;
    o.spanSize = spanSize;
    auto z = soci::buildTarZtoc(soci::memoryReader(tar), o);
    if (!z)
        return nullptr;
    auto spans = soci::SpanIndex::create(*z);
    if (!spans)
        return nullptr;
    *spanCount = spans->spanCount();
    return SpanFiles::build(*z, *spans);
}

// A plain tar: /etc/a (span 0), /big (spans 0-2), a folder, /c (span 3),
// cut into 4 KiB spans. Offsets: a's data at 512, big's at 1536..11535,
// c's at 12800; the archive ends at 14336.
std::shared_ptr<const SpanFiles> tarSpanFiles(int* spanCount)
{
    std::string tar = test::tarEntry({ "./etc/a", '0', 100 }, std::string(100, 'a'));
    tar += test::tarEntry({ "big", '0', 10000 }, std::string(10000, 'b'));
    tar += test::tarEntry({ "dir/", '5', 0 });
    tar += test::tarEntry({ "c", '0', 10 }, std::string(10, 'c'));
    tar += test::tarEnd();
    return spanFilesOf(tar, 4096, spanCount);
}

} // namespace

class TestFetchModels final : public QObject {
    Q_OBJECT
    QTranslator m_english;

private slots:
    // The Mounts dock says what each mount fetches in the background.
    void mountBackgroundColumn()
    {
        MountEntry m;
        QCOMPARE(MountListModel::backgroundText(m), QStringLiteral("off"));
        m.background = QStringLiteral("all");
        m.backgroundState = QStringLiteral("fetching");
        m.localBytes = 50;
        m.imageBytes = 200;
        QCOMPARE(MountListModel::backgroundText(m), QStringLiteral("whole image: 25 % local, fetching"));
        m.background = QStringLiteral("64.0 MiB");
        m.backgroundState = QStringLiteral("budget spent");
        QCOMPARE(MountListModel::backgroundText(m), QStringLiteral("up to 64.0 MiB: 25 % local, budget spent"));
        MountListModel model;
        model.setMounts({ m });
        QCOMPARE(model.data(model.index(0, MountListModel::ColumnBackground)).toString(),
            MountListModel::backgroundText(m));
        QCOMPARE(model.headerData(MountListModel::ColumnBackground, Qt::Horizontal).toString(),
            QStringLiteral("Background fetch"));
    }

    void initTestCase()
    {
        // The plural forms ("1 span", "4 more files"), as the app loads them.
        QVERIFY(m_english.load(QStringLiteral(":/i18n/sociscope_en.qm")));
        QCoreApplication::installTranslator(&m_english);
    }

    void timelineCountsBySeries()
    {
        FetchTimeline t;
        t.reset(1 << 20);
        QVERIFY(!t.sample(0)); // nothing yet
        t.add(fe(T::Index, 1000));
        t.add(fe(T::Ztoc, 4000, 1));
        t.add(fe(T::Span, 65536, 1, 3));
        t.add(fe(T::SpanCached, 30000, 1, 4));
        t.add(fe(T::SpanFailed, 0, 1, 5));
        t.add(fe(T::WholeLayer, 2000, 0));
        auto bg = fe(T::Span, 5000, 1, 6);
        bg.background = true; // the background fetcher's: a series of its own
        t.add(bg);
        QVERIFY(t.sample(1.0));
        QCOMPARE(t.total(FetchTimeline::Background), 5000u);
        QCOMPARE(t.total(FetchTimeline::Index), 1000u);
        QCOMPARE(t.total(FetchTimeline::Ztoc), 4000u);
        QCOMPARE(t.total(FetchTimeline::Spans), 65536u);
        QCOMPARE(t.total(FetchTimeline::WholeLayers), 2000u);
        QCOMPARE(t.total(FetchTimeline::FromCache), 30000u);
        QCOMPARE(t.networkBytes(), 1000u + 4000u + 65536u + 2000u + 5000u); // the cache is not the network
        QCOMPARE(t.failedSpans(), 1u);
        QCOMPARE(t.events(), 7u);
        QCOMPARE(t.maxTotal(), 65536u);
        // One point per sample per series, at the sample's time, cumulative.
        QCOMPARE(t.points(FetchTimeline::Spans).size(), 2u);
        QCOMPARE(t.points(FetchTimeline::Spans).back(), QPointF(1.0, 65536));
        QCOMPARE(t.points(FetchTimeline::Spans).front(), QPointF(0.0, 0));
        QCOMPARE(t.summaryText(),
            QStringLiteral("fetched %1 of %2 (7.4 %)").arg(Format::bytes(77536), Format::bytes(1 << 20)));
        FetchTimeline unknown;
        unknown.add(fe(T::Span, 10));
        QCOMPARE(unknown.summaryText(), QStringLiteral("fetched %1").arg(Format::bytes(10)));
    }

    // A span is counted once, whoever fetched it or read it from the cache
    // (the window and the daemon fetching the same spans was "176 %" of the
    // image); so is a layer read whole. Documents have no identity: each counts.
    void timelineCountsEachSpanOnce()
    {
        FetchTimeline t;
        t.reset(10000);
        t.add(fe(T::Span, 3000, 1, 0));
        t.add(fe(T::Span, 3000, 1, 0));       // the daemon, the same span
        t.add(fe(T::SpanCached, 3000, 1, 0)); // read again from the cache
        t.add(fe(T::Span, 2000, 1, 1, true));
        t.add(fe(T::Span, 2000, 1, 1));      // a read after the background fetcher
        t.add(fe(T::SpanCached, 1000, 0, 1)); // same span number, another layer
        t.add(fe(T::Span, 1000, 0, 1));
        t.add(fe(T::WholeLayer, 4000, 2));
        t.add(fe(T::WholeLayer, 4000, 2));
        t.add(fe(T::Index, 10));
        t.add(fe(T::Index, 10));
        QCOMPARE(t.total(FetchTimeline::Spans), 3000u);
        QCOMPARE(t.total(FetchTimeline::Background), 2000u);
        QCOMPARE(t.total(FetchTimeline::FromCache), 1000u);
        QCOMPARE(t.total(FetchTimeline::WholeLayers), 4000u);
        QCOMPARE(t.total(FetchTimeline::Index), 20u);
        QCOMPARE(t.networkBytes(), 3000u + 2000u + 4000u + 20u);
        QCOMPARE(t.events(), 11u);
        t.reset(10000); // another image: nothing is known any more
        t.add(fe(T::Span, 3000, 1, 0));
        QCOMPARE(t.total(FetchTimeline::Spans), 3000u);
    }

    void timelineFlatStretchesAndRate()
    {
        FetchTimeline t;
        t.reset(0);
        t.sample(0);
        t.add(fe(T::Span, 1000));
        t.sample(1);
        // Idle for a long time: the line reaches "now" with one moving point.
        for (int s = 2; s <= 100; ++s)
            QVERIFY(!t.sample(s));
        const auto& pts = t.points(FetchTimeline::Spans);
        QCOMPARE(pts.size(), 3u);
        QCOMPARE(pts[1], QPointF(1, 1000));
        QCOMPARE(pts[2], QPointF(100, 1000));
        QCOMPARE(t.rate(), 0.0); // nothing in the last seconds
        // 3000 bytes a second for a few seconds.
        for (int s = 101; s <= 105; ++s) {
            t.add(fe(T::Span, 3000));
            t.sample(s);
        }
        QVERIFY2(qAbs(t.rate() - 3000.0) < 1.0, qPrintable(QString::number(t.rate())));
        QCOMPARE(t.rateText(), QStringLiteral("%1/s").arg(Format::bytes(3000)));
        // A sample never goes back in time.
        t.sample(50);
        QCOMPARE(t.lastSample(), 105.0);
    }

    void timelineStaysBounded()
    {
        FetchTimeline t;
        for (int i = 0; i < 10000; ++i) {
            t.add(fe(T::Span, 1));
            t.sample(i * 0.25);
        }
        const auto& pts = t.points(FetchTimeline::Spans);
        QVERIFY(static_cast<int>(pts.size()) <= FetchTimeline::MaxPoints);
        QVERIFY(pts.size() > FetchTimeline::MaxPoints / 4);
        QCOMPARE(pts.front(), QPointF(0, 1));
        QCOMPARE(pts.back(), QPointF(9999 * 0.25, 10000));
        for (std::size_t i = 1; i < pts.size(); ++i)
            QVERIFY(pts[i].x() > pts[i - 1].x() && pts[i].y() >= pts[i - 1].y());
    }

    void spanFilesFromAZtoc()
    {
        int spans = 0;
        const auto files = tarSpanFiles(&spans);
        QVERIFY(files);
        QCOMPARE(spans, 4);
        QCOMPARE(files->spanCount(), 4);
        const auto names = [&](int s) {
            QStringList out;
            for (const auto& n : files->names(s))
                out << QString::fromStdString(n);
            return out;
        };
        QCOMPARE(names(0), (QStringList { QStringLiteral("/etc/a"), QStringLiteral("/big") }));
        QCOMPARE(names(1), QStringList { QStringLiteral("/big") });
        QCOMPARE(names(2), QStringList { QStringLiteral("/big") });
        QCOMPARE(names(3), QStringList { QStringLiteral("/c") });
        QCOMPARE(files->count(0), 2);
        QCOMPARE(files->count(4), 0);
        QVERIFY(files->names(-1).empty());
    }

    void spanMapCells()
    {
        int spans = 0;
        const auto files = tarSpanFiles(&spans);
        SpanMapModel m;
        m.reset(2);
        m.setWhole(0);
        m.setSpanCount(1, spans, files);
        QCOMPARE(m.spanCount(1), 4);
        QVERIFY(m.isWhole(0));
        QVERIFY(!m.wholeFetched(0));
        QCOMPARE(m.count(1, Cell::Untouched), 4);
        QVERIFY(m.apply(fe(T::Span, 100, 1, 0)));
        QVERIFY(!m.apply(fe(T::Span, 100, 1, 0))); // no change
        QVERIFY(m.apply(fe(T::SpanCached, 100, 1, 1)));
        QVERIFY(m.apply(fe(T::Span, 100, 1, 2, true)));
        QVERIFY(m.apply(fe(T::SpanFailed, 0, 1, 3)));
        QVERIFY(!m.apply(fe(T::Ztoc, 100, 1))); // not about a span
        QVERIFY(!m.apply(fe(T::Index, 100, -1)));
        QCOMPARE(m.cell(1, 0), Cell::OnDemand);
        QCOMPARE(m.cell(1, 1), Cell::FromCache);
        QCOMPARE(m.cell(1, 2), Cell::Background);
        QCOMPARE(m.cell(1, 3), Cell::Failed);
        QCOMPARE(m.touched(), 4);
        // A retry that worked replaces the failure.
        QVERIFY(m.apply(fe(T::Span, 100, 1, 3)));
        QCOMPARE(m.cell(1, 3), Cell::OnDemand);
        QVERIFY(m.apply(fe(T::WholeLayer, 5000, 0)));
        QVERIFY(m.wholeFetched(0));
        // Events before the zTOC is known (a daemon run) grow the layer; the
        // count, once known, keeps them.
        QVERIFY(m.apply(fe(T::Span, 1, 3, 7)));
        QCOMPARE(m.layerCount(), 4);
        QCOMPARE(m.spanCount(3), 8);
        m.setSpanCount(3, 20);
        QCOMPARE(m.spanCount(3), 20);
        QCOMPARE(m.cell(3, 7), Cell::OnDemand);
        QCOMPARE(m.cell(3, 99), Cell::Untouched);
        // Tooltips name the files of the span.
        QCOMPARE(m.describe(1, 0), QStringLiteral("Layer 1, span 0: fetched on demand\n/etc/a\n/big"));
        QCOMPARE(m.describe(3, 7), QStringLiteral("Layer 3, span 7: fetched on demand"));
        m.reset(1);
        QCOMPARE(m.touched(), 0);
        QCOMPARE(m.spanCount(0), 0);
    }

    void describeCapsNames()
    {
        std::string tar;
        for (int i = 0; i < 10; ++i)
            tar += test::tarEntry({ "f" + std::to_string(i), '0', 10 }, std::string(10, 'x'));
        tar += test::tarEnd();
        int spans = 0;
        const auto files = spanFilesOf(tar, 1 << 20, &spans);
        QVERIFY(files);
        SpanMapModel m;
        m.reset(1);
        m.setSpanCount(0, spans, files);
        const QStringList lines = m.describe(0, 0).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1 + static_cast<int>(SpanFiles::NamesPerSpan) + 1);
        QCOMPARE(lines.last(), QStringLiteral("… and 4 more files"));
    }

    void queueCoalescesAcrossThreads()
    {
        auto* queue = new FetchEventQueue;
        QSignalSpy arrived(queue, &FetchEventQueue::arrived);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([sink = queue->sink(), t] {
                for (int i = 0; i < 1000; ++i)
                    sink({ fe(T::Span, 1, t, i), "sha256:x", {}, {} });
            });
        for (auto& th : threads)
            th.join();
        QCOMPARE(arrived.count(), 0); // delivered on the queue's thread only
        QTRY_COMPARE(arrived.count(), 1);
        const auto batch = arrived.first().at(0).value<std::vector<FeedEvent>>();
        QCOMPARE(batch.size(), 4000u);
        std::array<int, 4> next {};
        for (const auto& f : batch) {
            QCOMPARE(f.event.span, next[static_cast<std::size_t>(f.event.layer)]++); // each thread's order kept
            QCOMPARE(f.digest, std::string("sha256:x"));
        }
        // An observer of an in-process image tags its digest.
        queue->observer("sha256:y")(fe(T::Ztoc, 9, 2));
        QTRY_COMPARE(arrived.count(), 2);
        QCOMPARE(arrived.last().at(0).value<std::vector<FeedEvent>>().front().digest, std::string("sha256:y"));
        // Pushing after the queue is gone drops the event.
        auto sink = queue->sink();
        delete queue;
        sink({ fe(T::Span, 1), "sha256:x", {}, {} });
        QCoreApplication::processEvents();
    }

    void chartShowsTheTimeline()
    {
        FetchTimeline t;
        t.reset(100 << 20);
        t.sample(0);
        t.add(fe(T::Span, 3 << 20));
        t.sample(1);
        t.add(fe(T::Ztoc, 1 << 20));
        t.sample(2);
        FetchChart chart;
        chart.display(t);
        for (int s = 0; s < FetchTimeline::SeriesCount; ++s)
            QCOMPARE(chart.pointCount(FetchTimeline::Series(s)),
                static_cast<int>(t.points(FetchTimeline::Series(s)).size()));
        QCOMPARE(chart.pointCount(FetchTimeline::Spans), 3);
        // Scaled to what was fetched (3 MiB, in MiB), or to the whole image.
        QVERIFY2(
            chart.axisMaximum() >= 3.45 && chart.axisMaximum() < 10, qPrintable(QString::number(chart.axisMaximum())));
        chart.setWholeImageScale(true);
        chart.display(t);
        QVERIFY(chart.axisMaximum() >= 100);
        QCOMPARE(chart.referenceLabel(), QStringLiteral("Whole image: %1").arg(Format::bytes(100 << 20)));
        // The legend names every series and the reference whole (a label that
        // wraps, not the chart's own legend, which cuts names off).
        for (int s = 0; s < FetchTimeline::SeriesCount; ++s)
            QVERIFY2(chart.legendText().contains(
                         FetchTimeline::seriesName(FetchTimeline::Series(s)).replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))),
                qPrintable(chart.legendText()));
        QVERIFY(chart.legendText().contains(QString(chart.referenceLabel()).replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))));
        chart.resize(300, 400); // narrow: it wraps instead of eliding
        auto* legend = chart.findChild<QLabel*>(QStringLiteral("fetchChartLegend"));
        QVERIFY(legend && legend->wordWrap());
    }

    void spanMapViewHitsAndTooltips()
    {
        int spans = 0;
        const auto files = tarSpanFiles(&spans);
        SpanMapModel m;
        m.reset(3);
        m.setWhole(0);
        m.setSpanCount(1, 100);
        m.setSpanCount(2, spans, files);
        m.apply(fe(T::Span, 1, 2, 3));
        SpanMapView view(m);
        view.resize(200, view.heightForWidth(200));
        view.modelChanged();
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // 100 spans wrap over several lines at this width.
        QVERIFY(view.heightForWidth(200) > view.heightForWidth(2000));
        for (const auto& [l, s] : { std::pair { 1, 0 }, std::pair { 1, 57 }, std::pair { 1, 99 }, std::pair { 2, 3 } })
            QCOMPARE(view.cellAt(view.cellCenter(l, s)), std::make_pair(l, s));
        QCOMPARE(view.cellAt(view.cellCenter(0, 0)).first, 0); // the bar of a layer read whole
        QCOMPARE(view.cellAt(QPoint(-5, -5)), std::make_pair(-1, -1));
        QHelpEvent help(QEvent::ToolTip, view.cellCenter(2, 3), view.mapToGlobal(view.cellCenter(2, 3)));
        QApplication::sendEvent(&view, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), QStringLiteral("Layer 2, span 3: fetched on demand\n/c"));
    }

    void panelTakesItsImageOnly()
    {
        FetchPanel panel;
        panel.resize(700, 600);
        panel.show();
        panel.setImage(QStringLiteral("sha256:mine"), 2, 50 << 20);
        QSignalSpy applied(&panel, &FetchPanel::eventsApplied);
        panel.apply({ { fe(T::Span, 4096, 1, 2), "sha256:mine", "m1", {} },
            { fe(T::Span, 9999, 1, 3), "sha256:other", "m2", {} },
            { fe(T::SpanCached, 4096, 1, 4), "sha256:mine", {}, {} } });
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.first().at(0).toInt(), 2);
        QCOMPARE(panel.timeline().total(FetchTimeline::Spans), 4096u);
        QCOMPARE(panel.timeline().total(FetchTimeline::FromCache), 4096u);
        QCOMPARE(panel.spanMap().cell(1, 2), Cell::OnDemand);
        QCOMPARE(panel.spanMap().cell(1, 3), Cell::Untouched);
        QCOMPARE(panel.spanMap().cell(1, 4), Cell::FromCache);
        panel.sample();
        QVERIFY(panel.chart()->pointCount(FetchTimeline::Spans) >= 2);
        QVERIFY2(panel.summaryText().startsWith(
                     QStringLiteral("fetched %1 of %2").arg(Format::bytes(4096), Format::bytes(50 << 20))),
            qPrintable(panel.summaryText()));
        QVERIFY(panel.summaryText().endsWith(QStringLiteral("2 spans touched")));
        // Through the queue, as the threads deliver them.
        panel.queue()->sink()({ fe(T::Span, 100, 0, 0), "sha256:mine", {}, {} });
        QVERIFY(applied.wait(5000));
        QCOMPARE(panel.timeline().total(FetchTimeline::Spans), 4196u);
        // The daemon says it dropped events for a slow reader: the summary says so.
        FeedEvent late { fe(T::Span, 1, 0, 1), "sha256:mine", "m1", {} };
        late.dropped = 7;
        panel.apply({ late });
        QVERIFY2(panel.summaryText().endsWith(QStringLiteral("· 7 events lost")), qPrintable(panel.summaryText()));
        // Another image: everything starts over.
        panel.setImage(QStringLiteral("sha256:next"), 1, 0);
        QCOMPARE(panel.timeline().networkBytes(), 0u);
        QCOMPARE(panel.spanMap().touched(), 0);
        QVERIFY(!panel.summaryText().contains(QStringLiteral("lost")));
    }

    // The window's reads and the daemon's mount of the same image fetching
    // the same spans: the panel's totals are the sum of distinct spans, and
    // the spans served from the cache are among the spans touched.
    void panelCountsDistinctSpans()
    {
        FetchPanel panel;
        panel.setImage(QStringLiteral("sha256:mine"), 2, 12000);
        std::vector<FeedEvent> events;
        for (int span = 0; span < 3; ++span) {
            events.push_back({ fe(T::Span, 4000, 1, span), "sha256:mine", {}, {} });   // in this window
            events.push_back({ fe(T::Span, 4000, 1, span), "sha256:mine", "m1", {} }); // the daemon's mount
        }
        events.push_back({ fe(T::SpanCached, 500, 0, 0), "sha256:mine", "m1", {} });
        panel.apply(events);
        panel.sample();
        QCOMPARE(panel.timeline().networkBytes(), 12000u);
        QCOMPARE(panel.timeline().total(FetchTimeline::FromCache), 500u);
        QCOMPARE(panel.spanMap().touched(), 4);
        QVERIFY2(panel.summaryText().startsWith(
                     QStringLiteral("fetched %1 of %2 (100 %)").arg(Format::bytes(12000), Format::bytes(12000))),
            qPrintable(panel.summaryText()));
        QVERIFY2(panel.summaryText().endsWith(QStringLiteral("4 spans touched")), qPrintable(panel.summaryText()));
    }

    void shellWords()
    {
        using S = ShellWords;
        QCOMPARE(S::split(QStringLiteral("/bin/sh -c 'echo it'\\''s up'")).words,
            (QStringList { QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo it's up") }));
        QCOMPARE(S::split(QStringLiteral("  a\\ b \"c \\\"d\\\" $e\"  ''")).words,
            (QStringList { QStringLiteral("a b"), QStringLiteral("c \"d\" $e"), QString() }));
        QVERIFY(S::split(QStringLiteral("   ")).words.isEmpty());
        QCOMPARE(S::split(QStringLiteral("echo 'open")).error, QStringLiteral("A single quote (') is not closed."));
        QCOMPARE(S::split(QStringLiteral("echo \"open")).error, QStringLiteral("A double quote (\") is not closed."));
        QVERIFY(!S::split(QStringLiteral("echo \\")).error.isEmpty());
        const QStringList words { QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("cat /srv/greeting; echo 'x'"), QString(), QStringLiteral("PATH=/bin:/usr/bin") };
        QCOMPARE(
            S::join(words), QStringLiteral("/bin/sh -c 'cat /srv/greeting; echo '\\''x'\\''' '' PATH=/bin:/usr/bin"));
        QCOMPARE(S::split(S::join(words)).words, words);
    }
};

QTEST_MAIN(TestFetchModels)
#include "test_fetch_models.moc"
