// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// File names of any bytes in the Files tab's models, end to end: an image
// whose names hold 0xFF, a newline and an ESC sequence, pushed to Debian's
// real docker-registry and made SOCI-enabled, opened lazily; the tree and a
// search show the names as QString::fromUtf8 does (U+FFFD for bad bytes),
// every column and role of every row answers under QAbstractItemModelTester,
// and the row's inode still reads the file's exact bytes.
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazytest.h"

#include "jobs/treesearch.h"
#include "models/filetreemodel.h"
#include "models/searchresultmodel.h"

#include "testenv.h"
#include "util/files.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

const std::string kLayers = R"([{"compression": "gzip", "level": 1, "entries": [
)" + std::string(kNamesOfAnyBytes) + R"(,
  {"path": "d/\udcc3", "type": "dir"},
  {"path": "d/\udcc3/inner", "data": "in\n"}]}])";

QString u(const char* bytes) { return QString::fromUtf8(bytes); }

// Every column and role of every row below parent (recursively), as a view would ask.
int touchAll(QAbstractItemModel& m, const QModelIndex& parent)
{
    int rows = 0;
    if (m.canFetchMore(parent))
        m.fetchMore(parent);
    for (int r = 0; r < m.rowCount(parent); ++r) {
        ++rows;
        for (int c = 0; c < m.columnCount(parent); ++c)
            for (int role = 0; role <= Qt::UserRole + 16; ++role)
                (void)m.index(r, c, parent).data(role);
        rows += touchAll(m, m.index(r, 0, parent));
    }
    return rows;
}

} // namespace

class TestUiNames final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-ui-names"};
    std::shared_ptr<lazy::LazyImage> m_image;
    std::shared_ptr<const fs::ImageTree> m_tree;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const QString layout = makeImage(QString::fromStdString(m_tmp.path()), QStringLiteral("names"), kLayers.c_str());
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + QStringLiteral("/ui/names");
        auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + layout + QStringLiteral(":t"), repo + QStringLiteral(":t")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + QStringLiteral(":t"), repo + QStringLiteral(":t-soci"),
                 QStringLiteral("--min-layer-size"), QStringLiteral("0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_image = openLazy(m_registry.addr(), "ui/names", "t-soci", m_tmp.path() + "/cache");
        QVERIFY(m_image);
        auto tree = m_image->tree();
        QVERIFY2(tree.ok(), tree ? "" : tree.error().text().c_str());
        m_tree = *tree;
    }

    void treeShowsReplacementCharacters()
    {
        FileTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTree(m_tree, {QStringLiteral("layer 0")});
        const QModelIndex d = model.indexOfPath(QStringLiteral("/d"));
        QVERIFY(d.isValid());
        if (model.canFetchMore(d))
            model.fetchMore(d);
        QStringList shown;
        for (int r = 0; r < model.rowCount(d); ++r)
            shown << model.index(r, 0, d).data().toString();
        // Folders first, then byte order of the names.
        QCOMPARE(shown, (QStringList{u("\xEF\xBF\xBD"), u("\x1B[31mred"), u("caf\xEF\xBF\xBD"), u("ln\xEF\xBF\xBD"),
                                     u("new\nline")}));
        // The bad-named folder opens; every cell of every row answers.
        QCOMPARE(touchAll(model, {}), 7);
        for (const int column : {0, 1, 2, 3})
            for (const auto order : {Qt::AscendingOrder, Qt::DescendingOrder})
                model.sort(column, order);
        model.sort(0, Qt::AscendingOrder);

        // The row names its inode, which reads the exact bytes.
        int caf = -1;
        for (int r = 0; r < model.rowCount(d); ++r)
            if (model.index(r, 0, d).data().toString() == u("caf\xEF\xBF\xBD"))
                caf = r;
        QVERIFY(caf >= 0);
        const QModelIndex row = model.index(caf, 0, d);
        QCOMPARE(model.pathOf(row), u("/d/caf\xEF\xBF\xBD"));
        const fs::Ino ino = model.inoOf(row);
        QCOMPARE(m_tree->inode(ino).type, fs::FileType::Regular);
        const auto data = m_image->read(*m_tree, ino, 0, 64);
        QVERIFY2(data.ok(), data ? "" : data.error().text().c_str());
        QCOMPARE(*data, std::string("ff\n"));
        // A valid name's path leads back to its row.
        QCOMPARE(model.indexOfPath(u("/d/new\nline")).data().toString(), u("new\nline"));
    }

    void searchShowsReplacementCharacters()
    {
        SearchResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset({m_tree, nullptr, {}});
        JobPool jobs;
        TreeSearch search(jobs);
        connect(&search, &TreeSearch::matchesFound, &model,
                [&](std::vector<fs::SearchMatch>& b) { model.append(std::move(b)); });
        QSignalSpy done(&search, &TreeSearch::finished);
        fs::SearchQuery q;
        q.pattern = "\xFF"; // a byte pattern finds the byte name
        search.start(m_tree, q);
        QVERIFY(done.wait(10000));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), u("/d/caf\xEF\xBF\xBD"));
        QCOMPARE(m_image->read(*m_tree, model.inoOf(model.index(0, 0)), 0, 64).valueOr({}), std::string("ff\n"));
        QCOMPARE(touchAll(model, {}), 1);

        model.reset({m_tree, nullptr, {}});
        done.clear();
        q.pattern = "inner";
        search.start(m_tree, q);
        QVERIFY(done.wait(10000));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), u("/d/\xEF\xBF\xBD/inner"));
    }
};

QTEST_MAIN(TestUiNames)
#include "test_ui_names.moc"
