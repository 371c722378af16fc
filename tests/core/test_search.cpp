// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/fs/search: name, glob, regex, size, layer and type filters over trees
// from hand-made TOCs; batches, limits and cancellation; checked against a
// brute-force walk on a generated tree.
#include "fs/search.h"
#include "soci_testutil.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace sociscope;
using namespace sociscope::fs;

namespace {
std::vector<std::string> paths(const ImageTree& t, const SearchQuery& q)
{
    std::vector<std::string> out;
    auto r = search(t, q, [&](std::vector<SearchMatch>&& b) {
        for (auto& m : b)
            out.push_back(m.path);
        return true;
    });
    if (!r)
        qWarning("search failed: %s", r.error().text().c_str());
    return out;
}

using Paths = std::vector<std::string>;
} // namespace

class TestSearch final : public QObject {
    Q_OBJECT
private:
    soci::Ztoc m_l0 = test::tocLayer({test::tocEntry("etc/", "dir"), test::tocEntry("etc/os-release", "reg", 120), test::tocEntry("etc/passwd", "reg", 900),
                             test::tocEntry("usr/lib/libcudart.so.12.1.105", "reg", 700000),
                             test::tocEntry("usr/lib/libcudart.so.12", "symlink", 0, "libcudart.so.12.1.105"),
                             test::tocEntry("usr/lib/python3/site-packages/torch/__init__.py", "reg", 3000),
                             test::tocEntry("usr/share/doc/README.TXT", "reg", 10)});
    soci::Ztoc m_l1 = test::tocLayer({test::tocEntry("etc/passwd", "reg", 950), test::tocEntry("opt/models/weights.bin", "reg", 50000000),
                             test::tocEntry("opt/models/Config.json", "reg", 64), test::tocEntry("etc/.wh.os-release")});

    ImageTree tree() const { return *ImageTree::build({&m_l0, &m_l1}, ImageTree::Mode::Merged); }

private slots:
    void contains()
    {
        const auto t = tree();
        SearchQuery q;
        q.pattern = "pass";
        QCOMPARE(paths(t, q), Paths{"/etc/passwd"});
        // Case-insensitive by default; folders match too.
        q.pattern = "READ";
        QCOMPARE(paths(t, q), Paths{"/usr/share/doc/README.TXT"});
        q.caseSensitive = true;
        q.pattern = "readme";
        QCOMPARE(paths(t, q), Paths{});
        q = SearchQuery();
        q.pattern = "models";
        QCOMPARE(paths(t, q), Paths{"/opt/models"});
        q.includeFolders = false;
        QCOMPARE(paths(t, q), Paths{});
        // Whiteouts applied: the deleted file is not found.
        q = SearchQuery();
        q.pattern = "os-release";
        QCOMPARE(paths(t, q), Paths{});
    }

    void globAndRegex()
    {
        const auto t = tree();
        SearchQuery q;
        q.syntax = SearchQuery::Syntax::Glob;
        q.pattern = "*.json";
        QCOMPARE(paths(t, q), Paths{"/opt/models/Config.json"});
        q.pattern = "config.*"; // case folded
        QCOMPARE(paths(t, q), Paths{"/opt/models/Config.json"});
        q.pattern = "libcudart.so.*";
        QCOMPARE(paths(t, q), (Paths{"/usr/lib/libcudart.so.12", "/usr/lib/libcudart.so.12.1.105"}));
        // A slash makes it a path test.
        q.pattern = "/usr/*/__init__.py";
        QCOMPARE(paths(t, q), Paths{"/usr/lib/python3/site-packages/torch/__init__.py"});

        q.syntax = SearchQuery::Syntax::Regex;
        q.pattern = "\\.so(\\.\\d+){3}$";
        QCOMPARE(paths(t, q), Paths{"/usr/lib/libcudart.so.12.1.105"});
        q.pattern = "^(passwd|readme)";
        QCOMPARE(paths(t, q), (Paths{"/etc/passwd", "/usr/share/doc/README.TXT"}));
        q.wholePath = true;
        q.pattern = "^/etc/";
        QCOMPARE(paths(t, q), Paths{"/etc/passwd"});
        q.pattern = "([unclosed";
        const auto bad = search(t, q, [](std::vector<SearchMatch>&&) { return true; });
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::Usage);
    }

    void sizeLayerAndType()
    {
        const auto t = tree();
        SearchQuery q;
        q.minSize = 1000;
        QCOMPARE(paths(t, q), (Paths{"/opt/models/weights.bin", "/usr/lib/libcudart.so.12.1.105",
                                     "/usr/lib/python3/site-packages/torch/__init__.py"}));
        q.maxSize = 10000;
        QCOMPARE(paths(t, q), Paths{"/usr/lib/python3/site-packages/torch/__init__.py"});
        q = SearchQuery();
        q.layers = {1};
        q.includeFolders = false;
        QCOMPARE(paths(t, q), (Paths{"/etc/passwd", "/opt/models/Config.json", "/opt/models/weights.bin"}));
        q = SearchQuery();
        q.type = FileType::Symlink;
        QCOMPARE(paths(t, q), Paths{"/usr/lib/libcudart.so.12"});
        q = SearchQuery();
        q.minSize = 10;
        q.maxSize = 5;
        QVERIFY(!search(t, q, [](std::vector<SearchMatch>&&) { return true; }).ok());
    }

    void sizes()
    {
        QCOMPARE(parseSize("1500"), std::optional<std::int64_t>(1500));
        QCOMPARE(parseSize("10k"), std::optional<std::int64_t>(10240));
        QCOMPARE(parseSize(" 4.5 MiB "), std::optional<std::int64_t>(4718592));
        QCOMPARE(parseSize("2G"), std::optional<std::int64_t>(2147483648LL));
        QCOMPARE(parseSize("1 kb"), std::optional<std::int64_t>(1024));
        QCOMPARE(parseSize("12 B"), std::optional<std::int64_t>(12));
        QVERIFY(!parseSize("").has_value());
        QVERIFY(!parseSize("lots").has_value());
        QVERIFY(!parseSize("1.2.3").has_value());
        QVERIFY(!parseSize("5 parsecs").has_value());
        QVERIFY(!parseSize("99999999999T").has_value());
    }

    // Every entry of a generated tree, in batches; the same as a brute-force walk.
    void batchesLimitsAndCancel()
    {
        std::vector<soci::TocEntry> entries;
        for (int d = 0; d < 50; ++d)
            for (int f = 0; f < 200; ++f)
                entries.push_back(test::tocEntry("d" + std::to_string(d) + "/sub/f-" + std::to_string(f) + (f % 10 == 0 ? ".so" : ".txt"),
                                    "reg", f));
        const auto z = test::tocLayer(entries);
        const auto t = *ImageTree::build({&z}, ImageTree::Mode::Merged);

        SearchQuery q;
        q.syntax = SearchQuery::Syntax::Glob;
        q.pattern = "*.so";
        std::vector<size_t> batchSizes;
        std::set<std::string> found;
        int wrongPaths = 0;
        auto r = search(
            t, q,
            [&](std::vector<SearchMatch>&& b) {
                batchSizes.push_back(b.size());
                for (auto& m : b) {
                    wrongPaths += t.pathOf(m.ino) == m.path ? 0 : 1;
                    found.insert(m.path);
                }
                return true;
            },
            nullptr, 128);
        QVERIFY(r.ok());
        QCOMPARE(wrongPaths, 0);
        QCOMPARE(found.size(), size_t(1000));
        QCOMPARE(r->matched, 1000u);
        QCOMPARE(r->visited, 50u * 202u); // dN, dN/sub and 200 files each
        QCOMPARE(batchSizes.size(), size_t(8));
        QVERIFY(std::all_of(batchSizes.begin(), batchSizes.end() - 1, [](size_t n) { return n == 128; }));
        QVERIFY(!r->truncated && !r->cancelled);

        // Searching below a folder.
        q.pattern = "f-1*";
        auto below = search(t, q, [](std::vector<SearchMatch>&& b) { return !b.empty(); }, nullptr, 1024,
                            *t.resolve("/d7"));
        QVERIFY(below.ok());
        QCOMPARE(below->matched, 111u); // f-1, f-10..19, f-100..199

        // A limit stops the walk.
        q.pattern = "*";
        q.limit = 300;
        size_t n = 0;
        auto limited = search(t, q, [&](std::vector<SearchMatch>&& b) {
            n += b.size();
            return true;
        });
        QVERIFY(limited->truncated);
        QCOMPARE(n, size_t(300));

        // The handler can stop it, and so can the flag.
        q.limit = 0;
        auto stopped = search(t, q, [](std::vector<SearchMatch>&&) { return false; }, nullptr, 10);
        QVERIFY(stopped->cancelled);
        QCOMPARE(stopped->matched, 10u);
        std::atomic<bool> cancel{true};
        auto flagged = search(t, q, [](std::vector<SearchMatch>&&) { return true; }, &cancel);
        QVERIFY(flagged->cancelled);
        QVERIFY(flagged->visited < 10100);

        // Not a folder.
        QVERIFY(!search(t, q, [](std::vector<SearchMatch>&&) { return true; }, nullptr, 10, *t.resolve("/d1/sub/f-1.txt")).ok());
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "test_search.moc"
