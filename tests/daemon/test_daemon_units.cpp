// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The daemon's parts without /dev/fuse, a registry or root: ImageFs (what the
// FUSE adaptor answers) over generated OCI layouts, mountinfo parsing, the
// event queue, access policy, state records, mountpoint checks, and the gRPC
// service in process over its Unix socket.
#include "client.h"
#include "daemon.h"
#include "event_bus.h"
#include "image_fs.h"
#include "lazytest.h"
#include "mount_table.h"
#include "mountpoint.h"
#include "peer.h"
#include "state_store.h"
#include "util/files.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <fcntl.h>
#include <set>
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

const char* const kLayers
    = "[{\"compression\":\"gzip\",\"entries\":["
      "  "
      "{\"path\":\"etc/os-release\",\"data\":\"ID=units\\n\"},{\"path\":\"etc/"
      "hard\",\"type\":\"hardlink\",\"target\":\"etc/os-release\"},"
      "  {\"path\":\"etc/attrs\",\"data\":\"x\",\"xattrs\":{\"user.comment\":\"hi\",\"user.second\":\"two\"}},"
      "  {\"path\":\"bin/link\",\"type\":\"symlink\",\"target\":\"../etc/os-release\"},"
      "  {\"path\":\"old/gone\",\"data\":\"gone\\n\"},{\"path\":\"cache/stale\",\"data\":\"stale\\n\"}]},"
      " {\"compression\":\"gzip\",\"entries\":["
      "  {\"path\":\"old/.wh.gone\"},{\"path\":\"cache\",\"type\":\"dir\"},{\"path\":\"cache/.wh..wh..opq\"},"
      "  {\"path\":\"cache/fresh\",\"data\":\"fresh\\n\"}]},"
      " {\"compression\":\"none\",\"entries\":[{\"path\":\"top\",\"data\":\"top layer\\n\"}]}]";

// A hardlink whose target is in a lower layer: fine merged, no view of its own.
const char* const kCrossLayerLink
    = "[{\"compression\":\"gzip\",\"entries\":[{\"path\":\"a\",\"data\":\"a\\n\"}]},"
      " {\"compression\":\"gzip\",\"entries\":[{\"path\":\"b\",\"type\":\"hardlink\",\"target\":\"a\"}]}]";

// An image with its own /.layers, which the layer views shadow.
const char* const kOwnLayersDir = "[{\"compression\":\"gzip\",\"entries\":[{\"path\":\".layers/"
                                  "mine\",\"data\":\"mine\\n\"},{\"path\":\"x\",\"data\":\"x\"}]}]";

NodeId lookupPath(const ImageFs& fs, NodeId from, const QString& path)
{
    NodeId cur = from;
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        auto r = fs.lookup(cur, part.toStdString());
        if (!r)
            return 0;
        cur = r->st_ino;
    }
    return cur;
}

// Every inode reachable from dir (through listDir), "." and ".." left out.
void collect(const ImageFs& fs, NodeId dir, std::set<NodeId>& out)
{
    auto list = fs.listDir(dir);
    if (!list)
        return;
    for (const auto& e : **list) {
        if (e.name == "." || e.name == "..")
            continue;
        out.insert(e.ino);
        if (e.typeBits == S_IFDIR)
            collect(fs, e.ino, out);
    }
}
} // namespace

class TestDaemonUnits final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_tmp { "sociscope-daemon-units" };

    std::shared_ptr<ImageFs> openFs(const QString& name, const char* layers)
    {
        const QString layout = makeImage(q(m_tmp.path()), name, layers);
        if (layout.isEmpty())
            return nullptr;
        auto src = registry::makeLayoutSource(layout.toStdString(), false);
        if (!src)
            return nullptr;
        lazy::LazyOptions o;
        o.cache = std::make_shared<lazy::DiskCache>(m_tmp.path() + "/cache-" + name.toStdString());
        o.platform = oci::Platform { "amd64", "linux", {}, {}, {} };
        auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(*src)), "t", o);
        if (!img) {
            qWarning("%s", img.error().text().c_str());
            return nullptr;
        }
        auto fs = ImageFs::open(*img);
        if (!fs) {
            qWarning("%s", fs.error().text().c_str());
            return nullptr;
        }
        return *fs;
    }

private slots:
    void layersFolderAndInodeRanges()
    {
        auto fs = openFs(QStringLiteral("units"), kLayers);
        QVERIFY(fs);
        QCOMPARE(fs->layerCount(), std::size_t(3));
        // The root is the merged tree; .layers is found but not listed.
        auto root = fs->getattr(1);
        QVERIFY(root.ok() && S_ISDIR(root->st_mode));
        auto layers = fs->lookup(1, ".layers");
        QVERIFY(layers.ok());
        QCOMPARE(layers->st_ino, fs->layersDirIno());
        QCOMPARE(layers->st_mode, mode_t(S_IFDIR | 0555));
        QCOMPARE(layers->st_nlink, nlink_t(5));
        auto top = fs->listDir(1);
        QVERIFY(top.ok());
        QCOMPARE((**top)[0].name, std::string("."));
        QCOMPARE((**top)[1].name, std::string(".."));
        QCOMPARE((**top)[1].ino, NodeId(1));
        for (const auto& e : **top)
            QVERIFY(e.name != ".layers");
        // .layers holds 0..2; names are exact decimal numbers.
        auto list = fs->listDir(fs->layersDirIno());
        QVERIFY(list.ok());
        QCOMPARE((**list).size(), std::size_t(5));
        QCOMPARE((**list)[3].name, std::string("1"));
        QCOMPARE((**list)[3].ino, fs->layerRootIno(1));
        QVERIFY(fs->lookup(fs->layersDirIno(), "1").ok());
        QCOMPARE(fs->lookup(fs->layersDirIno(), "01").error(), ENOENT);
        QCOMPARE(fs->lookup(fs->layersDirIno(), "3").error(), ENOENT);
        QCOMPARE(fs->lookup(fs->layersDirIno(), "..")->st_ino, NodeId(1));
        // A layer root's parent is .layers, both ways.
        QCOMPARE(fs->lookup(fs->layerRootIno(2), "..")->st_ino, fs->layersDirIno());
        QCOMPARE((**fs->listDir(fs->layerRootIno(2)))[1].ino, fs->layersDirIno());

        // Disjoint ranges: no inode is in two views, and each stats as itself.
        std::set<NodeId> merged;
        collect(*fs, 1, merged);
        std::set<NodeId> seen = merged;
        seen.insert(1);
        for (std::size_t i = 0; i < fs->layerCount(); ++i) {
            std::set<NodeId> view { fs->layerRootIno(i) };
            collect(*fs, fs->layerRootIno(i), view);
            for (NodeId n : view) {
                QVERIFY2(!seen.count(n), qPrintable(QString::number(n)));
                QCOMPARE(fs->getattr(n)->st_ino, n);
            }
            seen.insert(view.begin(), view.end());
        }
        QVERIFY(!seen.count(fs->layersDirIno()));
        QCOMPARE(fs->getattr(0).error(), ENOENT);
        QCOMPARE(fs->getattr(1u << 30).error(), ENOENT);
        QCOMPARE(q(fs->pathOf(lookupPath(*fs, fs->layerRootIno(1), QStringLiteral("cache/fresh")))),
            QStringLiteral("/.layers/1/cache/fresh"));
    }

    void entriesAsTheKernelSeesThem()
    {
        auto fs = openFs(QStringLiteral("units2"), kLayers);
        QVERIFY(fs);
        // Hardlinks share an inode and count their names.
        const NodeId osr = lookupPath(*fs, 1, QStringLiteral("etc/os-release"));
        QCOMPARE(lookupPath(*fs, 1, QStringLiteral("etc/hard")), osr);
        QCOMPARE(fs->getattr(osr)->st_nlink, nlink_t(2));
        QCOMPARE(fs->getattr(osr)->st_blocks, blkcnt_t(8));
        // Merged: whiteouts applied.
        QVERIFY(!lookupPath(*fs, 1, QStringLiteral("old/gone")));
        QVERIFY(!lookupPath(*fs, 1, QStringLiteral("cache/stale")));
        QVERIFY(lookupPath(*fs, 1, QStringLiteral("top")));
        // Layer 1's own view: a 0:0 char device and an opaque folder.
        const NodeId l1 = fs->layerRootIno(1);
        auto gone = fs->lookup(lookupPath(*fs, l1, QStringLiteral("old")), "gone");
        QVERIFY(gone.ok());
        QVERIFY(S_ISCHR(gone->st_mode));
        QCOMPARE(gone->st_rdev, dev_t(0));
        QCOMPARE(fs->lookup(lookupPath(*fs, l1, QStringLiteral("old")), ".wh.gone").error(), ENOENT);
        const NodeId cache = lookupPath(*fs, l1, QStringLiteral("cache"));
        auto size = fs->getxattr(cache, "trusted.overlay.opaque", 0);
        QVERIFY(size.ok() && size->sizeOnly);
        QCOMPARE(size->size, std::size_t(1));
        QCOMPARE(fs->getxattr(cache, "trusted.overlay.opaque", 16)->bytes, std::string("y"));
        QCOMPARE(
            fs->getxattr(lookupPath(*fs, 1, QStringLiteral("cache")), "trusted.overlay.opaque", 16).error(), ENODATA);
        // xattrs: size negotiation, ERANGE, ENODATA, the name list.
        const NodeId attrs = lookupPath(*fs, 1, QStringLiteral("etc/attrs"));
        QCOMPARE(fs->getxattr(attrs, "user.comment", 0)->size, std::size_t(2));
        QCOMPARE(fs->getxattr(attrs, "user.comment", 1).error(), ERANGE);
        QCOMPARE(fs->getxattr(attrs, "user.comment", 2)->bytes, std::string("hi"));
        QCOMPARE(fs->getxattr(attrs, "user.none", 10).error(), ENODATA);
        const std::string names("user.comment\0user.second\0", 25);
        QCOMPARE(fs->listxattr(attrs, 0)->size, names.size());
        QCOMPARE(fs->listxattr(attrs, 5).error(), ERANGE);
        QCOMPARE(fs->listxattr(attrs, 100)->bytes, names);
        QCOMPARE(fs->listxattr(fs->layersDirIno(), 0)->size, std::size_t(0));
        // Links, opens, reads.
        QCOMPARE(*fs->readlink(lookupPath(*fs, 1, QStringLiteral("bin/link"))), std::string("../etc/os-release"));
        QCOMPARE(fs->readlink(osr).error(), EINVAL);
        QVERIFY(fs->open(osr, O_RDONLY).ok());
        QCOMPARE(fs->open(osr, O_WRONLY).error(), EROFS);
        QCOMPARE(fs->open(osr, O_RDONLY | O_TRUNC).error(), EROFS);
        QCOMPARE(fs->open(1, O_RDONLY).error(), EISDIR);
        QCOMPARE(*fs->read(osr, 0, 4096), std::string("ID=units\n"));
        QCOMPARE(*fs->read(osr, 3, 2), std::string("un"));
        QCOMPARE(*fs->read(osr, 100, 10), std::string());
        QCOMPARE(fs->read(1, 0, 10).error(), EISDIR);
        QCOMPARE(fs->counters().reads.load(), std::uint64_t(3));
        QCOMPARE(fs->counters().errors.load(), std::uint64_t(0));
        // Not a folder.
        QCOMPARE(fs->lookup(osr, "x").error(), ENOTDIR);
        QCOMPARE(fs->listDir(osr).error(), ENOTDIR);
        const struct statvfs s = fs->statfs();
        QCOMPARE(s.f_bsize, 4096ul);
        QVERIFY(s.f_blocks >= 4 && s.f_files > 10);
        QVERIFY(s.f_flag & ST_RDONLY);
    }

    void brokenLayerViewKeepsTheMount()
    {
        auto fs = openFs(QStringLiteral("crosslink"), kCrossLayerLink);
        QVERIFY(fs);
        QCOMPARE(lookupPath(*fs, 1, QStringLiteral("a")), lookupPath(*fs, 1, QStringLiteral("b")));
        QVERIFY(fs->lookup(fs->layersDirIno(), "0").ok());
        QCOMPARE(fs->lookup(fs->layersDirIno(), "1").error(), EIO);
        QCOMPARE((**fs->listDir(fs->layersDirIno())).size(), std::size_t(3)); // ".", "..", "0"
    }

    void imageLayersFolderIsShadowed()
    {
        auto fs = openFs(QStringLiteral("ownlayers"), kOwnLayersDir);
        QVERIFY(fs);
        QCOMPARE(fs->lookup(1, ".layers")->st_ino, fs->layersDirIno());
        QCOMPARE((**fs->listDir(1)).size(), std::size_t(3)); // ".", "..", "x"
        QVERIFY(lookupPath(*fs, fs->layerRootIno(0), QStringLiteral(".layers/mine")));
    }

    void xattrAnswers()
    {
        QVERIFY(ImageFs::xattrAnswer("abc", 0)->sizeOnly);
        QCOMPARE(ImageFs::xattrAnswer("abc", 2).error(), ERANGE);
        QCOMPARE(ImageFs::xattrAnswer("abc", 3)->bytes, std::string("abc"));
        QCOMPARE(ImageFs::xattrAnswer("", 0)->size, std::size_t(0));
    }

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
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un a {};
            a.sun_family = AF_UNIX;
            const std::string p = dir + "/sock";
            std::memcpy(a.sun_path, p.c_str(), p.size() + 1);
            QVERIFY(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
            ::close(fd);
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
