// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The daemon's parts without /dev/fuse, a registry or root: mountinfo
// parsing, the event queue, access policy, state records, mountpoint checks, and the gRPC
// service in process over its Unix socket.
#include "client.h"
#include "daemon.h"
#include "event_bus.h"
#include "mount_manager.h"
#include "lazytest.h"
#include "mount_table.h"
#include "mountpoint.h"
#include "peer.h"
#include "state_store.h"
#include "util/fd.h"
#include "util/files.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::daemon;
using namespace sociscope::test;

namespace {
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}
} // namespace

class TestDaemonUnits final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_tmp { "sociscope-daemon-units" };

private slots:
    void mountInfoParses()
    {
        const std::string text = "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                                 "42 27 0:39 / /tmp/with\\040space ro,nosuid,nodev,relatime shared:5 - fuse.sociscope "
                                 "sociscope ro,user_id=0\n"
                                 "43 42 0:40 / /tmp/with\\040space ro - fuse.sociscope sociscope ro\n"
                                 "garbage line\n";
        const auto t = parseMountInfo(text);
        QCOMPARE(t.size(), std::size_t(3));
        QCOMPARE(t[1].mountpoint, std::string("/tmp/with space"));
        QCOMPARE(t[1].fsType, std::string(kFuseFsType));
        QCOMPARE(t[1].minor, 39u);
        QCOMPARE(findMount(t, "/tmp/with space")->minor, 40u); // the topmost
        QVERIFY(!findMount(t, "/tmp"));
        QVERIFY(!readMountTable().empty());
    }

    void eventQueueDropsTheOldest()
    {
        EventQueue queue(2);
        for (int i = 0; i < 5; ++i) {
            MountEvent e;
            e.span = i;
            queue.push(e);
        }
        auto a = queue.pop(std::chrono::milliseconds(0));
        QVERIFY(a);
        QCOMPARE(a->span, 3);
        QCOMPARE(a->dropped, std::uint64_t(3));
        auto b = queue.pop(std::chrono::milliseconds(0));
        QCOMPARE(b->dropped, std::uint64_t(0));
        QVERIFY(!queue.pop(std::chrono::milliseconds(1)));
        queue.close();
        queue.push(MountEvent {});
        QVERIFY(!queue.pop(std::chrono::milliseconds(0)));

        EventBus bus;
        int got = 0;
        {
            auto handle = bus.subscribe([&](const MountEvent&) { ++got; });
            bus.publish(MountEvent {});
        }
        bus.publish(MountEvent {});
        QCOMPARE(got, 1);
    }

    void accessPolicy()
    {
        AccessPolicy system { 0, gid_t(4242), "sociscope" };
        QVERIFY(system.allows({ 1, 0, 0, {} }));
        QVERIFY(system.allows({ 1, 1000, 4242, {} }));
        QVERIFY(system.allows({ 1, 1000, 100, { 27, 4242 } }));
        QVERIFY(!system.allows({ 1, 1000, 100, { 27 } }));
        AccessPolicy rootOnly { 0, std::nullopt, {} };
        QVERIFY(!rootOnly.allows({ 1, 1000, 4242, { 4242 } }));
        AccessPolicy user { 1000, std::nullopt, {} };
        QVERIFY(user.allows({ 1, 1000, 1000, {} }));
        QVERIFY(user.allows({ 1, 0, 0, {} }));
        QVERIFY(!user.allows({ 1, 1001, 1000, {} }));
        QVERIFY(groupId("root").has_value());
        QVERIFY(!groupId("no-such-group-sociscope-test").has_value());
        // Who sees a mount: root and its owner; everyone for the
        // snapshotter's (containerd's containers), which still only root manages.
        const Caller alice { 1, 1000, 1000 }, bob { 2, 1001, 1001 }, root { 3, 0, 0 };
        QVERIFY(MountManager::maySee(alice, 1000, false) && MountManager::maySee(root, 1000, false));
        QVERIFY(!MountManager::maySee(bob, 1000, false));
        QVERIFY(MountManager::maySee(bob, 0, true) && !MountManager::mayManage(bob, 0));
    }

    void stateRecordsAndLock()
    {
        const std::string dir = m_tmp.path() + "/state";
        auto a = StateStore::open(dir);
        QVERIFY(a.ok());
        auto b = StateStore::open(dir);
        QVERIFY(!b.ok());
        QVERIFY2(b.error().message.find(std::to_string(::getpid())) != std::string::npos, b.error().message.c_str());
        const std::string id = newMountId();
        QCOMPARE(id.size(), std::size_t(16));
        QVERIFY((*a)->save({ id, "/tmp/x", "reg/repo:t", 12, 1000, 5 }).ok());
        QVERIFY(files::writeFileAtomic(dir + "/mounts/bad.json", "{not json").ok());
        auto records = (*a)->load();
        QCOMPARE(records.size(), std::size_t(1)); // the bad one is dropped
        QCOMPARE(records[0].mountpoint, std::string("/tmp/x"));
        QCOMPARE(records[0].uid, uid_t(1000));
        QVERIFY(!files::exists(dir + "/mounts/bad.json"));
        // Not mounted: forgotten without unmounting anything.
        QVERIFY(cleanLeftovers(**a).empty());
        QVERIFY((*a)->load().empty());
        a->reset();
        QVERIFY(StateStore::open(dir).ok()); // the lock went with its owner
    }

    void mountpointChecks()
    {
        const std::string base = m_tmp.path() + "/mp";
        QVERIFY(files::makeDirs(base + "/real").ok());
        QVERIFY(::symlink((base + "/real").c_str(), (base + "/link").c_str()) == 0);
        QVERIFY(files::writeFileAtomic(base + "/file", "x").ok());
        QCOMPARE(PinnedDir::open("relative", std::nullopt).error().code, ErrorCode::Usage);
        QCOMPARE(PinnedDir::open(base + "/none", std::nullopt).error().code, ErrorCode::NotFound);
        QCOMPARE(PinnedDir::open(base + "/file", std::nullopt).error().code, ErrorCode::Usage);
        auto viaLink = PinnedDir::open(base + "/link", std::nullopt);
        QVERIFY(viaLink.ok());
        QCOMPARE(viaLink->path(), base + "/real"); // what is mounted on is what was checked
        QVERIFY(viaLink->procPath().rfind("/proc/self/fd/", 0) == 0);
        QVERIFY(PinnedDir::open(base + "/real", ::geteuid()).ok());
        QCOMPARE(PinnedDir::open(base + "/real", ::geteuid() + 1).error().code, ErrorCode::Auth);
    }

    void serviceOverItsSocket()
    {
        const std::string dir = m_tmp.path() + "/svc";
        QVERIFY(files::makeDirs(dir, 0700).ok());
        // A stale socket file (bound, nobody listening) is replaced.
        {
            const util::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
            sockaddr_un a {};
            a.sun_family = AF_UNIX;
            const std::string p = dir + "/sock";
            std::memcpy(a.sun_path, p.c_str(), p.size() + 1);
            QVERIFY(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        }
        DaemonConfig c;
        c.systemMode = false;
        c.socket = dir + "/sock";
        c.stateDir = dir + "/state";
        c.cacheDir = dir + "/cache";
        auto d = Daemon::start(c);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().text().c_str());
        QCOMPARE(
            QFileInfo(q(c.socket)).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFileDevice::Permissions());
        // A second daemon on the same socket refuses to start.
        DaemonConfig c2 = c;
        c2.stateDir = dir + "/state2";
        auto d2 = Daemon::start(c2);
        QVERIFY(!d2.ok());
        QVERIFY2(d2.error().message.find("answers") != std::string::npos, d2.error().message.c_str());

        auto conn = client::DaemonClient::connect(c.socket);
        QVERIFY(conn.ok());
        auto v = (*conn)->version();
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().text().c_str());
        QCOMPARE(q(v->mode), QStringLiteral("user"));
        QCOMPARE(v->pid, ::getpid());
        QCOMPARE(q(v->socket), q(c.socket));
        QCOMPARE(v->mounts, 0u);
        auto list = (*conn)->listMounts();
        QVERIFY(list.ok() && list->empty());
        // The daemon's errors arrive as themselves: code, message, context.
        client::MountSpec req;
        req.image.ref = *oci::Reference::parse("127.0.0.1:1/none/none:t");
        req.mountpoint = dir + "/no-such-folder";
        auto m = (*conn)->mount(req);
        QVERIFY(!m.ok());
        QCOMPARE(m.error().code, ErrorCode::NotFound);
        QCOMPARE(q(m.error().context), q(dir + "/no-such-folder"));
        QCOMPARE((*conn)->unmount("/nowhere").error().code, ErrorCode::NotFound);
        QCOMPARE((*conn)->stats("/nowhere").error().code, ErrorCode::NotFound);
        QVERIFY((*conn)->stats("").ok());

        // An event stream ends when the daemon stops.
        std::atomic<bool> subscribed { false };
        Status streamed;
        std::thread t([&] {
            auto c3 = client::DaemonClient::connect(c.socket);
            if (!c3)
                return;
            streamed = (*c3)->events(
                {}, [](const client::FetchEvent&) { return true; }, [&] { subscribed = true; });
        });
        QTRY_VERIFY_WITH_TIMEOUT(subscribed.load(), 10000);
        d->reset();
        t.join();
        QVERIFY(!files::exists(c.socket)); // removed on the way out
        QCOMPARE(client::DaemonClient::connect(c.socket).error().code, ErrorCode::NotFound);
    }

    void errorCodesRoundTrip()
    {
        for (ErrorCode code : { ErrorCode::Usage, ErrorCode::NotFound, ErrorCode::Auth, ErrorCode::Network,
                 ErrorCode::Integrity, ErrorCode::Malformed, ErrorCode::Unsupported, ErrorCode::Io,
                 ErrorCode::Cancelled, ErrorCode::Internal })
            QCOMPARE(client::errorCodeFromName(errorCodeName(code)), code);
        QCOMPARE(client::errorCodeFromName("nonsense"), ErrorCode::Internal);
    }
};

QTEST_GUILESS_MAIN(TestDaemonUnits)
#include "test_daemon_units.moc"
