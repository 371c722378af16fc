// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Mount, Run and the live fetch views end to end, as root, with real parts:
// Debian's docker-registry, a system sociscoped started by the test on a
// private socket (stopped by its PID), FUSE and Debian's runc. The image is
// the run tests' busybox image plus 12 MiB of noise, converted with 1 MiB
// spans. Mount lists what `sociscopectl ls` lists; reading part of the noise
// through the mount moves the chart and colours exactly that file's spans;
// Run prints the image's greeting in the console dock and exit code 0;
// stderr is told apart, stdin reaches the run, Stop ends `sleep 100` within
// a bound, a flood of output leaves the event loop responsive, and with only
// a user daemon the Run button is disabled and says how to start the system one.
#include "app/mainwindow.h"
#include "app/services.h"
#include "daemontest.h"
#include "dialogs/mountdialog.h"
#include "docks/fetchpanel.h"
#include "docks/mountspanel.h"
#include "docks/runconsole.h"
#include "findchild.h"
#include "models/layermodel.h"
#include "pages/files/filespage.h"
#include "pages/files/previewpane.h"
#include "pages/image/imagepage.h"
#include "testenv.h"
#include "widgets/fetchchart.h"
#include "widgets/messagebar.h"

#include "util/files.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTextBlock>
#include <QTimer>
#include <QTreeView>
#include <QtTest>

#include <set>
#include <sys/stat.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

class TestMountRunE2e final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    DaemonProcess m_daemon;
    files::TempDir m_home { "sociscope-mount-run" };
    QString m_ref;
    QString m_mountpoint;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<MainWindow> m_window;

    QString home() const { return QString::fromStdString(m_home.path()); }

    // A console tab for the image shown, with this command line, started.
    RunTab* startRun(const QString& command)
    {
        RunConsole* console = child<RunConsole>(*m_window, "runConsole");
        const int before = console->count();
        m_window->runShownImage();
        if (console->count() != before + 1)
            return nullptr;
        RunTab* tab = console->currentTab();
        if (!command.isEmpty())
            tab->commandEdit()->setText(command);
        return tab->start() ? tab : nullptr;
    }

    static bool waitEnded(RunTab* tab, int timeoutMs)
    {
        return QTest::qWaitFor([tab] { return !tab->isRunning(); }, timeoutMs);
    }

    static QString outputOf(RunTab* tab) { return tab->output()->toPlainText(); }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: runs need the system daemon (runc, overlayfs)");
        if (!QFile::exists(QStringLiteral("/dev/fuse"))
            || QStandardPaths::findExecutable(QStringLiteral("fusermount3")).isEmpty()
            || QStandardPaths::findExecutable(QStringLiteral("runc")).isEmpty()
            || !QFile::exists(QStringLiteral("/bin/busybox")))
            QSKIP("needs /dev/fuse, fusermount3, runc and busybox-static");
        const QByteArray h = QFile::encodeName(home());
        qputenv("XDG_CONFIG_HOME", h + "/config");
        qputenv("XDG_DATA_HOME", h + "/data");
        qputenv("XDG_CACHE_HOME", h + "/cache");
        qputenv("DOCKER_CONFIG", h + "/docker");
        QVERIFY(QDir().mkpath(home() + QStringLiteral("/run")));
        QFile::setPermissions(
            home() + QStringLiteral("/run"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", h + "/run");
        QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
        QCoreApplication::setApplicationName(QStringLiteral("SociscopeMountRunTest"));

        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        auto r = makeBusyboxImage(home() + QStringLiteral("/image"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString repo = m_registry.address() + QStringLiteral("/gui/busybox");
        r = ctl({ QStringLiteral("copy"), QStringLiteral("oci:") + home() + QStringLiteral("/image:t"),
            repo + QStringLiteral(":t") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = ctl({ QStringLiteral("index"), QStringLiteral("convert"), repo + QStringLiteral(":t"),
            repo + QStringLiteral(":t-soci"), QStringLiteral("--span-size"), QStringLiteral("1048576") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_ref = repo + QStringLiteral(":t-soci");

        // The system daemon of this test; the window finds it through SOCISCOPE_SOCKET.
        QVERIFY2(m_daemon.start(home() + QStringLiteral("/daemon")), m_daemon.log().constData());
        qputenv("SOCISCOPE_SOCKET", QFile::encodeName(m_daemon.socket()));
        qputenv(
            "SOCISCOPE_DAEMON", QFile::encodeName(QString::fromStdString(binDir()) + QStringLiteral("/sociscoped")));

        m_services = std::make_unique<Services>();
        m_window = std::make_unique<MainWindow>(*m_services);
        child<MountsPanel>(*m_window, "mountsPanel")->setOpensFileManager(false);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy settled(child<ImagePage>(*m_window, "imagePage"), &ImagePage::settled);
        m_window->openImage(*oci::Reference::parse(m_ref.toStdString()));
        QVERIFY(settled.wait(30000));
        // The root daemon runs containers: Run is offered, with the image's command.
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(*m_window, "runButton")->isEnabled(), 10000);
        QVERIFY(child<QPushButton>(*m_window, "mountButton")->isEnabled());
    }

    void cleanupTestCase()
    {
        m_window.reset(); // tabs go: live runs are stopped by the daemon
        if (m_services)
            m_services->jobs().waitForDone();
        m_services.reset();
        if (!m_mountpoint.isEmpty())
            forceUnmount(m_mountpoint);
        m_daemon.stop();
    }

    // Reads in the window itself reach the chart: what opening the image
    // fetched before anything could subscribe (documents, zTOCs, the small
    // layer fetched whole to list it), then a preview's span.
    void inProcessReadsAreCharted()
    {
        FetchPanel* fetches = child<FetchPanel>(*m_window, "fetchPanel");
        QVERIFY(!fetches->isListening()); // no daemon events yet: all of this is in-process
        ImagePage* page = child<ImagePage>(*m_window, "imagePage");
        page->showTab(ImagePage::TabFiles);
        FilesPage* files = page->filesPage();
        QTRY_VERIFY_WITH_TIMEOUT(files->isTreeShown(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(fetches->timeline().total(FetchTimeline::Index) > 0, 10000);
        QVERIFY(fetches->timeline().total(FetchTimeline::Ztoc) > 0);
        QVERIFY(fetches->timeline().total(FetchTimeline::WholeLayers) > 0);
        QCOMPARE(fetches->spanMap().touched(), 0);
        // A preview of the noise reads its first span, on demand.
        QVERIFY(files->reveal(QStringLiteral("/opt/padding.bin")));
        QTRY_VERIFY_WITH_TIMEOUT(files->isPreviewSettled() && !files->preview()->isFetching(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(fetches->spanMap().cell(1, 0), SpanMapModel::Cell::OnDemand, 10000);
        QVERIFY(fetches->timeline().total(FetchTimeline::Spans) > 0);
        page->showTab(ImagePage::TabLayers);
    }

    void mountListsWhatTheCliLists()
    {
        MountsPanel* mounts = child<MountsPanel>(*m_window, "mountsPanel");
        FetchPanel* fetches = child<FetchPanel>(*m_window, "fetchPanel");
        QSignalSpy mounted(mounts, &MountsPanel::mounted);
        QSignalSpy failed(mounts, &MountsPanel::mountFailed);
        const QString folder = MountsPanel::defaultFolder(*oci::Reference::parse(m_ref.toStdString()));
        QVERIFY2(folder.startsWith(home() + QStringLiteral("/run/")), qPrintable(folder));
        const auto spec = child<ImagePage>(*m_window, "imagePage")->runSpec();
        QVERIFY(spec);
        mounts->mountImage(spec->ref, spec->platform, spec->plainHttp, spec->insecure, folder);
        QVERIFY2(mounted.wait(60000), failed.isEmpty() ? "no answer" : qPrintable(failed.first().at(0).toString()));
        m_mountpoint = mounted.first().at(0).toString();
        QCOMPARE(m_mountpoint, QFileInfo(folder).canonicalFilePath());
        QVERIFY(isMounted(m_mountpoint));
        // Listed in the Mounts dock.
        QTRY_VERIFY_WITH_TIMEOUT(mounts->model()->rowOf(m_mountpoint) >= 0, 10000);
        QCOMPARE(mounts->model()->mount(mounts->model()->rowOf(m_mountpoint)).reference, m_ref);

        // Reading 2 MiB from the middle of the noise through the mount: the
        // daemon streams its fetches, the chart moves, the span map colours
        // that file's spans, and only those.
        child<QDockWidget>(*m_window, "fetchesDock")->show();
        QVERIFY(fetches->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(fetches->isListening(), 10000); // since the mount
        const int noise = 1; // the padding layer
        QTRY_VERIFY_WITH_TIMEOUT(fetches->spanMap().spanCount(noise) >= 12, 10000);
        std::vector<SpanMapModel::Cell> before; // the preview's, in-process
        for (int s = 0; s < fetches->spanMap().spanCount(noise); ++s)
            before.push_back(fetches->spanMap().cell(noise, s));
        const QString file = m_mountpoint + QStringLiteral("/opt/padding.bin");
        const auto dd = run(QStringLiteral("dd"),
            { QStringLiteral("if=") + file, QStringLiteral("of=/dev/null"), QStringLiteral("bs=1M"),
                QStringLiteral("skip=5"), QStringLiteral("count=2"), QStringLiteral("iflag=fullblock") },
            60000);
        QVERIFY2(dd.exitCode == 0, dd.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(fetches->spanMap().count(noise, SpanMapModel::Cell::OnDemand) >= 3, 15000);
        fetches->sample();
        QVERIFY(fetches->timeline().total(FetchTimeline::Spans) >= 2u << 20);
        QVERIFY(fetches->chart()->pointCount(FetchTimeline::Spans) >= 2);
        QVERIFY2(fetches->summaryText().contains(QStringLiteral(" of ")), qPrintable(fetches->summaryText()));
        for (int s = 0; s < fetches->spanMap().spanCount(noise); ++s)
            if (fetches->spanMap().cell(noise, s) != before[static_cast<std::size_t>(s)]) {
                // Every coloured cell holds the file read: bytes 5 to 7 MiB of
                // its data, in spans of about 1 MiB, and the spans read ahead.
                QVERIFY2(fetches->spanMap().describe(noise, s).contains(QStringLiteral("/opt/padding.bin")),
                    qPrintable(fetches->spanMap().describe(noise, s)));
                QVERIFY2(s >= 4, qPrintable(QString::number(s))); // nothing before the read's first span
            }

        // The same files as the CLI lists, read through the kernel (a child;
        // it reads every file, so it goes after the span check).
        const auto walked = fswalk({ QStringLiteral("walk"), m_mountpoint });
        QCOMPARE(walked.exitCode, 0);
        std::set<QString> mine;
        for (const auto& [path, entry] : byPath(walked.out))
            mine.insert(path);
        const auto ls
            = ctl({ QStringLiteral("ls"), m_ref, QStringLiteral("/"), QStringLiteral("-R"), QStringLiteral("--json") });
        QVERIFY2(ls.exitCode == 0, ls.err.constData());
        std::set<QString> cli;
        for (const auto& v : QJsonDocument::fromJson(ls.out).object().value(QStringLiteral("entries")).toArray())
            cli.insert(v.toObject().value(QStringLiteral("path")).toString());
        QVERIFY(cli.count(QStringLiteral("/opt/padding.bin")));
        QVERIFY(cli.count(QStringLiteral("/srv/greeting")));
        QCOMPARE(mine, cli);

        // Unmount from the dock.
        QSignalSpy unmounted(mounts, &MountsPanel::unmounted);
        mounts->unmount(m_mountpoint);
        QVERIFY(unmounted.wait(30000));
        QVERIFY(waitForMount(m_mountpoint, false, 10000, [this] { return m_daemon.running(); }));
        QTRY_VERIFY_WITH_TIMEOUT(mounts->model()->rowOf(m_mountpoint) < 0, 10000);
        m_mountpoint.clear();
    }

    // The way a person does it: Mount… on the page, a folder typed in the
    // dialog (created when missing), the Mounts dock shows it; Unmount there.
    void mountThroughTheDialog()
    {
        MountsPanel* mounts = child<MountsPanel>(*m_window, "mountsPanel");
        const QString folder = home() + QStringLiteral("/typed/in/here");
        QSignalSpy mounted(mounts, &MountsPanel::mounted);
        QTimer::singleShot(0, this, [folder] {
            auto* dialog = qobject_cast<MountDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            auto* edit = dialog->findChild<QLineEdit*>();
            // The suggestion is under the runtime folder.
            if (edit->text().startsWith(QString::fromLocal8Bit(qgetenv("XDG_RUNTIME_DIR"))))
                edit->setText(folder);
            dialog->accept();
        });
        QTest::mouseClick(child<QPushButton>(*m_window, "mountButton"), Qt::LeftButton);
        QVERIFY(mounted.wait(60000));
        m_mountpoint = mounted.first().at(0).toString();
        QCOMPARE(m_mountpoint, folder);
        QVERIFY(child<QDockWidget>(*m_window, "mountsDock")->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(mounts->model()->rowOf(folder) >= 0, 10000);
        const auto read = fswalk({ QStringLiteral("read"), folder + QStringLiteral("/srv/greeting") });
        QCOMPARE(read.exitCode, 0);
        // Unmount with the dock's button.
        mounts->view()->setCurrentIndex(mounts->model()->index(mounts->model()->rowOf(folder), 0));
        auto* button = mounts->findChild<QPushButton*>(QStringLiteral("unmountButton"));
        QVERIFY(button && button->isEnabled());
        QSignalSpy unmounted(mounts, &MountsPanel::unmounted);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(unmounted.wait(30000));
        QVERIFY(waitForMount(folder, false, 10000, [this] { return m_daemon.running(); }));
        m_mountpoint.clear();
    }

    // With no file manager to open it (no xdg-open on PATH), Mount… says
    // where the image is mounted, with a button that copies the path,
    // rather than succeeding silently.
    void mountWithoutAFileManagerSaysWhere()
    {
        MountsPanel* mounts = child<MountsPanel>(*m_window, "mountsPanel");
        auto* bar = child<MessageBar>(*m_window, "messageBar");
        const QByteArray path = qgetenv("PATH");
        QVERIFY(QDir().mkpath(home() + QStringLiteral("/no-launcher")));
        qputenv("PATH", QFile::encodeName(home() + QStringLiteral("/no-launcher")));
        mounts->setOpensFileManager(true);
        const auto restore = qScopeGuard([&] {
            qputenv("PATH", path);
            mounts->setOpensFileManager(false);
        });
        const QString folder = home() + QStringLiteral("/no-file-manager");
        QTimer::singleShot(0, this, [folder] {
            if (auto* dialog = qobject_cast<MountDialog*>(QApplication::activeModalWidget())) {
                dialog->findChild<QLineEdit*>()->setText(folder);
                dialog->accept();
            }
        });
        QSignalSpy mounted(mounts, &MountsPanel::mounted);
        QTest::mouseClick(child<QPushButton>(*m_window, "mountButton"), Qt::LeftButton);
        QVERIFY(mounted.wait(60000));
        m_mountpoint = folder;
        QCOMPARE(mounted.first().at(0).toString(), folder);
        QVERIFY(bar->isVisible());
        QVERIFY2(bar->text().contains(folder), qPrintable(bar->text()));
        auto* copy = child<QPushButton>(*bar, "messageCopy");
        QVERIFY(copy->isVisible());
        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), folder);
        QSignalSpy unmounted(mounts, &MountsPanel::unmounted);
        mounts->unmount(folder);
        QVERIFY(unmounted.wait(30000));
        QVERIFY(waitForMount(folder, false, 10000, [this] { return m_daemon.running(); }));
        m_mountpoint.clear();
    }

    void runPrintsOutputAndExitCode()
    {
        // The image's entrypoint and command, prefilled and quoted.
        m_window->runShownImage();
        RunTab* tab = child<RunConsole>(*m_window, "runConsole")->currentTab();
        QVERIFY(tab);
        QCOMPARE(tab->commandEdit()->text(), QStringLiteral("/bin/sh -c 'cat /srv/greeting'"));
        QVERIFY(child<QDockWidget>(*m_window, "consoleDock")->isVisible());
        QVERIFY(tab->start());
        QVERIFY(waitEnded(tab, 60000));
        QVERIFY2(tab->statusText().startsWith(QStringLiteral("Exited with code 0")), qPrintable(tab->statusText()));
        QCOMPARE(outputOf(tab), QString::fromLatin1(BusyboxGreeting));
        QCOMPARE(tab->session()->exitCode(), 0);
        // The run's fetches reached the chart through the daemon's stream.
        FetchPanel* fetches = child<FetchPanel>(*m_window, "fetchPanel");
        QTRY_VERIFY_WITH_TIMEOUT(fetches->timeline().networkBytes() > 0, 10000);
    }

    void stderrExitCodesAndInput()
    {
        // The console says a run ended, and whether it failed, for the notifier.
        QSignalSpy ended(child<RunConsole>(*m_window, "runConsole"), &RunConsole::runEnded);
        RunTab* tab = startRun(QStringLiteral("/bin/sh -c 'echo to-out; echo to-err >&2; exit 3'"));
        QVERIFY(tab);
        QVERIFY(waitEnded(tab, 60000));
        QCOMPARE(tab->session()->exitCode(), 3);
        QVERIFY2(tab->statusText().startsWith(QStringLiteral("Exited with code 3")), qPrintable(tab->statusText()));
        QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 5000);
        QVERIFY(ended.at(0).at(1).toBool()); // failed: exit code 3
        QCOMPARE(ended.at(0).at(2).toString(), tab->statusText());
        QVERIFY(ended.at(0).at(3).toLongLong() >= 0);
        QVERIFY(!ended.at(0).at(0).toString().isEmpty()); // the tab's title
        // stderr is shown in another colour than stdout.
        QTextDocument* doc = tab->output()->document();
        QColor outColor, errColor;
        for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                if (it.fragment().text().contains(QStringLiteral("to-out")))
                    outColor = it.fragment().charFormat().foreground().color();
                if (it.fragment().text().contains(QStringLiteral("to-err")))
                    errColor = it.fragment().charFormat().foreground().color();
            }
        QVERIFY(errColor.isValid());
        QVERIFY(outColor != errColor);

        // A line typed in reaches the run's stdin.
        tab = startRun(QStringLiteral("/bin/sh -c 'read line; echo \"got [$line]\"'"));
        QVERIFY(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == RunSession::State::Running, 60000);
        tab->inputEdit()->setText(QStringLiteral("hello lazy"));
        QTest::keyClick(tab->inputEdit(), Qt::Key_Return);
        QVERIFY(waitEnded(tab, 30000));
        QCOMPARE(outputOf(tab), QStringLiteral("got [hello lazy]\n"));
        QCOMPARE(tab->session()->exitCode(), 0);

        // Bad input is refused with the reason, nothing starts.
        m_window->runShownImage();
        tab = child<RunConsole>(*m_window, "runConsole")->currentTab();
        tab->commandEdit()->setText(QStringLiteral("echo 'unclosed"));
        QVERIFY(!tab->start());
        QVERIFY2(tab->statusText().contains(QStringLiteral("not closed")), qPrintable(tab->statusText()));
        tab->commandEdit()->setText(QStringLiteral("true"));
        tab->envEdit()->setText(QStringLiteral("not-a-name=1"));
        QVERIFY(!tab->start());
        QVERIFY2(tab->statusText().contains(QStringLiteral("is not NAME=value")), qPrintable(tab->statusText()));
        QCOMPARE(tab->session()->state(), RunSession::State::Idle);
        // Overrides reach the run.
        tab->commandEdit()->setText(QStringLiteral("/bin/sh -c 'echo \"$GREETING from $FROM_IMAGE\"'"));
        tab->envEdit()->setText(QStringLiteral("GREETING='hi there'"));
        QVERIFY(tab->start());
        QVERIFY(waitEnded(tab, 60000));
        QCOMPARE(outputOf(tab), QStringLiteral("hi there from yes\n"));
    }

    // Run… puts the focus on the command line; Enter starts the run and the
    // focus moves to the input line (the command line turns read-only: no
    // cursor, the focus was unseen); when the run ends, to the output.
    void focusStaysVisibleThroughARun()
    {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->runShownImage();
        RunTab* tab = child<RunConsole>(*m_window, "runConsole")->currentTab();
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget(), tab->commandEdit(), 5000);
        tab->commandEdit()->setText(QStringLiteral("/bin/sh -c 'read line; echo \"got [$line]\"'"));
        QTest::keyClick(tab->commandEdit(), Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget(), tab->inputEdit());
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == RunSession::State::Running, 60000);
        QTest::keyClicks(tab->inputEdit(), QStringLiteral("hi"));
        QTest::keyClick(tab->inputEdit(), Qt::Key_Return);
        QVERIFY(waitEnded(tab, 30000));
        QCOMPARE(outputOf(tab), QStringLiteral("got [hi]\n"));
        QCOMPARE(QApplication::focusWidget(), tab->output());
    }

    void stopEndsASleep()
    {
        RunTab* tab = startRun(QStringLiteral("sleep 100"));
        QVERIFY(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->state() == RunSession::State::Running, 60000);
        QVERIFY(tab->stopButton()->isEnabled());
        QElapsedTimer t;
        t.start();
        QTest::mouseClick(tab->stopButton(), Qt::LeftButton);
        QVERIFY(waitEnded(tab, 20000));
        QVERIFY2(t.elapsed() < 15000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(tab->session()->state(), RunSession::State::Exited);
        // sleep as the container's init ignores SIGTERM: SIGKILL after the grace period.
        QVERIFY2(tab->session()->exitCode() == 137 || tab->session()->exitCode() == 143,
            qPrintable(QString::number(tab->session()->exitCode())));
        // The tab says it stopped, not "Exited with code 137" as if the command failed.
        QVERIFY2(tab->statusText().startsWith(QStringLiteral("Stopped · ")), qPrintable(tab->statusText()));
    }

    void floodStaysResponsive()
    {
        // 60 000 lines (about 340 KiB) as fast as the run can print them. The
        // window stays responsive because no turn of the event loop appends
        // more than RunTab::AppendBytes: checked on every change of the
        // document, not by timing the loop (which only measures the machine's
        // load). The view keeps the last MaxLines and loses nothing else.
        RunTab* tab = startRun(QStringLiteral("seq 1 60000"));
        QVERIFY(tab);
        QTextDocument* doc = tab->output()->document();
        int largestAppend = 0;
        connect(doc, &QTextDocument::contentsChange, this,
            [&largestAppend](int, int, int added) { largestAppend = std::max(largestAppend, added); });
        QVERIFY(waitEnded(tab, 60000));
        QCOMPARE(tab->session()->exitCode(), 0);
        // What was still waiting at the exit follows in slices.
        const auto lastLine = [doc] {
            return doc->lastBlock().text().isEmpty() ? doc->lastBlock().previous().text() : doc->lastBlock().text();
        };
        QTRY_COMPARE_WITH_TIMEOUT(lastLine(), QStringLiteral("60000"), 20000);
        QVERIFY2(doc->blockCount() <= RunTab::MaxLines + 1, qPrintable(QString::number(doc->blockCount())));
        QCOMPARE(tab->session()->droppedBytes(), 0u);
        QVERIFY2(largestAppend > 0 && largestAppend <= static_cast<int>(RunTab::AppendBytes),
            qPrintable(QStringLiteral("one append added %1 characters").arg(largestAppend)));
        // Several runs side by side.
        QVERIFY(child<RunConsole>(*m_window, "runConsole")->count() >= 5);
    }

    // With only a user daemon (run as nobody), Run is disabled and says why
    // and how to start the system daemon.
    void userDaemonDisablesRun()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
            QSKIP("needs setpriv (util-linux)");
        const QString d = home() + QStringLiteral("/user");
        QVERIFY(QDir().mkpath(d));
        QVERIFY(::chmod(m_home.path().c_str(), 0755) == 0);
        QVERIFY(::chown(QFile::encodeName(d).constData(), 65534, 65534) == 0);
        ChildProcess daemon;
        QVERIFY(daemon.start(QStringLiteral("setpriv"),
            { QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                QStringLiteral("--"), QString::fromStdString(binDir()) + QStringLiteral("/sociscoped"),
                QStringLiteral("-v"), QStringLiteral("--socket"), d + QStringLiteral("/sock"),
                QStringLiteral("--state-dir"), d + QStringLiteral("/state"), QStringLiteral("--cache-dir"),
                d + QStringLiteral("/cache") }));
        QVERIFY2(!daemon.waitForMatch(QStringLiteral("(serving)")).isEmpty(), daemon.output().constData());
        const QByteArray system = qgetenv("SOCISCOPE_SOCKET");
        qputenv("SOCISCOPE_SOCKET", QFile::encodeName(d + QStringLiteral("/sock")));
        ImagePage* page = child<ImagePage>(*m_window, "imagePage");
        page->checkRunAbility();
        QTRY_VERIFY_WITH_TIMEOUT(page->isRunAbilityKnown(), 10000);
        QPushButton* run = child<QPushButton>(page, "runButton");
        const QString tip = run->toolTip();
        QVERIFY(!run->isEnabled());
        QVERIFY2(tip.contains(QStringLiteral("cannot run containers")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("sudo sociscoped")), qPrintable(tip));
        // The system daemon again: Run comes back.
        qputenv("SOCISCOPE_SOCKET", system);
        daemon.stop();
        page->checkRunAbility();
        QTRY_VERIFY_WITH_TIMEOUT(page->isRunAbilityKnown() && run->isEnabled(), 10000);
    }
};

QTEST_MAIN(TestMountRunE2e)
#include "test_mount_run_e2e.moc"
