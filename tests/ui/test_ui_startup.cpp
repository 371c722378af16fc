// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The image page's Startup tab on a profile core made for the demo image
// (describeStartup + saveProfile, as a recorded run saves it): found as the
// newest profile of that image, the bytes and files per layer, the span map
// outlining exactly the profile's spans, and Publish as Prefetch Artifact
// writing the artifact into the image's index; the Run console's Record
// startup toggle and what it asks the daemon for.
#include "lazytest.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "docks/runconsole.h"
#include "jobs/imagesession.h"
#include "jobs/runsession.h"
#include "pages/image/startupprofiletab.h"
#include "testenv.h"
#include "uitestenv.h"
#include "widgets/spanmapview.h"

#include "client_types.h"
#include "registry/source.h"
#include "soci/index.h"
#include "util/files.h"

#include <QApplication>
#include <QCheckBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

class TestUiStartup final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_home { "sociscope-ui-startup" };
    oci::Reference m_ref;
    std::shared_ptr<lazy::LazyImage> m_image;
    lazy::StartupProfile m_profile;

private slots:
    void initTestCase()
    {
        const QString home = QString::fromStdString(m_home.path());
        isolateWindowHome(home, QStringLiteral("test_ui_startup"));
        qputenv("XDG_STATE_HOME", QFile::encodeName(home + QStringLiteral("/state")));
        auto r = ctl({ QStringLiteral("demo"), QString(QStringLiteral("oci:") + home + QStringLiteral("/demo:1")) });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), QString(QStringLiteral("oci:") + home + QStringLiteral("/demo:1")),
            QString(QStringLiteral("oci:") + home + QStringLiteral("/demo:1-soci")) });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto ref = oci::Reference::parse(QString(QStringLiteral("oci:") + home + QStringLiteral("/demo:1-soci")).toStdString());
        QVERIFY(ref);
        m_ref = *ref;
        auto src = registry::Session().open(m_ref);
        QVERIFY(src);
        auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(*src)), m_ref.tag, {});
        QVERIFY2(img, img ? "" : img.error().text().c_str());
        m_image = *img;
        // The demo's 14 MiB layer (2) has 4 spans: the run read the last one.
        lazy::StartupRecord record;
        record.until = "exit";
        record.firstOutputMs = 120;
        record.recordedMs = 300;
        record.spans.resize(4);
        record.spans[2] = { 3 };
        auto p = lazy::describeStartup(*m_image, record);
        QVERIFY2(p, p ? "" : p.error().text().c_str());
        p->reference = m_ref.str();
        p->command = { "cat", "/opt/models/weights.bin" };
        m_profile = *p;
        QVERIFY(lazy::saveProfile(m_profile, "gui-test"));
    }

    void tabShowsTheNewestProfileOfTheImage()
    {
        Services services;
        ImageSession session(services);
        session.setImage(m_ref, m_image->image());
        StartupProfileTab tab(session);
        QSignalSpy loaded(&tab, &StartupProfileTab::loaded);
        tab.reload();
        QVERIFY(loaded.wait(30000));
        QVERIFY(tab.profile());
        QVERIFY2(tab.profilePath().endsWith(QStringLiteral("gui-test.json")), qPrintable(tab.profilePath()));
        QVERIFY2(tab.summaryText().contains(Format::bytes(static_cast<std::int64_t>(m_profile.neededBytes))),
            qPrintable(tab.summaryText()));
        QVERIFY(tab.summaryText().contains(QStringLiteral("120 ms")));
        // One layer row: layer 2, span 3, its bytes, its files.
        QTreeWidget* layers = tab.layers();
        QCOMPARE(layers->topLevelItemCount(), 1);
        QTreeWidgetItem* layer = layers->topLevelItem(0);
        QVERIFY2(layer->text(0).startsWith(QStringLiteral("Layer 2")), qPrintable(layer->text(0)));
        QCOMPARE(layer->text(1), QStringLiteral("3"));
        QCOMPARE(layer->data(2, Qt::UserRole).toULongLong(), m_profile.layers[0].bytes);
        QVERIFY(m_profile.layers[0].bytes > 0);
        QCOMPARE(layer->childCount(), 1);
        QCOMPARE(layer->child(0)->text(0), QStringLiteral("Span 3"));
        QStringList files;
        for (int i = 0; i < layer->child(0)->childCount(); ++i)
            files << layer->child(0)->child(i)->text(0);
        QVERIFY(!files.isEmpty());
        for (const auto& f : m_profile.layers[0].files[0].files)
            QVERIFY2(files.contains(QString::fromStdString(f)), f.c_str());
        // The span map outlines exactly that span.
        QCOMPARE(tab.spanMap().outlinedCount(), 1);
        QVERIFY(tab.spanMap().isOutlined(2, 3));
        QCOMPARE(tab.spanMap().spanCount(2), 4);
        QVERIFY(tab.spanMap().describe(2, 3).contains(QStringLiteral("startup")));
        QVERIFY(tab.publishButton()->isEnabled());

        // Publish: the artifact of layer 2 is in the image's index afterwards.
        QSignalSpy done(&tab, &StartupProfileTab::published);
        QTimer::singleShot(0, [] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w))
                    box->button(QMessageBox::Yes)->click();
        });
        tab.publishButton()->click();
        QVERIFY(done.wait(60000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        auto src = registry::Session().open(m_ref);
        QVERIFY(src);
        auto img = registry::resolvePlatformImage(**src, m_ref.tag, std::nullopt);
        QVERIFY(img);
        auto found = soci::findIndex(**src, *img);
        QVERIFY(found && *found);
        QVERIFY((*found)->index.prefetchFor(img->manifest.layers[2].digest) != nullptr);
    }

    void noProfileOfAnotherImage()
    {
        StartupProfileTab* tab = nullptr;
        Services services;
        ImageSession session(services);
        tab = new StartupProfileTab(session);
        tab->reload(); // no image
        QVERIFY(!tab->profile());
        QVERIFY(!tab->publishButton()->isEnabled());
        QVERIFY(!tab->loadProfile(QString::fromStdString(m_home.path()) + QStringLiteral("/missing.json")));
        delete tab;
    }

    void recordStartupToggle()
    {
        JobPool jobs;
        RunSpec spec;
        spec.ref = m_ref;
        spec.argv = { QStringLiteral("cat"), QStringLiteral("/etc/os-release") };
        RunTab tab(jobs, spec);
        QVERIFY(tab.recordStartupBox());
        QVERIFY(!tab.recordStartupBox()->isChecked());
        QVERIFY(tab.recordStartupBox()->isEnabled());
        spec.recordStartup = true;
        RunTab on(jobs, spec);
        QVERIFY(on.recordStartupBox()->isChecked());
        // What the daemon is asked for: until the first output, as the CLI's default.
        QCOMPARE(RunSession::clientSpec(spec).recordStartup, std::string("until-output"));
        spec.recordStartup = false;
        QCOMPARE(RunSession::clientSpec(spec).recordStartup, std::string());
    }
};

QTEST_MAIN(TestUiStartup)
#include "test_ui_startup.moc"
