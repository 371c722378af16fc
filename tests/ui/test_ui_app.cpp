// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The application around the pages: --help and --version without a display,
// the demo image of the first start (built once, the same bytes as the
// CLI makes), the colour scheme without a portal, what the window remembers,
// a reference on the command line, and the screenshot tool
// (sociscope-screenshots, the same window driven by ui/testing).
#include "app/colorscheme.h"
#include "app/demoimage.h"
#include "app/mainwindow.h"
#include "app/services.h"
#include "findchild.h"
#include "jobs/jobpool.h"
#include "models/layermodel.h"
#include "models/sourcesmodel.h"
#include "models/tagfamilymodel.h"
#include "pages/image/imagepage.h"
#include "pages/tagspage.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"
#include "widgets/sourcessidebar.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

class TestUiApp final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_home{"sociscope-ui-app"};
    QString home() const { return QString::fromStdString(m_home.path()); }
    static QString gui() { return QString::fromStdString(binDir()) + QStringLiteral("/sociscope"); }
    static QString screenshots() { return QString::fromStdString(binDir()) + QStringLiteral("/sociscope-screenshots"); }

    QProcessEnvironment appEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home() + QStringLiteral("/config-shots"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home() + QStringLiteral("/cache"));
        env.insert(QStringLiteral("DOCKER_CONFIG"), home() + QStringLiteral("/docker"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + home() + QStringLiteral("/no-bus"));
        // Not a daemon the machine happens to run: the shots without runs are the same everywhere.
        env.insert(QStringLiteral("SOCISCOPE_SOCKET"), home() + QStringLiteral("/no-daemon.sock"));
        return env;
    }

    static QString digestOf(const QString& ref)
    {
        const auto r = ctl({QStringLiteral("inspect"), ref, QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("digest")).toString();
    }

    static int lazyLayers(const ImagePage& page)
    {
        int n = 0;
        const LayerModel* layers = modelOf<LayerModel>(page, "layersView");
        for (int r = 0; r < layers->rowCount(); ++r)
            n += layers->index(r, 0).data(LayerModel::LazyRole).toBool() ? 1 : 0;
        return n;
    }

private slots:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(home() + QStringLiteral("/config")));
        qputenv("XDG_DATA_HOME", QFile::encodeName(home() + QStringLiteral("/data")));
        qputenv("XDG_CACHE_HOME", QFile::encodeName(home() + QStringLiteral("/cache")));
        qputenv("DOCKER_CONFIG", QFile::encodeName(home() + QStringLiteral("/docker")));
        // No session bus here, whatever the machine has: the fallback path.
        qputenv("DBUS_SESSION_BUS_ADDRESS", QFile::encodeName(QStringLiteral("unix:path=") + home() + QStringLiteral("/no-bus")));
        QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
        QCoreApplication::setApplicationName(QStringLiteral("Sociscope"));
    }

    void helpAndVersionWithoutDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(v));
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en")); // --help is translated too
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home() + QStringLiteral("/config"));
        auto r = run(gui(), {QStringLiteral("--help")}, 10000, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: sociscope [REF...]"));
        r = run(gui(), {QStringLiteral("--version")}, 10000, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("sociscope " SOCISCOPE_TEST_VERSION "\n"));
        r = run(gui(), {QStringLiteral("--no-such-option")}, 10000, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("unknown option --no-such-option"));
        // Screenshots are sociscope-screenshots' job; the product has no such option.
        r = run(gui(), {QStringLiteral("--screenshot-dir"), home() + QStringLiteral("/not-made")}, 10000, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("unknown option --screenshot-dir"));
        QVERIFY(!QFileInfo::exists(home() + QStringLiteral("/not-made")));
    }

    void demoImageIsBuiltOnceLikeTheCli()
    {
        JobPool jobs;
        QCOMPARE(DemoImage::defaultFolder(), home() + QStringLiteral("/data/sociscope/demo"));
        DemoImage demo(jobs);
        QSignalSpy ready(&demo, &DemoImage::ready);
        QSignalSpy progressed(&demo, &DemoImage::progressed);
        QSignalSpy failed(&demo, &DemoImage::failed);
        demo.ensure();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() == 1, 60000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(ready.front().at(1).toBool(), true); // created now
        QCOMPARE(ready.front().at(0).toString(), QStringLiteral("oci:") + demo.folder() + QStringLiteral(":latest-soci"));
        QVERIFY(progressed.count() >= 2);
        QVERIFY(demo.isReady());
        // Nothing half-built is left beside it.
        QCOMPARE(QDir(home() + QStringLiteral("/data/sociscope")).entryList(QDir::Dirs | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("demo")});

        // A later start reuses it.
        DemoImage again(jobs);
        QSignalSpy readyAgain(&again, &DemoImage::ready);
        again.ensure();
        QTRY_COMPARE_WITH_TIMEOUT(readyAgain.count(), 1, 10000);
        QCOMPARE(readyAgain.front().at(1).toBool(), false);

        // The same bytes as `sociscopectl demo` + `index convert` with defaults.
        const QString cli = QStringLiteral("oci:") + home() + QStringLiteral("/cli");
        QCOMPARE(ctl({QStringLiteral("demo"), cli + QStringLiteral(":latest")}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("index"), QStringLiteral("convert"), cli + QStringLiteral(":latest"),
                      cli + QStringLiteral(":latest-soci")}).exitCode, 0);
        const QString ours = digestOf(demo.reference());
        QVERIFY(!ours.isEmpty());
        QCOMPARE(ours, digestOf(cli + QStringLiteral(":latest-soci")));
    }

    void colorSchemeWithoutAPortal()
    {
        QCOMPARE(ColorSchemeWatcher::fromPortalValue(1), ColorSchemeWatcher::Scheme::Dark);
        QCOMPARE(ColorSchemeWatcher::fromPortalValue(2), ColorSchemeWatcher::Scheme::Light);
        QCOMPARE(ColorSchemeWatcher::fromPortalValue(0), ColorSchemeWatcher::Scheme::Unknown);
        JobPool jobs;
        ColorSchemeWatcher watcher(jobs);
        QSignalSpy changed(&watcher, &ColorSchemeWatcher::schemeChanged);
        QElapsedTimer t;
        t.start();
        watcher.start();
        QVERIFY2(t.elapsed() < 200, "start() must not wait for D-Bus"); // generous: a loaded machine
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
        QVERIFY(!watcher.fromPortal());
        QCOMPARE(watcher.scheme(), ColorSchemeWatcher::fromPalette(QApplication::palette()));

        const QPalette original = QApplication::palette();
        ColorSchemeWatcher::apply(ColorSchemeWatcher::Scheme::Dark);
        QCOMPARE(ColorSchemeWatcher::fromPalette(QApplication::palette()), ColorSchemeWatcher::Scheme::Dark);
        ColorSchemeWatcher::apply(ColorSchemeWatcher::Scheme::Light);
        QCOMPARE(ColorSchemeWatcher::fromPalette(QApplication::palette()), ColorSchemeWatcher::Scheme::Light);
        QApplication::setPalette(original);
    }

    void firstStartOpensTheDemoAndRemembers()
    {
        const QString demoRef = QStringLiteral("oci:") + DemoImage::defaultFolder() + QStringLiteral(":latest-soci");
        {
            Services services;
            MainWindow window(services);
            window.show();
            window.start({}, false);
            ImagePage* page = child<ImagePage>(window, "imagePage");
            QTRY_VERIFY_WITH_TIMEOUT(page->isSettled(), 30000);
            QCOMPARE(QString::fromStdString(page->reference().str()), demoRef);
            QCOMPARE(lazyLayers(*page), 1);
            SourcesSidebar* sidebar = child<SourcesSidebar>(window, "sourcesSidebar");
            const QModelIndex demo = sidebar->model()->find(QStringLiteral("oci:") + DemoImage::defaultFolder());
            QCOMPARE(demo.data().toString(), QStringLiteral("Demo image"));
            sidebar->addRegistry(QStringLiteral("127.0.0.1:5999"), true, false);
            window.resize(1000, 700);
            window.close();
        }
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("last/reference")).toString(), demoRef);
        QVERIFY(settings.contains(QStringLiteral("window/geometry")));

        // The next start restores the sources, the size and where the user was.
        Services services;
        MainWindow window(services);
        const SourcesModel* sources = child<SourcesSidebar>(window, "sourcesSidebar")->model();
        QCOMPARE(sources->registries().size(), 1);
        QCOMPARE(sources->registries().front().host, QStringLiteral("127.0.0.1:5999"));
        QVERIFY(sources->registries().front().plainHttp);
        QCOMPARE(window.size(), QSize(1000, 700));
        QSignalSpy demoReady(child<DemoImage>(window, "demoImage"), &DemoImage::ready);
        window.show();
        window.start({}, false);
        const ImagePage* page = child<ImagePage>(window, "imagePage");
        QTRY_VERIFY_WITH_TIMEOUT(page->isSettled(), 30000);
        QCOMPARE(QString::fromStdString(page->reference().str()), demoRef);
        QTRY_COMPARE(demoReady.count(), 1);
        QCOMPARE(demoReady.front().at(1).toBool(), false); // reused
        window.close();
    }

    void referenceOnTheCommandLine()
    {
        Services services;
        MainWindow window(services);
        window.show();
        // The demo's "latest" has no SOCI index: every layer is read whole.
        window.start(QStringLiteral("oci:") + DemoImage::defaultFolder() + QStringLiteral(":latest"), false);
        const ImagePage* page = child<ImagePage>(window, "imagePage");
        QCOMPARE(page->reference().tag, std::string("latest"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isSettled(), 30000);
        QCOMPARE(lazyLayers(*page), 0);
        const LayerModel* layers = modelOf<LayerModel>(page, "layersView");
        for (int r = 0; r < layers->rowCount(); ++r)
            QCOMPARE(layers->index(r, 0).data(LayerModel::CoverageRole).toString(), QStringLiteral("no-index"));
        // A folder without a tag holds several images: its tag families show.
        window.start(QStringLiteral("oci:") + DemoImage::defaultFolder(), false);
        const TagsPage* tags = child<TagsPage>(window, "tagsPage");
        QTRY_VERIFY_WITH_TIMEOUT(tags->isSettled(), 30000);
        QCOMPARE(tags->model()->rowCount(), 2);
        QCOMPARE(tags->model()->index(1, TagFamilyModel::ColumnKind).data().toString(),
                 QStringLiteral("SOCI twin (v2)"));
        window.close();
    }

    void screenshotTool()
    {
        QProcessEnvironment env = appEnv();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const QString dir = home() + QStringLiteral("/shots");
        const auto usage = run(screenshots(), {}, 10000, env);
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains("DIR is missing"), usage.err.constData());
        const auto r = run(screenshots(), {dir}, 90000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList pngs = QDir(dir).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(pngs, (QStringList{QStringLiteral("create-index.png"), QStringLiteral("files-elf.png"),
                                    QStringLiteral("files-layer-changes.png"), QStringLiteral("files-search.png"),
                                    QStringLiteral("files-tree.png"), QStringLiteral("image-config.png"),
                                    QStringLiteral("image-history.png"), QStringLiteral("image-layers.png"),
                                    QStringLiteral("image-overview.png"), QStringLiteral("image-space.png"),
                                    QStringLiteral("inventory.png"), QStringLiteral("tag-families.png"),
                                    QStringLiteral("welcome.png")}));
        for (const QString& p : pngs) {
            const QImage image(dir + QLatin1Char('/') + p);
            // The window at its fixed size; a dialog's picture is the dialog alone.
            QCOMPARE(image.size(), p == QLatin1String("create-index.png") ? QSize(900, 620) : QSize(1440, 900));
        }
    }
};

QTEST_MAIN(TestUiApp)
#include "test_ui_app.moc"
