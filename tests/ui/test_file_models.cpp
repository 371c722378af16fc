// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The Files and Inventory tabs' models under QAbstractItemModelTester, fed
// trees built from short hand-made TOCs: lazy children in batches, sorting by
// every column with persistent indexes kept, whiteouts in layer views,
// search results streamed in by TreeSearch (a stale search's batches
// dropped); preview decoding (encodings, hex, ELF); the inventory's model.
#include "jobs/previewloader.h"
#include "jobs/treesearch.h"
#include "models/fileentry.h"
#include "models/filetreemodel.h"
#include "models/inventorymodel.h"
#include "models/searchresultmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <set>

using namespace sociscope;
using namespace sociscope::ui;

namespace {

soci::TocEntry e(const std::string& name, const std::string& type = "reg", std::int64_t size = 0,
                 const std::string& link = {}, int mtime = 0)
{
    soci::TocEntry t;
    t.name = name;
    t.type = type;
    t.uncompressedSize = size;
    t.linkname = link;
    t.mode = type == "dir" ? 0755 : 0644;
    t.modTime = "2023-11-14T22:13:" + std::to_string(10 + mtime % 50) + "Z";
    t.uname = "root";
    t.gname = "root";
    return t;
}

// /etc (3 files), /big (2500 files: more than one batch), /usr/lib links, and an upper layer.
struct Fixture {
    soci::Ztoc l0, l1;
    std::shared_ptr<const fs::ImageTree> merged, upper;

    Fixture()
    {
        l0.entries = {e("etc/", "dir"), e("etc/os-release", "reg", 120), e("etc/passwd", "reg", 900, {}, 3),
                      e("etc/hosts", "reg", 40, {}, 1), e("usr/lib/libx.so.1", "reg", 5000),
                      e("usr/lib/libx.so", "symlink", 0, "libx.so.1"), e("gone/file", "reg", 1)};
        for (int i = 0; i < 2500; ++i)
            l0.entries.push_back(e("big/f" + std::to_string(i), "reg", (i * 37) % 1000, {}, i));
        l1.entries = {e("etc/passwd", "reg", 950, {}, 5), e(".wh.gone"), e("opt/model.bin", "reg", 1 << 20)};
        merged = std::make_shared<const fs::ImageTree>(*fs::ImageTree::build({&l0, &l1}, fs::ImageTree::Mode::Merged));
        upper = std::make_shared<const fs::ImageTree>(*fs::ImageTree::build({&l1}, fs::ImageTree::Mode::LayerView, 1));
    }
};

QStringList names(const QAbstractItemModel& m, const QModelIndex& parent, int column = 0)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r)
        out << m.index(r, column, parent).data().toString();
    return out;
}

} // namespace

class TestFileModels final : public QObject {
    Q_OBJECT
private slots:
    void treeIsLazyAndBatched()
    {
        Fixture f;
        FileTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTree(f.merged, {QStringLiteral("layer 0"), QStringLiteral("layer 1")});
        // Folders first, then names; whiteouts applied.
        QCOMPARE(names(model, {}), (QStringList{QStringLiteral("big"), QStringLiteral("etc"), QStringLiteral("opt"),
                                                QStringLiteral("usr")}));
        const QModelIndex big = model.index(0, 0);
        QVERIFY(model.hasChildren(big));
        QCOMPARE(model.rowCount(big), 0); // not listed until asked
        QVERIFY(model.canFetchMore(big));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore(big);
        QCOMPARE(model.rowCount(big), FileTreeModel::BatchSize);
        model.fetchMore(big);
        model.fetchMore(big);
        QCOMPARE(model.rowCount(big), 2500);
        QVERIFY(!model.canFetchMore(big));
        QCOMPARE(inserted.count(), 3); // batches, not rows one by one

        const QModelIndex etc = model.index(1, 0);
        model.fetchMore(etc);
        QCOMPARE(names(model, etc), (QStringList{QStringLiteral("hosts"), QStringLiteral("os-release"), QStringLiteral("passwd")}));
        const QModelIndex passwd = model.index(2, 0, etc);
        QCOMPARE(model.pathOf(passwd), QStringLiteral("/etc/passwd"));
        QCOMPARE(passwd.data(FileEntry::PathRole).toString(), QStringLiteral("/etc/passwd"));
        QCOMPARE(model.index(2, FileEntry::ColumnSize, etc).data().toString(), QStringLiteral("950 B"));
        QCOMPARE(model.index(2, FileEntry::ColumnLayer, etc).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(2, FileEntry::ColumnLayer, etc).data(Qt::ToolTipRole).toString(), QStringLiteral("layer 1"));
        QCOMPARE(model.index(2, FileEntry::ColumnMode, etc).data().toString(), QStringLiteral("-rw-r--r--"));
        QCOMPARE(model.index(2, FileEntry::ColumnOwner, etc).data().toString(), QStringLiteral("root:root"));
        QCOMPARE(model.index(2, FileEntry::ColumnSpans, etc).data().toString(), QStringLiteral("verifying…"));
        QVERIFY(model.flags(passwd) & Qt::ItemNeverHasChildren);
        QVERIFY(model.flags(passwd) & Qt::ItemIsDragEnabled);

        // A path deep in a big folder is found, listing and fetching on the way.
        const QModelIndex deep = model.indexOfPath(QStringLiteral("/usr/lib/libx.so"));
        QVERIFY(deep.isValid());
        QCOMPARE(model.index(deep.row(), FileEntry::ColumnLink, deep.parent()).data().toString(), QStringLiteral("libx.so.1"));
        QVERIFY(!model.indexOfPath(QStringLiteral("/gone/file")).isValid());
        QVERIFY(!model.indexOfPath(QStringLiteral("/etc/passwd/x")).isValid());
    }

    void indexOfPathFetchesFarEnough()
    {
        Fixture f;
        FileTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTree(f.merged);
        // Byte order: f999 comes late among f0..f2499.
        const QModelIndex i = model.indexOfPath(QStringLiteral("/big/f999"));
        QVERIFY(i.isValid());
        QCOMPARE(i.data().toString(), QStringLiteral("f999"));
        QVERIFY(model.rowCount(i.parent()) > i.row());
    }

    void sortsEveryColumnAndKeepsPersistentIndexes()
    {
        Fixture f;
        FileTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTree(f.merged);
        const QModelIndex etc = model.indexOfPath(QStringLiteral("/etc"));
        model.fetchMore(etc);
        model.fetchMore(model.indexOfPath(QStringLiteral("/big")));
        const QPersistentModelIndex passwd = model.indexOfPath(QStringLiteral("/etc/passwd"));
        for (int c = 0; c < FileEntry::ColumnCount; ++c)
            for (auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                model.sort(c, order);
                QVERIFY(passwd.isValid());
                QCOMPARE(model.pathOf(passwd), QStringLiteral("/etc/passwd"));
                // Folders stay first.
                QCOMPARE(model.index(0, 0).data(FileEntry::IsFolderRole).toBool(), true);
            }
        const QPersistentModelIndex etc2 = model.indexOfPath(QStringLiteral("/etc"));
        model.sort(FileEntry::ColumnSize, Qt::DescendingOrder);
        QCOMPARE(names(model, etc2), (QStringList{QStringLiteral("passwd"), QStringLiteral("os-release"), QStringLiteral("hosts")}));
        model.sort(FileEntry::ColumnModified, Qt::AscendingOrder);
        QCOMPARE(names(model, etc2), (QStringList{QStringLiteral("os-release"), QStringLiteral("hosts"), QStringLiteral("passwd")}));
        model.sort(FileEntry::ColumnName, Qt::DescendingOrder);
        QCOMPARE(names(model, etc2), (QStringList{QStringLiteral("passwd"), QStringLiteral("os-release"), QStringLiteral("hosts")}));
        QCOMPARE(names(model, {}), (QStringList{QStringLiteral("usr"), QStringLiteral("opt"), QStringLiteral("etc"), QStringLiteral("big")}));
    }

    void layerViewShowsWhiteouts()
    {
        Fixture f;
        FileTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTree(f.upper);
        QCOMPARE(names(model, {}), (QStringList{QStringLiteral("etc"), QStringLiteral("opt"), QStringLiteral("gone")}));
        const QModelIndex gone = model.index(2, 0);
        QVERIFY(gone.data(FileEntry::WhiteoutRole).toBool());
        // Shown as removed: not the tar header's placeholder mode, owner and time.
        QCOMPARE(model.index(2, FileEntry::ColumnSize).data().toString(), QStringLiteral("removed"));
        for (int c : {FileEntry::ColumnMode, FileEntry::ColumnOwner, FileEntry::ColumnModified, FileEntry::ColumnLink,
                 FileEntry::ColumnSpans}) {
            QCOMPARE(model.index(2, c).data().toString(), QString());
            QVERIFY(!model.index(2, c).data(Qt::ToolTipRole).isValid());
        }
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void searchStreamsIntoTheResultModel()
    {
        Fixture f;
        SearchResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset({f.merged, nullptr, {}});
        JobPool jobs;
        TreeSearch search(jobs);
        int batches = 0;
        connect(&search, &TreeSearch::matchesFound, &model, [&](std::vector<fs::SearchMatch>& b) {
            ++batches;
            model.append(std::move(b));
        });
        QSignalSpy done(&search, &TreeSearch::finished);
        fs::SearchQuery q;
        q.pattern = "f1";
        search.start(f.merged, q, 100);
        QVERIFY(done.wait(10000));
        // f1, f10-f19, f100-f199, f1000-f1999.
        QCOMPARE(model.rowCount(), 1 + 10 + 100 + 1000);
        QVERIFY(batches >= 11);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("/big/f1"));
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Path"));
        QCOMPARE(done.first().at(0).value<fs::SearchSummary>().matched, 1111u);

        // Sorted by size, later batches go in order too.
        model.reset({f.merged, nullptr, {}});
        model.sort(FileEntry::ColumnSize, Qt::DescendingOrder);
        done.clear();
        search.start(f.merged, q, 50);
        QVERIFY(done.wait(10000));
        qint64 last = std::numeric_limits<qint64>::max();
        for (int r = 0; r < model.rowCount(); ++r) {
            const qint64 size = model.index(r, 0).data(FileEntry::SizeRole).toLongLong();
            QVERIFY(size <= last);
            last = size;
        }

        // A search replaced by another: nothing of the first arrives.
        model.reset({f.merged, nullptr, {}});
        done.clear();
        q.pattern = "f";
        search.start(f.merged, q, 10);
        fs::SearchQuery q2;
        q2.pattern = "os-release";
        search.start(f.merged, q2, 10);
        QVERIFY(done.wait(10000));
        QCoreApplication::processEvents();
        QCOMPARE(done.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.pathOf(model.index(0, 0)), QStringLiteral("/etc/os-release"));

        // A bad pattern is reported, not thrown.
        done.clear();
        fs::SearchQuery bad;
        bad.pattern = "(";
        bad.syntax = fs::SearchQuery::Syntax::Regex;
        search.start(f.merged, bad);
        QVERIFY(done.wait(10000));
        QVERIFY(!done.first().at(1).toString().isEmpty());
    }

    void previewDecoding()
    {
        // UTF-8, cut in the middle of a character.
        const QByteArray utf8 = QStringLiteral("naïve café ✓\n").toUtf8();
        QCOMPARE(PreviewLoader::detectEncoding(utf8, false), QStringLiteral("UTF-8"));
        QCOMPARE(PreviewLoader::detectEncoding(utf8.left(utf8.size() - 3), true), QStringLiteral("UTF-8"));
        Preview p = PreviewLoader::fromBytes(utf8, utf8.size(), Preview::Mode::Auto);
        QCOMPARE(p.kind, Preview::Kind::Text);
        QCOMPARE(p.text, QStringLiteral("naïve café ✓\n"));
        // A BOM wins and is not shown.
        const QByteArray bom = QByteArray("\xff\xfe", 2) + QByteArray("h\0i\0", 4);
        p = PreviewLoader::fromBytes(bom, bom.size(), Preview::Mode::Auto);
        QCOMPARE(p.kind, Preview::Kind::Text);
        QCOMPARE(p.text, QStringLiteral("hi"));
        // UTF-16 without a BOM, by its zero bytes.
        QCOMPARE(PreviewLoader::detectEncoding(QByteArray("a\0b\0c\0d\0e\0f\0", 12), false), QStringLiteral("UTF-16LE"));
        // Latin-1: not UTF-8, mostly printable.
        QCOMPARE(PreviewLoader::detectEncoding(QByteArray("caf\xe9 cr\xe8" "me br\xfbl\xe9" "e\n"), false), QStringLiteral("ISO-8859-1"));
        // Binary: a hex dump, the first HexCap bytes.
        QByteArray binary(100000, '\0');
        for (int i = 0; i < binary.size(); ++i)
            binary[i] = static_cast<char>(i * 7);
        p = PreviewLoader::fromBytes(binary, 1000000, Preview::Mode::Auto);
        QCOMPARE(p.kind, Preview::Kind::Hex);
        QVERIFY(p.truncated);
        QCOMPARE(p.shown, PreviewLoader::HexCap);
        QCOMPARE(PreviewLoader::hexDump(QByteArray("\x7f" "ELF\x02\x01\x01", 7), 16),
                 QStringLiteral("00000010  7f 45 4c 46 02 01 01                              |.ELF...|\n"));
        // ELF: recognised (the summary is read by load()).
        QCOMPARE(PreviewLoader::fromBytes(QByteArray("\x7f" "ELF\x02\x01\x01\x00", 8), 8, Preview::Mode::Auto).kind, Preview::Kind::Elf);
        // Text forced into Hex and the other way.
        QCOMPARE(PreviewLoader::fromBytes(utf8, utf8.size(), Preview::Mode::Hex).kind, Preview::Kind::Hex);
        QCOMPARE(PreviewLoader::fromBytes(binary.left(10), 10, Preview::Mode::Text).kind, Preview::Kind::Text);
        // Text longer than the cap is cut and says so.
        const QByteArray lots(PreviewLoader::TextCap + 10, 'x');
        p = PreviewLoader::fromBytes(lots, lots.size(), Preview::Mode::Auto);
        QVERIFY(p.truncated);
        QCOMPARE(p.text.size(), PreviewLoader::TextCap);
        // Empty.
        QCOMPARE(PreviewLoader::fromBytes({}, 0, Preview::Mode::Auto).kind, Preview::Kind::Text);
    }

    void inventoryModel()
    {
        InventoryModel model;
        InventoryProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto pkg = [](inventory::Kind k, const char* name, const char* version, const char* origin = "") {
            inventory::Package p;
            p.kind = k;
            p.name = name;
            p.version = version;
            p.path = "/x";
            p.origin = origin;
            return p;
        };
        model.setPackages({pkg(inventory::Kind::Deb, "python3.11", "3.11.2-6"), pkg(inventory::Kind::Deb, "libc6", "2.36-9"),
                           pkg(inventory::Kind::Python, "torch", "2.3.1"), pkg(inventory::Kind::Python, "numpy", "1.26.4"),
                           pkg(inventory::Kind::Cuda, "cudart", "12.1.105", "library"),
                           pkg(inventory::Kind::Cuda, "cuda", "12.1.1", "version.json"),
                           pkg(inventory::Kind::Cuda, "cudnn", "8.9.2", "header")});
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.index(2, InventoryModel::ColumnKind).data().toString(), QStringLiteral("Python package"));
        QCOMPARE(InventoryModel::highlights(model.packages()),
                 (QStringList{QStringLiteral("torch 2.3.1"), QStringLiteral("CUDA 12.1.1"), QStringLiteral("cuDNN 8.9.2"),
                              QStringLiteral("Python 3.11.2")}));
        proxy.setKind(inventory::Kind::Python);
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setKind(std::nullopt);
        proxy.setFilterFixedString(QStringLiteral("cud"));
        QCOMPARE(proxy.rowCount(), 3);
        proxy.sort(InventoryModel::ColumnName);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("cuda"));
        QCOMPARE(InventoryModel::kindCount(inventory::Kind::Deb, 2), QStringLiteral("2 Debian package(s)")); // no translator here
        model.clear();
        QCOMPARE(proxy.rowCount(), 0);
    }
};

QTEST_MAIN(TestFileModels)
#include "test_file_models.moc"
