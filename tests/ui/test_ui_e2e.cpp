// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The GUI end to end against Debian's real docker-registry: an image made
// SOCI-enabled by `sociscopectl index convert`, reached the way a person
// would — add the registry, expand its catalog, open the repository with
// the keyboard, see the tag families (same-digest tags in one row, the
// -soci twin beside it), open the twin, read the layers table. Errors show
// in the message bar, never in a modal dialog.
#include "app/mainwindow.h"
#include "app/services.h"
#include "dialogs/addregistrydialog.h"
#include "findchild.h"
#include "models/layermodel.h"
#include "models/platformmodel.h"
#include "models/referrermodel.h"
#include "models/sourcesmodel.h"
#include "models/tagfamilymodel.h"
#include "models/tagfamilyproxy.h"
#include "pages/image/imagepage.h"
#include "pages/tagspage.h"
#include "registry/client.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"
#include "widgets/messagebar.h"
#include "widgets/registrystatus.h"
#include "widgets/sourcessidebar.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QTimer>
#include <QTreeView>
#include <QtTest>

#include <functional>
#include <memory>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

class TestUiE2e final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_home{"sociscope-ui-e2e"};
    QString m_reg;
    QList<QUrl> m_openedUrls;

    static int proxyRowOf(const QAbstractItemModel& proxy, const QString& tag)
    {
        for (int r = 0; r < proxy.rowCount(); ++r)
            if (proxy.index(r, 0).data(TagFamilyModel::TagsRole).toStringList().contains(tag))
                return r;
        return -1;
    }

    // Acts on the modal AddRegistryDialog once it shows: step(dialog, n) is
    // called every 20 ms, and n moves on when it returns true (polled,
    // bounded: 30 s, then the dialog is closed). Set before opening it; the
    // caller's variables that step writes must outlive the dialog only.
    static void driveDialog(std::function<bool(AddRegistryDialog*, int)> step)
    {
        auto* poll = new QTimer;
        auto* clock = new QElapsedTimer;
        auto n = std::make_shared<int>(0);
        clock->start();
        poll->setInterval(20);
        // Touches nothing of the caller once its dialog is gone: the last
        // tick may come after the caller returned.
        QObject::connect(poll, &QTimer::timeout, [poll, clock, step, n] {
            auto* d = qobject_cast<AddRegistryDialog*>(QApplication::activeModalWidget());
            if (d && step(d, *n))
                ++*n;
            const bool over = clock->elapsed() > 30000;
            if (over && d)
                d->reject();
            if (over || (!d && *n > 0)) {
                poll->stop();
                poll->deleteLater();
                delete clock;
            }
        });
        poll->start();
    }

    // Selects a row and presses Enter, as a keyboard user would.
    static void activate(QTreeView* view, const QModelIndex& index)
    {
        view->setFocus();
        view->setCurrentIndex(index);
        QTest::keyClick(view, Qt::Key_Return);
    }

public slots:
    void openUrl(const QUrl& url) { m_openedUrls << url; }

private slots:
    void cleanupTestCase()
    {
        for (const char* scheme : {"http", "https", "file"})
            QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
    }

    void initTestCase()
    {
        // Nothing of the user's: settings, data, Docker credentials.
        const QByteArray home = QByteArray::fromStdString(m_home.path());
        qputenv("XDG_CONFIG_HOME", home + "/config");
        qputenv("XDG_DATA_HOME", home + "/data");
        qputenv("XDG_CACHE_HOME", home + "/cache");
        qputenv("DOCKER_CONFIG", home + "/docker");
        QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
        QCoreApplication::setApplicationName(QStringLiteral("SociscopeTest"));
        for (const char* scheme : {"http", "https", "file"})
            QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), this, "openUrl");

        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_reg = m_registry.address();
        const auto demo = ctl({QStringLiteral("demo"), m_reg + QLatin1String("/soci/demo:1.0")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        QCOMPARE(ctl({QStringLiteral("copy"), m_reg + QLatin1String("/soci/demo:1.0"), m_reg + QLatin1String("/soci/demo:stable")}).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("copy"), m_reg + QLatin1String("/soci/demo:1.0"), m_reg + QLatin1String("/other/thing:x")}).exitCode, 0);
        const auto convert = ctl({QStringLiteral("index"), QStringLiteral("convert"), m_reg + QLatin1String("/soci/demo:1.0"),
                                  m_reg + QLatin1String("/soci/demo:1.0-soci")});
        QVERIFY2(convert.exitCode == 0, convert.err.constData());
    }

    void familiesThenTheSociImage()
    {
        Services services;
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Add the registry; expanding it lists the catalog in the background.
        SourcesSidebar* sidebar = child<SourcesSidebar>(window, "sourcesSidebar");
        sidebar->addRegistry(m_reg, false, false);
        SourcesModel* sources = sidebar->model();
        const QModelIndex registries = sources->index(SourcesModel::GroupRegistries, 0);
        QCOMPARE(sources->rowCount(registries), 1);
        sidebar->view()->expand(sources->index(0, 0, registries));
        QTRY_VERIFY_WITH_TIMEOUT(sources->find(m_reg + QLatin1String("/soci/demo")).isValid(), 15000);
        QVERIFY(sources->find(m_reg + QLatin1String("/other/thing")).isValid());

        // Open the repository with the keyboard.
        activate(sidebar->view(), sources->find(m_reg + QLatin1String("/soci/demo")));
        TagsPage* tags = child<TagsPage>(window, "tagsPage");
        QCOMPARE(QString::fromStdString(tags->repository().name()), m_reg + QLatin1String("/soci/demo"));
        QTRY_VERIFY_WITH_TIMEOUT(tags->isSettled(), 20000);

        // Two tags on one image, its twin on the same row (not a row of its own).
        QAbstractItemModel* proxy = tags->view()->model();
        QCOMPARE(tags->model()->rowCount(), 2);
        QCOMPARE(tags->model()->tagCount(), size_t(3));
        QCOMPARE(proxy->rowCount(), 1);
        const int image = proxyRowOf(*proxy, QStringLiteral("1.0"));
        QVERIFY(image >= 0);
        QCOMPARE(proxy->index(image, 0).data(TagFamilyModel::TagsRole).toStringList(),
                 (QStringList{QStringLiteral("1.0"), QStringLiteral("stable")}));
        QCOMPARE(proxy->index(image, TagFamilyModel::ColumnKind).data().toString(), QStringLiteral("Image"));
        QCOMPARE(proxyRowOf(*proxy, QStringLiteral("1.0-soci")), -1);
        QCOMPARE(proxy->index(image, TagFamilyModel::ColumnSoci).data().toString(), QStringLiteral("v2"));
        QCOMPARE(proxy->index(image, 0).data(TagFamilyModel::SociTwinTagRole).toString(), QStringLiteral("1.0-soci"));
        // An ordinary repository's image gets its size from its manifest.
        QVERIFY2(proxy->index(image, TagFamilyModel::ColumnSize).data(TagFamilyModel::SortKeyRole).toLongLong() > 0,
                 qPrintable(proxy->index(image, TagFamilyModel::ColumnSize).data().toString()));
        const QList<int> twins = tags->model()->twinRows(
            tags->model()->rowOfDigest(proxy->index(image, 0).data(TagFamilyModel::DigestRole).toString()));
        QCOMPARE(twins.size(), 1);
        QCOMPARE(tags->model()->index(twins.first(), TagFamilyModel::ColumnKind).data().toString(),
                 QStringLiteral("SOCI twin (v2)"));

        // The status bar names the registry and how we are signed in.
        auto* status = window.findChild<RegistryStatus*>();
        QVERIFY(status);
        QTRY_VERIFY(status->text().contains(m_reg));
        QVERIFY2(status->text().contains(QStringLiteral("anonymous")), qPrintable(status->text()));

        // Open the twin from its cell on the image's row: its layers say which
        // have a zTOC and why the others do not.
        activate(tags->view(), proxy->index(image, TagFamilyModel::ColumnSoci));
        ImagePage* page = child<ImagePage>(window, "imagePage");
        QCOMPARE(page->reference().tag, std::string("1.0-soci"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isSettled(), 20000);
        LayerModel* layers = page->layerModel();
        QCOMPARE(layers->rowCount(), 4);
        int lazy = 0;
        for (int r = 0; r < layers->rowCount(); ++r) {
            const QString ztoc = layers->index(r, LayerModel::ColumnZtoc).data().toString();
            if (layers->index(r, 0).data(LayerModel::LazyRole).toBool()) {
                ++lazy;
                QCOMPARE(ztoc, QStringLiteral("Yes"));
                QCOMPARE(layers->index(r, LayerModel::ColumnSpanSize).data().toString(), QStringLiteral("4.00 MiB"));
                QVERIFY(layers->index(r, LayerModel::ColumnSpans).data().toInt() >= 3);
                QVERIFY(layers->index(r, LayerModel::ColumnFiles).data().toInt() > 1000);
                QCOMPARE(layers->index(r, LayerModel::ColumnCoverage).data().toString(), QStringLiteral("Lazily"));
            } else {
                QCOMPARE(ztoc, QStringLiteral("No"));
                // Too small for the default 10 MiB minimum: left out of the index.
                QCOMPARE(layers->index(r, 0).data(LayerModel::CoverageRole).toString(), QStringLiteral("too-small"));
                QCOMPARE(layers->index(r, LayerModel::ColumnCoverage).data().toString(), QStringLiteral("Whole · too small"));
                const QString why = layers->index(r, LayerModel::ColumnReason).data().toString();
                QVERIFY2(why.contains(QStringLiteral("minimum layer size")), qPrintable(why));
            }
        }
        QCOMPARE(lazy, 1);
        QVERIFY2(page->coverageText().contains(QStringLiteral("covered by SOCI")), qPrintable(page->coverageText()));
        // The index's SOCI v2 entry is listed as a SOCI index, not as a platform image.
        PlatformModel* platforms = modelOf<PlatformModel>(page, "platformsView");
        QCOMPARE(platforms->rowCount(), 2);
        QVERIFY(platforms->index(0, 0).data(PlatformModel::IsImageRole).toBool());
        QCOMPARE(platforms->index(1, PlatformModel::ColumnKind).data().toString(), QStringLiteral("SOCI index"));

        // Back goes to the families again.
        QTest::keySequence(&window, QKeySequence::Back);
        QCOMPARE(tags->isVisible(), true);

        QVERIFY(!child<MessageBar>(window, "messageBar")->isVisible());
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(m_openedUrls.isEmpty());
        window.close();
    }

    void errorsGoToTheMessageBar()
    {
        Services services;
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MessageBar* bar = child<MessageBar>(window, "messageBar");
        SourcesSidebar* sidebar = child<SourcesSidebar>(window, "sourcesSidebar");

        // A repository that does not exist.
        sidebar->goTo(m_reg + QLatin1String("/no/such"));
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 20000);
        QVERIFY2(bar->text().contains(QStringLiteral("Could not list the tags of")), qPrintable(bar->text()));
        QCOMPARE(bar->kind(), UserMessage::Kind::Error);
        QVERIFY(!QApplication::activeModalWidget());
        bar->hide();

        // A registry nobody answers at: a network error the user may retry.
        sidebar->goTo(QStringLiteral("127.0.0.1:1/x/y:1"));
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 20000);
        QVERIFY2(bar->text().contains(QStringLiteral("Could not open")), qPrintable(bar->text()));
        QVERIFY2(bar->text().contains(QStringLiteral("network")), qPrintable(bar->text()));
        QVERIFY(!QApplication::activeModalWidget());

        // Nonsense in the go-to box.
        bar->hide();
        sidebar->goTo(QStringLiteral("UPPER/Case:Bad Tag"));
        QVERIFY(bar->isVisible());
        QVERIFY(!QApplication::activeModalWidget());
        window.close();
    }

    // The AWS gallery preset on a machine without internet: a clear message,
    // a Retry button, no dialog. (With internet the tags simply load.)
    void presetWithoutInternetFailsGracefully()
    {
        Services services;
        MainWindow window(services);
        window.show();
        SourcesSidebar* sidebar = child<SourcesSidebar>(window, "sourcesSidebar");
        SourcesModel* sources = sidebar->model();
        const QModelIndex vllm = sources->find(QStringLiteral("public.ecr.aws/deep-learning-containers/vllm"));
        QVERIFY(vllm.isValid());
        QElapsedTimer t;
        t.start();
        activate(sidebar->view(), vllm);
        TagsPage* tags = child<TagsPage>(window, "tagsPage");
        MessageBar* bar = child<MessageBar>(window, "messageBar");
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible() || tags->isSettled(), 60000);
        if (!bar->isVisible())
            QSKIP("public.ecr.aws answered: this machine has internet, the offline path was not exercised");
        QVERIFY2(bar->text().contains(QStringLiteral("public.ecr.aws")), qPrintable(bar->text()));
        QVERIFY(bar->findChild<QPushButton*>()->isVisible()); // Retry
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY2(t.elapsed() < 20000, "an unreachable preset must fail within seconds");
        qInfo("offline preset failed in %lld ms: %s", t.elapsed(), qPrintable(bar->text()));
        window.close();
    }

    void v1IndexAndReferrers()
    {
        const auto push = ctl({QStringLiteral("index"), QStringLiteral("push"), m_reg + QLatin1String("/soci/demo:1.0")});
        QVERIFY2(push.exitCode == 0, push.err.constData());
        Services services;
        MainWindow window(services);
        window.show();
        window.openImage(*oci::Reference::parse(QString(m_reg + QLatin1String("/soci/demo:1.0")).toStdString()));
        ImagePage* page = child<ImagePage>(window, "imagePage");
        QTRY_VERIFY_WITH_TIMEOUT(page->isSettled(), 20000);
        // The v1 index is a referrer of the image (through the fallback tag).
        ReferrerModel* refs = modelOf<ReferrerModel>(page, "referrersView");
        QCOMPARE(refs->rowCount(), 1);
        QCOMPARE(refs->index(0, ReferrerModel::ColumnType).data().toString(), QStringLiteral("SOCI index v1"));
        int lazy = 0;
        for (int r = 0; r < page->layerModel()->rowCount(); ++r)
            lazy += page->layerModel()->index(r, 0).data(LayerModel::LazyRole).toBool() ? 1 : 0;
        QCOMPARE(lazy, 1);

        // The families hide the fallback tag and count it.
        window.openRepository(*oci::Reference::parse(QString(m_reg + QLatin1String("/soci/demo")).toStdString(), false));
        TagsPage* tags = child<TagsPage>(window, "tagsPage");
        QTRY_VERIFY_WITH_TIMEOUT(tags->isSettled(), 20000);
        QCOMPARE(tags->model()->rowCount(), 2);
        QCOMPARE(tags->model()->referrerTagCount(), size_t(1));
        window.close();
    }

    // Credentials typed in the GUI go through the user's credential store
    // (here a credsStore helper), never into a file of ours; then they work.
    void credentialsGoThroughTheUsersCredentialStore()
    {
        RegistryServer::Options o;
        o.auth = RegistryServer::Auth::Htpasswd;
        RegistryServer locked;
        QVERIFY2(locked.start(o), qPrintable(locked.error()));
        const QString host = locked.address();
        const QString dir = QString::fromStdString(m_home.path()) + QStringLiteral("/docker-store");
        QVERIFY(QDir().mkpath(dir));
        QFile cfg(dir + QStringLiteral("/config.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write("{\"credsStore\":\"test\"}");
        cfg.close();
        const QString helperStore = dir + QStringLiteral("/helper-store.json");
        const QByteArray oldConfig = qgetenv("DOCKER_CONFIG"), oldPath = qgetenv("PATH");
        qputenv("DOCKER_CONFIG", QFile::encodeName(dir));
        qputenv("SOCISCOPE_TEST_CRED_FILE", QFile::encodeName(helperStore));
        qputenv("PATH", QFile::encodeName(QString::fromStdString(sourceDir()) + QStringLiteral("/tests/tools:")) + oldPath);
        const auto restore = qScopeGuard([&] {
            qputenv("DOCKER_CONFIG", oldConfig);
            qputenv("PATH", oldPath);
        });
        // Seed it with the CLI, logged in through the same helper.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QProcess login;
        login.setProcessEnvironment(env);
        login.start(QString::fromStdString(binDir()) + QStringLiteral("/sociscopectl"),
                    {QStringLiteral("login"), host, QStringLiteral("-u"), QStringLiteral("alice"), QStringLiteral("--password-stdin")});
        QVERIFY(login.waitForStarted());
        login.write("wonderland\n");
        login.closeWriteChannel();
        QVERIFY(login.waitForFinished(30000));
        QCOMPARE(login.exitCode(), 0);
        QCOMPARE(ctl({QStringLiteral("demo"), host + QLatin1String("/private/demo:1.0")}, 120000, env).exitCode, 0);
        QCOMPARE(ctl({QStringLiteral("logout"), host}, 30000, env).exitCode, 0);

        Services services;
        MainWindow window(services);
        window.show();
        MessageBar* bar = child<MessageBar>(window, "messageBar");
        SourcesSidebar* sidebar = child<SourcesSidebar>(window, "sourcesSidebar");
        sidebar->addRegistry(host, false, false, QStringLiteral("alice"), QStringLiteral("wonderland"));
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 20000);
        QVERIFY2(bar->text().contains(QStringLiteral("stored")), qPrintable(bar->text()));
        QCOMPARE(bar->kind(), UserMessage::Kind::Information);
        QFile written(dir + QStringLiteral("/config.json"));
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(!written.readAll().contains("wonderland")); // not in the config file
        QFile helper(helperStore);
        QVERIFY(helper.open(QIODevice::ReadOnly));
        QVERIFY(helper.readAll().contains("alice")); // in the user's store

        // And they are used: the private repository lists, signed in.
        sidebar->goTo(host + QLatin1String("/private/demo"));
        const TagsPage* tags = child<TagsPage>(window, "tagsPage");
        QTRY_VERIFY_WITH_TIMEOUT(tags->isSettled(), 20000);
        QCOMPARE(tags->model()->rowCount(), 1);
        auto* status = window.findChild<RegistryStatus*>();
        QTRY_VERIFY(status->text().contains(QStringLiteral("alice")));

        // Add Registry tries what was typed before it closes: a wrong password
        // is said in the dialog (nothing stored), the right one closes it.
        QString refused;
        driveDialog([&](AddRegistryDialog* d, int step) {
            if (step == 0) {
                child<QLineEdit>(*d, "registryHost")->setText(host);
                child<QLineEdit>(*d, "registryUser")->setText(QStringLiteral("alice"));
                child<QLineEdit>(*d, "registryPassword")->setText(QStringLiteral("not-her-password"));
                d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
                return true;
            }
            if (step == 1) {
                refused = d->checkError();
                if (refused.isEmpty())
                    return false; // still trying
                child<QLineEdit>(*d, "registryPassword")->setText(QStringLiteral("wonderland"));
                d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
                return true;
            }
            return false;
        });
        sidebar->showAddRegistryDialog();
        QVERIFY2(refused.contains(QStringLiteral("401")) || refused.contains(QStringLiteral("credentials")),
                 qPrintable(refused));
        QVERIFY2(!refused.contains(QStringLiteral("sociscopectl login")), qPrintable(refused));
        QTRY_VERIFY_WITH_TIMEOUT(bar->text().contains(QStringLiteral("stored")), 20000);

        // Set Credentials shows the user stored.
        QString prefilled;
        driveDialog([&](AddRegistryDialog* d, int) {
            prefilled = child<QLineEdit>(*d, "registryUser")->text();
            if (prefilled.isEmpty())
                return false;
            d->reject();
            return true;
        });
        sidebar->showCredentialsDialog(host);
        QCOMPARE(prefilled, QStringLiteral("alice"));
        window.close();
    }

    // A two-platform index: switching platforms quickly shows the last one
    // chosen; the details of the others come back late and are dropped.
    void platformsOfAMultiArchImage()
    {
        registry::RegistryClient client(m_registry.addr(), {});
        auto top = client.getManifest("soci/demo", "1.0-soci");
        QVERIFY(top.ok());
        auto index = oci::Index::parse(top->bytes, top->mediaType);
        QVERIFY(index.ok());
        oci::Descriptor arm = index->manifests.front();
        QVERIFY(!arm.artifactType.size()); // the image entry comes first
        arm.platform = oci::Platform{"arm64", "linux", {}, {}, "v8"};
        index->manifests.push_back(arm);
        QVERIFY(client.putManifest("soci/demo", "multi", index->toGoJson(), index->mediaType).ok());

        Services services;
        MainWindow window(services);
        window.show();
        ImagePage* page = child<ImagePage>(window, "imagePage");
        QSignalSpy loaded(page, &ImagePage::imageLoaded);
        window.openImage(*oci::Reference::parse(QString(m_reg + QLatin1String("/soci/demo:multi")).toStdString()));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        PlatformModel* platforms = modelOf<PlatformModel>(page, "platformsView");
        QCOMPARE(platforms->rowCount(), 3); // two images and the SOCI index entry
        QCOMPARE(platforms->index(1, PlatformModel::ColumnPlatform).data().toString(), QStringLiteral("linux/arm64/v8"));
        QCOMPARE(platforms->index(2, PlatformModel::ColumnKind).data().toString(), QStringLiteral("SOCI index"));

        QSignalSpy details(page, &ImagePage::detailsLoaded);
        page->selectPlatform(1);
        page->selectPlatform(0);
        page->selectPlatform(1);
        QTRY_VERIFY_WITH_TIMEOUT(page->isSettled(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(services.jobs().activeJobs(), 0, 20000);
        QCoreApplication::processEvents();
        QCOMPARE(details.count(), 1); // only the last choice's details were shown
        QCOMPARE(page->currentPlatform(), 1);
        QCOMPARE(page->layerModel()->rowCount(), 4);
        window.close();
    }
};

QTEST_MAIN(TestUiE2e)
#include "test_ui_e2e.moc"
