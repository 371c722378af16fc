// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The window for daily use (S16), against Debian's real docker-registry and,
// where an extraction must last, the fault proxy dripping the spans: long
// names shown whole and the Name column resizable; closing during an
// extraction asks, and quitting cancels it; the extraction's progress moves
// (bytes, percentage, rate, time left) and a preview's fetch can be
// cancelled; no stale message: the error bar of the reference or page left,
// the cost box after an extraction, the sidebar's selection; the Fetches
// chart counts spans, not documents read from the cache.
#include "fileswindow.h"
#include "uitestenv.h"

#include "app/language.h"
#include "app/mainwindow.h"
#include "app/services.h"
#include "docks/fetchpanel.h"
#include "findchild.h"
#include "jobs/imagesession.h"
#include "jobs/jobpool.h"
#include "models/fetchtimeline.h"
#include "models/fileentry.h"
#include "models/filetreemodel.h"
#include "models/searchresultmodel.h"
#include "models/sourcesmodel.h"
#include "models/spanmap.h"
#include "models/tagfamilymodel.h"
#include "pages/files/fileexport.h"
#include "pages/files/filespage.h"
#include "pages/files/filetreeview.h"
#include "pages/files/previewpane.h"
#include "pages/image/imagepage.h"
#include "pages/tagspage.h"
#include "testenv.h"
#include "widgets/messagebar.h"
#include "widgets/sourcessidebar.h"

#include "util/files.h"

#include <QAbstractButton>
#include <QDesktopServices>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {
const QString kLongDir = QStringLiteral("an-application-folder-whose-name-is-long-enough-to-be-cut-off");
const QString kLongFile = QStringLiteral("a-configuration-file-with-a-name-that-no-stretched-column-can-show-whole.conf");
const int kChunks = 8;
const QString kLongTag = QStringLiteral("2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0-2024-07-01-10-00-00");

QByteArray layers()
{
    QByteArray entries = "{\"path\":\"opt/" + kLongDir.toUtf8() + "/" + kLongFile.toUtf8() +
                         "\",\"data\":\"key=value\\n\"},"
                         "{\"path\":\"opt/" + kLongDir.toUtf8() + "/short\",\"data\":\"x\\n\"},"
                         "{\"path\":\"data/big\",\"random\":700000,\"seed\":70}";
    // Files of their own spans: an extraction of the folder fetches file by file.
    for (int i = 0; i < kChunks; ++i)
        entries += ",{\"path\":\"data/chunks/c-" + QByteArray::number(i) + "\",\"random\":100000,\"seed\":" +
                   QByteArray::number(71 + i) + "}";
    return "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[" + entries + "]}]";
}

// Spans (range requests for blobs) sent 32 KiB a second.
const QByteArray kDripSpans = "[{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"^bytes=\"}},\"every\":true,"
                              "\"action\":{\"drip_bytes_per_sec\":32768}}]";

// Clicks the button named `button` of the modal question box named `box`
// once it shows (polled, bounded: 15 s). Set before the call that opens it.
void answerWhenAsked(const char* box, const char* button, bool* asked)
{
    auto* poll = new QTimer;
    auto* clock = new QElapsedTimer;
    clock->start();
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, clock, box, button, asked] {
        QWidget* modal = QApplication::activeModalWidget();
        const bool found = modal && modal->objectName() == QLatin1String(box);
        if (found) {
            *asked = true;
            if (auto* b = modal->findChild<QAbstractButton*>(QLatin1String(button)))
                b->click();
            else
                modal->close();
        }
        if (found || clock->elapsed() > 15000) {
            poll->stop();
            poll->deleteLater();
            delete clock;
        }
    });
    poll->start();
}

// Every row laid out in view, top to bottom.
QModelIndexList rowsShown(QTreeView* view)
{
    QModelIndexList rows;
    for (QModelIndex i = view->indexAt(QPoint(1, 1)); i.isValid() && rows.size() < 10000; i = view->indexBelow(i)) {
        if (view->visualRect(i).top() > view->viewport()->height())
            break;
        rows << i;
    }
    return rows;
}

// The width a row's name needs: indentation, icon, text and the style's margins.
int nameNeeds(QTreeView* view, const QModelIndex& i)
{
    int depth = 0;
    for (QModelIndex p = i.parent(); p.isValid(); p = p.parent())
        ++depth;
    const int indent = view->indentation() * (depth + (view->rootIsDecorated() ? 1 : 0));
    const int iconSize = view->iconSize().isValid() ? view->iconSize().width()
                                                    : view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view);
    const int icon = i.data(Qt::DecorationRole).isNull() ? 0 : iconSize + 4;
    return indent + icon + view->fontMetrics().horizontalAdvance(i.data().toString()) + 8;
}
} // namespace

// Stands in for the desktop's launcher (QDesktopServices hands file URLs to it).
class UrlCatcher final : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public slots:
    void open(const QUrl& url) { urls << url; }
};

class TestUiDaily final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_home{"sociscope-ui-daily"};
    QString m_repo = QStringLiteral("daily/files");
    int m_cache = 0;

    QString home() const { return QString::fromStdString(m_home.path()); }
    QString direct() const { return m_registry.address() + QLatin1Char('/') + m_repo + QStringLiteral(":t-soci"); }
    QString dripped() const { return m_proxy.address() + QLatin1Char('/') + m_repo + QStringLiteral(":t-soci"); }
    // A cache of each test's own: nothing a test before fetched is here.
    void freshCache() { qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache-" + QByteArray::number(++m_cache)); }
    QString folder(const char* name) const
    {
        const QString dir = home() + QStringLiteral("/out-") + QLatin1String(name);
        QDir().mkpath(dir);
        return dir;
    }

    // Opens the image through the proxy and extracts /data/chunks while its spans drip.
    bool startDrippedExtraction(Window& w, const char* out)
    {
        if (!w.open(dripped()) || !w.select(QStringLiteral("/data/chunks")) || !m_proxy.setRules(kDripSpans))
            return false;
        w.files->extractSelectionTo(folder(out));
        return w.files->isExtracting();
    }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopeDailyTest"));
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const QString failed = pushSociImage(home(), m_registry.address() + QLatin1Char('/') + m_repo, layers());
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        // The same image under Deep Learning Containers tags, the longest a
        // family shows, with its SOCI twin beside it.
        const QString from = m_registry.address() + QLatin1Char('/') + m_repo;
        const QString dlc = m_registry.address() + QStringLiteral("/daily/dlc:");
        for (const auto& [src, tag] : {std::pair{":t", kLongTag}, {":t", kLongTag.left(kLongTag.indexOf(QLatin1String("-v1.0")))},
                                       {":t-soci", kLongTag + QStringLiteral("-soci")}}) {
            const auto r = ctl({QStringLiteral("copy"), from + QLatin1String(src), dlc + tag});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    void init()
    {
        QVERIFY(m_proxy.setRules("[]"));
        QVERIFY(m_proxy.waitUntilIdle(15000)); // nothing of the test before is still dripping
        freshCache();
    }

    // At the default window size every name shown is whole, the Name column
    // can be resized (the other columns keep their widths), and a search
    // result shows its whole path; the column titles are whole, in German too.
    void namesAreNotCutOff_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QString();
        QTest::newRow("de") << QStringLiteral("de");
    }
    void namesAreNotCutOff()
    {
        QFETCH(QString, language);
        if (!language.isEmpty())
            QCOMPARE(Language::install(QLocale(language)), language);
        const auto english = qScopeGuard([] { Language::uninstall(); });
        Window w;
        FileTreeView* tree = w.files->treeView();
        QHeaderView* h = tree->header();
        QList<int> others;
        for (int c = 1; c < FileEntry::ColumnCount; ++c)
            others << h->sectionSize(c);
        QVERIFY(w.open(direct()));
        QVERIFY(w.files->reveal(QStringLiteral("/opt/") + kLongDir + QLatin1Char('/') + kLongFile));
        int longest = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QModelIndexList rows = rowsShown(tree);
                bool whole = rows.size() >= 4;
                for (const QModelIndex& i : rows) {
                    longest = std::max(longest, nameNeeds(tree, i));
                    whole = whole && h->sectionSize(FileEntry::ColumnName) >= nameNeeds(tree, i);
                }
                return whole;
            }(),
            5000);
        QVERIFY(longest > 400); // the long name was among them
        for (int c = 0; c < FileEntry::ColumnCount; ++c)
            if (!h->isSectionHidden(c))
                QVERIFY2(h->sectionSize(c) >= h->sectionSizeHint(c), qPrintable(QString::number(c)));
        QCOMPARE(h->sectionResizeMode(FileEntry::ColumnName), QHeaderView::Interactive);
        for (int c = 1; c < FileEntry::ColumnCount; ++c)
            QCOMPARE(h->sectionSize(c), others[c - 1]);
        // The user may widen or narrow it; a stretched column refuses.
        const int fitted = h->sectionSize(FileEntry::ColumnName);
        h->resizeSection(FileEntry::ColumnName, fitted + 60);
        QCOMPARE(h->sectionSize(FileEntry::ColumnName), fitted + 60);
        h->resizeSection(FileEntry::ColumnName, 150);
        QCOMPARE(h->sectionSize(FileEntry::ColumnName), 150);
        // and it stays as they left it when another folder opens.
        w.files->reveal(QStringLiteral("/data/chunks/c-0"));
        QCoreApplication::processEvents(); // the fitting is queued after an expansion
        QCOMPARE(h->sectionSize(FileEntry::ColumnName), 150);
        // A double-click on its divider fits it to the names again.
        emit h->sectionHandleDoubleClicked(FileEntry::ColumnName);
        for (const QModelIndex& i : rowsShown(tree))
            QVERIFY2(h->sectionSize(FileEntry::ColumnName) >= nameNeeds(tree, i), qPrintable(i.data().toString()));

        // A search result shows its whole path; its tooltip holds it too.
        QSignalSpy finished(w.files, &FilesPage::searchFinished);
        w.files->search(QStringLiteral("configuration-file"));
        QVERIFY(finished.wait(15000));
        FileTreeView* results = w.files->resultsView();
        QCOMPARE(results->textElideMode(), Qt::ElideMiddle);
        const QModelIndex first = w.files->searchModel()->index(0, 0);
        const QString path = QStringLiteral("/opt/") + kLongDir + QLatin1Char('/') + kLongFile;
        QCOMPARE(first.data().toString(), path);
        QVERIFY(first.data(Qt::ToolTipRole).toString().contains(path));
        QTRY_VERIFY_WITH_TIMEOUT(results->header()->sectionSize(FileEntry::ColumnName) >= nameNeeds(results, first), 5000);
    }

    // The extraction's line moves while the spans drip in: bytes of a total,
    // a percentage, a rate and the time left.
    void extractionProgressMoves()
    {
        Window w;
        QVERIFY(startDrippedExtraction(w, "progress"));
        QSignalSpy finished(w.files, &FilesPage::extractFinished); // its end comes through the event loop
        QString first;
        QTRY_VERIFY_WITH_TIMEOUT((first = w.files->extractProgressText()).contains(QStringLiteral("%")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w.files->extractProgressText() != first && finished.isEmpty(), 30000);
        const QString later = w.files->extractProgressText();
        QVERIFY2(later.contains(QStringLiteral(" of ")) && later.contains(QStringLiteral("/s")) &&
                     later.contains(QStringLiteral("left")),
                 qPrintable(later));
        w.files->cancelExtract();
        QVERIFY(finished.wait(15000));
        QVERIFY(finished.first().at(0).value<ExtractOutcome>().cancelled);
        QVERIFY(w.files->extractProgressText().isEmpty());
    }

    // A preview fetching through a dripping registry has a Cancel; it stops the fetch.
    void previewCanBeCancelled()
    {
        Window w;
        QVERIFY(w.open(dripped()));
        QVERIFY(m_proxy.setRules(kDripSpans));
        QVERIFY(w.select(QStringLiteral("/data/big")));
        PreviewPane* pane = w.files->preview();
        QTRY_VERIFY_WITH_TIMEOUT(pane->isFetching(), 15000);
        auto* cancel = child<QToolButton>(pane, "cancelPreview");
        QVERIFY(cancel->isVisibleTo(pane));
        QVERIFY2(pane->statusText().contains(QStringLiteral("Fetching")), qPrintable(pane->statusText()));
        cancel->click();
        QVERIFY(!pane->isFetching());
        QVERIFY(w.files->isPreviewSettled());
        QVERIFY2(pane->shownText().contains(QStringLiteral("cancelled")), qPrintable(pane->shownText()));
    }

    // Closing the window during an extraction asks; "Keep Working" keeps
    // both; "Cancel Extraction and Quit" closes and cancels, and the pool's
    // shutdown is done within its bound.
    void closingDuringExtractionAsks()
    {
        Window w;
        QVERIFY(startDrippedExtraction(w, "close"));
        QSignalSpy finished(w.files, &FilesPage::extractFinished);
        QVERIFY(m_proxy.waitUntilSending(1, 20000));

        bool asked = false;
        answerWhenAsked("quitWhileExtracting", "keepWorking", &asked);
        QVERIFY(!w.window.close());
        QVERIFY(asked);
        QVERIFY(w.window.isVisible());
        QVERIFY(w.files->isExtracting());

        asked = false;
        answerWhenAsked("quitWhileExtracting", "cancelAndQuit", &asked);
        QVERIFY(w.window.close());
        QVERIFY(asked);
        QVERIFY(!w.window.isVisible());
        QVERIFY(finished.wait(15000));
        QVERIFY(finished.first().at(0).value<ExtractOutcome>().cancelled);
        QVERIFY(w.services.jobs().shutdown());
    }

    // An error of one reference goes when another is opened, and when
    // another page is shown.
    void errorBarGoesWithItsPage()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        const auto missing = *oci::Reference::parse(QString(m_registry.address() + QStringLiteral("/daily/missing:t")).toStdString());
        w.window.openImage(missing);
        QTRY_VERIFY_WITH_TIMEOUT(w.bar->isVisible() && w.bar->kind() != UserMessage::Kind::Information, 30000);
        w.window.openImage(*oci::Reference::parse(direct().toStdString()));
        QVERIFY(!w.bar->isVisible());

        w.window.openImage(missing);
        QTRY_VERIFY_WITH_TIMEOUT(w.bar->isVisible() && w.bar->kind() != UserMessage::Kind::Information, 30000);
        w.window.showWelcome();
        QVERIFY(!w.bar->isVisible());
    }

    // After an extraction the cost box says what is left to fetch (nothing),
    // not "Extracting fetches …" of before.
    void costBoxAfterExtraction()
    {
        Window w;
        QVERIFY(w.open(direct()));
        QSignalSpy cost(w.files, &FilesPage::costLoaded);
        QVERIFY(w.select(QStringLiteral("/data/big")));
        QTRY_VERIFY_WITH_TIMEOUT(w.files->isPreviewSettled() && !cost.isEmpty(), 30000);
        // The preview read the file's head: the rest is still to fetch.
        QTRY_VERIFY_WITH_TIMEOUT(w.files->preview()->costText().contains(QStringLiteral("Extracting fetches")), 10000);
        cost.clear();
        QSignalSpy finished(w.files, &FilesPage::extractFinished);
        w.files->extractSelectionTo(folder("cost"));
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().at(0).value<ExtractOutcome>().error.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!cost.isEmpty(), 10000);
        const QString text = w.files->preview()->costText();
        QVERIFY2(!text.contains(QStringLiteral("Extracting fetches")) && text.contains(QStringLiteral("Nothing to fetch")),
                 qPrintable(text));
    }

    // Opening an image whose documents and zTOCs are in the disk cache reads
    // no span: the Fetches chart shows no "Spans from cache" beside "0 spans
    // touched". A preview read from the cache then touches its spans.
    void fetchesFromTheCacheAreSpans()
    {
        {
            Window first;
            QVERIFY(first.open(direct()));
            QVERIFY(first.select(QStringLiteral("/data/big")));
            QTRY_VERIFY_WITH_TIMEOUT(first.files->isPreviewSettled(), 30000);
        }
        Window w; // the same cache, warm now
        auto* panel = child<FetchPanel>(w.window, "fetchPanel");
        QVERIFY(w.open(direct()));
        panel->sample();
        QCOMPARE(panel->spanMap().touched(), 0);
        QCOMPARE(panel->timeline().total(FetchTimeline::FromCache), 0u);
        QVERIFY(w.select(QStringLiteral("/data/big")));
        QTRY_VERIFY_WITH_TIMEOUT(
            w.files->isPreviewSettled() && panel->timeline().total(FetchTimeline::FromCache) > 0, 30000);
        panel->sample();
        QVERIFY(panel->spanMap().touched() > 0);
        QVERIFY2(!panel->summaryText().contains(QStringLiteral(" 0 spans")), qPrintable(panel->summaryText()));
        QVERIFY(static_cast<qint64>(panel->timeline().networkBytes()) <= panel->timeline().imageBytes());
    }

    // A repository's families at the default window size: the image's best
    // (longest, pinned) tag and every other column whole, all in view, in
    // German too; the SOCI twin's cell is its index version, its name in the
    // details line; the Tag column is the user's to resize.
    void tagNamesAreNotCutOff_data() { namesAreNotCutOff_data(); }
    void tagNamesAreNotCutOff()
    {
        QFETCH(QString, language);
        if (!language.isEmpty())
            QCOMPARE(Language::install(QLocale(language)), language);
        const auto english = qScopeGuard([] { Language::uninstall(); });
        Services services;
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openRepository(*oci::Reference::parse(m_registry.address().toStdString() + "/daily/dlc"));
        auto* tags = child<TagsPage>(window, "tagsPage");
        QTRY_VERIFY_WITH_TIMEOUT(tags->isSettled(), 20000);
        QTreeView* view = tags->view();
        QHeaderView* h = view->header();
        QCOMPARE(view->model()->rowCount(), 1);
        const QModelIndex row = view->model()->index(0, 0);
        QCOMPARE(row.data(TagFamilyModel::TagsRole).toStringList().front(), kLongTag);
        QCOMPARE(row.siblingAtColumn(TagFamilyModel::ColumnSoci).data().toString(), QStringLiteral("v2"));
        QCOMPARE(row.data(TagFamilyModel::SociTwinTagRole).toString(), kLongTag + QStringLiteral("-soci"));
        // What is not whole, or "" (the columns are fitted after the rows' data comes in).
        const auto notWhole = [&]() -> QString {
            int total = 0;
            QStringList widths;
            for (int c = 0; c < h->count(); ++c) {
                if (h->isSectionHidden(c))
                    continue;
                total += h->sectionSize(c);
                const QString title = h->model()->headerData(c, Qt::Horizontal).toString();
                widths << QStringLiteral("%1=%2").arg(title).arg(h->sectionSize(c));
                // The title whole (the sort arrow is drawn only in the sorted column).
                if (h->sectionSize(c) < h->fontMetrics().horizontalAdvance(title) +
                                            2 * h->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, h))
                    return QStringLiteral("title ") + title;
                // Only the first column is indented.
                const QModelIndex cell = row.siblingAtColumn(c);
                const int needs = nameNeeds(view, cell) - (c == 0 || !view->rootIsDecorated() ? 0 : view->indentation());
                if (h->sectionSize(c) < needs)
                    return QStringLiteral("%1: %2 < %3").arg(cell.data().toString()).arg(h->sectionSize(c)).arg(needs);
            }
            if (total > view->viewport()->width())
                return QStringLiteral("%1 > %2: %3").arg(total).arg(view->viewport()->width()).arg(widths.join(QLatin1Char(' ')));
            return {};
        };
        QTRY_VERIFY_WITH_TIMEOUT(notWhole().isEmpty(), 5000);
        QVERIFY2(notWhole().isEmpty(), qPrintable(notWhole()));
        // Size and date, as in any repository.
        QVERIFY(!row.siblingAtColumn(TagFamilyModel::ColumnSize).data().toString().isEmpty());
        // The facets the tag spells out gave way for it at this size; a wider
        // window brings them back.
        QVERIFY(h->isSectionHidden(TagFamilyModel::ColumnOs));
        QVERIFY(!h->isSectionHidden(TagFamilyModel::ColumnDate));
        window.resize(2400, 900);
        QTRY_VERIFY_WITH_TIMEOUT(!h->isSectionHidden(TagFamilyModel::ColumnOs) &&
                                     !h->isSectionHidden(TagFamilyModel::ColumnCuda),
                                 5000);
        auto* details = tags->findChild<QLabel*>(QStringLiteral("tagDetails"));
        QVERIFY(details);
        view->setCurrentIndex(row);
        QVERIFY2(details->text().contains(kLongTag + QStringLiteral("-soci")), qPrintable(details->text()));
        // Interactive, and left alone once the user sizes it.
        QCOMPARE(h->sectionResizeMode(0), QHeaderView::Interactive);
        h->resizeSection(0, 200);
        tags->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(tags->isSettled(), 20000);
        QCOMPARE(h->sectionSize(0), 200);
    }

    // The image page's header at the default size: a long reference and its
    // subtitle (repository, media type, platform, digest) wrap rather than
    // run under the buttons, in German too.
    void imageHeaderIsWhole_data() { namesAreNotCutOff_data(); }
    void imageHeaderIsWhole()
    {
        QFETCH(QString, language);
        if (!language.isEmpty())
            QCOMPARE(Language::install(QLocale(language)), language);
        const auto english = qScopeGuard([] { Language::uninstall(); });
        Window w;
        QVERIFY(w.open(m_registry.address() + QStringLiteral("/daily/dlc:") + kLongTag + QStringLiteral("-soci")));
        auto* title = child<QLabel>(w.window, "imageTitle");
        auto* subtitle = child<QLabel>(w.window, "imageSubtitle");
        QVERIFY(title->text().contains(kLongTag));
        QVERIFY(subtitle->text().contains(QStringLiteral("sha256:")));
        QCoreApplication::processEvents();
        for (QLabel* l : {title, subtitle}) {
            // Every line of it shown: as wide as its text, or wrapped and as tall as that takes.
            const bool whole = l->fontMetrics().horizontalAdvance(l->text()) <= l->contentsRect().width() ||
                               (l->wordWrap() && l->heightForWidth(l->width()) <= l->height());
            QVERIFY2(whole, qPrintable(l->text()));
            for (const char* b : {"mountButton", "runButton", "compareButton", "createIndexButton", "platformBox"}) {
                auto* button = child<QWidget>(w.window, b);
                if (button->isVisible())
                    QVERIFY2(!l->geometry().intersects(button->geometry()), b);
            }
        }
        // The Layers tab: every title whole, the reasons wrapped, not cut off.
        w.page->showTab(ImagePage::TabLayers);
        auto* layers = child<QTreeView>(w.window, "layersView");
        QTRY_VERIFY_WITH_TIMEOUT(layers->model()->rowCount() > 0, 15000);
        QCoreApplication::processEvents();
        QHeaderView* lh = layers->header();
        for (int c = 0; c < lh->count(); ++c) {
            if (lh->isSectionHidden(c))
                continue;
            const QString title = lh->model()->headerData(c, Qt::Horizontal).toString();
            QVERIFY2(lh->sectionSize(c) >= lh->fontMetrics().horizontalAdvance(title) +
                                               2 * lh->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, lh),
                     qPrintable(title));
        }
        QCOMPARE(layers->textElideMode(), Qt::ElideNone);
        QVERIFY(layers->wordWrap());
    }

    // Open on a file: fetched (spans verified) into the staging folder and
    // handed to the desktop's default application, the bytes the image's.
    void openWithTheDefaultApplication()
    {
        Window w;
        QVERIFY(w.open(direct()));
        QVERIFY(w.select(QStringLiteral("/opt/") + kLongDir + QStringLiteral("/short")));
        UrlCatcher launcher;
        QDesktopServices::setUrlHandler(QStringLiteral("file"), &launcher, "open");
        const auto unset = qScopeGuard([] { QDesktopServices::unsetUrlHandler(QStringLiteral("file")); });
        QSignalSpy opened(w.files->findChild<FileExport*>(), &FileExport::opened);
        w.files->openSelected();
        QVERIFY(opened.wait(15000));
        QCOMPARE(launcher.urls.size(), 1);
        QFile file(launcher.urls.front().toLocalFile());
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QCOMPARE(file.readAll(), QByteArray("x\n"));
        QCOMPARE(QFileInfo(file).fileName(), QStringLiteral("short"));
    }

    // The sidebar selects the row of the page shown: its registry while the
    // catalog is not read, the repository once it is, nothing on the welcome page.
    void sidebarFollowsThePage()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        auto* sidebar = child<SourcesSidebar>(w.window, "sourcesSidebar");
        const QString host = m_registry.address();
        sidebar->addRegistry(host, true, false);
        w.window.showWelcome();
        QVERIFY(!sidebar->view()->currentIndex().isValid());
        w.window.openImage(*oci::Reference::parse(direct().toStdString()));
        QModelIndex current = sidebar->view()->currentIndex();
        QCOMPARE(current.data(SourcesModel::HostRole).toString(), host);
        QCOMPARE(current.data(SourcesModel::NodeRole).toInt(), int(SourcesModel::Node::Registry));
        QVERIFY(sidebar->view()->selectionModel()->isSelected(current));
        // The catalog comes in: the repository's row is selected.
        sidebar->view()->expand(current);
        QTRY_COMPARE_WITH_TIMEOUT(sidebar->view()->currentIndex().data(SourcesModel::ReferenceRole).toString(),
                                  host + QLatin1Char('/') + m_repo, 15000);
        QVERIFY(sidebar->view()->selectionModel()->isSelected(sidebar->view()->currentIndex()));
        w.window.showWelcome();
        QVERIFY(!sidebar->view()->currentIndex().isValid());
        QVERIFY(!sidebar->view()->selectionModel()->hasSelection());
    }
};

QTEST_MAIN(TestUiDaily)
#include "test_ui_daily.moc"
