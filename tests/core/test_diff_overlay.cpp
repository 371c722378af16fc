// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The diff's per-path overlay against ImageTree's own merge: upper layers
// resolved over the shared ones must give the merged tree, path for path.
#include "diff/overlay.h"
#include "fs/image_tree.h"
#include "soci_testutil.h"

#include <QtTest>

#include <map>
#include <memory>

using namespace sociscope;
using sociscope::diff::detail::Overlay;

namespace {

// path -> "type@layer" of every entry of a merged tree.
void walk(const fs::ImageTree& t, fs::Ino dir, const std::string& path, std::map<std::string, std::string>& out)
{
    const auto entries = t.readdir(dir);
    for (const auto& d : *entries) {
        const std::string p = path + "/" + d.name;
        const fs::Inode& n = t.inode(d.ino);
        out[p] = std::string(fs::fileTypeName(n.type)) + "@" + std::to_string(n.layer);
        if (n.type == fs::FileType::Directory)
            walk(t, d.ino, p, out);
    }
}

} // namespace

class TestDiffOverlay final : public QObject {
    Q_OBJECT
private slots:
    void upperOverSharedIsTheMergedTree_data()
    {
        QTest::addColumn<int>("shared");
        for (int k = 0; k <= 4; ++k)
            QTest::newRow(qPrintable(QString::number(k) + " shared")) << k;
    }

    void upperOverSharedIsTheMergedTree()
    {
        QFETCH(int, shared);
        const std::vector<soci::Ztoc> layers{
            test::tocLayer({test::tocEntry("etc/", "dir"), test::tocEntry("etc/passwd"), test::tocEntry("etc/group"), test::tocEntry("usr/lib/a/x"), test::tocEntry("usr/lib/b", "symlink", 0, "a"),
                   test::tocEntry("var/cache/a"), test::tocEntry("var/cache/sub/b"), test::tocEntry("opt/tree/deep/file"), test::tocEntry("srv/f")}),
            test::tocLayer({test::tocEntry("etc/.wh.group"), test::tocEntry("var/cache/.wh..wh..opq"), test::tocEntry("var/cache/new"), test::tocEntry("usr/lib/a", "symlink", 0, "b"),
                   test::tocEntry("opt/.wh.tree"), test::tocEntry("home/u/file")}),
            test::tocLayer({test::tocEntry("opt/tree/again"), test::tocEntry("usr/lib/a/y"), test::tocEntry("srv", "symlink", 0, "etc"), test::tocEntry("etc/group", "dir"),
                   test::tocEntry("etc/group/inner")}),
            test::tocLayer({test::tocEntry("home/.wh..wh..opq"), test::tocEntry("home/v"), test::tocEntry("etc/group"), test::tocEntry("var/cache/sub/c"), test::tocEntry("srv/.wh.x")}),
        };
        std::vector<const soci::Ztoc*> all;
        for (const auto& l : layers)
            all.push_back(&l);
        auto merged = fs::ImageTree::build(all, fs::ImageTree::Mode::Merged);
        QVERIFY(merged.ok());
        std::map<std::string, std::string> expected;
        walk(*merged, merged->root(), "", expected);

        Overlay base, upper;
        for (int i = 0; i < static_cast<int>(layers.size()); ++i) {
            auto view = fs::ImageTree::build({&layers[static_cast<size_t>(i)]}, fs::ImageTree::Mode::LayerView, i);
            QVERIFY(view.ok());
            (i < shared ? base : upper).apply(std::make_shared<const fs::ImageTree>(std::move(*view)), 0);
        }
        std::map<std::string, std::string> got;
        for (const Overlay* o : {&base, &upper})
            for (const auto& [path, node] : o->nodes())
                if (const auto* n = Overlay::resolve(upper, &base, path)) {
                    const fs::Inode& i = n->tree->inode(n->ino);
                    got[path] = std::string(fs::fileTypeName(i.type)) + "@" + std::to_string(n->implicit ? -1 : i.layer);
                }
        QString differences;
        for (const auto& [path, what] : got)
            if (!expected.count(path) || expected[path] != what)
                differences += QString::fromStdString("extra " + path + " " + what + "\n");
        for (const auto& [path, what] : expected)
            if (!got.count(path) || got[path] != what)
                differences += QString::fromStdString("missing " + path + " " + what + "\n");
        QVERIFY2(differences.isEmpty(), qPrintable(differences));
    }
};

QTEST_GUILESS_MAIN(TestDiffOverlay)
#include "test_diff_overlay.moc"
