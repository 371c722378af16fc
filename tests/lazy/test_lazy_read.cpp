// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Lazy reads against GNU tar: for generated images of every shape, pushed to
// the real registry and converted by `index convert`, `ls -R --json` equals
// the tree GNU tar extracts (layers in order, whiteouts applied) and every
// regular file read lazily equals tar's bytes.
#include "fs/image_tree.h"
#include "lazy/selection_cost.h"
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QJsonDocument>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

struct Shape {
    const char* name;
    const char* layers; // mkimage.py layers JSON
    const char* spanSize; // nullptr: no SOCI index at all
    const char* minLayerSize;
};

// Each shape stresses one part of the reader.
const Shape kShapes[] = {
    {"levels",
     "[{\"compression\":\"gzip\",\"level\":0,\"entries\":[{\"path\":\"l0/text\",\"text\":150000,\"seed\":1},{\"path\":\"l0/noise\",\"random\":90000,\"seed\":2}]},"
     " {\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"l1/text\",\"text\":300000,\"seed\":3},{\"many\":300,\"prefix\":\"l1/many/f-\",\"size\":700,\"seed\":4}]},"
     " {\"compression\":\"gzip\",\"level\":6,\"entries\":[{\"path\":\"l6/noise\",\"random\":200000,\"seed\":5},{\"path\":\"l6/empty\"},{\"path\":\"l6/text\",\"text\":120000,\"seed\":6}]},"
     " {\"compression\":\"gzip\",\"level\":9,\"entries\":[{\"path\":\"l9/text\",\"text\":400000,\"seed\":7}]}]",
     "65536", "0"},
    {"tiny-spans",
     "[{\"compression\":\"gzip\",\"level\":6,\"members\":5,\"entries\":[{\"path\":\"m/text\",\"text\":200000,\"seed\":8},{\"path\":\"m/noise\",\"random\":60000,\"seed\":9},{\"many\":120,\"prefix\":\"m/s/f\",\"size\":333,\"seed\":10}]},"
     " {\"compression\":\"none\",\"entries\":[{\"path\":\"plain/text\",\"text\":90000,\"seed\":11},{\"path\":\"plain/zero\"},{\"path\":\"plain/edge\",\"text\":4096,\"seed\":12}]},"
     " {\"compression\":\"zstd\",\"entries\":[{\"path\":\"z/text\",\"text\":50000,\"seed\":13}]}]",
     "4096", "0"},
    {"big-spans",
     "[{\"compression\":\"gzip\",\"level\":1,\"entries\":[{\"path\":\"big/noise\",\"random\":5500000,\"seed\":14},{\"path\":\"big/text\",\"text\":3000000,\"seed\":15}]},"
     " {\"compression\":\"gzip\",\"entries\":[{\"path\":\"small/file\",\"data\":\"below the minimum layer size\\n\"}]}]",
     "4194304", "1000000"},
    {"filesystem",
     "[{\"compression\":\"gzip\",\"entries\":["
     "  {\"path\":\"etc\",\"type\":\"dir\"},{\"path\":\"etc/os-release\",\"data\":\"ID=lazy\\n\"},"
     "  {\"path\":\"etc/hard\",\"type\":\"hardlink\",\"target\":\"etc/os-release\"},"
     "  {\"path\":\"usr/bin/tool\",\"data\":\"#!/bin/sh\\n\",\"mode\":2541,\"uid\":1000,\"gid\":1000,\"uname\":\"alice\"},"
     "  {\"path\":\"usr/bin/link\",\"type\":\"symlink\",\"target\":\"tool\"},"
     "  {\"path\":\"usr/lib/abs\",\"type\":\"symlink\",\"target\":\"/etc/os-release\"},"
     "  {\"path\":\"dev/null\",\"type\":\"char\",\"major\":1,\"minor\":3},{\"path\":\"dev/sda\",\"type\":\"block\",\"major\":8,\"minor\":0},"
     "  {\"path\":\"run/fifo\",\"type\":\"fifo\"},{\"path\":\"tmp\",\"type\":\"dir\",\"mode\":1023},"
     "  {\"path\":\"x/a-very-long-directory-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on/and-a-file-with-a-long-name-too-so-pax-is-needed.txt\",\"data\":\"long\\n\"},"
     "  {\"path\":\"old/gone\",\"data\":\"removed above\\n\"},{\"path\":\"old/kept\",\"data\":\"stays\\n\"},"
     "  {\"path\":\"cache/stale\",\"data\":\"opaque above\\n\"},{\"path\":\"swap/dir/inner\",\"data\":\"dir becomes a file\\n\"}]},"
     " {\"compression\":\"gzip\",\"entries\":["
     "  {\"path\":\"old/.wh.gone\"},{\"path\":\"cache\",\"type\":\"dir\"},{\"path\":\"cache/.wh..wh..opq\"},{\"path\":\"cache/fresh\",\"data\":\"new\\n\"},"
     "  {\"path\":\"etc/os-release\",\"data\":\"ID=lazy-upper\\n\"},{\"path\":\"swap/.wh.dir\"},{\"path\":\"swap/dir\",\"data\":\"now a file\\n\"},"
     "  {\"path\":\"usr/bin/tool2\",\"type\":\"hardlink\",\"target\":\"usr/bin/tool\"}]}]",
     "1048576", "0"},
    {"no-index",
     "[{\"compression\":\"gzip\",\"entries\":[{\"path\":\"a/file\",\"text\":80000,\"seed\":16}]},"
     " {\"compression\":\"zstd\",\"entries\":[{\"path\":\"b/file\",\"random\":30000,\"seed\":17},{\"path\":\"a/.wh.file\"}]}]",
     nullptr, nullptr},
};
} // namespace

class TestLazyRead final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-lazy"};
    QProcessEnvironment m_env;

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("the GNU tar oracle needs root to create device nodes and keep owners");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(m_tmp.path()) + "/cli-cache");
    }

    void matchesGnuTar_data()
    {
        QTest::addColumn<int>("shape");
        for (int i = 0; i < static_cast<int>(std::size(kShapes)); ++i)
            QTest::newRow(kShapes[i].name) << i;
    }

    void matchesGnuTar()
    {
        QFETCH(int, shape);
        const Shape& s = kShapes[shape];
        const QString dir = q(m_tmp.path());
        const QString layout = makeImage(dir, QLatin1String(s.name), s.layers);
        QVERIFY(!layout.isEmpty());
        const QString repo = m_registry.address() + "/lazy/" + QLatin1String(s.name);
        auto r = ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t"}, 120000, m_env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QString ref = repo + ":t";
        if (s.spanSize) {
            r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci", QStringLiteral("--span-size"),
                     QLatin1String(s.spanSize), QStringLiteral("--min-layer-size"), QLatin1String(s.minLayerSize)},
                    120000, m_env);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            ref = repo + ":t-soci";
        }
        const auto oracle = oracleTree(layout, QStringLiteral("t"), dir + "/rootfs-" + QLatin1String(s.name));
        QVERIFY(!oracle.empty());

        // The tree, through the CLI.
        r = ctl({QStringLiteral("ls"), ref, QStringLiteral("/"), QStringLiteral("-R"), QStringLiteral("--json"),
                 QStringLiteral("--stats")},
                120000, m_env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto mine = lsTree(r.out);
        QStringList missing, extra;
        for (const auto& [p, o] : oracle)
            if (!mine.count(p))
                missing << p;
        for (const auto& [p, o] : mine)
            if (!oracle.count(p))
                extra << p;
        QVERIFY2(missing.isEmpty(), qPrintable("missing: " + missing.join(QLatin1Char(' '))));
        QVERIFY2(extra.isEmpty(), qPrintable("extra: " + extra.join(QLatin1Char(' '))));
        for (const auto& [p, o] : oracle) {
            const QJsonObject m = mine.at(p);
            const QString type = o.value(QStringLiteral("type")).toString();
            QCOMPARE(m.value(QStringLiteral("type")).toString() + " " + p, type + " " + p);
            QCOMPARE(m.value(QStringLiteral("mode")).toInt(), o.value(QStringLiteral("mode")).toInt());
            QCOMPARE(m.value(QStringLiteral("uid")).toInt(), o.value(QStringLiteral("uid")).toInt());
            QCOMPARE(m.value(QStringLiteral("gid")).toInt(), o.value(QStringLiteral("gid")).toInt());
            QCOMPARE(m.value(QStringLiteral("linkTarget")).toString(), o.value(QStringLiteral("linkTarget")).toString());
            if (type == QLatin1String("reg") || type == QLatin1String("symlink"))
                QCOMPARE(m.value(QStringLiteral("size")).toInteger(), o.value(QStringLiteral("size")).toInteger());
            if (type != QLatin1String("dir"))
                QCOMPARE(m.value(QStringLiteral("mtime")).toString().left(19),
                         QDateTime::fromSecsSinceEpoch(o.value(QStringLiteral("mtime")).toInteger(), Qt::UTC)
                             .toString(Qt::ISODate).left(19));
        }

        // Every regular file's bytes, read lazily in process.
        auto img = openLazy(m_registry.addr(), "lazy/" + std::string(s.name), ref.section(':', -1).toStdString(),
                            m_tmp.path() + "/cache-" + s.name);
        QVERIFY(img);
        auto tree = img->tree();
        QVERIFY2(tree.ok(), tree.ok() ? "" : tree.error().text().c_str());
        int files = 0;
        for (const auto& [p, o] : oracle) {
            if (o.value(QStringLiteral("type")).toString() != QLatin1String("reg"))
                continue;
            auto ino = (*tree)->resolve(p.toStdString(), false);
            QVERIFY(ino.ok());
            auto data = img->read(**tree, *ino, 0, static_cast<size_t>(o.value(QStringLiteral("size")).toInteger()) + 10);
            QVERIFY2(data.ok(), data.ok() ? "" : data.error().text().c_str());
            QCOMPARE(sha256Hex(*data) + " " + p, o.value(QStringLiteral("sha256")).toString() + " " + p);
            ++files;
        }
        QVERIFY(files > 0);
        // Hardlinks share an inode.
        if (oracle.count(QStringLiteral("/etc/hard"))) {
            auto a = (*tree)->resolve("/etc/hard", false);
            auto b = (*tree)->resolve("/etc/os-release", false);
            // /etc/os-release was replaced in the upper layer, so the link keeps the old inode.
            QVERIFY(a.ok() && b.ok() && *a != *b);
            auto t1 = (*tree)->resolve("/usr/bin/tool", false);
            auto t2 = (*tree)->resolve("/usr/bin/tool2", false);
            QVERIFY(t1.ok() && t2.ok());
            QCOMPARE(*t1, *t2);
            QCOMPARE((*tree)->getattr(*t1)->nlink, 2u);
        }
        // cat through the CLI, for the first regular file.
        for (const auto& [p, o] : oracle) {
            if (o.value(QStringLiteral("type")).toString() != QLatin1String("reg"))
                continue;
            r = ctl({QStringLiteral("cat"), ref, p}, 120000, m_env);
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(sha256Hex(r.out.toStdString()), o.value(QStringLiteral("sha256")).toString());
            break;
        }
    }

    void statsShowTheLazyPath()
    {
        // After matchesGnuTar pushed it: the big-spans image, one small file read.
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(m_tmp.path()) + "/stats-cache");
        const QString ref = m_registry.address() + "/lazy/big-spans:t-soci";
        const auto r = ctl({QStringLiteral("ls"), ref, QStringLiteral("/big"), QStringLiteral("--json"), QStringLiteral("--stats")},
                           120000, env);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject stats = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("stats")).toObject();
        // The big layer needs only its zTOC; the small one is read whole.
        QCOMPARE(stats.value(QStringLiteral("spanBytes")).toInteger(), 0);
        QVERIFY(stats.value(QStringLiteral("ztocBytes")).toInteger() > 0);
        QVERIFY(stats.value(QStringLiteral("wholeLayerBytes")).toInteger() > 0);
        QVERIFY(stats.value(QStringLiteral("networkBytes")).toInteger() < stats.value(QStringLiteral("imageBytes")).toInteger() / 4);
        // Each zTOC and the layer read whole once: at most the floor.
        QCOMPARE(stats.value(QStringLiteral("wholeLayerFloorBytes")).toInteger(), stats.value(QStringLiteral("wholeLayerBytes")).toInteger());
        QCOMPARE(stats.value(QStringLiteral("ztocFloorBytes")).toInteger(), stats.value(QStringLiteral("ztocBytes")).toInteger());
        QVERIFY(stats.value(QStringLiteral("networkBytes")).toInteger() <= stats.value(QStringLiteral("floorBytes")).toInteger());

        // cat: stdout is the file, so --json puts the stats on stderr, one line.
        const auto c = ctl({QStringLiteral("cat"), ref, QStringLiteral("/big/text"), QStringLiteral("--json"),
                            QStringLiteral("--stats")},
                           120000, env);
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QCOMPARE(c.out.size(), 3000000);
        const QJsonObject line = QJsonDocument::fromJson(c.err.trimmed().split('\n').last()).object();
        QCOMPARE(line.value(QStringLiteral("schemaVersion")).toInt(), 1);
        const QJsonObject catStats = line.value(QStringLiteral("stats")).toObject();
        QVERIFY(catStats.value(QStringLiteral("spanBytes")).toInteger() > 0);
        QVERIFY(catStats.value(QStringLiteral("networkBytes")).toInteger() >= catStats.value(QStringLiteral("spanBytes")).toInteger());
        // The spans the file needed are in the floor, and were fetched once
        // (plus at most a gzip header before span 0, checked with it).
        const qint64 spanFloor = catStats.value(QStringLiteral("spanFloorBytes")).toInteger();
        QVERIFY(spanFloor > 0);
        QVERIFY(catStats.value(QStringLiteral("spanBytes")).toInteger() <= spanFloor + 64);
        QVERIFY(catStats.value(QStringLiteral("floorBytes")).toInteger() >= spanFloor);
    }

    // The cost preview: what a selection will fetch, before and after reading it.
    void selectionCostBeforeAndAfter()
    {
        auto img = openLazy(m_registry.addr(), "lazy/tiny-spans", "t-soci", m_tmp.path() + "/cost-cache");
        QVERIFY(img);
        auto tree = img->tree();
        QVERIFY(tree.ok());
        const fs::Ino m = *(*tree)->resolve("/m");
        auto before = lazy::costOfSelection(*img, **tree, {m, *(*tree)->resolve("/m/text")});
        QVERIFY2(before.ok(), before.ok() ? "" : before.error().text().c_str());
        QCOMPARE(before->files, 122u); // text, noise and 120 small ones; /m/text counted once
        QCOMPARE(before->folders, 2u);
        QCOMPARE(before->bytes, 200000u + 60000u + 120u * 333u);
        QVERIFY(before->spans >= 2);
        QCOMPARE(before->cachedSpans, 0u);
        QCOMPARE(before->fetchBytes(), before->spanBytes);
        const auto spanBytesBefore = img->stats().spanBytes.load();

        std::vector<fs::Ino> pending{m};
        while (!pending.empty()) {
            const fs::Ino ino = pending.back();
            pending.pop_back();
            const auto kids = (*tree)->readdir(ino);
            for (const auto& k : *kids) {
                if (k.type == fs::FileType::Directory)
                    pending.push_back(k.ino);
                else if (k.type == fs::FileType::Regular)
                    QVERIFY(img->read(**tree, k.ino, 0, 1u << 20).ok());
            }
        }
        // Reading fetched what was announced, plus the gzip header that comes
        // with span 0; now it is all here.
        const auto fetched = img->stats().spanBytes.load() - spanBytesBefore;
        QCOMPARE(img->stats().spansFetched.load(), before->spans);
        QVERIFY(fetched >= before->spanBytes && fetched <= before->spanBytes + 64);
        auto after = lazy::costOfSelection(*img, **tree, {m});
        QVERIFY(after.ok());
        QCOMPARE(after->spans, before->spans);
        QCOMPARE(after->cachedSpans, after->spans);
        QCOMPARE(after->fetchBytes(), 0u);

        // A layer read whole costs nothing more: the tree already fetched it.
        auto whole = openLazy(m_registry.addr(), "lazy/no-index", "t", m_tmp.path() + "/cost-cache-2");
        QVERIFY(whole);
        auto wtree = whole->tree();
        QVERIFY(wtree.ok());
        auto w = lazy::costOfSelection(*whole, **wtree, {(*wtree)->root()});
        QVERIFY(w.ok());
        QCOMPARE(w->spans, 0u);
        QVERIFY(w->localBytes > 0);
        QCOMPARE(w->fetchBytes(), 0u);
    }
};

QTEST_GUILESS_MAIN(TestLazyRead)
#include "test_lazy_read.moc"
