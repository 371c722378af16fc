// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The Files tab and a zTOC's trust, against Debian's real docker-registry:
// the list read from the zTOCs' TOC regions is shown at once marked as not yet
// verified; verified, it stays (no zTOC byte fetched twice); tampered on the
// way (through the fault proxy), it is taken away and the error shown.
#include "uitestenv.h"

#include "app/mainwindow.h"
#include "app/services.h"
#include "findchild.h"
#include "jobs/imagesession.h"
#include "models/filetreemodel.h"
#include "pages/files/filefilterbar.h"
#include "pages/files/filespage.h"
#include "pages/image/imagepage.h"
#include "testenv.h"
#include "widgets/messagebar.h"

#include "util/files.h"

#include <QSignalSpy>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {
// Checkpoints far larger than the file list: the window reads the list first.
const char* const kLayers =
    "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"etc/tamper-me\",\"data\":\"x\\n\"},"
    "{\"many\":30,\"prefix\":\"usr/share/f-\",\"size\":500,\"seed\":81},"
    "{\"path\":\"data/noise\",\"random\":700000,\"seed\":82}]}]";

// A window opening one image in its Files tab, and what that tab showed the
// moment the session's list came in.
struct Shown {
    Services services;
    MainWindow window{services};
    ImagePage* page = child<ImagePage>(window, "imagePage");
    ImageSession* session = page->session();
    FilesPage* files = page->filesPage();
    bool seen = false;
    bool treeShown = false;
    bool nameShown = false;
    bool verified = true;
    QString mark;

    bool open(const QString& ref)
    {
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        QObject::connect(session, &ImageSession::opened, files, [this] {
            seen = true;
            treeShown = files->isTreeShown();
            nameShown = files->treeModel()->indexOfPath(QStringLiteral("/etc/tamper-me")).isValid() ||
                        files->treeModel()->indexOfPath(QStringLiteral("/etc/Tamper-me")).isValid();
            verified = session->isVerified();
            mark = files->filterBar()->verificationMark();
        });
        window.openImage(*oci::Reference::parse(ref.toStdString()));
        page->showTab(ImagePage::TabFiles);
        return true;
    }
    // It was shown at once, and marked as being verified.
    [[nodiscard]] bool shownUnverified() const
    {
        return seen && treeShown && nameShown && !verified && mark.contains(QStringLiteral("verifying"));
    }
};
} // namespace

class TestFilesVerify final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_home{"sociscope-files-verify"};
    QString m_repo;
    std::vector<ZtocBlob> m_ztocs;

    QString home() const { return QString::fromStdString(m_home.path()); }

private slots:
    void initTestCase()
    {
        isolateWindowHome(home(), QStringLiteral("SociscopeVerifyTest"));
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        m_repo = m_registry.address() + QStringLiteral("/verify/files");
        const QString failed = pushSociImage(home(), m_repo, kLayers);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_ztocs = ztocsOf(m_repo + QStringLiteral(":t-soci"));
        QCOMPARE(m_ztocs.size(), size_t(1));
    }

    // Shown at once as unverified; verified, the same list stays, and the
    // zTOC came over the network exactly once.
    void unverifiedThenVerified()
    {
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache-verified");
        Shown w;
        QSignalSpy verified(w.session, &ImageSession::verified);
        QVERIFY(w.open(m_repo + QStringLiteral(":t-soci")));
        QVERIFY(verified.wait(30000));
        QVERIFY(w.shownUnverified());
        QCOMPARE(verified.first().at(0).toBool(), false); // the preview was the verified list
        QVERIFY(w.files->isTreeShown());
        QVERIFY(w.files->treeModel()->indexOfPath(QStringLiteral("/etc/tamper-me")).isValid());
        QVERIFY2(w.files->filterBar()->verificationMark().contains(QStringLiteral("verified")),
                 qPrintable(w.files->filterBar()->verificationMark()));
        QCOMPARE(w.session->image()->stats().ztocBytes.load(), static_cast<std::uint64_t>(m_ztocs[0].size));
        QVERIFY(!child<MessageBar>(w.window, "messageBar")->isVisible());
        w.window.close();
    }

    // One byte of a name changed in the zTOC on every fetch: the list read
    // from its TOC region shows (marked unverified), then goes, with the error.
    void tamperedListIsTakenAway()
    {
        const QByteArray blob = storedBlob(m_registry, m_ztocs[0].digest);
        const qint64 at0 = blob.indexOf("tamper-me");
        QVERIFY(at0 > 0);
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"" + m_ztocs[0].digest.toUtf8() +
                                 "\"},\"every\":true,\"action\":{\"corrupt_blob\":{\"offset\":" +
                                 QByteArray::number(at0) + ",\"xor\":32}}}]"));
        // A cache of its own: the zTOC verified above would be used from it.
        qputenv("SOCISCOPE_CACHE_DIR", QFile::encodeName(home()) + "/cache-tampered");
        Shown w;
        QSignalSpy failed(w.session, &ImageSession::verifyFailed);
        QVERIFY(w.open(m_proxy.address() + QStringLiteral("/verify/files:t-soci")));
        QVERIFY(failed.wait(30000));
        QVERIFY(w.shownUnverified());
        // Taken away: no list, no name, the error in the bar and in place of the tree.
        QVERIFY(!w.files->isTreeShown());
        QVERIFY(!w.session->mergedTree());
        QCOMPARE(w.session->state(), ImageSession::State::Failed);
        QVERIFY(!w.files->treeModel()->indexOfPath(QStringLiteral("/etc/Tamper-me")).isValid());
        QVERIFY2(w.files->filterBar()->verificationMark().contains(QStringLiteral("not verified")),
                 qPrintable(w.files->filterBar()->verificationMark()));
        QTRY_VERIFY(child<MessageBar>(w.window, "messageBar")->isVisible());
        w.window.close();
        QVERIFY(m_proxy.setRules("[]"));
    }
};

QTEST_MAIN(TestFilesVerify)
#include "test_files_verify.moc"
