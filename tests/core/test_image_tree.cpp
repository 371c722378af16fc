// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/fs without FUSE: merged and per-layer trees from hand-made TOCs.
#include "fs/image_tree.h"
#include "soci_testutil.h"

#include <QtTest>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <sys/stat.h>
#include <vector>

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

    // A folder of hundreds of names over three layers, listed out of order:
    // names that share their first 8 bytes or hold bytes over 0x7f, names
    // replaced by later layers, whiteouts of lower names, a whiteout of a name
    // only a later layer adds. The expectation is the merge rule applied to a
    // plain map, independently of the tree.
    void bigFolderAcrossLayersFollowsTheMergeRules()
    {
        std::vector<std::string> names;
        for (int i = 0; i < 300; ++i)
            names.push_back("libcommon-" + std::to_string(i * 7919 % 1000) + ".so");
        for (int i = 0; i < 100; ++i)
            names.push_back(std::string("\xff\xfe") + char('a' + i % 26) + std::to_string(i));
        names.insert(names.end(), {"a", "b", "ab", "libcommon", "libcommo", "Z"});
        std::vector<std::vector<soci::TocEntry>> layers(3);
        std::map<std::string, std::pair<int, std::int64_t>> expected; // name -> layer, size
        std::set<std::string> whiteouts[3];
        // Layer 0: every name, in a scrambled order.
        for (size_t k = 0; k < names.size(); ++k) {
            const std::string& n = names[(k * 211) % names.size()];
            layers[0].push_back(test::tocEntry("big/" + n, "reg", 1));
        }
        // Layer 1: every third name again; whiteouts of every fifth; "only2", which layer 2 adds, whited out.
        for (size_t k = 0; k < names.size(); k += 3)
            layers[1].push_back(test::tocEntry("big/" + names[k], "reg", 2));
        for (size_t k = 1; k < names.size(); k += 5) {
            layers[1].push_back(test::tocEntry("big/.wh." + names[k]));
            whiteouts[1].insert(names[k]);
        }
        layers[1].push_back(test::tocEntry("big/.wh.only2"));
        whiteouts[1].insert("only2");
        // Layer 2: "only2" and "late" (which it also whites out, so only lower layers lose it), and
        // whiteouts of names layer 1 replaced.
        layers[2].push_back(test::tocEntry("big/late", "reg", 3));
        layers[2].push_back(test::tocEntry("big/.wh.late"));
        whiteouts[2].insert("late");
        for (size_t k = 0; k < names.size(); k += 9) {
            layers[2].push_back(test::tocEntry("big/.wh." + names[k]));
            whiteouts[2].insert(names[k]);
        }
        layers[2].push_back(test::tocEntry("big/only2", "reg", 3));
        for (int L = 0; L < 3; ++L) {
            for (const auto& w : whiteouts[L])
                expected.erase(w);
            for (const auto& e : layers[static_cast<size_t>(L)])
                if (e.name.find("/.wh.") == std::string::npos)
                    expected[e.name.substr(4)] = {L, e.uncompressedSize};
        }
        std::vector<soci::Ztoc> tocs;
        for (auto& l : layers)
            tocs.push_back(test::tocLayer(l));
        auto t = ImageTree::build({&tocs[0], &tocs[1], &tocs[2]}, ImageTree::Mode::Merged);
        QVERIFY(t.ok());
        const Ino big = *t->resolve("/big");
        const auto list = t->readdir(big);
        QVERIFY(list.ok());
        QCOMPARE(list->size(), expected.size());
        QVERIFY(expected.count("late") && expected.count("only2"));
        size_t k = 0;
        for (const auto& [name, want] : expected) { // std::map order is byte order
            const DirEntry& d = list->at(k++);
            QCOMPARE(d.name, name);
            QCOMPARE(*t->lookup(big, name), d.ino);
            QCOMPARE(t->inode(d.ino).layer, want.first);
            QCOMPARE(t->getattr(d.ino)->size, want.second);
            QCOMPARE(t->pathOf(d.ino), "/big/" + name);
        }
        QCOMPARE(t->children(big).size(), expected.size());
        QVERIFY(!t->lookup(big, names[1]).ok());
        QVERIFY(!t->children(big).contains(".wh." + names[1]));
    }

    // Hardlinks keep a path when the name they were made under goes away.
    void hardlinkKeepsAPathWhenItsFirstNameGoes()
    {
        const auto l0 = test::tocLayer({test::tocEntry("d/f", "reg", 10), test::tocEntry("d/h", "hardlink", 0, "d/f"),
                                        test::tocEntry("e/g", "hardlink", 0, "./d/f")});
        const auto l1 = test::tocLayer({test::tocEntry("d/f", "reg", 20)});
        const auto l2 = test::tocLayer({test::tocEntry("d/.wh.h")});
        auto two = ImageTree::build({&l0, &l1}, ImageTree::Mode::Merged);
        QVERIFY(two.ok());
        const Ino old = *two->resolve("/d/h");
        QCOMPARE(*two->resolve("/e/g"), old);
        QVERIFY(*two->resolve("/d/f") != old);
        QCOMPARE(two->getattr(*two->resolve("/d/f"))->size, 20);
        QCOMPARE(two->getattr(old)->nlink, 2u);
        QCOMPARE(two->pathOf(old), std::string("/d/h"));
        auto three = ImageTree::build({&l0, &l1, &l2}, ImageTree::Mode::Merged);
        QVERIFY(three.ok());
        const Ino left = *three->resolve("/e/g");
        QCOMPARE(three->getattr(left)->nlink, 1u);
        QCOMPARE(three->pathOf(left), std::string("/e/g"));
    }

    // An opaque marker empties a big folder of what lower layers made; the
    // same layer fills it again, one name the same as a dropped one.
    void opaqueBigFolderRefilledByItsLayer()
    {
        std::vector<soci::TocEntry> lower;
        for (int i = 0; i < 300; ++i)
            lower.push_back(test::tocEntry("big/file-" + std::to_string(299 - i), "reg", 1));
        lower.push_back(test::tocEntry("big/sub/deep", "reg", 1));
        const auto l0 = test::tocLayer(lower);
        const auto l1 = test::tocLayer({test::tocEntry("big/new-b", "reg", 2), test::tocEntry("big/.wh..wh..opq"),
                                        test::tocEntry("big/file-7", "reg", 2), test::tocEntry("big/new-a", "reg", 2)});
        auto t = ImageTree::build({&l0, &l1}, ImageTree::Mode::Merged);
        QVERIFY(t.ok());
        const auto list = t->readdir(*t->resolve("/big"));
        QVERIFY(list.ok());
        QCOMPARE(list->size(), size_t(3));
        QCOMPARE(list->at(0).name, std::string("file-7"));
        QCOMPARE(list->at(1).name, std::string("new-a"));
        QCOMPARE(list->at(2).name, std::string("new-b"));
        QCOMPARE(t->inode(list->at(0).ino).layer, 1);
        QCOMPARE(t->getattr(*t->resolve("/big"))->nlink, 2u); // "sub" went with the lower layer
        QVERIFY(!t->resolve("/big/sub/deep").ok());
        auto view = ImageTree::build({&l1}, ImageTree::Mode::LayerView, 1);
        QVERIFY(view.ok());
        QVERIFY(view->inode(*view->resolve("/big")).opaque);
        QCOMPARE(view->readdir(*view->resolve("/big"))->size(), size_t(3));
    }

    // A layer view where the whiteout comes after the real entry of its name.
    void layerViewWhiteoutAfterItsRealEntry()
    {
        const auto l = test::tocLayer({test::tocEntry("x/both", "reg", 1), test::tocEntry("x/.wh.both"), test::tocEntry("x/.wh.gone")});
        auto t = ImageTree::build({&l}, ImageTree::Mode::LayerView);
        QVERIFY(t.ok());
        QCOMPARE(t->inode(*t->resolve("/x/both")).type, FileType::Regular);
        QVERIFY(t->inode(*t->resolve("/x/gone", false)).whiteout);
        QCOMPARE(t->readdir(*t->resolve("/x"))->size(), size_t(2));
    }

    // Folders nested far deeper than a thread's stack would allow recursion
    // over are built and dropped.
    void veryDeepFoldersAreBuiltAndDropped()
    {
        std::string deep;
        for (int i = 0; i < 200000; ++i)
            deep += "a/";
        const auto l0 = test::tocLayer({test::tocEntry(deep + "f", "reg", 1), test::tocEntry("keep", "reg", 1)});
        const auto l1 = test::tocLayer({test::tocEntry(".wh.a")});
        auto t = ImageTree::build({&l0}, ImageTree::Mode::Merged);
        QVERIFY(t.ok());
        QVERIFY(t->resolve("/" + deep + "f").ok());
        auto gone = ImageTree::build({&l0, &l1}, ImageTree::Mode::Merged);
        QVERIFY(gone.ok());
        QCOMPARE(gone->readdir(gone->root())->size(), size_t(1));
        QVERIFY(!gone->resolve("/a").ok());
    }

    // Child lists and names stay valid when the tree moves (as into a shared_ptr).
    void childListsSurviveMovingTheTree()
    {
        const auto l0 = test::tocLayer({test::tocEntry("dir/a-long-name-past-any-small-string-buffer", "reg", 1),
                                        test::tocEntry("dir/b", "reg", 2)});
        auto built = ImageTree::build({&l0}, ImageTree::Mode::Merged);
        QVERIFY(built.ok());
        const Ino dir = *built->resolve("/dir");
        const ChildList before = built->children(dir);
        const auto tree = std::make_shared<const ImageTree>(std::move(*built));
        const ChildList after = tree->children(dir);
        QCOMPARE(after.begin(), before.begin());
        QCOMPARE(after.size(), size_t(2));
        QCOMPARE(std::string(after.begin()->name), std::string("a-long-name-past-any-small-string-buffer"));
        QCOMPARE(after.find("b")->ino, *tree->resolve("/dir/b"));
        QVERIFY(after.find("c") == after.end());
        QVERIFY(tree->children(*tree->resolve("/dir/b")).empty());
    }

    void cleanPaths()
    {
        QCOMPARE(ImageTree::cleanPath("./a//b/../c/"), std::string("a/c"));
        QCOMPARE(ImageTree::cleanPath("../../etc/passwd"), std::string("etc/passwd"));
    }
};

QTEST_GUILESS_MAIN(TestImageTree)
#include "test_image_tree.moc"
