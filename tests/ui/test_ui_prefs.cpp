// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Preferences and the sidebar's Recent and Bookmarks (S16), against Debian's
// real docker-registry: a new cache folder and limit are what the next image
// opened uses; Clear Cache empties the folder and shows it; a cache folder
// that cannot be made and a bad proxy URL are refused, said, and not stored;
// the proxy choice reaches the requests (none beats the environment, a manual
// one is used); the default extract folder is where Extract to… opens; every
// image opened goes to Recent (latest first, once each), Ctrl+D bookmarks it,
// both survive a restart, and a click opens the image.
#include "fileswindow.h"
#include "uitestenv.h"

#include "app/preferences.h"
#include "app/services.h"
#include "common/qtformat.h"
#include "daemontest.h"
#include "dialogs/mountdialog.h"
#include "dialogs/preferencesdialog.h"
#include "docks/mountspanel.h"
#include "findchild.h"
#include "jobs/daemonjobs.h"
#include "jobs/extractjob.h"
#include "models/sourcesmodel.h"
#include "testenv.h"
#include "widgets/sourcessidebar.h"

#include "lazy/disk_cache.h"
#include "registry/client.h"
#include "util/files.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>
#include <QTreeView>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

QByteArray layers()
{
    return "[{\"compression\":\"gzip\",\"level\":1,\"entries\":["
           "{\"path\":\"etc/app.conf\",\"data\":\"key=value\\n\"},"
           "{\"path\":\"data/big\",\"random\":300000,\"seed\":16}]}]";
}

// Regular files under dir (a bounded walk).
int filesUnder(const QString& dir)
{
    int n = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext() && n < 100000) {
        it.next();
        ++n;
    }
    return n;
}

// A port on 127.0.0.1 nothing listens on: bound, then closed.
quint16 closedPort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost))
        return 0;
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

// The dialog's OK, as a user presses it: true when it closed (accepted).
bool pressOk(PreferencesDialog& d)
{
    d.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    return d.result() == QDialog::Accepted;
}

// Whether mounts can be made here.
bool fuseUsable()
{
    return QFile::exists(QStringLiteral("/dev/fuse"))
        && !QStandardPaths::findExecutable(QStringLiteral("fusermount3")).isEmpty();
}

// A sociscoped of the test's own, which the window and the dialog talk to
// (SOCISCOPE_SOCKET) while this object lives; then the mounts listed are
// undone, it is stopped and the variable is as before.
struct OwnDaemon {
    DaemonProcess process;
    QStringList mountpoints;
    QByteArray socketBefore = qgetenv("SOCISCOPE_SOCKET");

    bool start(const QString& dir)
    {
        if (!process.start(dir))
            return false;
        qputenv("SOCISCOPE_SOCKET", QFile::encodeName(process.socket()));
        // The window mounts only with a sociscoped it could start (this one runs).
        qputenv(
            "SOCISCOPE_DAEMON", QFile::encodeName(QString::fromStdString(binDir()) + QStringLiteral("/sociscoped")));
        return true;
    }
    ~OwnDaemon()
    {
        for (const QString& m : mountpoints)
            forceUnmount(m);
        process.stop();
        qputenv("SOCISCOPE_SOCKET", socketBefore);
    }
};

} // namespace

class TestUiPrefs final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_home { "sociscope-ui-prefs" };
    QString m_repo = QStringLiteral("prefs/files");

    QString home() const { return QString::fromStdString(m_home.path()); }
    QString image(const char* tag) const
    {
        return m_registry.address() + QLatin1Char('/') + m_repo + QLatin1Char(':') + QLatin1String(tag);
    }
    QString folder(const QString& name) const
    {
        const QString dir = home() + QLatin1Char('/') + name;
        QDir().mkpath(dir);
        return dir;
    }
    // Pings the registry with the options of the sessions Services makes now.
    bool pingWith(Services& services) const
    {
        return static_cast<bool>(
            registry::RegistryClient(m_registry.address().toStdString(), services.session()->options()).ping());
    }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopePrefsTest"));
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache-default");
        for (const char* v :
            { "http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy", "no_proxy", "NO_PROXY" })
            qunsetenv(v);
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const QString failed = pushSociImage(home(), m_registry.address() + QLatin1Char('/') + m_repo, layers());
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void init() { QSettings().clear(); }

    // A cache folder and size limit chosen are what the next image opened
    // uses: its zTOCs land there, none in the default folder.
    void cacheFolderTakesEffectForANewImage()
    {
        Window w;
        const QString chosen = home() + QStringLiteral("/cache-chosen");
        {
            PreferencesDialog d(w.services);
            child<QLineEdit>(d, "cacheFolderEdit")->setText(chosen);
            child<QDoubleSpinBox>(d, "cacheLimitSpin")->setValue(2.5);
            auto* background = child<QComboBox>(d, "backgroundCombo");
            background->setCurrentIndex(background->findData(QStringLiteral("budget")));
            child<QSpinBox>(d, "backgroundBudgetSpin")->setValue(256);
            QVERIFY(pressOk(d));
            d.save();
        }
        QCOMPARE(QSettings().value(QStringLiteral("cache/folder")).toString(), chosen);
        QCOMPARE(w.services.preferences().mountBackground, QStringLiteral("256MiB"));
        QVERIFY(w.open(image("t-soci")));
        const auto cache = w.session->image()->cache();
        QCOMPARE(QString::fromStdString(cache->root()), chosen);
        QCOMPARE(cache->cap(), static_cast<std::uint64_t>(2.5 * (1ull << 30)));
        QVERIFY(filesUnder(chosen + QStringLiteral("/objects")) > 0);
        QCOMPARE(filesUnder(home() + QStringLiteral("/cache-default")), 0);

        // A new Services (the next start) reads the same choice.
        Services next;
        QCOMPARE(QString::fromStdString(next.cache()->root()), chosen);
    }

    // Clear Cache empties the folder and the usage shown says so.
    void clearEmptiesTheFolderAndShowsIt()
    {
        const QString chosen = home() + QStringLiteral("/cache-clear");
        Preferences p;
        p.cacheFolder = chosen;
        {
            QSettings s;
            p.save(s);
        }
        Window w;
        QVERIFY(w.open(image("t-soci")));
        w.session->clear(); // the image goes (released on a pool thread)
        // Held by Services and the copy asked for here only: no image holds it.
        QTRY_COMPARE_WITH_TIMEOUT(w.services.cache().use_count(), 2L, 15000);
        const lazy::DiskCache::Usage before = lazy::DiskCache(chosen.toStdString()).usage();
        const std::uint64_t bytes
            = before.spanBytes + before.objectBytes + before.blobBytes + before.localBytes + before.inflatedBytes;
        QVERIFY(bytes > 0);

        PreferencesDialog d(w.services);
        auto* usage = child<QLabel>(d, "cacheUsageLabel");
        auto* clear = child<QPushButton>(d, "clearCacheButton");
        QSignalSpy shown(&d, &PreferencesDialog::cacheUsageShown);
        QVERIFY(shown.wait(15000));
        QVERIFY2(usage->text().startsWith(Format::bytes(static_cast<qint64>(bytes)) + QLatin1Char(' ')),
            qPrintable(usage->text()));
        QVERIFY(clear->isEnabled());
        clear->click();
        QVERIFY(shown.wait(15000));
        QCOMPARE(filesUnder(chosen), 0);
        QVERIFY2(usage->text().startsWith(Format::bytes(0) + QLatin1Char(' ')), qPrintable(usage->text()));
        QVERIFY(!clear->isEnabled()); // nothing left to clear
    }

    // The daemon's cache is not cleared while it mounts an image from it;
    // once unmounted, it is.
    void clearIsRefusedWhileTheDaemonMountsFromIt()
    {
        if (!fuseUsable())
            QSKIP("needs /dev/fuse and fusermount3 for a mount");
        OwnDaemon daemon;
        const QString dir = home() + QStringLiteral("/daemon");
        QVERIFY2(daemon.start(dir), daemon.process.log().constData());
        const QString mountpoint = home() + QStringLiteral("/mnt");
        daemon.mountpoints << mountpoint;
        auto r = ctl({ QStringLiteral("mount"), image("t-soci"), mountpoint }, 120000, daemon.process.ctlEnv());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString cache = dir + QStringLiteral("/cache");
        const int held = filesUnder(cache);
        QVERIFY(held > 0); // the mount's zTOC

        Preferences p;
        p.cacheFolder = cache;
        Services services;
        services.applyPreferences(p);
        PreferencesDialog d(services);
        QSignalSpy shown(&d, &PreferencesDialog::cacheUsageShown);
        QVERIFY(shown.wait(15000));
        auto* error = child<QLabel>(d, "preferencesError");
        child<QPushButton>(d, "clearCacheButton")->click();
        QVERIFY(shown.wait(15000));
        QVERIFY2(!error->isHidden() && error->text().contains(QStringLiteral("not cleared"))
                && error->text().contains(cache),
            qPrintable(error->text()));
        QCOMPARE(filesUnder(cache), held);

        QCOMPARE(ctl({ QStringLiteral("umount"), mountpoint }, 30000, daemon.process.ctlEnv()).exitCode, 0);
        child<QPushButton>(d, "clearCacheButton")->click();
        QVERIFY(shown.wait(15000));
        QCOMPARE(filesUnder(cache), 0);
    }

    // A mount made with Mount… (not the whole image) fetches in the
    // background the budget of the preferences: the daemon lists it so.
    void mountsFetchTheBudgetOfThePreferences()
    {
        if (!fuseUsable())
            QSKIP("needs /dev/fuse and fusermount3 for a mount");
        OwnDaemon daemon;
        QVERIFY2(daemon.start(home() + QStringLiteral("/daemon-budget")), daemon.process.log().constData());
        Preferences p;
        p.mountBackground = QStringLiteral("3MiB");
        {
            QSettings s;
            p.save(s);
        }
        Window w;
        child<MountsPanel>(w.window, "mountsPanel")->setOpensFileManager(false);
        QVERIFY(w.open(image("t-soci")));
        const QString folder = home() + QStringLiteral("/mnt-budget");
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, this, [&] {
            if (auto* dialog = qobject_cast<MountDialog*>(QApplication::activeModalWidget())) {
                poll.stop();
                dialog->findChild<QLineEdit*>()->setText(folder);
                dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            }
        });
        poll.start();
        QSignalSpy mounted(child<MountsPanel>(w.window, "mountsPanel"), &MountsPanel::mounted);
        QSignalSpy failed(child<MountsPanel>(w.window, "mountsPanel"), &MountsPanel::mountFailed);
        w.window.mountShownImage(); // returns once the dialog was answered
        poll.stop();
        QTRY_VERIFY_WITH_TIMEOUT(mounted.count() > 0 || failed.count() > 0, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        daemon.mountpoints << mounted.first().first().toString();
        const MountList list = DaemonJobs::list();
        QVERIFY2(list.error.isEmpty(), qPrintable(list.error));
        QCOMPARE(list.mounts.size(), size_t(1));
        QCOMPARE(list.mounts.front().background, QStringLiteral("3.00 MiB"));
    }

    // A folder that cannot be made is refused, said, and not stored.
    void anUnusableCacheFolderIsRefused()
    {
        Services services;
        QFile file(home() + QStringLiteral("/a-file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString bad = file.fileName() + QStringLiteral("/cache");
        PreferencesDialog d(services);
        child<QLineEdit>(d, "cacheFolderEdit")->setText(bad);
        QVERIFY(!pressOk(d));
        auto* error = child<QLabel>(d, "preferencesError");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(bad) && error->text().contains(QStringLiteral("cannot be created")),
            qPrintable(error->text()));
        QVERIFY(!QSettings().contains(QStringLiteral("cache/folder")));
        QVERIFY(QString::fromStdString(services.cache()->root()) != bad);
    }

    // A manual proxy without a scheme or a host is refused; a good one is
    // used by the requests, and "None" beats a proxy in the environment.
    void theProxyIsCheckedAndApplied()
    {
        Services services;
        QVERIFY(pingWith(services));
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
        {
            PreferencesDialog d(services);
            auto* mode = child<QComboBox>(d, "proxyCombo");
            auto* url = child<QLineEdit>(d, "proxyUrlEdit");
            QVERIFY(!url->isEnabled());
            mode->setCurrentIndex(mode->findData(static_cast<int>(Preferences::Proxy::Manual)));
            QVERIFY(url->isEnabled());
            for (const char* wrong : { "proxy.example.com:3128", "http://", "ftp://proxy.example.com:21", "" }) {
                url->setText(QLatin1String(wrong));
                QVERIFY2(!pressOk(d), wrong);
                auto* error = child<QLabel>(d, "preferencesError");
                QVERIFY2(!error->isHidden() && error->text().contains(QStringLiteral("is not a proxy URL")),
                    qPrintable(error->text()));
                QVERIFY(!QSettings().contains(QStringLiteral("network/proxy")));
            }
            url->setText(dead);
            QVERIFY(pressOk(d));
            d.save();
        }
        QCOMPARE(QSettings().value(QStringLiteral("network/proxyUrl")).toString(), dead);
        QCOMPARE(services.session()->options().http.proxy.value_or("(environment)"), dead.toStdString());
        QVERIFY(!pingWith(services)); // through a proxy nobody runs

        // The environment names the dead proxy; "None" goes direct anyway.
        qputenv("http_proxy", dead.toUtf8());
        const auto unset = qScopeGuard([] { qunsetenv("http_proxy"); });
        Preferences p = services.preferences();
        p.proxy = Preferences::Proxy::System;
        services.applyPreferences(p);
        QVERIFY(!pingWith(services));
        p.proxy = Preferences::Proxy::None;
        services.applyPreferences(p);
        QVERIFY(pingWith(services));
    }

    // Extract to… opens in the default extract folder (before the folder
    // used last), and extracts there when accepted.
    void extractToOpensInTheDefaultFolder()
    {
        const QString chosen = folder(QStringLiteral("out-default"));
        QSettings().setValue(QStringLiteral("files/extractFolder"), folder(QStringLiteral("out-last")));
        Window w;
        {
            PreferencesDialog d(w.services);
            child<QLineEdit>(d, "extractFolderEdit")->setText(home() + QStringLiteral("/no-such-folder"));
            QVERIFY(!pressOk(d)); // a folder that is not there is refused
            child<QLineEdit>(d, "extractFolderEdit")->setText(chosen);
            QVERIFY(pressOk(d));
            d.save();
        }
        QVERIFY(w.open(image("t-soci")));
        QVERIFY(w.select(QStringLiteral("/etc/app.conf")));
        QString opened;
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, this, [&] {
            if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
                poll.stop();
                opened = dialog->directory().absolutePath();
                QMetaObject::invokeMethod(dialog, "accept"); // a protected slot
            }
        });
        poll.start();
        QSignalSpy finished(w.files, &FilesPage::extractFinished);
        w.files->promptExtract(); // returns once the dialog was answered
        poll.stop();
        QCOMPARE(opened, chosen);
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        const auto out = finished.first().first().value<ExtractOutcome>();
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        QVERIFY(QFileInfo::exists(chosen + QStringLiteral("/app.conf")));
    }

    // Recent lists each image opened once, latest first; Ctrl+D bookmarks
    // the one shown; both survive a restart; a click on either opens it.
    void recentAndBookmarksInTheSidebar()
    {
        const QString a = image("t-soci");
        const QString b = image("t");
        {
            Window w;
            w.window.resize(1280, 800);
            w.window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&w.window)); // for the shortcut
            auto* sidebar = child<SourcesSidebar>(w.window, "sourcesSidebar");
            SourcesModel* model = sidebar->model();
            QAction* bookmark = sidebar->bookmarkAction();
            QVERIFY(!bookmark->isEnabled()); // nothing shown
            w.window.openImage(*oci::Reference::parse(a.toStdString()));
            w.window.openImage(*oci::Reference::parse(b.toStdString()));
            QCOMPARE(model->recent(), (QStringList { b, a }));
            w.window.openImage(*oci::Reference::parse(a.toStdString()));
            QCOMPARE(model->recent(), (QStringList { a, b })); // once each, latest first

            // Shown whole at the default size, the whole reference in the tooltip.
            QTreeView* view = sidebar->view();
            const QModelIndex recent = model->index(SourcesModel::GroupRecent, 0);
            QCOMPARE(model->rowCount(recent), 2);
            for (int r = 0; r < 2; ++r) {
                const QModelIndex i = model->index(r, 0, recent);
                QCOMPARE(i.data(Qt::ToolTipRole).toString(), r == 0 ? a : b);
                view->scrollTo(i);
                const QRect rect = view->visualRect(i);
                const int needs
                    = view->fontMetrics().horizontalAdvance(i.data().toString()) + view->iconSize().width() + 8;
                QVERIFY2(rect.width() >= needs && rect.right() <= view->viewport()->width(),
                    qPrintable(QStringLiteral("%1 needs %2 px, has %3")
                                   .arg(i.data().toString())
                                   .arg(needs)
                                   .arg(rect.width())));
            }

            // Ctrl+D on the image shown (a), then again to take it away, then back.
            QVERIFY(bookmark->isEnabled() && !bookmark->isChecked());
            QTest::keyClick(&w.window, Qt::Key_D, Qt::ControlModifier);
            QCOMPARE(model->bookmarks(), QStringList { a });
            QVERIFY(bookmark->isChecked());
            QTest::keyClick(&w.window, Qt::Key_D, Qt::ControlModifier);
            QVERIFY(model->bookmarks().isEmpty());
            QTest::keyClick(&w.window, Qt::Key_D, Qt::ControlModifier);
            QCOMPARE(model->bookmarks(), QStringList { a });
        }
        // The next start: the same lists.
        Window w;
        w.window.resize(1280, 800);
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        auto* sidebar = child<SourcesSidebar>(w.window, "sourcesSidebar");
        SourcesModel* model = sidebar->model();
        QCOMPARE(model->recent(), (QStringList { a, b }));
        QCOMPARE(model->bookmarks(), QStringList { a });

        // A click on a recent image opens it.
        QTreeView* view = sidebar->view();
        const QModelIndex second = model->index(1, 0, model->index(SourcesModel::GroupRecent, 0));
        view->scrollTo(second);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(second).center());
        QCOMPARE(w.page->reference().str(), b.toStdString());
        QCOMPARE(model->recent(), (QStringList { b, a }));
        QVERIFY(!sidebar->bookmarkAction()->isChecked()); // b is not bookmarked

        // A click on the bookmark opens a; removing the bookmark unchecks the action.
        const QModelIndex marked = model->index(0, 0, model->index(SourcesModel::GroupBookmarks, 0));
        view->scrollTo(marked);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(marked).center());
        QCOMPARE(w.page->reference().str(), a.toStdString());
        QVERIFY(sidebar->bookmarkAction()->isChecked());
        model->remove(marked);
        QVERIFY(!sidebar->bookmarkAction()->isChecked());
        model->clearRecent();
        QVERIFY(model->recent().isEmpty());
    }

    void cleanupTestCase() { m_registry.stop(); }
};

QTEST_MAIN(TestUiPrefs)
#include "test_ui_prefs.moc"
