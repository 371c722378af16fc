// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The Files and Inventory tabs end to end against Debian's real
// docker-registry, on an image made SOCI-enabled by `sociscopectl index
// convert`: the merged tree expands, /etc/os-release previews with its exact
// text, a generated dpkg status and a dist-info package show in the
// inventory, a search streams its matches, a layer's own tree opens, Extract
// to… writes what GNU tar extracts, and the drag's text/uri-list names a file
// whose bytes equal GNU tar's — a path in the image's mount by sociscoped
// (read here by a child process, as a file manager would), or, without the
// daemon, a file staged first. Fetched by the window: the zTOCs plus the
// spans of the files touched, nothing else.
#include "app/mainwindow.h"
#include "app/services.h"
#include "daemontest.h"
#include "findchild.h"
#include "jobs/daemonmounts.h"
#include "jobs/imagesession.h"
#include "lazytest.h"
#include "models/filetreemodel.h"
#include "models/inventorymodel.h"
#include "models/searchresultmodel.h"
#include "models/spantable.h"
#include "pages/files/filespage.h"
#include "pages/files/filetreeview.h"
#include "pages/files/previewpane.h"
#include "pages/image/imagepage.h"
#include "pages/inventorypage.h"
#include "testenv.h"
#include "widgets/messagebar.h"

#include "util/files.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeData>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QtTest>

#include <set>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

const char* const OsRelease = "PRETTY_NAME=\"Lazy Test Linux 7 (spans)\"\nNAME=\"Lazy Test Linux\"\nID=lazytest\nVERSION_ID=7\n";

QByteArray jsonString(const QString& s)
{
    const QByteArray doc = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return doc.mid(1, doc.size() - 2);
}

QString sha256File(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestFilesE2e final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_home{"sociscope-files-e2e"};
    QString m_ref;
    DaemonProcess m_daemon;
    QString m_daemonProblem; // why the daemon part cannot run here
    QString m_mountpoint;    // where the window mounted the image
    std::map<QString, QJsonObject> m_oracle;
    QStringList m_debs;

    QString home() const { return QString::fromStdString(m_home.path()); }

    // Opens the image in a window and waits for the Files tab's tree.
    static FilesPage* openFiles(MainWindow& window, const QString& ref)
    {
        window.openImage(*oci::Reference::parse(ref.toStdString()));
        ImagePage* page = child<ImagePage>(window, "imagePage");
        page->showTab(ImagePage::TabFiles);
        FilesPage* files = page->filesPage();
        if (!QTest::qWaitFor([files] { return files->isTreeShown(); }, 30000))
            return nullptr;
        return files;
    }

    static bool waitPreview(FilesPage* files)
    {
        return QTest::qWaitFor([files] { return files->isPreviewSettled() && !files->preview()->isFetching(); }, 30000);
    }

private slots:
    void initTestCase()
    {
        const QByteArray h = QFile::encodeName(home());
        qputenv("XDG_CONFIG_HOME", h + "/config");
        qputenv("XDG_DATA_HOME", h + "/data");
        qputenv("XDG_CACHE_HOME", h + "/cache");
        qputenv("DOCKER_CONFIG", h + "/docker");
        QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
        QCoreApplication::setApplicationName(QStringLiteral("SociscopeFilesTest"));
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        // A daemon of this test's own, found by the window through SOCISCOPE_SOCKET;
        // mounts go under a private runtime folder.
        QVERIFY(QDir().mkpath(home() + QStringLiteral("/run")));
        QFile::setPermissions(home() + QStringLiteral("/run"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", h + "/run");
        if (!QFile::exists(QStringLiteral("/dev/fuse")) || QStandardPaths::findExecutable(QStringLiteral("fusermount3")).isEmpty())
            m_daemonProblem = QStringLiteral("no /dev/fuse or fusermount3");
        else if (!m_daemon.start(home() + QStringLiteral("/daemon")))
            m_daemonProblem = QStringLiteral("sociscoped did not start: ") + QString::fromUtf8(m_daemon.log());
        qputenv("SOCISCOPE_SOCKET", QFile::encodeName(m_daemon.socket()));
        qputenv("SOCISCOPE_DAEMON", QFile::encodeName(QString::fromStdString(binDir()) + QStringLiteral("/sociscoped")));

        // A dpkg status of 40 installed packages.
        QString status;
        for (int i = 0; i < 40; ++i) {
            const QString name = QStringLiteral("lib-lazy%1").arg(i);
            const QString version = QStringLiteral("1.%1-%2").arg(i).arg(i % 3);
            status += QStringLiteral("Package: %1\nStatus: install ok installed\nVersion: %2\nArchitecture: amd64\n"
                                     "Description: generated package %3\n\n")
                          .arg(name, version)
                          .arg(i);
            m_debs << name + QLatin1Char(' ') + version;
        }
        m_debs.sort();
        const QByteArray layers =
            "[{\"compression\": \"gzip\", \"entries\": ["
            "{\"path\": \"etc/os-release\", \"data\": " + jsonString(QString::fromLatin1(OsRelease)) + "},"
            "{\"path\": \"var/lib/dpkg/status\", \"data\": " + jsonString(status) + "},"
            "{\"many\": 1500, \"prefix\": \"usr/share/doc/lazy/f-\", \"size\": 800, \"seed\": 1},"
            "{\"path\": \"usr/bin/tool\", \"random\": 900000, \"seed\": 2},"
            "{\"path\": \"etc/motd\", \"data\": \"lower\\n\"}]},"
            "{\"compression\": \"gzip\", \"entries\": ["
            "{\"path\": \"usr/lib/python3.11/site-packages/lazydemo-1.2.3.dist-info/METADATA\", "
            "\"data\": \"Metadata-Version: 2.1\\nName: lazydemo\\nVersion: 1.2.3\\nSummary: A package for the test\\n\"},"
            "{\"many\": 800, \"prefix\": \"usr/lib/python3.11/site-packages/lazydemo/m-\", \"size\": 600, \"seed\": 3},"
            "{\"path\": \"opt/data/payload.bin\", \"random\": 300000, \"seed\": 4},"
            "{\"path\": \"opt/data/notes.txt\", \"text\": 5000, \"seed\": 5},"
            "{\"path\": \"etc/.wh.motd\"}]}]";
        const QString layout = makeImage(home(), QStringLiteral("files"), layers);
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + QStringLiteral("/lazy/files");
        auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + layout + QStringLiteral(":t"), repo + QStringLiteral(":t")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + QStringLiteral(":t"), repo + QStringLiteral(":t-soci"),
                 QStringLiteral("--span-size"), QStringLiteral("65536"), QStringLiteral("--min-layer-size"), QStringLiteral("0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ref = repo + QStringLiteral(":t-soci");
        m_oracle = oracleTree(layout, QStringLiteral("t"), home() + QStringLiteral("/rootfs"));
        QVERIFY(m_oracle.count(QStringLiteral("/opt/data/payload.bin")));
        QVERIFY(!m_oracle.count(QStringLiteral("/etc/motd")));
    }

    void cleanupTestCase()
    {
        if (!m_mountpoint.isEmpty())
            forceUnmount(m_mountpoint);
        m_daemon.stop();
    }

    void treePreviewInventoryDragAndStats()
    {
        Services services;
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        FilesPage* files = openFiles(window, m_ref);
        QVERIFY(files);
        ImageSession* session = child<ImagePage>(window, "imagePage")->session();
        FileTreeModel* model = files->treeModel();

        // Expand the merged tree and select /etc/os-release with the keyboard.
        FileTreeView* tree = files->treeView();
        const QModelIndex etc = model->indexOfPath(QStringLiteral("/etc"));
        QVERIFY(etc.isValid());
        tree->expand(etc);
        QTRY_VERIFY(model->rowCount(etc) > 0);
        // The whiteout in the upper layer hides /etc/motd.
        QVERIFY(!model->indexOfPath(QStringLiteral("/etc/motd")).isValid());
        tree->setFocus();
        tree->setCurrentIndex(etc);
        QTest::keyClick(tree, Qt::Key_Right); // into the folder
        QTRY_VERIFY(tree->currentIndex().parent() == etc);
        while (model->pathOf(tree->currentIndex()) != QLatin1String("/etc/os-release") && tree->currentIndex().row() < model->rowCount(etc) - 1)
            QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(model->pathOf(tree->currentIndex()), QStringLiteral("/etc/os-release"));
        QVERIFY(waitPreview(files));
        QCOMPARE(files->preview()->kind(), Preview::Kind::Text);
        QCOMPARE(files->preview()->shownText(), QString::fromLatin1(OsRelease));

        // The zTOCs get verified in the background; the Spans column fills in.
        QTRY_VERIFY_WITH_TIMEOUT(session->isVerified(), 30000);
        const QModelIndex osRelease = model->indexOfPath(QStringLiteral("/etc/os-release"));
        QTRY_VERIFY(model->index(osRelease.row(), FileEntry::ColumnSpans, osRelease.parent()).data().toString().at(0).isDigit());
        // The cost preview of a file whose spans are here now: nothing to fetch.
        QTRY_VERIFY2(files->preview()->costText().contains(QStringLiteral("Nothing to fetch")), qPrintable(files->preview()->costText()));

        // Moving on before a big file arrives: its preview is dropped, the last one shows.
        files->reveal(QStringLiteral("/usr/bin/tool"));
        QTest::qWait(0);
        files->reveal(QStringLiteral("/opt/data/notes.txt"));
        QVERIFY(waitPreview(files));
        QCOMPARE(files->preview()->kind(), Preview::Kind::Text);
        QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(files->preview()->shownText().toUtf8(), QCryptographicHash::Sha256).toHex()),
                 m_oracle.at(QStringLiteral("/opt/data/notes.txt")).value(QStringLiteral("sha256")).toString());

        // Search runs in core; matches stream into the results list.
        QSignalSpy searched(files, &FilesPage::searchFinished);
        files->search(QStringLiteral("payload"));
        QVERIFY(searched.wait(20000));
        QCOMPARE(searched.first().at(0).toInt(), 1);
        QCOMPARE(files->searchModel()->pathOf(files->searchModel()->index(0, 0)), QStringLiteral("/opt/data/payload.bin"));

        // The inventory: the generated dpkg status and the dist-info package.
        ImagePage* page = child<ImagePage>(window, "imagePage");
        page->showTab(ImagePage::TabInventory);
        InventoryPage* inventory = child<InventoryPage>(page, "inventoryPage");
        QTRY_VERIFY_WITH_TIMEOUT(inventory->isLoaded(), 30000);
        QStringList debs, python;
        for (const auto& p : inventory->model()->packages()) {
            const QString nv = QString::fromStdString(p.name + " " + p.version);
            if (p.kind == inventory::Kind::Deb)
                debs << nv;
            else if (p.kind == inventory::Kind::Python)
                python << nv + QLatin1Char(' ') + QString::fromStdString(p.path);
        }
        debs.sort();
        QCOMPARE(debs, m_debs);
        QCOMPARE(python, QStringList{QStringLiteral("lazydemo 1.2.3 /usr/lib/python3.11/site-packages/lazydemo-1.2.3.dist-info/METADATA")});
        QVERIFY2(inventory->highlightsText().contains(QStringLiteral("Lazy Test Linux 7 (spans)")), qPrintable(inventory->highlightsText()));

        // Drag-out through the daemon: the image is mounted once, and the
        // drag's text/uri-list names the file in the mount; a file manager
        // (here a child process) reads it through FUSE.
        if (!m_daemonProblem.isEmpty())
            QSKIP(qPrintable(QStringLiteral("the daemon part needs FUSE: ") + m_daemonProblem));
        page->showTab(ImagePage::TabFiles);
        QVERIFY(files->reveal(QStringLiteral("/opt/data/payload.bin")));
        QVERIFY(waitPreview(files));
        QSignalSpy ready(files, &FilesPage::dragReady);
        QVERIFY(files->dragData() == nullptr); // mounting
        QVERIFY2(ready.wait(60000), qPrintable(files->mounts()->failure(QString::fromStdString(session->platformImage().raw.digest.str()))));
        std::unique_ptr<QMimeData> mime(files->dragData());
        QVERIFY(mime);
        QVERIFY(mime->hasFormat(QStringLiteral("text/uri-list")));
        const QStringList uris = QString::fromUtf8(mime->data(QStringLiteral("text/uri-list"))).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(uris.size(), 1);
        const QString inMount = QUrl(uris.first()).toLocalFile();
        const QString mountpoint = DaemonMounts::mountpointFor(QString::fromStdString(session->platformImage().raw.digest.str()));
        QCOMPARE(inMount, QFileInfo(mountpoint).canonicalFilePath() + QStringLiteral("/opt/data/payload.bin"));
        m_mountpoint = QFileInfo(mountpoint).canonicalFilePath();
        QVERIFY(isMounted(m_mountpoint));
        const auto sum = run(QStringLiteral("sha256sum"), {inMount}, 60000);
        QCOMPARE(sum.exitCode, 0);
        QCOMPARE(QString::fromLatin1(sum.out.left(64)),
                 m_oracle.at(QStringLiteral("/opt/data/payload.bin")).value(QStringLiteral("sha256")).toString());
        // A folder too, and a layer's own tree: paths under the same mount.
        QVERIFY(files->reveal(QStringLiteral("/usr")));
        mime.reset(files->dragData());
        QVERIFY(mime);
        QCOMPARE(mime->urls().first().toLocalFile(), QFileInfo(mountpoint).canonicalFilePath() + QStringLiteral("/usr"));
        files->showLayer(1);
        QTRY_VERIFY_WITH_TIMEOUT(files->isTreeShown() && files->shownLayer() == 1, 20000);
        QVERIFY(files->reveal(QStringLiteral("/opt/data/notes.txt")));
        mime.reset(files->dragData());
        QVERIFY(mime);
        const QString layerFile = mime->urls().first().toLocalFile();
        QCOMPARE(layerFile, QFileInfo(mountpoint).canonicalFilePath() + QStringLiteral("/.layers/1/opt/data/notes.txt"));
        const auto notes = run(QStringLiteral("sha256sum"), {layerFile}, 60000);
        QCOMPARE(QString::fromLatin1(notes.out.left(64)),
                 m_oracle.at(QStringLiteral("/opt/data/notes.txt")).value(QStringLiteral("sha256")).toString());
        files->showLayer(-1);
        QTRY_VERIFY(files->isTreeShown() && files->shownLayer() == -1);

        // Fetched: index documents, the zTOCs, and exactly the spans of the
        // files touched (previewed, read for the inventory, staged).
        const auto img = session->image();
        const auto merged = session->mergedTree();
        std::set<std::pair<int, int>> spans;
        // Read whole: the text files. payload.bin was previewed (its first
        // 256 KiB: at least its first span, at most all of its spans);
        // /usr/bin/tool was asked for and cancelled (perhaps some of its spans).
        std::set<std::pair<int, int>> maybe;
        const auto addSpans = [&](const char* path, std::set<std::pair<int, int>>& into, bool firstOnly) {
            const auto ino = merged->resolve(path, false);
            const auto range = ino ? session->spans()->spansOf(*merged, *ino) : std::nullopt;
            if (!range)
                return false;
            for (int s = range->first; s <= (firstOnly ? range->first : range->second); ++s)
                into.insert({merged->inode(*ino).layer, s});
            return true;
        };
        for (const char* path : {"/etc/os-release", "/var/lib/dpkg/status", "/opt/data/notes.txt",
                                 "/usr/lib/python3.11/site-packages/lazydemo-1.2.3.dist-info/METADATA"}) {
            QVERIFY2(addSpans(path, spans, false), path);
            addSpans(path, maybe, false);
        }
        QVERIFY(addSpans("/opt/data/payload.bin", spans, true));
        addSpans("/opt/data/payload.bin", maybe, false);
        addSpans("/usr/bin/tool", maybe, false);
        const auto& st = img->stats();
        QCOMPARE(st.wholeLayerBytes.load(), 0u);
        QCOMPARE(st.networkBytes(), st.indexBytes.load() + st.ztocBytes.load() + st.spanBytes.load());
        QVERIFY2(st.spansFetched.load() >= spans.size() && st.spansFetched.load() <= maybe.size(),
                 qPrintable(QStringLiteral("%1 spans fetched, %2 to %3 expected; %4 cache hits, %5 cached bytes").arg(st.spansFetched.load()).arg(spans.size()).arg(maybe.size()).arg(st.cacheHits.load()).arg(st.cachedBytes.load())));
        QVERIFY(!child<MessageBar>(window, "messageBar")->isVisible());
        QVERIFY(!QApplication::activeModalWidget());
        window.close();
    }

    // The window goes, its mount goes.
    void mountGoneWithTheWindow()
    {
        if (!m_daemonProblem.isEmpty())
            QSKIP("no daemon here");
        QVERIFY(!m_mountpoint.isEmpty());
        QVERIFY(!isMounted(m_mountpoint)); // unmounted as the window went, before its job pool was joined
    }

    // Without the daemon: small selections are staged before the drag,
    // large ones refused with the reason; Extract to…; layer views.
    void withoutTheDaemon()
    {
        qputenv("SOCISCOPE_NO_DAEMON", "1");
        const auto restore = qScopeGuard([] { qunsetenv("SOCISCOPE_NO_DAEMON"); });
        Services services;
        MainWindow window(services);
        window.show();
        FilesPage* files = openFiles(window, m_ref);
        QVERIFY(files);

        // The file is staged first (nothing fetched at drop time), then the
        // drag's text/uri-list names it; its bytes are GNU tar's.
        QVERIFY(files->reveal(QStringLiteral("/opt/data/payload.bin")));
        QVERIFY(waitPreview(files));
        QSignalSpy ready(files, &FilesPage::dragReady);
        QVERIFY(files->dragData() == nullptr);
        QVERIFY(ready.wait(30000));
        std::unique_ptr<QMimeData> mime(files->dragData());
        QVERIFY(mime);
        const QStringList uris = QString::fromUtf8(mime->data(QStringLiteral("text/uri-list"))).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(uris.size(), 1);
        const QString local = QUrl(uris.first()).toLocalFile();
        QVERIFY(local.startsWith(home() + QStringLiteral("/cache/sociscope/drag/")));
        QCOMPARE(QFileInfo(local).fileName(), QStringLiteral("payload.bin"));
        QCOMPARE(sha256File(local), m_oracle.at(QStringLiteral("/opt/data/payload.bin")).value(QStringLiteral("sha256")).toString());

        // Extract /opt/data (a folder) and /etc/os-release; the result equals GNU tar's.
        const QString dest = home() + QStringLiteral("/extracted");
        QVERIFY(QDir().mkpath(dest));
        FileTreeView* tree = files->treeView();
        FileTreeModel* model = files->treeModel();
        const QModelIndex data = model->indexOfPath(QStringLiteral("/opt/data"));
        const QModelIndex osRelease = model->indexOfPath(QStringLiteral("/etc/os-release"));
        tree->selectionModel()->select(data, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        tree->selectionModel()->select(osRelease, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QSignalSpy done(files, &FilesPage::extractFinished);
        files->extractSelectionTo(dest);
        QVERIFY(files->isExtracting());
        QVERIFY(done.wait(60000));
        const auto outcome = done.first().at(0).value<ExtractOutcome>();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(outcome.result.files, 3u);
        for (const auto& [image, local] : {std::pair{"/opt/data/payload.bin", "/data/payload.bin"},
                                           std::pair{"/opt/data/notes.txt", "/data/notes.txt"},
                                           std::pair{"/etc/os-release", "/os-release"}})
            QCOMPARE(sha256File(dest + QLatin1String(local)),
                     m_oracle.at(QLatin1String(image)).value(QStringLiteral("sha256")).toString());
        QVERIFY(child<MessageBar>(window, "messageBar")->text().contains(QStringLiteral("Extracted")));

        // Too large to drag without the daemon: refused, with the reason.
        QVERIFY(files->reveal(QStringLiteral("/usr/share/doc/lazy")));
        QSignalSpy refused(files, &FilesPage::dragRefused);
        QVERIFY(files->dragData() == nullptr);
        QCOMPARE(refused.count(), 0); // 1500 small files: staged
        files->reveal(QStringLiteral("/usr"));
        QVERIFY(files->dragData() == nullptr);
        QCOMPARE(refused.count(), 1);
        QVERIFY(refused.first().at(0).toString().contains(QStringLiteral("Extract to")));
        QVERIFY(refused.first().at(0).toString().contains(QStringLiteral("SOCISCOPE_NO_DAEMON")));

        // Layer 1's own tree: its files and its whiteout, not layer 0's.
        QSignalSpy shown(files, &FilesPage::treeShown);
        files->showLayer(1);
        QTRY_VERIFY_WITH_TIMEOUT(files->isTreeShown() && files->shownLayer() == 1, 20000);
        QVERIFY(model->indexOfPath(QStringLiteral("/opt/data/payload.bin")).isValid());
        QVERIFY(!model->indexOfPath(QStringLiteral("/usr/bin/tool")).isValid());
        const QModelIndex motd = model->indexOfPath(QStringLiteral("/etc/motd"));
        QVERIFY(motd.isValid());
        QVERIFY(motd.data(FileEntry::WhiteoutRole).toBool());
        files->showLayer(-1);
        QTRY_VERIFY(files->isTreeShown() && files->shownLayer() == -1);
        QVERIFY(model->indexOfPath(QStringLiteral("/usr/bin/tool")).isValid());
        window.close();
    }
};

QTEST_MAIN(TestFilesE2e)
#include "test_files_e2e.moc"
