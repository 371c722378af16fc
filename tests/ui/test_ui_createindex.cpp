// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// S16's "Create SOCI Index…" in the window, against Debian's real
// docker-registry and the fault proxy: the image page offers it for an image
// without an index, the dialog converts it (progress, the result per layer,
// a too-small layer skipped), the -soci twin is in the registry and opens;
// the tag row's menu offers it only without a twin; a refused push is shown
// in the dialog with the settings kept, and nothing is tagged; Cancel stops
// a build that is under way.
#include "uitestenv.h"

#include "app/mainwindow.h"
#include "app/services.h"
#include "dialogs/createindexdialog.h"
#include "findchild.h"
#include "jobs/createindexjob.h"
#include "models/tagfamilymodel.h"
#include "pages/image/imagepage.h"
#include "pages/tagspage.h"
#include "testenv.h"

#include "soci/index.h"
#include "util/files.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

// Layer 0 is tiny (below the minimum the test sets), layer 1 holds a few
// files over several 64 KiB spans.
const QByteArray kLayers = "[{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                           "{\"path\":\"etc/hostname\",\"data\":\"box\\n\"}]},"
                           "{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                           "{\"path\":\"data/big\",\"random\":400000,\"seed\":3},"
                           "{\"path\":\"data/more\",\"random\":200000,\"seed\":4},"
                           "{\"path\":\"usr/share/doc.txt\",\"text\":30000,\"seed\":5}]}]";

struct Window {
    Services services;
    MainWindow window{services};
    ImagePage* page = child<ImagePage>(window, "imagePage");

    Window() { window.show(); }
    ~Window() { window.hide(); }
    bool open(const QString& ref)
    {
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        QSignalSpy details(page, &ImagePage::detailsLoaded);
        window.openImage(*oci::Reference::parse(ref.toStdString()));
        return details.wait(60000);
    }
};

// Whether repository:tag resolves, and to a SOCI-enabled image (a v2 index
// found for its manifest).
bool hasSociTwin(const QString& reference)
{
    auto parsed = oci::Reference::parse(reference.toStdString());
    Services services;
    auto src = Services::open(services.session(QString::fromStdString(parsed->registry)), *parsed);
    if (!src)
        return false;
    auto image = registry::resolvePlatformImage(**src, parsed->tagOrDigest());
    if (!image)
        return false;
    auto found = soci::findIndex(**src, *image);
    return found && found->has_value() && (*found)->index.version == 2;
}

} // namespace

class TestUiCreateIndex final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_home{"sociscope-ui-createindex"};
    QString m_repo = QStringLiteral("idx/app");

    QString home() const { return QString::fromStdString(m_home.path()); }
    QString ref(const QString& tag, bool viaProxy = false) const
    {
        return (viaProxy ? m_proxy.address() : m_registry.address()) + QLatin1Char('/') + m_repo + QLatin1Char(':') + tag;
    }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopeCreateIndexTest"));
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const QString layout = makeImage(home(), QStringLiteral("img"), kLayers, QStringLiteral("a"));
        QVERIFY(!layout.isEmpty());
        // Two tags of one image without an index: a gets its twin through the
        // dialog, b stays without (the menu and the refused push).
        for (const char* tag : {"a", "b"}) {
            auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + layout + QStringLiteral(":a"),
                          ref(QLatin1String(tag))});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    void init() { QVERIFY(m_proxy.setRules("[]")); }

    // The image page's button, the dialog's defaults (the CLI's), the
    // convert with progress, the result per layer, and Open the twin.
    void convertThroughTheDialog()
    {
        Window w;
        QVERIFY(w.open(ref(QStringLiteral("a"))));
        auto* button = child<QPushButton>(w.page, "createIndexButton");
        QVERIFY(button->isVisible());
        QVERIFY(!hasSociTwin(ref(QStringLiteral("a-soci"))));

        QString target;
        qint64 spanDefault = 0, minDefault = 0;
        QStringList stages;
        std::optional<CreateIndexOutcome> outcome;
        QList<QStringList> rows;
        QString summary;
        whenShown("createIndexDialog", [&](QWidget* widget) {
            auto* dialog = qobject_cast<CreateIndexDialog*>(widget);
            target = child<QLineEdit>(dialog, "targetTag")->text();
            spanDefault = child<QSpinBox>(dialog, "spanSize")->value();
            minDefault = child<QSpinBox>(dialog, "minLayerSize")->value();
            QVERIFY(child<QRadioButton>(dialog, "pushTwin")->isChecked());
            child<QSpinBox>(dialog, "spanSize")->setValue(64);
            child<QSpinBox>(dialog, "minLayerSize")->setValue(100); // layer 0 is smaller
            auto* stage = child<QLabel>(dialog, "createIndexStage");
            connect(dialog->job(), &CreateIndexJob::progressed, dialog,
                    [&, stage] { stages << stage->text(); }, Qt::QueuedConnection);
            connect(dialog, &CreateIndexDialog::jobEnded, dialog, [&, dialog](const CreateIndexOutcome& o) {
                outcome = o;
                summary = child<QLabel>(dialog, "createIndexSummary")->text();
                auto* result = child<QTreeWidget>(dialog, "createIndexResult");
                for (int i = 0; i < result->topLevelItemCount(); ++i) {
                    QStringList cells;
                    for (int c = 0; c < result->columnCount(); ++c)
                        cells << result->topLevelItem(i)->text(c);
                    rows << cells;
                }
                auto* open = child<QPushButton>(dialog, "openCreated");
                if (open->isVisible())
                    open->click();
                else
                    dialog->close();
            });
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        QSignalSpy details(w.page, &ImagePage::detailsLoaded);
        button->click(); // modal: the poll answers it; returns when it closes
        QCOMPARE(target, QStringLiteral("a-soci"));
        QCOMPARE(spanDefault, soci::IndexBuildOptions{}.spanSize / 1024);
        QCOMPARE(minDefault, soci::IndexBuildOptions{}.minLayerSize / 1024);
        QVERIFY(outcome.has_value());
        QVERIFY2(outcome->ok, qPrintable(outcome->error.textAndCause()));
        QVERIFY(!stages.isEmpty());
        QVERIFY2(stages.last().contains(QStringLiteral("Layer 2 of 2")), qPrintable(stages.join(QLatin1Char('\n'))));

        // The result: layer 0 skipped as too small, layer 1 with its zTOC.
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0][0], QStringLiteral("0"));
        QCOMPARE(rows[0][2], QStringLiteral("none"));
        QVERIFY2(rows[0][5].startsWith(QStringLiteral("No zTOC: ")), qPrintable(rows[0][5]));
        QCOMPARE(rows[1][0], QStringLiteral("1"));
        QVERIFY2(rows[1][2].endsWith(QStringLiteral("B")), qPrintable(rows[1][2])); // "322 KiB"
        QVERIFY2(rows[1][3].toInt() >= 2, qPrintable(rows[1][3]));                  // spans of 64 KiB
        QCOMPARE(rows[1][4].toInt(), outcome->platforms[0].layers[1].files);
        QVERIFY(outcome->platforms[0].layers[1].files >= 3); // data/big, data/more, the doc and folders
        QVERIFY(outcome->digest.startsWith(QStringLiteral("sha256:")));
        QVERIFY2(summary.contains(outcome->digest) && summary.contains(QStringLiteral("1 of 2 layers indexed")),
                 qPrintable(summary));

        // In the registry, SOCI-enabled; Open showed it.
        QVERIFY(hasSociTwin(ref(QStringLiteral("a-soci"))));
        QVERIFY(details.count() || details.wait(60000));
        QCOMPARE(w.page->reference().tag, std::string("a-soci"));
        QVERIFY(!button->isVisible()); // it has an index now
    }

    // The tag row's menu offers it for an image without a twin (c), not for
    // one with its twin (a, b and a-soci since the test before).
    void tagMenuOffersItWithoutATwin()
    {
        const QString other = makeImage(home(), QStringLiteral("img-c"),
                                        "[{\"compression\":\"gzip\",\"entries\":[{\"path\":\"c\",\"data\":\"c\"}]}]",
                                        QStringLiteral("c"));
        QVERIFY(!other.isEmpty());
        auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + other + QStringLiteral(":c"), ref(QStringLiteral("c"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        auto* tags = child<TagsPage>(w.window, "tagsPage");
        QSignalSpy settled(tags, &TagsPage::loadingFinished);
        w.window.openRepository(*oci::Reference::parse(ref(QStringLiteral("a")).toStdString()));
        QVERIFY(settled.wait(60000));
        QMap<QString, QModelIndex> rowOf;
        const QAbstractItemModel* m = tags->view()->model();
        for (int row = 0; row < m->rowCount(); ++row)
            for (const QString& t : m->index(row, 0).data(TagFamilyModel::TagsRole).toStringList())
                rowOf[t] = m->index(row, 0);
        QVERIFY(rowOf.contains(QStringLiteral("a")) && rowOf.contains(QStringLiteral("c")));

        const QString action = QStringLiteral("Create SOCI &Index…");
        QVERIFY(contextMenuItems(tags->view(), rowOf.value(QStringLiteral("c"))).contains(action));
        const QStringList forA = contextMenuItems(tags->view(), rowOf.value(QStringLiteral("a")));
        QVERIFY(forA.contains(QStringLiteral("&Open")) && !forA.contains(action)); // the menu did show
    }

    // Cancel while a layer drips in (the fault proxy, 128 KiB/s): the build
    // stops, the dialog is back on its settings saying so, nothing is pushed.
    void cancelStopsIt()
    {
        // An image of its own: its layer 1 is in no cache, so it is fetched
        // through the dripping proxy.
        QByteArray layers = kLayers;
        layers.replace("\"seed\":3", "\"seed\":33");
        const QString layout = makeImage(home(), QStringLiteral("img-d"), layers, QStringLiteral("d"));
        QVERIFY(!layout.isEmpty());
        auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + layout + QStringLiteral(":d"), ref(QStringLiteral("d"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Services services;
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\"},\"every\":true,"
                                 "\"action\":{\"drip_bytes_per_sec\":131072}}]"));
        const auto source = *oci::Reference::parse(ref(QStringLiteral("d"), true).toStdString());
        CreateIndexDialog dialog(services, source);
        dialog.show();
        child<QRadioButton>(&dialog, "pushIndexOnly")->setChecked(true);
        QVERIFY(!child<QLineEdit>(&dialog, "targetTag")->isEnabled());
        child<QSpinBox>(&dialog, "spanSize")->setValue(64);
        child<QSpinBox>(&dialog, "minLayerSize")->setValue(0);
        QSignalSpy ended(&dialog, &CreateIndexDialog::jobEnded);
        QSignalSpy progress(dialog.job(), &CreateIndexJob::progressed);
        auto* box = dialog.findChild<QDialogButtonBox*>();
        box->button(QDialogButtonBox::Ok)->click();
        QVERIFY(progress.wait(30000)); // layer 0 (157 bytes) built; layer 1 drips (4.6 s)
        box->button(QDialogButtonBox::Cancel)->click();
        QVERIFY(dialog.isVisible()); // the first Cancel stops the build, it does not close
        QVERIFY(ended.wait(60000));
        const auto outcome = ended.first().first().value<CreateIndexOutcome>();
        QVERIFY(outcome.cancelled && !outcome.ok);
        // Layer 1 never reached its zTOC build: its fetch stopped.
        for (const auto& report : progress)
            QCOMPARE(report.first().toInt(), 0);
        auto* error = child<QLabel>(&dialog, "createIndexError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(QStringLiteral("Cancelled")), qPrintable(error->text()));
        QVERIFY(child<QSpinBox>(&dialog, "spanSize")->isVisible());
        // No index was pushed for d.
        auto parsed = oci::Reference::parse(ref(QStringLiteral("d")).toStdString());
        auto src = Services::open(services.session(QString::fromStdString(parsed->registry)), *parsed);
        QVERIFY(src);
        auto image = registry::resolvePlatformImage(**src, "d");
        QVERIFY(image);
        auto found = soci::findIndex(**src, *image);
        QVERIFY(found && !found->has_value());
    }

    // The registry refuses the manifests (403 through the fault proxy): the
    // dialog says so, keeps the settings for another try, tags nothing.
    void refusedPushIsShown()
    {
        Services services;
        QVERIFY(m_proxy.setRules("[{\"match\":{\"method\":\"PUT\",\"path\":\"/manifests/\"},\"every\":true,"
                                 "\"action\":{\"status\":403}}]"));
        CreateIndexDialog dialog(services, *oci::Reference::parse(ref(QStringLiteral("b"), true).toStdString()));
        dialog.show();
        child<QSpinBox>(&dialog, "spanSize")->setValue(64);
        child<QSpinBox>(&dialog, "minLayerSize")->setValue(0);
        QSignalSpy ended(&dialog, &CreateIndexDialog::jobEnded);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(ended.wait(60000));
        const auto outcome = ended.first().first().value<CreateIndexOutcome>();
        QVERIFY(!outcome.ok && !outcome.cancelled);
        auto* error = child<QLabel>(&dialog, "createIndexError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("b-soci")), qPrintable(error->text()));
        QVERIFY2(error->text().contains(QStringLiteral("403")) || error->text().contains(QStringLiteral("denied"), Qt::CaseInsensitive),
                 qPrintable(error->text()));
        // The settings as they were, ready for another try.
        QVERIFY(child<QSpinBox>(&dialog, "spanSize")->isVisible());
        QCOMPARE(child<QSpinBox>(&dialog, "spanSize")->value(), 64);
        QCOMPARE(child<QLineEdit>(&dialog, "targetTag")->text(), QStringLiteral("b-soci"));
        QVERIFY(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(!hasSociTwin(ref(QStringLiteral("b-soci"))));
    }
};

QTEST_MAIN(TestUiCreateIndex)
#include "test_ui_createindex.moc"
