// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Per-layer changes (dive's view) from layer trees alone: what each layer
// adds, modifies (shadows) and removes, and the bytes wasted on files an
// upper layer overwrites or removes.
#include "diff/layer_changes.h"
#include "fs/image_tree.h"
#include "soci_testutil.h"

#include <QtTest>

#include <map>
#include <memory>
#include <string>

using namespace sociscope;
using test::tocEntry;
using test::tocLayer;

namespace {

struct Built {
    std::vector<soci::Ztoc> tocs;
    std::vector<fs::ImageTree> views;
    std::vector<const fs::ImageTree*> pointers() const
    {
        std::vector<const fs::ImageTree*> out;
        for (const auto& v : views)
            out.push_back(&v);
        return out;
    }
};

Built build(std::vector<soci::Ztoc> tocs)
{
    Built b{std::move(tocs), {}};
    for (std::size_t i = 0; i < b.tocs.size(); ++i) {
        auto view = fs::ImageTree::build({&b.tocs[i]}, fs::ImageTree::Mode::LayerView, static_cast<std::int32_t>(i));
        if (!view)
            qFatal("layer %zu: %s", i, view.error().message.c_str());
        b.views.push_back(std::move(*view));
    }
    return b;
}

// "path change" of every entry a layer marks, walked from its view.
std::map<std::string, std::string> marks(const fs::ImageTree& view, const diff::LayerChanges& lc)
{
    std::map<std::string, std::string> out;
    for (fs::Ino ino = view.root() + 1; ino <= view.size(); ++ino)
        if (view.valid(ino) && lc.at(ino) != diff::Change::None)
            out[view.pathOf(ino)] = diff::changeName(lc.at(ino));
    return out;
}

} // namespace

class TestLayerChanges final : public QObject {
    Q_OBJECT
private slots:
    void marksAndWaste()
    {
        const Built b = build({
            tocLayer({tocEntry("etc/", "dir"), tocEntry("etc/passwd", "reg", 100), tocEntry("etc/group", "reg", 30),
                      tocEntry("var/cache/a", "reg", 1000), tocEntry("var/cache/sub/b", "reg", 2000),
                      tocEntry("opt/big", "reg", 5000), tocEntry("srv/keep", "reg", 7)}),
            tocLayer({tocEntry("etc/passwd", "reg", 120), tocEntry("etc/.wh.group"), tocEntry("var/cache/.wh..wh..opq"),
                      tocEntry("var/cache/new", "reg", 10), tocEntry("opt/big", "dir"), tocEntry("opt/big/inner", "reg", 1),
                      tocEntry("home/u/file", "reg", 4)}),
            tocLayer({tocEntry("etc/passwd", "reg", 130), tocEntry("opt/.wh.big"), tocEntry("etc/group", "reg", 5)}),
        });
        const diff::ImageChanges c = diff::layerChanges(b.pointers());
        QCOMPARE(c.layers.size(), std::size_t(3));

        // Layer 0: everything is new.
        QCOMPARE(c.layers[0].added, std::size_t(12)); // etc var cache sub opt srv, and 6 files
        QCOMPARE(c.layers[0].modified, std::size_t(0));
        // passwd (100), group (30), cache/a (1000), cache/sub/b (2000), opt/big (5000) are gone or shadowed.
        QCOMPARE(c.layers[0].wastedBytes, std::int64_t(100 + 30 + 1000 + 2000 + 5000));
        QCOMPARE(c.layers[0].wastedFiles, std::size_t(5));

        const std::map<std::string, std::string> l1 = marks(b.views[1], c.layers[1]);
        const std::map<std::string, std::string> want1{
            {"/etc/passwd", "modified"},  {"/etc/group", "removed"}, {"/var/cache", "opaque"},
            {"/var/cache/new", "added"},  {"/opt/big", "modified"},   {"/opt/big/inner", "added"},
            {"/home", "added"},           {"/home/u", "added"},       {"/home/u/file", "added"},
        };
        QCOMPARE(l1, want1);
        QCOMPARE(c.layers[1].removed, std::size_t(2));
        // Its passwd (120) is shadowed by layer 2 and opt/big/inner (1) removed with opt/big.
        QCOMPARE(c.layers[1].wastedBytes, std::int64_t(121));

        const std::map<std::string, std::string> l2 = marks(b.views[2], c.layers[2]);
        const std::map<std::string, std::string> want2{
            {"/etc/passwd", "modified"}, {"/opt/big", "removed"}, {"/etc/group", "added"}};
        QCOMPARE(l2, want2);
        QCOMPARE(c.layers[2].wastedBytes, std::int64_t(0)); // the top layer wastes nothing
        QCOMPARE(c.wastedBytes, std::int64_t(8130 + 121));
        QCOMPARE(c.wastedFiles, std::size_t(7));
    }

    // A folder over a folder merges and is no change; a whiteout of a folder
    // charges everything under it; an empty image wastes nothing.
    void foldersMergeAndWholeFoldersGo()
    {
        const Built b = build({
            tocLayer({tocEntry("usr/lib/x", "reg", 11), tocEntry("usr/lib/y", "reg", 22), tocEntry("usr/bin/z", "reg", 3)}),
            tocLayer({tocEntry("usr/", "dir"), tocEntry("usr/.wh.lib"), tocEntry("usr/bin/w", "reg", 1)}),
        });
        const diff::ImageChanges c = diff::layerChanges(b.pointers());
        const std::map<std::string, std::string> want{{"/usr/lib", "removed"}, {"/usr/bin/w", "added"}};
        QCOMPARE(marks(b.views[1], c.layers[1]), want);
        QCOMPARE(c.layers[0].wastedBytes, std::int64_t(33));
        QCOMPARE(c.layers[0].wastedFiles, std::size_t(2));
        QCOMPARE(diff::layerChanges({}).wastedBytes, std::int64_t(0));
    }
};

QTEST_APPLESS_MAIN(TestLayerChanges)
#include "test_layer_changes.moc"
