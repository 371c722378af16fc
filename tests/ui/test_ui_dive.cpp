// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What users of dive, Docker Desktop and oci.dag.dev look for (S16), against
// Debian's real docker-registry: a layer's view marks what the layer adds,
// modifies (shadows) and removes (whiteouts, opaque folders), filters on it,
// and the Layers and Overview tabs say how many bytes upper layers overwrite
// or remove; Follow Link (Enter on a link) selects its target and refuses
// one outside the image; the image page copies its reference, digest and
// pull and run commands.
#include "fileswindow.h"
#include "uitestenv.h"

#include "common/copyactions.h"
#include "common/qtformat.h"
#include "models/filetreemodel.h"
#include "models/layermodel.h"
#include "pages/files/filefilterbar.h"
#include "pages/image/spacetab.h"
#include "widgets/treemapview.h"
#include "testenv.h"

#include "util/files.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>
#include <QToolButton>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTreeView>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

// Layer 1 shadows passwd (3,000 bytes below), deletes group (2 bytes) and
// hides var/cache (1,000 bytes) under an opaque folder: 4,002 bytes of
// layer 0 are wasted, none of layer 1.
const QByteArray kLayers = "["
                           "{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                           "{\"path\":\"etc/passwd\",\"text\":3000},{\"path\":\"etc/group\",\"data\":\"g\\n\"},"
                           "{\"path\":\"var/cache/a\",\"text\":1000},{\"path\":\"opt/keep\",\"data\":\"k\\n\"},"
                           "{\"path\":\"usr/bin/vim\",\"data\":\"v\\n\"},"
                           "{\"path\":\"usr/bin/vi\",\"type\":\"symlink\",\"target\":\"vim\"},"
                           "{\"path\":\"usr/bin/out\",\"type\":\"symlink\",\"target\":\"../../../etc\"},"
                           "{\"path\":\"usr/bin/gone\",\"type\":\"symlink\",\"target\":\"nothere\"}]},"
                           "{\"compression\":\"gzip\",\"level\":1,\"entries\":["
                           "{\"path\":\"etc/passwd\",\"text\":500},{\"path\":\"etc/.wh.group\",\"data\":\"\"},"
                           "{\"path\":\"var/cache/.wh..wh..opq\",\"data\":\"\"},{\"path\":\"var/cache/new\",\"data\":\"n\\n\"},"
                           "{\"path\":\"home/u/file\",\"data\":\"f\\n\"}]}]";

int changeAt(FileTreeModel* m, const char* path)
{
    const QModelIndex i = m->indexOfPath(QString::fromLatin1(path));
    return i.isValid() ? i.data(FileEntry::ChangeRole).toInt() : -1;
}

QStringList rowsUnder(FileTreeModel* m, const QModelIndex& parent)
{
    while (m->canFetchMore(parent))
        m->fetchMore(parent);
    QStringList out;
    for (int r = 0; r < m->rowCount(parent); ++r)
        out << m->index(r, 0, parent).data().toString();
    return out;
}

} // namespace

class TestUiDive final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_home{"sociscope-ui-changes"};

    QString home() const { return QString::fromStdString(m_home.path()); }
    QString direct() const { return m_registry.address() + QStringLiteral("/changes/img:t-soci"); }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopeChangesTest"));
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const QString failed = pushSociImage(home(), m_registry.address() + QStringLiteral("/changes/img"), kLayers);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    // Layer 1's view: each entry marked, in colour and in words, and the
    // filter lists only what was asked for with the folders on the way.
    void layerViewMarksAndFilters()
    {
        Window w;
        QVERIFY(w.open(direct()));
        QTRY_VERIFY_WITH_TIMEOUT(w.session->changes() != nullptr, 60000);
        w.files->showLayer(1);
        QTRY_VERIFY_WITH_TIMEOUT(w.files->isTreeShown() && w.files->treeModel()->tree() == w.session->changes()->views[1],
                                 60000);
        FileTreeModel* m = w.files->treeModel();
        QCOMPARE(changeAt(m, "/etc/passwd"), int(diff::Change::Modified));
        QCOMPARE(changeAt(m, "/etc/group"), int(diff::Change::Removed));
        QCOMPARE(changeAt(m, "/var/cache"), int(diff::Change::Opaque));
        QCOMPARE(changeAt(m, "/var/cache/new"), int(diff::Change::Added));
        QCOMPARE(changeAt(m, "/home/u/file"), int(diff::Change::Added));
        QCOMPARE(changeAt(m, "/etc"), int(diff::Change::None));
        const QModelIndex passwd = m->indexOfPath(QStringLiteral("/etc/passwd"));
        QVERIFY(passwd.data(Qt::ForegroundRole).isValid());
        QVERIFY2(passwd.data(Qt::ToolTipRole).toString().contains(QStringLiteral("shadows")),
                 qPrintable(passwd.data(Qt::ToolTipRole).toString()));

        auto* filter = w.files->filterBar()->findChild<QComboBox*>(QStringLiteral("changeFilter"));
        QVERIFY(filter);
        QVERIFY(filter->isVisibleTo(w.files));
        const int removed = filter->findText(QStringLiteral("Removed"));
        QVERIFY(removed > 0);
        filter->setCurrentIndex(removed);
        emit filter->activated(removed);
        QCOMPARE(rowsUnder(m, {}), (QStringList{QStringLiteral("etc"), QStringLiteral("var")}));
        QCOMPARE(rowsUnder(m, m->indexOfPath(QStringLiteral("/etc"))), QStringList{QStringLiteral("group")});
        QCOMPARE(rowsUnder(m, m->indexOfPath(QStringLiteral("/var"))), QStringList{QStringLiteral("cache")});
        QVERIFY(!m->hasChildren(m->indexOfPath(QStringLiteral("/var/cache")))); // "new" was added, not removed

        const int added = filter->findText(QStringLiteral("Added"));
        filter->setCurrentIndex(added);
        emit filter->activated(added);
        QCOMPARE(rowsUnder(m, {}), (QStringList{QStringLiteral("home"), QStringLiteral("var")}));

        // The merged tree has no marks and lists everything; the filter goes with the layer.
        w.files->showLayer(-1);
        QVERIFY(!filter->isVisibleTo(w.files));
        QCOMPARE(rowsUnder(m, {}).size(), 5); // etc home opt usr var
        QCOMPARE(changeAt(m, "/etc/passwd"), int(diff::Change::None));
    }

    // The Layers tab and the Overview say what is wasted, per layer and for the image.
    void wastedBytesOnLayersAndOverview()
    {
        Window w;
        QVERIFY(w.open(direct()));
        QTRY_VERIFY_WITH_TIMEOUT(w.session->changes() != nullptr, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(w.page->layerModel()->rowCount() == 2, 60000);
        LayerModel* layers = w.page->layerModel();
        QTRY_COMPARE_WITH_TIMEOUT(layers->index(0, LayerModel::ColumnWasted).data().toString(), Format::bytes(4002),
                                  60000);
        QCOMPARE(layers->index(1, LayerModel::ColumnWasted).data().toString(), Format::bytes(0));
        const QList<QLabel*> labels = w.page->findChildren<QLabel*>(QStringLiteral("wastedLabel"));
        QCOMPARE(labels.size(), 2); // Layers tab, Overview (plural forms come from the en catalogue, not loaded here)
        for (QLabel* l : labels)
            QVERIFY2(l->text().contains(Format::bytes(4002)) && l->text().contains(QStringLiteral("3 file")),
                     qPrintable(l->text()));
    }

    // The Space tab: the merged image's folders by total size, the treemap
    // with the largest first, Enter in the map opens a folder and Backspace
    // goes back; a layer's own files add up to what that layer holds.
    void whereTheSpaceGoes()
    {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        w.window.openImage(*oci::Reference::parse(direct().toStdString()));
        auto* space = w.page->findChild<SpaceTab*>(QStringLiteral("spaceTab"));
        QVERIFY(space);
        w.page->showTab(ImagePage::TabSpace);
        QTRY_VERIFY_WITH_TIMEOUT(space->tree() && space->tree() == w.session->mergedTree(), 60000);
        QCOMPARE(space->folderPath(), QStringLiteral("/"));
        // Every column of the list in view at the default size, none cut off.
        auto* list = space->findChild<QTreeView*>(QStringLiteral("spaceList"));
        QVERIFY(list);
        int columns = 0;
        for (int c = 0; c < list->header()->count(); ++c)
            columns += list->header()->sectionSize(c);
        QVERIFY2(columns <= list->viewport()->width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(columns).arg(list->viewport()->width())));
        QStandardItemModel* m = space->model();
        QCOMPARE(m->rowCount(), 5); // etc home opt usr var
        QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("etc/")); // 500 bytes of passwd: the largest
        QCOMPARE(m->index(0, 1).data().toString(), Format::bytes(500));
        TreemapView* map = space->map();
        QCOMPARE(map->items().size(), 5);
        QCOMPARE(map->items().first().name, QStringLiteral("etc"));
        const QRectF biggest = map->rectOf(0);
        for (int i = 1; i < map->items().size(); ++i)
            QVERIFY(map->rectOf(i).width() * map->rectOf(i).height() < biggest.width() * biggest.height());
        QVERIFY(map->describe(0).startsWith(QStringLiteral("etc — ")));

        map->setFocus();
        QTest::keyClick(map, Qt::Key_Home);
        QTest::keyClick(map, Qt::Key_Return);
        QCOMPARE(space->folderPath(), QStringLiteral("/etc"));
        QCOMPARE(m->rowCount(), 1);
        QCOMPARE(m->index(0, 0).data().toString(), QStringLiteral("passwd"));
        QTest::keyClick(map, Qt::Key_Backspace);
        QCOMPARE(space->folderPath(), QStringLiteral("/"));
        // A click on a folder's rectangle opens it too.
        const int usr = [&] {
            for (int i = 0; i < map->items().size(); ++i)
                if (map->items()[i].name == QLatin1String("usr"))
                    return i;
            return -1;
        }();
        QVERIFY(usr >= 0);
        QTest::mouseClick(map, Qt::LeftButton, {}, map->rectOf(usr).center().toPoint());
        QCOMPARE(space->folderPath(), QStringLiteral("/usr"));

        space->showLayer(0);
        QTRY_VERIFY_WITH_TIMEOUT(space->tree() && space->tree() != w.session->mergedTree(), 60000);
        auto* path = space->findChild<QLabel*>(QStringLiteral("spacePath"));
        QVERIFY2(path->text().contains(Format::bytes(4006)), qPrintable(path->text())); // 3000 + 2 + 1000 + 2 + 2

        // The sums are a job off the GUI thread: asked for the merged tree,
        // nothing is shown until they are in; asked for the layer again at
        // once, the merged tree's late answer is dropped.
        space->showLayer(-1);
        QVERIFY(!space->tree());
        space->showLayer(0);
        QTRY_VERIFY_WITH_TIMEOUT(space->tree() && space->tree() != w.session->mergedTree(), 60000);
        w.services.jobs().waitForDone();
        QCoreApplication::processEvents();
        QVERIFY(space->tree() != w.session->mergedTree());
        QVERIFY2(path->text().contains(Format::bytes(4006)), qPrintable(path->text()));
    }

    // Enter on a link selects where it points; a target above the image's
    // root or missing is refused with a message, and nothing moves.
    void followLink()
    {
        Window w;
        QVERIFY(w.open(direct()));
        QVERIFY(w.select(QStringLiteral("/usr/bin/vi")));
        w.files->treeView()->setFocus();
        QTest::keyClick(w.files->treeView(), Qt::Key_Return);
        QCOMPARE(w.files->treeView()->currentIndex().data(FileEntry::PathRole).toString(), QStringLiteral("/usr/bin/vim"));

        QSignalSpy messages(w.files, &FilesPage::messageRaised);
        QVERIFY(!w.files->followLink(QStringLiteral("/usr/bin/out")));
        QCOMPARE(messages.size(), 1);
        const QString escaped = messages.takeFirst().at(0).value<UserMessage>().text;
        QVERIFY2(escaped.contains(QStringLiteral("outside the image")), qPrintable(escaped));
        QVERIFY(!w.files->followLink(QStringLiteral("/usr/bin/gone")));
        QCOMPARE(messages.size(), 1);
        const QString missing = messages.takeFirst().at(0).value<UserMessage>().text;
        QVERIFY2(missing.contains(QStringLiteral("/usr/bin/nothere")), qPrintable(missing));
        QCOMPARE(w.files->treeView()->currentIndex().data(FileEntry::PathRole).toString(), QStringLiteral("/usr/bin/vim"));
    }

    // The image page's Copy menu puts the reference, the digest and the
    // commands on the clipboard; a layout has no pull commands.
    void copyActions()
    {
        Window w;
        QVERIFY(w.open(direct()));
        auto* button = w.page->findChild<QToolButton*>(QStringLiteral("copyButton"));
        QVERIFY(button && button->menu());
        emit button->menu()->aboutToShow();
        QMap<QString, QString> copied;
        for (QAction* a : button->menu()->actions()) {
            a->trigger();
            copied[a->text()] = QGuiApplication::clipboard()->text();
        }
        const QString ref = m_registry.address() + QStringLiteral("/changes/img:t-soci");
        QCOMPARE(copied.value(QStringLiteral("Copy Reference")), ref);
        QCOMPARE(copied.value(QStringLiteral("Copy docker pull Command")), QStringLiteral("docker pull ") + ref);
        QCOMPARE(copied.value(QStringLiteral("Copy nerdctl pull Command")), QStringLiteral("nerdctl pull ") + ref);
        QCOMPARE(copied.value(QStringLiteral("Copy sociscopectl run Command")), QStringLiteral("sociscopectl run --rm -it ") + ref);
        const QString digest = copied.value(QStringLiteral("Copy Digest"));
        QVERIFY2(digest.startsWith(QStringLiteral("sha256:")) && digest.size() == 71, qPrintable(digest));
        QCOMPARE(copied.value(QStringLiteral("Copy Reference by Digest")),
                 m_registry.address() + QStringLiteral("/changes/img@") + digest);

        const auto layout = oci::Reference::parse("oci:/tmp/layout:t");
        QVERIFY(layout.ok());
        QStringList labels;
        for (const auto& item : CopyActions::items(*layout, QString()))
            labels << item.label;
        QCOMPARE(labels, (QStringList{QStringLiteral("Copy Reference"), QStringLiteral("Copy sociscopectl run Command")}));
        QCOMPARE(CopyActions::items(*layout, QString()).last().text, QStringLiteral("sociscopectl run --rm -it oci:/tmp/layout:t"));
    }
};

QTEST_MAIN(TestUiDive)
#include "test_ui_dive.moc"
