// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Where the space goes, from a tree's entries alone: folder totals, and the
// squarified treemap layout (tiles the area, areas proportional, no overlap,
// near-square rectangles where a strip layout would make slivers).
#include "fs/space.h"
#include "soci_testutil.h"

#include <QtTest>

#include <algorithm>

using namespace sociscope;
using test::tocEntry;
using test::tocLayer;

class TestSpace final : public QObject {
    Q_OBJECT
private slots:
    void folderTotals()
    {
        const soci::Ztoc toc = tocLayer({tocEntry("usr/lib/a", "reg", 100), tocEntry("usr/lib/b", "reg", 50),
                                         tocEntry("usr/bin/c", "reg", 7), tocEntry("etc/x", "symlink", 0, "y"),
                                         tocEntry("etc/y", "reg", 3), tocEntry("empty/", "dir")});
        auto tree = fs::ImageTree::build({&toc}, fs::ImageTree::Mode::Merged);
        QVERIFY(tree.ok());
        const fs::SpaceTotals s = fs::spaceOf(*tree);
        const auto at = [&](const char* p) { return s.bytesOf(*tree->resolve(p, false)); };
        QCOMPARE(at("/usr/lib"), std::int64_t(150));
        QCOMPARE(at("/usr"), std::int64_t(157));
        QCOMPARE(at("/etc"), std::int64_t(3)); // a link's target length is not space
        QCOMPARE(at("/empty"), std::int64_t(0));
        QCOMPARE(s.bytesOf(tree->root()), std::int64_t(160));
        QCOMPARE(s.filesOf(tree->root()), 4u);
        QCOMPARE(s.filesOf(*tree->resolve("/usr", false)), 3u);
    }

    void squarifiedTiles_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::newRow("paper") << QList<double>{6, 6, 4, 3, 2, 2, 1};
        QTest::newRow("one") << QList<double>{5};
        QTest::newRow("skewed") << QList<double>{1000, 10, 10, 5, 1, 1, 1, 0.5};
        QList<double> many;
        for (int i = 200; i > 0; --i)
            many << i;
        QTest::newRow("many") << many;
    }

    void squarifiedTiles()
    {
        QFETCH(QList<double>, values);
        const std::vector<double> v(values.begin(), values.end());
        const fs::TreemapRect area{10, 20, 600, 400};
        const auto rects = fs::squarify(v, area);
        QCOMPARE(rects.size(), v.size());
        double total = 0, covered = 0;
        for (double x : v)
            total += x;
        const double eps = 1e-6 * area.w * area.h;
        for (std::size_t i = 0; i < rects.size(); ++i) {
            const auto& r = rects[i];
            QVERIFY(r.x >= area.x - 1e-6 && r.y >= area.y - 1e-6);
            QVERIFY(r.x + r.w <= area.x + area.w + 1e-6 && r.y + r.h <= area.y + area.h + 1e-6);
            QVERIFY2(std::abs(r.w * r.h - v[i] / total * area.w * area.h) < eps + 1e-3,
                     qPrintable(QStringLiteral("rect %1").arg(i)));
            covered += r.w * r.h;
            for (std::size_t j = 0; j < i; ++j) {
                const auto& o = rects[j];
                const double ox = std::min(r.x + r.w, o.x + o.w) - std::max(r.x, o.x);
                const double oy = std::min(r.y + r.h, o.y + o.h) - std::max(r.y, o.y);
                QVERIFY2(ox <= 1e-6 || oy <= 1e-6, qPrintable(QStringLiteral("%1 overlaps %2").arg(i).arg(j)));
            }
        }
        QVERIFY(std::abs(covered - area.w * area.h) < eps + 1e-3);
        if (values.size() == 7) { // the paper's example stays within 3:1
            for (const auto& r : rects)
                QVERIFY(std::max(r.w / r.h, r.h / r.w) < 3.0);
        }
    }

    void emptyAndZeroValues()
    {
        QVERIFY(fs::squarify({}, {0, 0, 10, 10}).empty());
        const auto r = fs::squarify({3, 0}, {0, 0, 10, 10});
        QCOMPARE(r[0].w * r[0].h, 100.0);
        QCOMPARE(r[1].w * r[1].h, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestSpace)
#include "test_space.moc"
