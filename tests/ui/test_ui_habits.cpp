// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What daily users expect of the window (S16), against Debian's real
// docker-registry: numbers in the interface language's format and its words
// translated; Extract to… opens in a folder that exists; the keyboard reaches
// the search results, the context menu and the whole subtree; with a dock
// open the sidebar and the filter fields keep their room, and a message
// moves nothing under the pointer.
#include "fileswindow.h"
#include "uitestenv.h"

#include "app/language.h"
#include "models/filetreemodel.h"
#include "models/searchresultmodel.h"
#include "pages/files/fileexport.h"
#include "testenv.h"
#include "widgets/registrystatus.h"
#include "widgets/sourcessidebar.h"

#include "util/files.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTimer>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

// Eight small files in a folder of their own, below another folder.
const QByteArray kLayers = "[{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                           "{\"path\":\"data/chunks/c-0\",\"data\":\"0\\n\"},{\"path\":\"data/chunks/c-1\",\"data\":\"1\\n\"},"
                           "{\"path\":\"data/chunks/c-2\",\"data\":\"2\\n\"},{\"path\":\"data/chunks/c-3\",\"data\":\"3\\n\"},"
                           "{\"path\":\"data/chunks/c-4\",\"data\":\"4\\n\"},{\"path\":\"data/chunks/c-5\",\"data\":\"5\\n\"},"
                           "{\"path\":\"etc/hostname\",\"data\":\"habits\\n\"}]}]";

// Closes the context menu once it shows, counting it (polled, bounded: 15 s).
// Set before the call that opens it.
void closeMenuWhenShown(int* shown)
{
    auto* poll = new QTimer;
    auto* clock = new QElapsedTimer;
    clock->start();
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, clock, shown] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (menu) {
            ++*shown;
            menu->close();
        }
        if (menu || clock->elapsed() > 15000) {
            poll->stop();
            poll->deleteLater();
            delete clock;
        }
    });
    poll->start();
}

} // namespace

class TestUiHabits final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_home{"sociscope-ui-habits"};

    QString home() const { return QString::fromStdString(m_home.path()); }
    QString direct() const { return m_registry.address() + QStringLiteral("/habits/files:t-soci"); }
    QString folder(const char* name) const
    {
        const QString dir = home() + QStringLiteral("/out-") + QLatin1String(name);
        QDir().mkpath(dir);
        return dir;
    }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopeHabitsTest"));
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const QString failed = pushSociImage(home(), m_registry.address() + QStringLiteral("/habits/files"), kLayers);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    // Numbers follow the interface's language, not an English LANG beside
    // LANGUAGE=de ("1.583 Einträge", not "1,583 Einträge"); a locale of the
    // same language keeps its own (de_CH). The registry's "anonymous" is
    // translated in the status bar.
    void germanNumbersAndWords()
    {
        QCOMPARE(Language::numbersFor(QLocale(QStringLiteral("en_US")), QStringLiteral("de")).toString(1583),
                 QStringLiteral("1.583"));
        QCOMPARE(Language::numbersFor(QLocale(QStringLiteral("de_CH")), QStringLiteral("de")).name(),
                 QStringLiteral("de_CH"));
        QCOMPARE(Language::numbersFor(QLocale::c(), QStringLiteral("zh_CN")).language(), QLocale::Chinese);
        const QLocale before;
        QCOMPARE(Language::install(QLocale(QStringLiteral("de"))), QStringLiteral("de"));
        const auto english = qScopeGuard([before] {
            Language::uninstall();
            QLocale::setDefault(before);
        });
        QCOMPARE(QLocale().toString(1583), QStringLiteral("1.583"));
        Window w;
        QVERIFY(w.open(direct()));
        auto* status = w.window.findChild<RegistryStatus*>();
        QVERIFY(status);
        status->refresh();
        QVERIFY2(status->text().endsWith(QStringLiteral(" · anonym")), qPrintable(status->text()));
    }

    // Extract to… opens in the folder used last, else Downloads, else home:
    // the first that exists (a fresh home has no Downloads, and the dialog
    // showed a path that was not there with Choose disabled).
    void extractOpensInAFolderThatExists()
    {
        const QByteArray oldHome = qgetenv("HOME");
        const auto restore = qScopeGuard([&] {
            qputenv("HOME", oldHome);
            QSettings().remove(QStringLiteral("files/extractFolder"));
        });
        const QString fresh = folder("fresh-home");
        qputenv("HOME", QFile::encodeName(fresh));
        QSettings().setValue(QStringLiteral("files/extractFolder"), QString(fresh + QStringLiteral("/gone")));
        QCOMPARE(FileExport::extractStartFolder(), fresh);
        QVERIFY(QDir(fresh).mkdir(QStringLiteral("Downloads")));
        QCOMPARE(FileExport::extractStartFolder(), fresh + QStringLiteral("/Downloads"));
        const QString used = folder("used-last");
        QSettings().setValue(QStringLiteral("files/extractFolder"), used);
        QCOMPARE(FileExport::extractStartFolder(), used);
    }

    // Down and Enter in the search field go to the results, the first one
    // current; Shift+F10 and the Menu key open the context menu at the
    // current row; '*' expands every folder below, those not fetched yet too.
    void keyboardReachesResultsMenusAndSubtrees()
    {
        Window w;
        QVERIFY(w.open(direct()));
        w.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w.window));
        w.files->focusSearch();
        auto* field = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(field);
        FileTreeView* results = w.files->resultsView();
        QTest::keyClicks(field, QStringLiteral("c-"));
        QTest::keyClick(field, Qt::Key_Down);
        QTRY_VERIFY_WITH_TIMEOUT(results->hasFocus() && results->currentIndex().isValid(), 15000);
        QCOMPARE(results->currentIndex().row(), 0);
        QVERIFY(results->selectionModel()->isSelected(results->currentIndex()));

        w.files->focusSearch();
        QTest::keyClicks(field, QStringLiteral("c-5"));
        QTest::keyClick(field, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(results->hasFocus() && results->currentIndex().isValid() &&
                                     w.files->searchModel()->rowCount() == 1,
                                 15000);
        QCOMPARE(results->currentIndex().data().toString(), QStringLiteral("/data/chunks/c-5"));

        // The menu of the current row, from the keyboard.
        QSignalSpy asked(results, &QWidget::customContextMenuRequested);
        int menus = 0;
        closeMenuWhenShown(&menus);
        QTest::keyClick(results, Qt::Key_F10, Qt::ShiftModifier);
        QCOMPARE(menus, 1);
        QCOMPARE(asked.count(), 1);
        QVERIFY(results->visualRect(results->currentIndex()).contains(asked.first().at(0).toPoint()));
        closeMenuWhenShown(&menus);
        QTest::keyClick(results, Qt::Key_Menu);
        QCOMPARE(menus, 2);
        // A platform that follows the Menu key with a keyboard context-menu event: one menu.
        QContextMenuEvent follow(QContextMenuEvent::Keyboard, QPoint(1, 1), results->mapToGlobal(QPoint(1, 1)));
        QApplication::sendEvent(results, &follow);
        QCOMPARE(asked.count(), 2);
        // Where the platform sends only the event, it opens the menu.
        closeMenuWhenShown(&menus);
        QApplication::sendEvent(results, &follow);
        QCOMPARE(menus, 3);

        // '*' on a folder whose children are not fetched yet opens them all.
        w.files->search(QString());
        FileTreeView* tree = w.files->treeView();
        QVERIFY(w.files->reveal(QStringLiteral("/data")));
        tree->setFocus();
        QVERIFY(!tree->isExpanded(tree->currentIndex()));
        QTest::keyClick(tree, Qt::Key_Asterisk);
        QVERIFY(tree->isExpanded(tree->currentIndex()));
        QVERIFY(tree->isExpanded(w.files->treeModel()->indexOfPath(QStringLiteral("/data/chunks"))));
    }

    // A message shown, then closed, moves nothing under the pointer (it
    // floats over the bottom); with the Fetches dock open at the default
    // size the sidebar keeps its minimum and "Min size" shows whole.
    void docksAndMessagesKeepTheLayout()
    {
        Window w;
        w.window.resize(1280, 800);
        QVERIFY(w.open(direct()));
        auto* sidebar = child<SourcesSidebar>(w.window, "sourcesSidebar");
        auto* splitter = qobject_cast<QSplitter*>(sidebar->parentWidget());
        QVERIFY(splitter);
        QCoreApplication::processEvents();
        const QRect before = splitter->geometry();
        UserMessage m;
        m.kind = UserMessage::Kind::Information;
        m.text = QStringLiteral("A message that must not push the pages down");
        w.bar->showMessage(m);
        QCoreApplication::processEvents();
        QVERIFY(w.bar->isVisible());
        QCOMPARE(splitter->geometry(), before);
        // It is in view, over the bottom of the content.
        const QRect bar = w.bar->geometry();
        QVERIFY(bar.height() > 0 && w.bar->parentWidget()->rect().contains(bar));
        QVERIFY(bar.bottom() > w.bar->parentWidget()->height() / 2);
        w.bar->dismiss();
        QCoreApplication::processEvents();
        QCOMPARE(splitter->geometry(), before);

        auto* dock = child<QDockWidget>(w.window, "fetchesDock");
        dock->show();
        QLineEdit* minSize = nullptr;
        for (auto* e : w.files->findChildren<QLineEdit*>())
            if (e->placeholderText() == QStringLiteral("Min size"))
                minSize = e;
        QVERIFY(minSize);
        QTRY_VERIFY_WITH_TIMEOUT(dock->isVisible() && dock->width() > 100, 5000);
        QCoreApplication::processEvents();
        QVERIFY2(sidebar->width() >= MainWindow::SidebarMinWidth, qPrintable(QString::number(sidebar->width())));
        const int text = minSize->fontMetrics().horizontalAdvance(minSize->placeholderText());
        QVERIFY2(minSize->contentsRect().width() >= text + 8,
                 qPrintable(QStringLiteral("%1 < %2").arg(minSize->contentsRect().width()).arg(text + 8)));
    }
};

QTEST_MAIN(TestUiHabits)
#include "test_ui_habits.moc"
