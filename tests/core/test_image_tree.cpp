// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/fs without FUSE: merged and per-layer trees from hand-made TOCs.
#include "fs/image_tree.h"
#include "soci_testutil.h"

#include <QtTest>

#include <sys/stat.h>

using namespace sociscope;
using namespace sociscope::fs;

namespace {
} // namespace

class TestImageTree final : public QObject {
    Q_OBJECT
private slots:
    void mergedWithWhiteoutsOpaqueAndLinks()
    {
        const auto l0 = test::tocLayer({test::tocEntry("etc/", "dir", 0, {}, 0755), test::tocEntry("etc/passwd", "reg", 10), test::tocEntry("etc/group", "reg", 5),
                               test::tocEntry("usr/bin/tool", "reg", 100, {}, 04755), test::tocEntry("usr/bin/alias", "hardlink", 0, "usr/bin/tool"),
                               test::tocEntry("usr/lib/libx.so", "symlink", 0, "libx.so.1"), test::tocEntry("var/cache/a", "reg", 1),
                               test::tocEntry("var/cache/sub/b", "reg", 2), test::tocEntry("./odd/../weird", "reg", 3)});
        const auto l1 = test::tocLayer({test::tocEntry("etc/.wh.group"), test::tocEntry("var/cache/.wh..wh..opq"), test::tocEntry("var/cache/new", "reg", 4),
                               test::tocEntry("etc/passwd", "reg", 20), test::tocEntry("usr/lib/libx.so", "dir", 0, {}, 0700)});
        auto t = ImageTree::build({&l0, &l1}, ImageTree::Mode::Merged);
        QVERIFY(t.ok());
        QVERIFY(!t->resolve("/etc/group").ok());
        QVERIFY(!t->lookup(*t->resolve("/etc"), ".wh.group").ok());
        QCOMPARE(t->getattr(*t->resolve("/etc/passwd"))->size, 20);
        QCOMPARE(t->inode(*t->resolve("/etc/passwd")).layer, 1);
        auto cache = t->readdir(*t->resolve("/var/cache"));
        QVERIFY(cache.ok());
        QCOMPARE(cache->size(), size_t(1));
        QCOMPARE(cache->at(0).name, std::string("new"));
        // Hardlinks: one inode, two names, link count 2.
        QCOMPARE(*t->resolve("/usr/bin/alias"), *t->resolve("/usr/bin/tool"));
        QCOMPARE(t->getattr(*t->resolve("/usr/bin/tool"))->nlink, 2u);
        QCOMPARE(t->getattr(*t->resolve("/usr/bin/tool"))->mode, static_cast<std::uint32_t>(S_IFREG | 04755));
        // A folder replaced a symlink.
        QCOMPARE(t->inode(*t->resolve("/usr/lib/libx.so", false)).type, FileType::Directory);
        // Names are cleaned; the entry is flagged as unsafe-looking.
        QVERIFY(t->resolve("/weird").ok());
        QVERIFY(!t->inode(*t->resolve("/weird")).unsafeName);
        // Implicit folders: 0755, link count 2 + subfolders.
        QCOMPARE(t->getattr(*t->resolve("/usr"))->mode, static_cast<std::uint32_t>(S_IFDIR | 0755));
        QCOMPARE(t->getattr(*t->resolve("/usr"))->nlink, 4u); // bin, lib
        QCOMPARE(t->pathOf(*t->resolve("/var/cache/new")), std::string("/var/cache/new"));
        QCOMPARE(*t->lookup(*t->resolve("/var/cache"), ".."), *t->resolve("/var"));
        QCOMPARE(*t->lookup(t->root(), ".."), t->root());
    }

    void layerViewShowsWhiteoutsAsOverlayfsDoes()
    {
        const auto l1 = test::tocLayer({test::tocEntry("etc/.wh.group"), test::tocEntry("var/cache/.wh..wh..opq"), test::tocEntry("var/cache/new", "reg", 4),
                               test::tocEntry("x/.wh.both"), test::tocEntry("x/both", "reg", 1)});
        auto t = ImageTree::build({&l1}, ImageTree::Mode::LayerView, 3);
        QVERIFY(t.ok());
        auto wh = t->resolve("/etc/group", false);
        QVERIFY(wh.ok());
        const auto a = t->getattr(*wh);
        QCOMPARE(a->mode & S_IFMT, static_cast<std::uint32_t>(S_IFCHR));
        QCOMPARE(a->rdev, std::uint64_t(0));
        QCOMPARE(t->inode(*wh).layer, 3);
        auto x = t->xattrs(*t->resolve("/var/cache"));
        QVERIFY(x.ok());
        QCOMPARE(x->size(), size_t(1));
        QCOMPARE(x->at(0).first, std::string("trusted.overlay.opaque"));
        QVERIFY(!t->lookup(*t->resolve("/var/cache"), ".wh..wh..opq").ok());
        // A real entry of the same name wins over the whiteout.
        QCOMPARE(t->inode(*t->resolve("/x/both")).type, FileType::Regular);
    }

    void symlinkResolution()
    {
        const auto l0 = test::tocLayer({test::tocEntry("a/b/c", "reg", 1), test::tocEntry("link", "symlink", 0, "a/b"), test::tocEntry("abs", "symlink", 0, "/a/b/c"),
                               test::tocEntry("loop1", "symlink", 0, "loop2"), test::tocEntry("loop2", "symlink", 0, "loop1"),
                               test::tocEntry("up", "symlink", 0, "../../../../a")});
        auto t = ImageTree::build({&l0}, ImageTree::Mode::Merged);
        QVERIFY(t.ok());
        QCOMPARE(*t->resolve("/link/c"), *t->resolve("/a/b/c"));
        QCOMPARE(*t->resolve("/abs"), *t->resolve("/a/b/c"));
        QCOMPARE(t->inode(*t->resolve("/abs", false)).type, FileType::Symlink);
        QVERIFY(!t->resolve("/loop1").ok());
        QCOMPARE(*t->resolve("/up/b/c"), *t->resolve("/a/b/c")); // ".." stops at the image root
    }

    void hardlinkToAMissingTargetIsAnError()
    {
        const auto l0 = test::tocLayer({test::tocEntry("x", "hardlink", 0, "nope")});
        auto t = ImageTree::build({&l0}, ImageTree::Mode::Merged);
        QVERIFY(!t.ok());
        QCOMPARE(t.error().code, ErrorCode::Malformed);
    }

    void cleanPaths()
    {
        QCOMPARE(ImageTree::cleanPath("./a//b/../c/"), std::string("a/c"));
        QCOMPARE(ImageTree::cleanPath("../../etc/passwd"), std::string("etc/passwd"));
    }
};

QTEST_GUILESS_MAIN(TestImageTree)
#include "test_image_tree.moc"
