// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// lazy::ImageFs, what the daemon's FUSE adaptor answers, without the daemon:
// generated OCI layouts (tests/tools/mkimage.py) opened lazily from disk, and
// the merged tree, the layer views under .layers, whiteouts, opaque folders,
// xattr sizing and errno answers checked inode by inode.
// Before any Qt header: core has a method named emit, which Qt defines away.
#include "lazytest.h"

#include "fs/fs_result.h"
#include "lazy/disk_cache.h"
#include "lazy/image_fs.h"
#include "util/files.h"

#include <QtTest>

#include <fcntl.h>
#include <set>

using namespace sociscope;
using namespace sociscope::test;
using fs::NodeId;
using lazy::ImageFs;

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

class TestImageFs final : public QObject {
    Q_OBJECT
private:
private:
    files::TempDir m_tmp { "sociscope-image-fs" };

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
        QVERIFY(fs::xattrAnswer("abc", 0)->sizeOnly);
        QCOMPARE(fs::xattrAnswer("abc", 2).error(), ERANGE);
        QCOMPARE(fs::xattrAnswer("abc", 3)->bytes, std::string("abc"));
        QCOMPARE(fs::xattrAnswer("", 0)->size, std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestImageFs)
#include "test_image_fs.moc"
