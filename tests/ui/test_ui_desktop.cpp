// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Desktop integration: what a file manager, a shell or a drop hands over
// becomes a reference; a second `sociscope` gives its references to the
// running one (also past a stale socket) and exits; the running binary opens
// what it is handed; drops on the window open images and folders; desktop
// notifications reach org.freedesktop.Notifications on a private
// dbus-daemon, and nothing fails without a bus.
#include "app/mainwindow.h"
#include "app/notifier.h"
#include "app/services.h"
#include "app/singleinstance.h"
#include "findchild.h"
#include "jobs/extractjob.h"
#include "pages/files/filespage.h"
#include "pages/image/imagepage.h"
#include "pages/tagspage.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"
#include "widgets/referenceinput.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QLocalSocket>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

// A stand-in for the desktop's notification daemon.
class FakeNotifications final : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call {
        QString app, icon, summary, body;
        QVariantMap hints;
    };
    QList<Call> calls;

public slots:
    uint Notify(const QString& app, uint replaces, const QString& icon, const QString& summary, const QString& body,
                const QStringList& actions, const QVariantMap& hints, int timeout)
    {
        Q_UNUSED(replaces)
        Q_UNUSED(actions)
        Q_UNUSED(timeout)
        calls.append({app, icon, summary, body, hints});
        return 100 + static_cast<uint>(calls.size());
    }
};

class TestUiDesktop final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_home{"sociscope-ui-desktop"};
    QString home() const { return QString::fromStdString(m_home.path()); }
    QString runtime() const { return home() + QStringLiteral("/runtime"); }
    QString layout() const { return home() + QStringLiteral("/layout"); }
    static QString gui() { return QString::fromStdString(binDir()) + QStringLiteral("/sociscope"); }

    QProcessEnvironment childEnv(const QString& name) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home() + QStringLiteral("/config-") + name);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home() + QStringLiteral("/data-") + name);
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home() + QStringLiteral("/cache-") + name);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("SOCISCOPE_NO_DAEMON"), QStringLiteral("1"));
        return env;
    }

    // Runs `sociscope args` from cwd as a second start; its exit code.
    int secondStart(const QStringList& args, const QString& cwd) const
    {
        QProcess p;
        p.setProcessEnvironment(childEnv(QStringLiteral("second")));
        p.setWorkingDirectory(cwd);
        p.start(gui(), args);
        if (!p.waitForStarted(10000))
            return -2;
        // The answer comes from this thread's event loop (the primary is here).
        QElapsedTimer t;
        t.start();
        while (p.state() != QProcess::NotRunning && t.elapsed() < 20000)
            QTest::qWait(20);
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(5000);
            return -1;
        }
        if (p.exitCode() != 0)
            qWarning() << p.readAllStandardError();
        return p.exitCode();
    }

    // Leaves a socket file that nobody listens on, as a crashed instance does.
    static bool makeStaleSocket(const QString& path)
    {
        const QByteArray p = QFile::encodeName(path);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        if (static_cast<size_t>(p.size()) >= sizeof(addr.sun_path))
            return false;
        std::memcpy(addr.sun_path, p.constData(), static_cast<size_t>(p.size()));
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0)
            return false;
        const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
        ::close(fd);
        return ok && QFileInfo::exists(path);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(runtime()));
        QFile::setPermissions(runtime(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(home() + QStringLiteral("/config")));
        qputenv("XDG_DATA_HOME", QFile::encodeName(home() + QStringLiteral("/data")));
        qputenv("XDG_CACHE_HOME", QFile::encodeName(home() + QStringLiteral("/cache")));
        qputenv("DBUS_SESSION_BUS_ADDRESS", QFile::encodeName(QStringLiteral("unix:path=") + home() + QStringLiteral("/no-bus")));
        QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
        QCoreApplication::setApplicationName(QStringLiteral("Sociscope"));
        QVERIFY(QDir().mkpath(layout()));
        QFile index(layout() + QStringLiteral("/index.json"));
        QVERIFY(index.open(QIODevice::WriteOnly));
        index.write("{\"schemaVersion\":2,\"manifests\":[]}");
    }

    void argumentsBecomeReferences()
    {
        const QString cwd = home();
        QCOMPARE(ReferenceInput::fromArgument(QStringLiteral("ubuntu"), cwd), QStringLiteral("ubuntu"));
        QCOMPARE(ReferenceInput::fromArgument(QStringLiteral("127.0.0.1:5000/a/b:1"), cwd),
                 QStringLiteral("127.0.0.1:5000/a/b:1"));
        // A folder, as a file manager passes it (%U or %F), or its index.json.
        QCOMPARE(ReferenceInput::fromArgument(layout(), cwd), QStringLiteral("oci:") + layout());
        QCOMPARE(ReferenceInput::fromArgument(QUrl::fromLocalFile(layout()).toString(), cwd),
                 QStringLiteral("oci:") + layout());
        QCOMPARE(ReferenceInput::fromArgument(layout() + QStringLiteral("/index.json"), cwd),
                 QStringLiteral("oci:") + layout());
        QCOMPARE(ReferenceInput::fromArgument(QStringLiteral("./layout"), cwd), QStringLiteral("oci:") + layout());
        // Relative oci: paths are made absolute (the running instance has another cwd); tags stay.
        QCOMPARE(ReferenceInput::fromArgument(QStringLiteral("oci:layout:v1"), cwd),
                 QStringLiteral("oci:") + layout() + QStringLiteral(":v1"));
        QCOMPARE(ReferenceInput::fromArgument(QStringLiteral("oci:/abs/x:v1"), cwd), QStringLiteral("oci:/abs/x:v1"));
        // "layout" without ./ is a Docker Hub name even beside a folder of that name.
        QCOMPARE(ReferenceInput::fromArgument(QStringLiteral("layout"), cwd), QStringLiteral("layout"));
    }

    void dropsBecomeReferences()
    {
        QMimeData folder;
        folder.setUrls({QUrl::fromLocalFile(layout())});
        QCOMPARE(ReferenceInput::fromMimeData(&folder), QStringLiteral("oci:") + layout());
        QMimeData text;
        text.setText(QStringLiteral("\n  public.ecr.aws/deep-learning-containers/vllm:0.9 \nsecond line"));
        QCOMPARE(ReferenceInput::fromMimeData(&text), QStringLiteral("public.ecr.aws/deep-learning-containers/vllm:0.9"));
        QMimeData sentence;
        sentence.setText(QStringLiteral("hello there"));
        QCOMPARE(ReferenceInput::fromMimeData(&sentence), QString());
        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("https://example.com/x"))});
        QCOMPARE(ReferenceInput::fromMimeData(&remote), QString());
        QCOMPARE(ReferenceInput::fromMimeData(nullptr), QString());
    }

    void dropOnTheWindowOpens()
    {
        Services services;
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QPoint at = window.rect().center();

        // A layout folder from a file manager: its images (tag families).
        QMimeData folder;
        folder.setUrls({QUrl::fromLocalFile(layout())});
        QDragEnterEvent enter(at, Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &folder, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(QString::fromStdString(child<TagsPage>(window, "tagsPage")->repository().layoutPath), layout());

        // A reference as text: the image.
        QMimeData text;
        text.setText(QStringLiteral("oci:") + layout() + QStringLiteral(":v2"));
        QDragEnterEvent enterText(at, Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enterText);
        QVERIFY(enterText.isAccepted());
        QDropEvent dropText(QPointF(at), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &dropText);
        const oci::Reference& shown = child<ImagePage>(window, "imagePage")->reference();
        QCOMPARE(shown.tag, std::string("v2"));
        QCOMPARE(QString::fromStdString(shown.layoutPath), layout());

        // Prose is refused.
        QMimeData prose;
        prose.setText(QStringLiteral("not a reference at all"));
        QDragEnterEvent enterProse(at, Qt::CopyAction, &prose, Qt::LeftButton, Qt::NoModifier);
        enterProse.ignore();
        QApplication::sendEvent(&window, &enterProse);
        QVERIFY(!enterProse.isAccepted());
        window.close();
    }

    void secondStartHandsOver()
    {
        auto primary = std::make_unique<SingleInstance>();
        QCOMPARE(primary->socketPath(), runtime() + QStringLiteral("/sociscope/gui.sock"));
        QCOMPARE(primary->claim({}), SingleInstance::Role::Primary);
        QSignalSpy received(primary.get(), &SingleInstance::referencesReceived);

        // A relative folder from another working directory arrives absolute.
        QCOMPARE(secondStart({QStringLiteral("./layout")}, home()), 0);
        QCOMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toStringList(), QStringList{QStringLiteral("oci:") + layout()});
        // Several (a file manager's %U), in order.
        QCOMPARE(secondStart({QUrl::fromLocalFile(layout()).toString(), QStringLiteral("ubuntu:24.04")}, QDir::rootPath()), 0);
        QCOMPARE(received.count(), 2);
        QCOMPARE(received.at(1).at(0).toStringList(),
                 (QStringList{QStringLiteral("oci:") + layout(), QStringLiteral("ubuntu:24.04")}));
        // None: the window is only raised.
        QCOMPARE(secondStart({}, home()), 0);
        QCOMPARE(received.count(), 3);
        QCOMPARE(received.at(2).at(0).toStringList(), QStringList());

        // A request that is not ours is dropped, and the instance keeps serving.
        {
            QLocalSocket junk;
            junk.connectToServer(primary->socketPath());
            QVERIFY(junk.waitForConnected(5000));
            junk.write("GET / HTTP/1.0\r\n\r\n");
            QVERIFY(junk.waitForBytesWritten(5000));
            QTRY_COMPARE_WITH_TIMEOUT(junk.state(), QLocalSocket::UnconnectedState, 10000);
        }
        QCOMPARE(received.count(), 3);

        // The socket goes with the instance.
        const QString path = primary->socketPath();
        primary.reset();
        QVERIFY(!QFileInfo::exists(path));
    }

    void staleSocketIsReplaced()
    {
        const QString path = SingleInstance::defaultSocketPath();
        QVERIFY(makeStaleSocket(path));
        SingleInstance primary;
        QCOMPARE(primary.claim({}), SingleInstance::Role::Primary);
        QSignalSpy received(&primary, &SingleInstance::referencesReceived);
        QCOMPARE(secondStart({QStringLiteral("oci:layout:latest")}, home()), 0);
        QCOMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toStringList(),
                 QStringList{QStringLiteral("oci:") + layout() + QStringLiteral(":latest")});
    }

    void runningBinaryOpensWhatItIsHanded()
    {
        // The real app as the first instance; this test is the second start.
        QProcess app;
        app.setProcessEnvironment(childEnv(QStringLiteral("first")));
        app.start(gui(), {QStringLiteral("oci:") + layout() + QStringLiteral(":first")});
        QVERIFY(app.waitForStarted(10000));
        const QString path = SingleInstance::defaultSocketPath();
        const auto listening = [&] {
            QLocalSocket s;
            s.connectToServer(path);
            return s.waitForConnected(200);
        };
        QTRY_VERIFY_WITH_TIMEOUT(listening() || app.state() == QProcess::NotRunning, 30000);
        QVERIFY2(app.state() == QProcess::Running, app.readAllStandardError().constData());

        SingleInstance second;
        QCOMPARE(second.claim({QStringLiteral("oci:") + layout() + QStringLiteral(":handed")}),
                 SingleInstance::Role::HandedOver);
        // The window opened it: it remembers where the user is.
        const QString conf = home() + QStringLiteral("/config-first/Sociscope/Sociscope.conf");
        const auto last = [&] {
            return QSettings(conf, QSettings::IniFormat).value(QStringLiteral("last/reference")).toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(last(), QStringLiteral("oci:") + layout() + QStringLiteral(":handed"), 20000);
        app.terminate();
        if (!app.waitForFinished(10000)) {
            app.kill();
            app.waitForFinished(5000);
        }
    }

    void notifierDecides()
    {
        QVERIFY(!Notifier::worthNotifying(60000, true));  // the user watched it end
        QVERIFY(!Notifier::worthNotifying(2000, false));  // too short to have looked away
        QVERIFY(Notifier::worthNotifying(Notifier::defaultMinimumMs, false));
        QVERIFY(Notifier::worthNotifying(500, false, 100));
    }

    void notifierWithoutABus()
    {
        // DBUS_SESSION_BUS_ADDRESS points nowhere here.
        Notifier notifier;
        QSignalSpy failed(&notifier, &Notifier::notifyFailed);
        QVERIFY(!notifier.hasBus());
        QVERIFY(!notifier.notify(QStringLiteral("Extraction finished"), QStringLiteral("3 files")));
        QVERIFY(!notifier.notifyIfUnattended(nullptr, 60000, QStringLiteral("x"), QStringLiteral("y")));
        QCOMPARE(failed.count(), 0);
        // Nor with no address at all (no dbus-launch autolaunch).
        const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        Notifier none;
        QVERIFY(!none.hasBus());
        qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
    }

    void notificationReachesTheService()
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty())
            QSKIP("dbus-daemon is not installed (Debian package dbus-daemon)");
        QProcess bus;
        bus.start(daemon, {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--nopidfile"),
                           QStringLiteral("--print-address=1"),
                           QStringLiteral("--address=unix:path=") + home() + QStringLiteral("/bus")});
        QVERIFY(bus.waitForStarted(5000));
        const auto stop = qScopeGuard([&] {
            bus.kill(); // by its PID, through QProcess
            bus.waitForFinished(5000);
        });
        QTRY_VERIFY_WITH_TIMEOUT(bus.canReadLine() || bus.state() == QProcess::NotRunning, 10000);
        const QString address = QString::fromUtf8(bus.readLine()).trimmed();
        QVERIFY2(address.startsWith(QStringLiteral("unix:")), qPrintable(address));

        QDBusConnection client = QDBusConnection::connectToBus(address, QStringLiteral("test-client"));
        QVERIFY(client.isConnected());
        // No notification service yet: the failure is reported, not thrown.
        Notifier notifier(client);
        QSignalSpy failed(&notifier, &Notifier::notifyFailed);
        QSignalSpy notified(&notifier, &Notifier::notified);
        QVERIFY(notifier.notify(QStringLiteral("Nobody"), QStringLiteral("listens")));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);

        QDBusConnection service = QDBusConnection::connectToBus(address, QStringLiteral("test-service"));
        QVERIFY(service.isConnected());
        FakeNotifications fake;
        QVERIFY(service.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &fake,
                                       QDBusConnection::ExportAllSlots));
        QVERIFY(service.registerService(QStringLiteral("org.freedesktop.Notifications")));

        QVERIFY(notifier.notify(QStringLiteral("Extraction finished"), QStringLiteral("Extracted 3 files, 12 KiB.")));
        QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, 10000);
        QCOMPARE(notified.front().at(0).toUInt(), 101u);
        QCOMPARE(fake.calls.size(), 1);
        QCOMPARE(fake.calls[0].summary, QStringLiteral("Extraction finished"));
        QCOMPARE(fake.calls[0].body, QStringLiteral("Extracted 3 files, 12 KiB."));
        QCOMPARE(fake.calls[0].icon, QStringLiteral("io.github.sociscope.Sociscope"));
        QCOMPARE(fake.calls[0].hints.value(QStringLiteral("desktop-entry")).toString(),
                 QStringLiteral("io.github.sociscope.Sociscope"));

        // The main window announces a long extraction that ends while the
        // user looks at another window; not a short one, a cancelled one, or
        // one the user watched end.
        Services services;
        MainWindow window(services);
        child<Notifier>(window, "notifier")->setBus(client);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QWidget other;
        other.show();
        QVERIFY(QTest::qWaitForWindowExposed(&other));
        FilesPage* files = child<ImagePage>(window, "imagePage")->filesPage();
        ExtractOutcome out;
        out.elapsedMs = 60000;
        out.result.files = 3;
        out.result.bytes = 12288;

        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(Notifier::isWatched(files)); // any widget of the window
        emit files->extractFinished(out);
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        QVERIFY(!window.isActiveWindow());
        QVERIFY(!Notifier::isWatched(files));
        ExtractOutcome quick = out;
        quick.elapsedMs = 500;
        emit files->extractFinished(quick);
        ExtractOutcome cancelled = out;
        cancelled.cancelled = true;
        emit files->extractFinished(cancelled);
        emit files->extractFinished(out);
        QTRY_COMPARE_WITH_TIMEOUT(fake.calls.size(), 2, 10000);
        QTest::qWait(200); // nothing else on its way
        QCOMPARE(fake.calls.size(), 2);
        QCOMPARE(fake.calls[1].summary, QStringLiteral("Extraction finished"));
        QVERIFY2(fake.calls[1].body.startsWith(QStringLiteral("Extracted 3 file")), qPrintable(fake.calls[1].body));
        ExtractOutcome failedOut = out;
        failedOut.error = QStringLiteral("disk full");
        emit files->extractFinished(failedOut);
        QTRY_COMPARE_WITH_TIMEOUT(fake.calls.size(), 3, 10000);
        QCOMPARE(fake.calls[2].summary, QStringLiteral("Extraction failed"));
        QCOMPARE(fake.calls[2].body, QStringLiteral("disk full"));
        window.close();

        service.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
        QDBusConnection::disconnectFromBus(QStringLiteral("test-service"));
        QDBusConnection::disconnectFromBus(QStringLiteral("test-client"));
    }
};

QTEST_MAIN(TestUiDesktop)
#include "test_ui_desktop.moc"
