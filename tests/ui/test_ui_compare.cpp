// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// S18 in the window, against Debian's real docker-registry and the fault
// proxy: "Save layer as…" on the Layers tab (the dialog's default name,
// progress, the file verified against the digest or the diff_id, cancel and a
// corrupt blob leaving nothing behind), and the compare page of two tags made
// from one layout: a tree of the changes (folders with their children and the
// counts below them, markers, recursive filters), shared layers, contents.
#include "uitestenv.h"

#include "app/mainwindow.h"
#include "app/services.h"
#include "dialogs/savelayerdialog.h"
#include "findchild.h"
#include "jobs/comparejob.h"
#include "jobs/layerexportjob.h"
#include "pages/compare/comparemodel.h"
#include "pages/compare/comparepage.h"
#include "pages/compare/textdiffview.h"
#include "pages/image/imagepage.h"
#include "pages/image/layersaver.h"
#include "pages/image/layerstab.h"
#include "pages/tagspage.h"
#include "models/tagfamilymodel.h"
#include "testenv.h"
#include "widgets/messagebar.h"

#include "registry/inspect.h"
#include "util/files.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyle>
#include <QTimer>
#include <QTreeView>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

// A dpkg status file: foo 1.0 in A; foo 1.1 and bar 2.0 in B.
QByteArray dpkg(bool b)
{
    const QByteArray foo = "Package: foo\\nStatus: install ok installed\\nArchitecture: amd64\\nVersion: " +
                           QByteArray(b ? "1.1" : "1.0") + "\\n\\n";
    const QByteArray bar = b ? "Package: bar\\nStatus: install ok installed\\nArchitecture: amd64\\nVersion: 2.0\\n\\n" : "";
    return "{\"path\":\"var/lib/dpkg/status\",\"data\":\"" + foo + bar + "\"}";
}

// Layer 0 is the same in both images; layer 1 differs: a changed file (other
// size), a same-size content change, a removed and an added file, a mode
// change and a symlink retargeted.
QByteArray spec(bool b)
{
    const QByteArray base = "{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                            "{\"path\":\"usr/share/base.txt\",\"text\":20000,\"seed\":5},"
                            "{\"path\":\"data/big\",\"random\":700000,\"seed\":70}]}";
    const QByteArray top = b ? QByteArray("{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                               "{\"path\":\"etc/app.conf\",\"data\":\"name=app\\nlevel=2\\ncolour=blue\\n\"},"
                               "{\"path\":\"etc/same-size\",\"data\":\"bbbb\\n\"},"
                               "{\"path\":\"etc/added\",\"data\":\"new\\n\"},"
                               "{\"path\":\"bin/tool\",\"data\":\"#!/bin/sh\\n\",\"mode\":493},"
                               "{\"path\":\"etc/link\",\"type\":\"symlink\",\"target\":\"app.conf\"},") + dpkg(b) + "]}"
                             : QByteArray("{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                               "{\"path\":\"etc/app.conf\",\"data\":\"name=app\\nlevel=1\\n\"},"
                               "{\"path\":\"etc/same-size\",\"data\":\"aaaa\\n\"},"
                               "{\"path\":\"etc/removed\",\"data\":\"old\\n\"},"
                               "{\"path\":\"bin/tool\",\"data\":\"#!/bin/sh\\n\",\"mode\":420},"
                               "{\"path\":\"etc/link\",\"type\":\"symlink\",\"target\":\"same-size\"},") + dpkg(b) + "]}";
    return "[" + base + "," + top + "]";
}

// The blob's bytes sent 32 KiB a second: a save lasts long enough to cancel.
const QByteArray kDripBlobs = "[{\"match\":{\"path\":\"/blobs/\"},\"every\":true,"
                              "\"action\":{\"drip_bytes_per_sec\":32768}}]";

QString sha256Of(const QString& path)
{
    auto bytes = files::readFile(QFile::encodeName(path).toStdString());
    return bytes ? QString::fromStdString(oci::Digest::sha256Of(*bytes).str()) : QString();
}

// Every row of a tree, by its path.
void collect(const QAbstractItemModel* m, const QModelIndex& parent, QMap<QString, QModelIndex>& out)
{
    for (int r = 0; r < m->rowCount(parent); ++r) {
        const QModelIndex i = m->index(r, 0, parent);
        out.insert(i.data(CompareModel::PathRole).toString(), i);
        collect(m, i, out);
    }
}

QMap<QString, QModelIndex> rowsByPath(const QAbstractItemModel* m)
{
    QMap<QString, QModelIndex> out;
    collect(m, {}, out);
    return out;
}

QString cell(const QModelIndex& i, int column) { return i.siblingAtColumn(column).data().toString(); }

// The width a name needs in view: indentation, icon, text.
int nameNeeds(QTreeView* view, const QModelIndex& i)
{
    int depth = 0;
    for (QModelIndex p = i.parent(); p.isValid(); p = p.parent())
        ++depth;
    const int indent = view->indentation() * (depth + (view->rootIsDecorated() ? 1 : 0));
    const int icon = i.data(Qt::DecorationRole).isNull()
                         ? 0
                         : view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view) + 4;
    return indent + icon + view->fontMetrics().horizontalAdvance(i.data().toString()) + 8;
}

struct Window {
    Services services;
    MainWindow window{services};
    ImagePage* page = child<ImagePage>(window, "imagePage");
    MessageBar* bar = child<MessageBar>(window, "messageBar");
    LayerSaver* saver = child<LayerSaver>(window, "layerSaver");

    Window() { window.show(); }
    ~Window()
    {
        saver->cancel();
        window.hide();
    }
    bool open(const QString& ref)
    {
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        QSignalSpy details(page, &ImagePage::detailsLoaded);
        window.openImage(*oci::Reference::parse(ref.toStdString()));
        page->showTab(ImagePage::TabLayers);
        return details.wait(60000);
    }
};

} // namespace

class TestUiCompare final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_home{"sociscope-ui-compare"};
    QString m_repo = QStringLiteral("cmp/app");
    int m_out = 0;

    QString home() const { return QString::fromStdString(m_home.path()); }
    QString ref(const QString& tag, bool viaProxy = false) const
    {
        return (viaProxy ? m_proxy.address() : m_registry.address()) + QLatin1Char('/') + m_repo + QLatin1Char(':') + tag;
    }
    // An empty folder of each test's own.
    QString outFolder()
    {
        const QString dir = home() + QStringLiteral("/out-") + QString::number(++m_out);
        QDir().mkpath(dir);
        return dir;
    }
    static registry::PlatformImage platformImage(const QString& reference)
    {
        auto parsed = oci::Reference::parse(reference.toStdString());
        Services services;
        auto src = Services::open(services.session(QString::fromStdString(parsed->registry)), *parsed);
        if (!src)
            qFatal("%s", src.error().message.c_str());
        auto image = registry::resolvePlatformImage(**src, parsed->tagOrDigest());
        if (!image)
            qFatal("%s", image.error().message.c_str());
        return *image;
    }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopeCompareTest"));
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        for (const bool b : {false, true}) {
            const QString tag = b ? QStringLiteral("b") : QStringLiteral("a");
            const QString layout = makeImage(home(), QStringLiteral("img-") + tag, spec(b), tag);
            QVERIFY(!layout.isEmpty());
            auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + layout + QLatin1Char(':') + tag, ref(tag)});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            r = ctl({QStringLiteral("index"), QStringLiteral("convert"), ref(tag), ref(tag + QStringLiteral("-soci")),
                     QStringLiteral("--span-size"), QStringLiteral("65536"), QStringLiteral("--min-layer-size"),
                     QStringLiteral("0")});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    void init() { QVERIFY(m_proxy.setRules("[]")); }

    // The button and the dialog: the name from the digest and the media type
    // (.tar once "Uncompressed" is ticked), progress up to the layer's size,
    // the file verified against the digest, and a message with the path.
    void saveLayerFromTheLayersTab()
    {
        Window w;
        QVERIFY(w.open(ref(QStringLiteral("a"))));
        const auto image = platformImage(ref(QStringLiteral("a")));
        const oci::Descriptor layer = image.manifest.layers[1];
        auto* view = child<QTreeView>(w.page, "layersView");
        auto* button = child<QPushButton>(w.page, "saveLayerButton");
        QVERIFY(!button->isEnabled());
        view->setCurrentIndex(view->model()->index(1, 0));
        QVERIFY(button->isEnabled());

        const QString dir = outFolder();
        const QString target = dir + QStringLiteral("/layer1.tar.gz");
        QString proposed, proposedTar;
        whenShown("saveLayerDialog", [&](QWidget* dialog) {
            auto* path = child<QLineEdit>(dialog, "layerPath");
            auto* raw = child<QCheckBox>(dialog, "layerUncompressed");
            proposed = path->text();
            raw->setChecked(true);
            proposedTar = path->text();
            raw->setChecked(false);
            path->setText(target);
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
        });
        QSignalSpy progress(w.saver->findChild<LayerExportJob*>(), &LayerExportJob::progressed);
        QSignalSpy finished(w.saver, &LayerSaver::finished);
        button->click(); // the dialog is modal: the poll answers it
        const QString hex12 = QString::fromStdString(layer.digest.hex()).left(12);
        QCOMPARE(QFileInfo(proposed).fileName(), QStringLiteral("sha256-") + hex12 + QStringLiteral(".tar.gz"));
        QCOMPARE(QFileInfo(proposedTar).fileName(), QStringLiteral("sha256-") + hex12 + QStringLiteral(".tar"));
        QVERIFY(finished.count() || finished.wait(60000));
        const auto out = finished.first().first().value<LayerExportOutcome>();
        QVERIFY2(out.ok, qPrintable(out.error.textAndCause()));
        QCOMPARE(sha256Of(target), QString::fromStdString(layer.digest.str()));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toULongLong(), quint64(layer.size));
        QCOMPARE(progress.last().at(1).toULongLong(), quint64(layer.size));
        QVERIFY(w.bar->isVisible());
        QVERIFY2(w.bar->text().contains(target), qPrintable(w.bar->text()));
        QCOMPARE(QDir(dir).entryList(QDir::Files), QStringList{QStringLiteral("layer1.tar.gz")});
        // The message's Copy button puts the path on the clipboard.
        auto* copy = child<QPushButton>(w.bar, "messageCopy");
        QVERIFY(copy->isVisible());
        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), target);
    }

    // Uncompressed: the tar, verified against the diff_id.
    void saveUncompressedTar()
    {
        Window w;
        QVERIFY(w.open(ref(QStringLiteral("a"))));
        const auto image = platformImage(ref(QStringLiteral("a")));
        const QString target = outFolder() + QStringLiteral("/layer0.tar");
        QSignalSpy finished(w.saver, &LayerSaver::finished);
        w.saver->saveTo(w.page->reference(), image, 0, target, true, false);
        QVERIFY(finished.wait(60000));
        const auto out = finished.first().first().value<LayerExportOutcome>();
        QVERIFY2(out.ok, qPrintable(out.error.textAndCause()));
        QCOMPARE(sha256Of(target), QString::fromStdString(image.config.diffIds[0].str()));
        QCOMPARE(out.verified, QString::fromStdString(image.config.diffIds[0].str()));
    }

    // Cancel while the blob drips in: nothing is left in the folder.
    void cancelLeavesNothing()
    {
        Window w;
        const auto image = platformImage(ref(QStringLiteral("a")));
        const QString dir = outFolder();
        QVERIFY(m_proxy.setRules(kDripBlobs));
        QSignalSpy progress(w.saver->findChild<LayerExportJob*>(), &LayerExportJob::progressed);
        QSignalSpy finished(w.saver, &LayerSaver::finished);
        w.saver->saveTo(*oci::Reference::parse(ref(QStringLiteral("a"), true).toStdString()), image, 0,
                        dir + QStringLiteral("/l0.tar.gz"), false, false);
        QVERIFY(w.saver->isSaving());
        QVERIFY(progress.wait(30000));
        const quint64 received = progress.last().at(0).toULongLong();
        QVERIFY(received > 0 && received < quint64(image.manifest.layers[0].size));
        QVERIFY(!w.saver->isHidden()); // the strip with its Cancel button
        child<QPushButton>(w.saver, "layerSaveCancel")->click();
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.first().first().value<LayerExportOutcome>().cancelled);
        QVERIFY(!w.saver->isSaving());
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList());
    }

    // A blob whose bytes do not match its digest: an error, nothing on disk.
    void corruptBlobLeavesNothing()
    {
        Window w;
        const auto image = platformImage(ref(QStringLiteral("a")));
        const QString dir = outFolder();
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/" + QByteArray::fromStdString(image.manifest.layers[0].digest.str()) +
                                 "\"},\"every\":true,\"action\":{\"corrupt_blob\":{\"offset\":5000,\"xor\":255,\"length\":1}}}]"));
        QSignalSpy finished(w.saver, &LayerSaver::finished);
        w.saver->saveTo(*oci::Reference::parse(ref(QStringLiteral("a"), true).toStdString()), image, 0,
                        dir + QStringLiteral("/l0.tar.gz"), false, false);
        QVERIFY(finished.wait(60000));
        const auto out = finished.first().first().value<LayerExportOutcome>();
        QVERIFY(!out.ok && !out.cancelled);
        QCOMPARE(w.bar->kind(), UserMessage::Kind::Error);
        QVERIFY2(w.bar->text().contains(QStringLiteral("layer 0")), qPrintable(w.bar->text()));
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList());
    }

    // Compare With… from the image page: the dialog offers the repository's
    // tags; the page lists exactly the changes of layer 1 (layer 0 shared and
    // skipped), filters them, compares contents and shows a file side by side.
    void compareTwoTags()
    {
        Window w;
        QVERIFY(w.open(ref(QStringLiteral("a-soci"))));
        auto* page = child<ComparePage>(w.window, "comparePage");
        QSignalSpy compared(page->job(), &CompareJob::compared);
        whenShown("compareDialog", [](QWidget* dialog) {
            child<QComboBox>(dialog, "compareWith")->setEditText(QStringLiteral("b-soci"));
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        child<QPushButton>(w.page, "compareButton")->click();
        QCOMPARE(page->referenceB().tag, std::string("b-soci"));
        QVERIFY(compared.wait(60000));
        const auto& result = *page->job()->result();
        QCOMPARE(result.diff.sharedLayers, std::size_t(1));

        // A tree: /etc holds its changes, each marked (an icon and the word),
        // each folder with the counts of what changed below it.
        auto* view = child<QTreeView>(page, "compareView");
        const QAbstractItemModel* m = view->model();
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList top;
        for (int r = 0; r < m->rowCount(); ++r)
            top << m->index(r, 0).data().toString();
        QCOMPARE(top, (QStringList{QStringLiteral("bin"), QStringLiteral("etc"), QStringLiteral("var")}));
        auto tree = rowsByPath(m);
        QMap<QString, QString> rows; // path -> change: reason
        for (auto it = tree.cbegin(); it != tree.cend(); ++it)
            rows[it.key()] = cell(*it, CompareModel::ColumnChange) + QStringLiteral(": ") + cell(*it, CompareModel::ColumnReason);
        QCOMPARE(rows.value(QStringLiteral("/etc/added")), QStringLiteral("Added: "));
        QCOMPARE(rows.value(QStringLiteral("/etc/removed")), QStringLiteral("Removed: "));
        QVERIFY2(rows.value(QStringLiteral("/etc/app.conf")).startsWith(QStringLiteral("Changed: size 17 → 29")),
                 qPrintable(rows.value(QStringLiteral("/etc/app.conf"))));
        QVERIFY(rows.value(QStringLiteral("/bin/tool")).contains(QStringLiteral("mode 0644 → 0755")));
        QVERIFY(rows.value(QStringLiteral("/etc/link")).contains(QStringLiteral("link target same-size → app.conf")));
        QVERIFY(rows.value(QStringLiteral("/etc/same-size")).startsWith(QStringLiteral("Content not compared")));
        QVERIFY2(!rows.contains(QStringLiteral("/data/big")) && !rows.contains(QStringLiteral("/usr/share/base.txt")),
                 "the shared layer's files are not listed");
        const QModelIndex added = tree.value(QStringLiteral("/etc/added"));
        QCOMPARE(added.data().toString(), QStringLiteral("added"));
        QCOMPARE(added.parent(), tree.value(QStringLiteral("/etc")));
        QCOMPARE(tree.value(QStringLiteral("/var/lib/dpkg/status")).parent().parent().parent(), tree.value(QStringLiteral("/var")));
        QCOMPARE(m->rowCount(tree.value(QStringLiteral("/etc"))), 5);
        for (const char* path : {"/etc/added", "/etc/removed", "/etc/app.conf", "/etc/same-size", "/bin/tool"}) {
            const QModelIndex marker = tree.value(QLatin1String(path)).siblingAtColumn(CompareModel::ColumnChange);
            QVERIFY2(!marker.data(Qt::DecorationRole).value<QIcon>().isNull(), path);
            QVERIFY2(!marker.data().toString().isEmpty(), path);
        }
        QVERIFY(tree.value(QStringLiteral("/etc")).siblingAtColumn(CompareModel::ColumnChange).data(Qt::DecorationRole).isNull());
        QCOMPARE(cell(tree.value(QStringLiteral("/etc")), CompareModel::ColumnBelow),
                 QStringLiteral("1 added, 1 removed, 2 changed, 1 not compared"));
        QCOMPARE(cell(tree.value(QStringLiteral("/var/lib")), CompareModel::ColumnBelow), QStringLiteral("1 changed"));
        QCOMPARE(cell(tree.value(QStringLiteral("/etc/added")), CompareModel::ColumnBelow), QString());
        // Small: opened whole on load.
        QVERIFY(view->isExpanded(tree.value(QStringLiteral("/etc"))));
        QVERIFY(view->isExpanded(tree.value(QStringLiteral("/var/lib/dpkg"))));
        auto* summary = child<QLabel>(page, "compareSummary");
        QVERIFY2(summary->text().contains(QStringLiteral("1 shared layer")), qPrintable(summary->text()));

        // The Name column: every name whole at the window's default size,
        // and the user may resize it (a stretched column refuses).
        QHeaderView* h = view->header();
        QCOMPARE(h->sectionResizeMode(CompareModel::ColumnName), QHeaderView::Interactive);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QModelIndex& i : rowsByPath(m))
                    if (h->sectionSize(CompareModel::ColumnName) < nameNeeds(view, i))
                        return false;
                return true;
            }(),
            5000);
        const QModelIndex etcBelow = tree.value(QStringLiteral("/etc")).siblingAtColumn(CompareModel::ColumnBelow);
        QVERIFY(h->sectionSize(CompareModel::ColumnBelow) > view->fontMetrics().horizontalAdvance(etcBelow.data().toString()));
        h->resizeSection(CompareModel::ColumnName, 120);
        QCOMPARE(h->sectionSize(CompareModel::ColumnName), 120);
        emit h->sectionHandleDoubleClicked(CompareModel::ColumnName); // fits it to the names again
        QTRY_VERIFY_WITH_TIMEOUT(h->sectionSize(CompareModel::ColumnName) >= nameNeeds(view, added), 5000);

        // Filters, recursive: a folder stays while something below matches.
        auto* kind = child<QComboBox>(page, "compareKind");
        kind->setCurrentIndex(kind->findData(int(diff::Kind::Added)));
        emit kind->activated(kind->currentIndex());
        tree = rowsByPath(m);
        QCOMPARE(tree.keys(), (QStringList{QStringLiteral("/etc"), QStringLiteral("/etc/added")}));
        kind->setCurrentIndex(kind->findData(int(diff::Kind::Changed)));
        emit kind->activated(kind->currentIndex());
        tree = rowsByPath(m);
        QVERIFY(tree.contains(QStringLiteral("/var/lib/dpkg/status")) && tree.contains(QStringLiteral("/etc/same-size")) &&
                tree.contains(QStringLiteral("/bin/tool")));
        QVERIFY(!tree.contains(QStringLiteral("/etc/added")) && !tree.contains(QStringLiteral("/etc/removed")));
        kind->setCurrentIndex(0);
        emit kind->activated(0);
        child<QLineEdit>(page, "compareFilter")->setText(QStringLiteral("dpkg"));
        QCOMPARE(rowsByPath(m).keys(), (QStringList{QStringLiteral("/var"), QStringLiteral("/var/lib"),
                                                   QStringLiteral("/var/lib/dpkg"), QStringLiteral("/var/lib/dpkg/status")}));
        child<QLineEdit>(page, "compareFilter")->setText(QStringLiteral("same"));
        QCOMPARE(rowsByPath(m).keys(), (QStringList{QStringLiteral("/etc"), QStringLiteral("/etc/same-size")}));
        child<QLineEdit>(page, "compareFilter")->clear();
        QCOMPARE(rowsByPath(m).size(), 12); // bin, etc, var, lib, dpkg and the 7 changes

        // Compare Contents: the same-size file really differs.
        auto* contents = child<QPushButton>(page, "compareContents");
        QVERIFY(contents->isEnabled());
        contents->click();
        QVERIFY(compared.wait(60000));
        QVERIFY(page->job()->result()->contentsCompared);
        QVERIFY(page->job()->result()->diff.contentBytesRead > 0);
        bool found = false;
        for (const auto& e : page->job()->result()->diff.entries)
            if (e.path == "/etc/same-size") {
                found = true;
                QCOMPARE(e.kind, diff::Kind::Changed);
                QCOMPARE(e.content, diff::Content::Differs);
            }
        QVERIFY(found);
        QVERIFY(!contents->isEnabled());

        // Side by side: both sides of the changed text file, read lazily.
        QSignalSpy sides(page->job(), &CompareJob::sidesRead);
        view->setCurrentIndex(rowsByPath(m).value(QStringLiteral("/etc/app.conf")));
        QVERIFY(sides.wait(30000));
        const QString left = child<QPlainTextEdit>(page, "diffLeft")->toPlainText();
        const QString right = child<QPlainTextEdit>(page, "diffRight")->toPlainText();
        QVERIFY2(left.startsWith(QStringLiteral("name=app\n")) && left.contains(QStringLiteral("level=1")) &&
                     !left.contains(QStringLiteral("colour")), qPrintable(left));
        QVERIFY2(right.startsWith(QStringLiteral("name=app\n")) && right.contains(QStringLiteral("level=2\ncolour=blue")),
                 qPrintable(right));
        // Aligned: as many rows on each side.
        QCOMPARE(left.count(QLatin1Char('\n')), right.count(QLatin1Char('\n')));
        QVERIFY2(child<QLabel>(page, "diffNote")->text().contains(QStringLiteral("line")),
                 qPrintable(child<QLabel>(page, "diffNote")->text()));

        // Packages (the --inventory engine): bar added, foo 1.0 → 1.1.
        auto* packages = child<QTreeView>(page, "packagesView")->model();
        QCOMPARE(packages->rowCount(), 0);
        child<QPushButton>(page, "readPackages")->click();
        QVERIFY(compared.wait(60000));
        QCOMPARE(packages->rowCount(), 2);
        QMap<QString, QString> changes;
        for (int r = 0; r < packages->rowCount(); ++r)
            changes[packages->index(r, PackageChangeModel::ColumnName).data().toString()] =
                packages->index(r, PackageChangeModel::ColumnChange).data().toString() + QLatin1Char(' ') +
                packages->index(r, PackageChangeModel::ColumnA).data().toString() + QStringLiteral(" → ") +
                packages->index(r, PackageChangeModel::ColumnB).data().toString();
        QCOMPARE(changes.value(QStringLiteral("bar")), QStringLiteral("Added  → 2.0"));
        QCOMPARE(changes.value(QStringLiteral("foo")), QStringLiteral("Upgraded or downgraded 1.0 → 1.1"));
        QVERIFY(child<QLabel>(page, "compareSummary")->text().contains(QStringLiteral("2 package change")));
    }

    // Compare With… on a tag family row: the menu, the dialog with the
    // repository's tags, the page; Back returns to the tags.
    void compareFromTagFamilies()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        auto* tags = child<TagsPage>(w.window, "tagsPage");
        QSignalSpy settled(tags, &TagsPage::loadingFinished);
        w.window.openRepository(*oci::Reference::parse(ref(QStringLiteral("a")).toStdString()));
        QVERIFY(settled.wait(60000));
        QModelIndex rowA;
        for (int r = 0; r < tags->view()->model()->rowCount(); ++r)
            if (tags->view()->model()->index(r, 0).data(TagFamilyModel::TagsRole).toStringList().contains(QStringLiteral("a")))
                rowA = tags->view()->model()->index(r, 0);
        QVERIFY(rowA.isValid());
        auto* page = child<ComparePage>(w.window, "comparePage");
        QSignalSpy compared(page->job(), &CompareJob::compared);
        QStringList offered;
        whenShown("compareDialog", [&](QWidget* dialog) {
            auto* other = child<QComboBox>(dialog, "compareWith");
            for (int i = 0; i < other->count(); ++i)
                offered << other->itemText(i);
            other->setCurrentIndex(other->findText(QStringLiteral("b")));
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        // The row's context menu: its Compare With… item.
        QVERIFY(contextMenuItems(tags->view(), rowA, QStringLiteral("Com&pare With…")).contains(QStringLiteral("Com&pare With…")));
        QVERIFY(offered.contains(QStringLiteral("a")) && offered.contains(QStringLiteral("b-soci")));
        QCOMPARE(page->referenceA().tag, std::string("a"));
        QCOMPARE(page->referenceB().tag, std::string("b"));
        QVERIFY(compared.wait(60000));
        QVERIFY(!page->job()->result()->diff.entries.empty());
        QVERIFY(page->isVisible());
        for (QAction* a : w.window.findChildren<QAction*>())
            if (a->text() == QStringLiteral("&Back")) {
                QVERIFY(a->isEnabled());
                a->trigger();
            }
        QVERIFY(tags->isVisible());
    }

    // An image compared with itself: no differences, nothing opened.
    void compareWithItself()
    {
        Window w;
        auto* page = child<ComparePage>(w.window, "comparePage");
        QSignalSpy compared(page->job(), &CompareJob::compared);
        const auto a = *oci::Reference::parse(ref(QStringLiteral("a-soci")).toStdString());
        w.window.compareImages(a, a);
        QVERIFY(compared.wait(60000));
        QVERIFY(page->job()->result()->diff.sameImage);
        QVERIFY(!page->job()->result()->a);
        QCOMPARE(child<QTreeView>(page, "compareView")->model()->rowCount(), 0);
        QVERIFY(child<QLabel>(page, "compareSummary")->text().startsWith(QStringLiteral("No differences")));
    }

    // The line alignment of the side-by-side view.
    void alignLines()
    {
        const QStringList a{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
        const QStringList b{QStringLiteral("x"), QStringLiteral("new"), QStringLiteral("z")};
        const auto rows = TextDiffView::align(a, b);
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(rows[0].a, 0);
        QCOMPARE(rows[0].b, 0);
        QCOMPARE(rows[3].a, 2);
        QCOMPARE(rows[3].b, 2);
        QVERIFY((rows[1].a == -1) != (rows[2].a == -1)); // y and new each on a row of their own
    }
};

QTEST_MAIN(TestUiCompare)
#include "test_ui_compare.moc"
