// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// TagFamilyModel and TagFamilyProxy fed from a text fixture of real Deep
// Learning Containers tags, under QAbstractItemModelTester, in one batch and
// in shuffled small batches; sorting and filtering keep twins beside their
// images; thousands of tags arrive in few model signals.
//
// The tags are copied from AWS's deep-learning-containers documentation
// (available_images.md, the SOCI guide's "DLC SOCI Tag Introduction") as in
// tests/core/test_families.cpp; the non-DLC ones are common elsewhere (DJL,
// Triton). Which tags share an image is made up for the test: tags on one
// line of the fixture name one digest.
#include "models/tagfamilymodel.h"
#include "models/tagfamilyproxy.h"
#include "oci/mediatypes.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace sociscope;
using namespace sociscope::ui;

namespace {

// "name: tag tag …" — one image per line; names ending in "-soci" are image
// indexes (SOCI v2 twins are indexes).
// (No raw string literal: moc of Qt 6.4 cannot read them.)
const char* const Fixture[] = {
    "cur: 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.1 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.1-2024-07-01-10-00-00 2.3-gpu-py311-sagemaker 2.3.0-gpu-py311-sagemaker",
    "cur-soci: 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-soci 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1-soci 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.1-2024-07-01-10-00-00-soci",
    "old: 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0-2024-06-10-19-32-22",
    "pt29: 2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2-2025-12-15-22-03-41 2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2 2.9-gpu-py312-ec2 2.9-gpu-py312-cu130-ubuntu22.04-ec2-v1 2.9.0-gpu-py312-ec2 2.9.0-gpu-py312-cu130-ubuntu22.04-ec2",
    "pt29-soci: 2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2-2025-12-15-22-03-41-soci 2.9-gpu-py312-ec2-soci",
    "cpu29: 2.9-cpu-py312-ubuntu22.04-sagemaker-v1",
    "cpu29-soci: 2.9-cpu-py312-ubuntu22.04-sagemaker-v1-soci",
    "cpu23: 2.3-cpu-py311-ubuntu20.04-ec2",
    "vllm11: 0.11-gpu-py312-cu129-ubuntu22.04-sagemaker-v1",
    "vllm25: 0.25.1-gpu-py312-cu130-ubuntu22.04-sagemaker-v1.3-2026-07-22-22-50-11",
    "vllm17-soci: 0.17.1-gpu-py312-cu129-ubuntu22.04-sagemaker-v1.0-soci",
    "vllm13: 0.13-gpu-py312 0.13-gpu-py312-ec2",
    "sgl59: 0.5.9-gpu-py312-ec2",
    "sgl58-soci: 0.5.8-gpu-py312-cu129-ubuntu24.04-sagemaker-v1.11-soci",
    "e3: 1.11.0-gpu-py38-cu115-ubuntu20.04-e3",
    "tf27: 2.7.0-cpu-py38-ubuntu20.04-e3-v1.0",
    "mx: 1.12.1-cpu-py38-ubuntu20.04-ec2",
    "neuronx: 2.8.0-neuronx-py311-sdk2.26.1-ubuntu22.04",
    "neuron: 1.13.1-neuron-py310-sdk2.20.2-ubuntu20.04",
    "hf: 2.5.1-transformers4.49.0-gpu-py311-cu124-ubuntu22.04",
    "hf2: 2.6.0-transformers4.51.3-gpu-py312-cu124-ubuntu22.04-v2.3",
    "plain: latest stable",
    "djl: 0.36.0-lmi18.0.0-cu128",
    "triton: 23.12-py3",
};

struct Image {
    std::string name;
    std::vector<std::string> tags;
};

std::vector<Image> fixture()
{
    std::vector<Image> out;
    for (const char* text : Fixture) {
        const QString line = QString::fromUtf8(text);
        const QString name = line.section(QLatin1Char(':'), 0, 0).trimmed();
        Image img{name.toStdString(), {}};
        for (const QString& t : line.section(QLatin1Char(':'), 1).split(QLatin1Char(' '), Qt::SkipEmptyParts))
            img.tags.push_back(t.toStdString());
        out.push_back(std::move(img));
    }
    return out;
}

oci::Digest digestOf(const std::string& name) { return oci::Digest::sha256Of(name); }
QString digestText(const std::string& name) { return QString::fromStdString(digestOf(name).str()); }

registry::ResolvedTag resolved(const Image& img, const std::string& tag)
{
    registry::ResolvedTag r;
    r.tag = tag;
    r.descriptor.digest = digestOf(img.name);
    r.descriptor.mediaType = std::string(img.name.ends_with("-soci") ? oci::mt::OciIndex : oci::mt::OciManifest);
    r.descriptor.size = 1234;
    r.seenAt = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    return r;
}

std::vector<registry::ResolvedTag> allTags()
{
    std::vector<registry::ResolvedTag> out;
    for (const auto& img : fixture())
        for (const auto& t : img.tags)
            out.push_back(resolved(img, t));
    return out;
}

// Everything a row shows, for comparing two models.
QStringList snapshot(const QAbstractItemModel& m)
{
    QStringList rows;
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m.columnCount(); ++c)
            cells << m.index(r, c).data().toString();
        cells << m.index(r, 0).data(TagFamilyModel::TagsRole).toStringList().join(QLatin1Char(','));
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

QString cell(const QAbstractItemModel& m, int row, int column) { return m.index(row, column).data().toString(); }

// Source rows of the proxy, top to bottom, by digest.
QStringList proxyOrder(const QAbstractItemModel& proxy)
{
    QStringList out;
    for (int r = 0; r < proxy.rowCount(); ++r)
        out << proxy.index(r, 0).data(TagFamilyModel::DigestRole).toString();
    return out;
}

} // namespace

class TestTagFamilyModel final : public QObject {
    Q_OBJECT

private slots:
    void oneBatchGroupsByDigest()
    {
        TagFamilyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addBatch(allTags(), {});
        const auto images = fixture();
        QCOMPARE(model.rowCount(), static_cast<int>(images.size()));
        QCOMPARE(model.tagCount(), allTags().size());

        // Six tags, one image: the most specific tag first.
        const int cur = model.rowOfDigest(digestText("cur"));
        QVERIFY(cur >= 0);
        const QStringList tags = model.index(cur, 0).data(TagFamilyModel::TagsRole).toStringList();
        QCOMPARE(tags.size(), 6);
        QCOMPARE(tags.front(), QStringLiteral("2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.1-2024-07-01-10-00-00"));
        QVERIFY(cell(model, cur, TagFamilyModel::ColumnTag).endsWith(QStringLiteral("+5")));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnKind), QStringLiteral("Image"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnRelease), QStringLiteral("Rolling, pinned"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnVersion), QStringLiteral("2.3.0"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnDevice), QStringLiteral("gpu"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnPython), QStringLiteral("py311"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnCuda), QStringLiteral("cu121"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnOs), QStringLiteral("ubuntu20.04"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnPlatform), QStringLiteral("sagemaker"));
        QCOMPARE(cell(model, cur, TagFamilyModel::ColumnDate), QStringLiteral("2024-07-01 10:00"));

        // The twin sits right below its image, linked both ways.
        const int twin = model.rowOfDigest(digestText("cur-soci"));
        QCOMPARE(twin, cur + 1);
        QVERIFY(model.index(twin, 0).data(TagFamilyModel::IsTwinRole).toBool());
        QCOMPARE(model.index(twin, 0).data(TagFamilyModel::TwinOfRole).toString(), digestText("cur"));
        QCOMPARE(model.anchorRow(twin), cur);
        QCOMPARE(model.twinRows(cur), QList<int>{twin});
        QCOMPARE(cell(model, twin, TagFamilyModel::ColumnKind), QStringLiteral("SOCI twin (…)"));

        // Pinned only, rolling only; Neuron SDK in the CUDA column.
        QCOMPARE(cell(model, model.rowOfDigest(digestText("old")), TagFamilyModel::ColumnRelease), QStringLiteral("Pinned"));
        QCOMPARE(cell(model, model.rowOfDigest(digestText("cpu23")), TagFamilyModel::ColumnRelease), QStringLiteral("Rolling"));
        QCOMPARE(cell(model, model.rowOfDigest(digestText("neuronx")), TagFamilyModel::ColumnCuda), QStringLiteral("sdk2.26.1"));
        // A twin whose image is not in the repository stands alone.
        const int lone = model.rowOfDigest(digestText("sgl58-soci"));
        QCOMPARE(model.anchorRow(lone), lone);
        // Non-DLC tags: one image, no DLC columns.
        const int plain = model.rowOfDigest(digestText("plain"));
        QCOMPARE(model.index(plain, 0).data(TagFamilyModel::TagsRole).toStringList(),
                 (QStringList{QStringLiteral("latest"), QStringLiteral("stable")}));
        QVERIFY(cell(model, plain, TagFamilyModel::ColumnVersion).isEmpty());
        QVERIFY(cell(model, plain, TagFamilyModel::ColumnRelease).isEmpty());
    }

    void shuffledBatchesGiveTheSameRows()
    {
        TagFamilyModel once;
        once.addBatch(allTags(), {});
        for (unsigned seed : {1u, 2u, 3u}) {
            TagFamilyModel model;
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            TagFamilyProxy proxy;
            proxy.setSourceModel(&model);
            QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
            QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
            auto tags = allTags();
            std::mt19937 rng(seed);
            std::shuffle(tags.begin(), tags.end(), rng);
            int batches = 0;
            for (size_t i = 0; i < tags.size(); i += 3, ++batches)
                model.addBatch({tags.begin() + static_cast<long>(i),
                                tags.begin() + static_cast<long>(std::min(i + 3, tags.size()))},
                               {});
            QVERIFY(inserted.count() <= batches); // one insert block per batch at most
            QCOMPARE(snapshot(model), snapshot(once));
            QCOMPARE(snapshot(proxy), snapshot(once)); // unsorted proxy: the model's order
        }
    }

    // An ordinary repository: a row is named by "latest", else by its most
    // specific tag, not the lowest ("1.0  +3"); folded, the -soci twin shows
    // on its image's row (the SOCI twin column), not as a row of its own.
    void bestNameAndTwinOnItsImagesRow()
    {
        const std::vector<Image> images = {
            {"app", {"1", "1.0", "1.0.3", "latest"}},
            {"app-soci", {"1-soci", "1.0-soci", "1.0.3-soci", "latest-soci"}},
            {"old", {"0", "0.9", "0.9.12"}},
            {"lone-soci", {"0.8-soci"}}, // its image is not in the repository
        };
        std::vector<registry::ResolvedTag> tags;
        for (const auto& img : images)
            for (const auto& t : img.tags)
                tags.push_back(resolved(img, t));
        TagFamilyModel model;
        TagFamilyProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addBatch(tags, {});
        const int app = model.rowOfDigest(digestText("app"));
        const int old = model.rowOfDigest(digestText("old"));
        const int twin = model.rowOfDigest(digestText("app-soci"));
        QCOMPARE(cell(model, app, TagFamilyModel::ColumnTag), QStringLiteral("latest  +3"));
        QCOMPARE(model.index(app, 0).data(TagFamilyModel::TagsRole).toStringList().size(), 4);
        QCOMPARE(cell(model, old, TagFamilyModel::ColumnTag), QStringLiteral("0.9.12  +2"));
        QCOMPARE(model.index(twin, 0).data(TagFamilyModel::TagsRole).toStringList().front(), QStringLiteral("latest-soci"));
        // The twin is named after the image's tag: the cell shows only what is
        // news (its index version, "…" until known); its name is in the role.
        QCOMPARE(cell(model, app, TagFamilyModel::ColumnSoci), QStringLiteral("…"));
        QCOMPARE(model.index(app, 0).data(TagFamilyModel::SociTwinTagRole).toString(), QStringLiteral("latest-soci"));
        QCOMPARE(cell(model, old, TagFamilyModel::ColumnSoci), QString());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSociVersion(digestText("app-soci"), QStringLiteral("v2"));
        QCOMPARE(cell(model, app, TagFamilyModel::ColumnSoci), QStringLiteral("v2"));
        QVERIFY(std::any_of(changed.begin(), changed.end(), [&](const QList<QVariant>& args) {
            const auto from = args.at(0).toModelIndex(), to = args.at(1).toModelIndex();
            return from.row() <= app && app <= to.row() && from.column() <= TagFamilyModel::ColumnSoci &&
                   TagFamilyModel::ColumnSoci <= to.column();
        }));

        QCOMPARE(proxy.rowCount(), 4);
        proxy.setFoldTwins(true);
        QStringList shown = proxyOrder(proxy);
        shown.sort();
        QStringList expected{digestText("app"), digestText("old"), digestText("lone-soci")};
        expected.sort();
        QCOMPARE(shown, expected);
        // The twin's tag still finds its image.
        proxy.setFilterText(QStringLiteral("latest-soci"));
        QCOMPARE(proxyOrder(proxy), QStringList{digestText("app")});
        proxy.setFilterText({});

        // Size and date of an ordinary repository's images, from their
        // manifest and config; sizes sort by number, unknown ones last.
        QVERIFY(model.needsSummary(app));
        QVERIFY(!model.needsSummary(twin));
        model.setImageSummary(digestText("app"), 950, QStringLiteral("2024-05-01T10:20:30Z"));
        model.setImageSummary(digestText("old"), 15 * 1024 * 1024, {});
        QVERIFY(!model.needsSummary(app));
        QCOMPARE(cell(model, app, TagFamilyModel::ColumnSize), QStringLiteral("950 B"));
        QCOMPARE(cell(model, old, TagFamilyModel::ColumnSize), QStringLiteral("15.0 MiB"));
        QVERIFY2(cell(model, app, TagFamilyModel::ColumnDate).startsWith(QStringLiteral("2024-05-01")),
                 qPrintable(cell(model, app, TagFamilyModel::ColumnDate)));
        QCOMPARE(cell(model, old, TagFamilyModel::ColumnDate), QString());
        proxy.sort(TagFamilyModel::ColumnSize, Qt::AscendingOrder);
        QCOMPARE(proxyOrder(proxy).mid(0, 2), (QStringList{digestText("app"), digestText("old")}));
        proxy.sort(TagFamilyModel::ColumnSize, Qt::DescendingOrder);
        QCOMPARE(proxyOrder(proxy).mid(0, 2), (QStringList{digestText("old"), digestText("app")}));
        model.setImageSummary(digestText("lone-soci"), -1, {});
        QCOMPARE(cell(model, model.rowOfDigest(digestText("lone-soci")), TagFamilyModel::ColumnSize), QStringLiteral("?"));
    }

    void sortingKeepsTwinsBesideTheirImages()
    {
        TagFamilyModel model;
        TagFamilyProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addBatch(allTags(), {});
        const QString cur = digestText("cur"), curTwin = digestText("cur-soci");
        const QString pt = digestText("pt29"), ptTwin = digestText("pt29-soci");
        for (int column : {int(TagFamilyModel::ColumnVersion), int(TagFamilyModel::ColumnTag),
                           int(TagFamilyModel::ColumnDate), int(TagFamilyModel::ColumnKind)}) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                proxy.sort(column, order);
                const QStringList rows = proxyOrder(proxy);
                QCOMPARE(rows.indexOf(curTwin), rows.indexOf(cur) + 1);
                QCOMPARE(rows.indexOf(ptTwin), rows.indexOf(pt) + 1);
            }
        }
        // Versions compare as numbers: 2.9 before 2.10-like orders, 13 after 2.
        proxy.sort(TagFamilyModel::ColumnVersion, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, TagFamilyModel::ColumnVersion).data().toString(), QStringLiteral("2.9.0"));
        // Rows without a version go last in both directions.
        QVERIFY(proxy.index(proxy.rowCount() - 1, TagFamilyModel::ColumnVersion).data().toString().isEmpty());
        proxy.sort(TagFamilyModel::ColumnVersion, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, TagFamilyModel::ColumnVersion).data().toString(), QStringLiteral("0.5.8"));
        QVERIFY(proxy.index(proxy.rowCount() - 1, TagFamilyModel::ColumnVersion).data().toString().isEmpty());
        // Back to the model's (FamilyBuilder's) order.
        proxy.sort(-1);
        QCOMPARE(snapshot(proxy), snapshot(model));
    }

    void filtering()
    {
        TagFamilyModel model;
        TagFamilyProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addBatch(allTags(), {});
        const auto shown = [&] { return proxyOrder(proxy); };

        proxy.setFilterText(QStringLiteral("device:cpu"));
        for (int r = 0; r < proxy.rowCount(); ++r)
            QCOMPARE(proxy.index(r, TagFamilyModel::ColumnDevice).data().toString(), QStringLiteral("cpu"));
        QVERIFY(shown().contains(digestText("cpu29-soci"))); // the twin comes along
        QCOMPARE(proxy.rowCount(), 5);

        // A free word matches any tag; the image of a matching twin shows too.
        proxy.setFilterText(QStringLiteral("v1-soci"));
        QVERIFY(shown().contains(digestText("cur")));
        QVERIFY(shown().contains(digestText("cur-soci")));
        QVERIFY(shown().contains(digestText("cpu29")));
        QVERIFY(!shown().contains(digestText("old")));

        proxy.setFilterText(QStringLiteral("py:py312 platform:ec2 cuda:cu130"));
        QCOMPARE(shown(), (QStringList{digestText("pt29"), digestText("pt29-soci")}));
        proxy.setFilterText(QStringLiteral("2024-06-10"));
        QCOMPARE(shown(), QStringList{digestText("old")});
        proxy.setFilterText(QStringLiteral("no-such-tag"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), model.rowCount());

        proxy.setShow(TagFamilyProxy::Show::Pinned);
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const QModelIndex i = proxy.index(r, 0);
            const int anchor = model.anchorRow(proxy.mapToSource(i).row());
            QVERIFY(model.index(anchor, 0).data(TagFamilyModel::PinnedRole).toBool());
        }
        proxy.setShow(TagFamilyProxy::Show::WithSociTwin);
        QStringList withTwins = shown();
        withTwins.sort();
        QStringList expected{digestText("cur"), digestText("cur-soci"), digestText("cpu29"),
                                       digestText("cpu29-soci"), digestText("pt29"), digestText("pt29-soci"),
                                       digestText("sgl58-soci"), digestText("vllm17-soci")};
        expected.sort();
        QCOMPARE(withTwins, expected);
    }

    void sociVersionsReferrerTagsAndFailures()
    {
        TagFamilyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto tags = allTags();
        // A referrers fallback tag holds referrers, not an image.
        registry::ResolvedTag ref = tags.front();
        ref.tag = "sha256-" + digestOf("cur").hex();
        tags.push_back(ref);
        registry::UnresolvedTag bad{"2.3.0-gpu-py311-broken", makeError(ErrorCode::NotFound, "manifest unknown")};
        model.addBatch(tags, {bad});
        QCOMPARE(model.referrerTagCount(), size_t(1));
        QCOMPARE(model.unresolved().size(), size_t(1));
        QCOMPARE(model.rowCount(), static_cast<int>(fixture().size()));

        const int twin = model.rowOfDigest(digestText("cur-soci"));
        model.setSociVersion(digestText("cur-soci"), QStringLiteral("v2"));
        QCOMPARE(changed.count(), 2); // the twin's Kind, and its image's SOCI twin cell
        QCOMPARE(cell(model, model.rowOfDigest(digestText("cur")), TagFamilyModel::ColumnSoci), QStringLiteral("v2"));
        QCOMPARE(cell(model, twin, TagFamilyModel::ColumnKind), QStringLiteral("SOCI twin (v2)"));
        model.setSociVersion(digestText("pt29-soci"), QStringLiteral("none"));
        QCOMPARE(cell(model, model.rowOfDigest(digestText("pt29-soci")), TagFamilyModel::ColumnKind),
                 QStringLiteral("SOCI twin (no index)"));
        // A version known before the row arrives is kept.
        TagFamilyModel early;
        early.setSociVersion(digestText("cur-soci"), QStringLiteral("v1"));
        early.addBatch(allTags(), {});
        QCOMPARE(early.index(early.rowOfDigest(digestText("cur-soci")), 0).data(TagFamilyModel::SociVersionRole).toString(),
                 QStringLiteral("v1"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.tagCount(), size_t(0));
    }

    void naturalCompare()
    {
        QVERIFY(TagFamilyProxy::naturalCompare(u"2.9", u"2.10") < 0);
        QVERIFY(TagFamilyProxy::naturalCompare(u"py38", u"py311") < 0);
        QVERIFY(TagFamilyProxy::naturalCompare(u"v1.11", u"v1.2") > 0);
        QVERIFY(TagFamilyProxy::naturalCompare(u"cu121", u"cu121") == 0);
        QVERIFY(TagFamilyProxy::naturalCompare(u"a", u"B") < 0);
        QVERIFY(TagFamilyProxy::naturalCompare(u"2.3", u"2.3.0") < 0);
    }

    // Thousands of tags in batches the size TagStream delivers: few signals, quick.
    void thousandsOfTagsStaySmooth()
    {
        TagFamilyModel model;
        TagFamilyProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(TagFamilyModel::ColumnVersion, Qt::DescendingOrder);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
        std::vector<registry::ResolvedTag> tags;
        for (int v = 0; v < 250; ++v) {
            const std::string version = "2." + std::to_string(v / 10) + "." + std::to_string(v % 10);
            for (const char* device : {"gpu", "cpu"}) {
                const std::string line = version + "-" + device + "-py311-ubuntu22.04-ec2";
                Image img{line, {}};
                for (const std::string& t : {line, line + "-v1", line + "-v1.0", line + "-v1.0-2024-07-01-10-00-00"})
                    tags.push_back(resolved(img, t));
                Image twin{line + "-soci", {}};
                for (const std::string& t : {line + "-soci", line + "-v1.0-2024-07-01-10-00-00-soci"})
                    tags.push_back(resolved(twin, t));
            }
        }
        QCOMPARE(tags.size(), size_t(3000));
        std::mt19937 rng(7);
        std::shuffle(tags.begin(), tags.end(), rng);
        QElapsedTimer timer;
        timer.start();
        int batches = 0;
        for (size_t i = 0; i < tags.size(); i += 200, ++batches)
            model.addBatch({tags.begin() + static_cast<long>(i),
                            tags.begin() + static_cast<long>(std::min(i + 200, tags.size()))},
                           {});
        const qint64 ms = timer.elapsed();
        QCOMPARE(model.rowCount(), 1000);
        QVERIFY(inserted.count() <= batches);
        QVERIFY(layouts.count() <= batches);
        QVERIFY2(ms < 5000, qPrintable(QStringLiteral("%1 ms for 3000 tags").arg(ms)));
        // Sorted by version, descending, each twin still under its image.
        QCOMPARE(proxy.index(0, TagFamilyModel::ColumnVersion).data().toString(), QStringLiteral("2.24.9"));
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const QModelIndex i = proxy.index(r, 0);
            if (i.data(TagFamilyModel::IsTwinRole).toBool())
                QCOMPARE(proxy.index(r - 1, 0).data(TagFamilyModel::DigestRole).toString(),
                         i.data(TagFamilyModel::TwinOfRole).toString());
        }
    }
};

QTEST_MAIN(TestTagFamilyModel)
#include "test_tag_family_model.moc"
