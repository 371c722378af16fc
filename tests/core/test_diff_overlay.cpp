// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The diff's per-path overlay against ImageTree's own merge: upper layers
// resolved over the shared ones must give the merged tree, path for path.
#include "diff/overlay.h"
#include "fs/image_tree.h"

#include <QtTest>

#include <map>
#include <memory>

using namespace sociscope;
using sociscope::diff::detail::Overlay;

namespace {

soci::TocEntry e(const std::string& name, const std::string& type = "reg", const std::string& link = {})
{
    static std::int64_t offset = 512;
    soci::TocEntry t;
    t.name = name;
    t.type = type;
    t.uncompressedOffset = offset;
    offset += 1024;
    t.linkname = link;
    t.mode = type == "dir" ? 0755 : 0644;
    t.modTime = "2023-11-14T22:13:20Z";
    return t;
}

soci::Ztoc layer(std::vector<soci::TocEntry> entries)
{
    soci::Ztoc z;
    z.entries = std::move(entries);
    return z;
}

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
            layer({e("etc/", "dir"), e("etc/passwd"), e("etc/group"), e("usr/lib/a/x"), e("usr/lib/b", "symlink", "a"),
                   e("var/cache/a"), e("var/cache/sub/b"), e("opt/tree/deep/file"), e("srv/f")}),
            layer({e("etc/.wh.group"), e("var/cache/.wh..wh..opq"), e("var/cache/new"), e("usr/lib/a", "symlink", "b"),
                   e("opt/.wh.tree"), e("home/u/file")}),
            layer({e("opt/tree/again"), e("usr/lib/a/y"), e("srv", "symlink", "etc"), e("etc/group", "dir"),
                   e("etc/group/inner")}),
            layer({e("home/.wh..wh..opq"), e("home/v"), e("etc/group"), e("var/cache/sub/c"), e("srv/.wh.x")}),
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
