// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The image page's models (platforms, config, history, layers, referrers)
// and the sources model, each under QAbstractItemModelTester, built from
// short text fixtures; plus the small helpers the pages lean on.
#include "app/commandline.h"
#include "common/qtformat.h"
#include "common/usermessage.h"
#include "models/configmodel.h"
#include "models/historymodel.h"
#include "models/layermodel.h"
#include "models/platformmodel.h"
#include "models/referrermodel.h"
#include "models/sourcesmodel.h"

#include "oci/mediatypes.h"
#include "soci/index.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::ui;

namespace {

// An image config in the shape a DLC build writes (Docker fields, BuildKit history).
const char* const ConfigJson =
    "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-07-01T10:00:00.123456789Z\","
    "\"config\":{\"User\":\"1000:1000\",\"Env\":[\"PATH=/usr/local/bin:/usr/bin\",\"CUDA_HOME=/usr/local/cuda\","
    "\"EMPTY=\"],\"Entrypoint\":[\"bash\",\"-m\",\"start_with_right_hostname.sh\"],\"Cmd\":[\"/bin/bash\",\"-c\","
    "\"echo it's up\"],\"WorkingDir\":\"/workspace\",\"Labels\":{\"maintainer\":\"Amazon AI\","
    "\"com.amazonaws.sagemaker.capabilities.accept-bind-to-port\":\"true\"},\"ExposedPorts\":{\"8080/tcp\":{}},"
    "\"Volumes\":{\"/opt/ml/model\":{}}},"
    "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
    "\"sha256:1111111111111111111111111111111111111111111111111111111111111111\","
    "\"sha256:2222222222222222222222222222222222222222222222222222222222222222\","
    "\"sha256:3333333333333333333333333333333333333333333333333333333333333333\"]},"
    "\"history\":["
    "{\"created\":\"2024-06-01T00:00:00Z\",\"created_by\":\"/bin/sh -c #(nop) ADD file:5b2c in / \"},"
    "{\"created\":\"2024-06-01T00:00:01Z\",\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"bash\\\"]\",\"empty_layer\":true},"
    "{\"created\":\"2024-07-01T09:00:00Z\",\"created_by\":\"/bin/sh -c apt-get update && apt-get install -y python3\"},"
    "{\"created\":\"2024-07-01T09:30:00Z\",\"created_by\":\"RUN /bin/sh -c pip install torch==2.3.0 # buildkit\","
    "\"comment\":\"buildkit.dockerfile.v0\"}]}";

oci::Descriptor blob(const std::string& name, std::int64_t size, std::string_view mediaType)
{
    oci::Descriptor d;
    d.digest = oci::Digest::sha256Of(name);
    d.size = size;
    d.mediaType = std::string(mediaType);
    return d;
}

registry::PlatformImage platformImage(const std::string& arch)
{
    registry::PlatformImage img;
    auto cfg = oci::ImageConfig::parse(ConfigJson);
    if (!cfg)
        qFatal("fixture config does not parse: %s", cfg.error().text().c_str());
    img.config = *cfg;
    img.config.architecture = arch;
    img.manifest.mediaType = std::string(oci::mt::OciManifest);
    img.manifest.layers = {blob(arch + "0", 30 << 20, oci::mt::OciLayerGzip),
                           blob(arch + "1", 2048, oci::mt::OciLayerGzip),
                           blob(arch + "2", 5ll << 30, oci::mt::OciLayerZstd)};
    img.descriptor = blob("manifest-" + arch, 1200, oci::mt::OciManifest);
    img.descriptor.platform = oci::Platform{arch, "linux", {}, {}, {}};
    img.raw.digest = img.descriptor.digest;
    img.raw.mediaType = img.descriptor.mediaType;
    return img;
}

QString cell(const QAbstractItemModel& m, int row, int column, const QModelIndex& parent = {})
{
    return m.index(row, column, parent).data().toString();
}

} // namespace

class TestUiModels final : public QObject {
    Q_OBJECT

private slots:
    void platforms()
    {
        registry::ImageInfo info;
        info.top.mediaType = std::string(oci::mt::OciIndex);
        info.index = oci::Index{};
        info.images = {platformImage("amd64"), platformImage("arm64")};
        oci::Descriptor soci = blob("soci-index", 709, oci::mt::OciManifest);
        soci.artifactType = std::string(oci::mt::SociIndexV2);
        soci.platform = oci::Platform{"amd64", "linux", {}, {}, {}};
        oci::Descriptor attestation = blob("attestation", 800, oci::mt::OciManifest);
        attestation.annotations["vnd.docker.reference.type"] = "attestation-manifest";
        attestation.platform = oci::Platform{"unknown", "unknown", {}, {}, {}};
        info.artifacts = {soci, attestation};

        PlatformModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setImageInfo(info);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(cell(model, 0, PlatformModel::ColumnPlatform), QStringLiteral("linux/amd64"));
        QCOMPARE(cell(model, 1, PlatformModel::ColumnPlatform), QStringLiteral("linux/arm64"));
        QVERIFY(cell(model, 0, PlatformModel::ColumnKind).startsWith(QStringLiteral("Image")));
        QCOMPARE(model.index(1, 0).data(PlatformModel::ImageIndexRole).toInt(), 1);
        // The SOCI v2 index entry is a SOCI index, not an image.
        QCOMPARE(cell(model, 2, PlatformModel::ColumnKind), QStringLiteral("SOCI index"));
        QVERIFY(!model.index(2, 0).data(PlatformModel::IsImageRole).toBool());
        QCOMPARE(model.index(2, 0).data(PlatformModel::ImageIndexRole).toInt(), -1);
        QCOMPARE(cell(model, 3, PlatformModel::ColumnKind), QStringLiteral("Attestation"));
        QCOMPARE(cell(model, 0, PlatformModel::ColumnSize), Format::bytes((30 << 20) + 2048 + (5ll << 30)));
        QCOMPARE(cell(model, 2, PlatformModel::ColumnMediaType), QStringLiteral("OCI manifest"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void config()
    {
        ConfigModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConfig(platformImage("amd64").config);
        QHash<QString, int> row;
        for (int r = 0; r < model.rowCount(); ++r)
            row.insert(cell(model, r, 0), r);
        QCOMPARE(cell(model, row.value(QStringLiteral("Entrypoint")), 1),
                 QStringLiteral("bash -m start_with_right_hostname.sh"));
        QCOMPARE(cell(model, row.value(QStringLiteral("Command")), 1), QStringLiteral("/bin/bash -c 'echo it'\\''s up'"));
        QCOMPARE(cell(model, row.value(QStringLiteral("Working directory")), 1), QStringLiteral("/workspace"));
        QCOMPARE(cell(model, row.value(QStringLiteral("User")), 1), QStringLiteral("1000:1000"));
        QCOMPARE(cell(model, row.value(QStringLiteral("Created")), 1), QStringLiteral("2024-07-01 10:00"));
        QCOMPARE(cell(model, row.value(QStringLiteral("Stop signal")), 1), QStringLiteral("not set"));
        const QModelIndex env = model.index(row.value(QStringLiteral("Environment")), 0);
        QCOMPARE(model.rowCount(env), 3);
        QCOMPARE(cell(model, 1, 0, env), QStringLiteral("CUDA_HOME"));
        QCOMPARE(cell(model, 1, 1, env), QStringLiteral("/usr/local/cuda"));
        QCOMPARE(cell(model, 2, 1, env), QString());
        const QModelIndex labels = model.index(row.value(QStringLiteral("Labels")), 0);
        QCOMPARE(model.rowCount(labels), 2);
        QCOMPARE(cell(model, 1, 0, labels), QStringLiteral("maintainer"));
        const QModelIndex ports = model.index(row.value(QStringLiteral("Exposed ports")), 0);
        QCOMPARE(cell(model, 0, 0, ports), QStringLiteral("8080/tcp"));
        const QModelIndex volumes = model.index(row.value(QStringLiteral("Volumes")), 0);
        QCOMPARE(cell(model, 0, 0, volumes), QStringLiteral("/opt/ml/model"));
        QCOMPARE(model.parent(model.index(0, 1, volumes)), volumes);
        // An empty config says so.
        model.setConfig(oci::ImageConfig{});
        QCOMPARE(cell(model, 0, 1), QStringLiteral("not set"));
    }

    void history()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setImage(platformImage("amd64"));
        QCOMPARE(model.rowCount(), 4);
        // Steps that made a layer take the layers in order; empty ones none.
        QCOMPARE(model.index(0, 0).data(HistoryModel::LayerIndexRole).toInt(), 0);
        QCOMPARE(model.index(1, 0).data(HistoryModel::LayerIndexRole).toInt(), -1);
        QCOMPARE(model.index(2, 0).data(HistoryModel::LayerIndexRole).toInt(), 1);
        QCOMPARE(model.index(3, 0).data(HistoryModel::LayerIndexRole).toInt(), 2);
        QCOMPARE(cell(model, 0, HistoryModel::ColumnLayer), QStringLiteral("#0"));
        QCOMPARE(cell(model, 1, HistoryModel::ColumnLayer), QStringLiteral("none"));
        QCOMPARE(cell(model, 3, HistoryModel::ColumnSize), Format::bytes(5ll << 30));
        QCOMPARE(cell(model, 1, HistoryModel::ColumnCommand), QStringLiteral("CMD [\"bash\"]"));
        QCOMPARE(cell(model, 2, HistoryModel::ColumnCommand),
                 QStringLiteral("RUN apt-get update && apt-get install -y python3"));
        QCOMPARE(cell(model, 3, HistoryModel::ColumnCommand),
                 QStringLiteral("RUN /bin/sh -c pip install torch==2.3.0 # buildkit"));
        QVERIFY(model.index(3, HistoryModel::ColumnCommand).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("buildkit.dockerfile.v0")));
        QCOMPARE(cell(model, 2, HistoryModel::ColumnCreated), QStringLiteral("2024-07-01 09:00"));
    }

    void layers()
    {
        const registry::PlatformImage img = platformImage("amd64");
        std::vector<soci::LayerCoverage> cov = soci::coverageOf(img, nullptr);
        QCOMPARE(cov.size(), size_t(3));
        // As an index would describe it: layer 0 indexed, 1 too small, 2 zstd.
        cov[0].kind = soci::Coverage::Indexed;
        cov[0].ztoc = blob("ztoc0", 90000, oci::mt::OctetStream);
        cov[0].spanSize = 4 << 20;
        cov[0].reason = "lazy: spans of 4 MiB";
        cov[1].kind = soci::Coverage::TooSmall;
        cov[1].reason = "read whole: 2.0 KiB is below the minimum layer size of 10 MiB";
        cov[2].kind = soci::Coverage::Zstd;
        cov[2].reason = "read whole: zstd (SOCI has no zTOCs for zstd layers)";

        LayerModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCoverage(cov);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, LayerModel::ColumnZtoc), QStringLiteral("Yes"));
        QCOMPARE(cell(model, 1, LayerModel::ColumnZtoc), QStringLiteral("No"));
        QCOMPARE(cell(model, 0, LayerModel::ColumnSpanSize), QStringLiteral("4.00 MiB"));
        QCOMPARE(cell(model, 0, LayerModel::ColumnSpans), QStringLiteral("…")); // zTOC not read yet
        QCOMPARE(cell(model, 1, LayerModel::ColumnSpans), QString());
        QCOMPARE(cell(model, 0, LayerModel::ColumnMediaType), QStringLiteral("tar+gzip"));
        QCOMPARE(cell(model, 2, LayerModel::ColumnMediaType), QStringLiteral("tar+zstd"));
        QCOMPARE(cell(model, 0, LayerModel::ColumnCoverage), QStringLiteral("Lazily"));
        QCOMPARE(cell(model, 1, LayerModel::ColumnCoverage), QStringLiteral("Whole · too small"));
        QCOMPARE(cell(model, 2, LayerModel::ColumnCoverage), QStringLiteral("Whole · zstd"));
        QCOMPARE(cell(model, 1, LayerModel::ColumnReason),
                 QStringLiteral("2.0 KiB is below the minimum layer size of 10 MiB"));
        QCOMPARE(cell(model, 2, LayerModel::ColumnReason),
                 QStringLiteral("Zstd (SOCI has no zTOCs for zstd layers)"));
        QVERIFY(model.index(0, 0).data(LayerModel::LazyRole).toBool());
        QCOMPARE(model.index(2, 0).data(LayerModel::CoverageRole).toString(), QStringLiteral("zstd"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setZtocStats(0, ZtocStats{8, 1503, 31 << 20});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cell(model, 0, LayerModel::ColumnSpans), QStringLiteral("8"));
        QCOMPARE(cell(model, 0, LayerModel::ColumnFiles), QStringLiteral("1503"));
        model.setZtocStats(0, {}, true);
        QCOMPARE(cell(model, 0, LayerModel::ColumnSpans), QStringLiteral("?"));

        // No index at all: every layer is read whole, and says why.
        model.setCoverage(soci::coverageOf(img, nullptr));
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(cell(model, r, LayerModel::ColumnZtoc), QStringLiteral("No"));
            QCOMPARE(cell(model, r, LayerModel::ColumnCoverage), QStringLiteral("Whole · no index"));
        }
    }

    void referrers()
    {
        ReferrerModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        oci::Descriptor sig = blob("sig", 500, oci::mt::OciManifest);
        sig.artifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";
        sig.annotations["org.opencontainers.image.created"] = "2024-07-02T08:00:00Z";
        oci::Descriptor sbom = blob("sbom", 900, oci::mt::OciManifest);
        sbom.artifactType = "application/spdx+json";
        oci::Descriptor soci = blob("soci", 700, oci::mt::OciManifest);
        soci.artifactType = std::string(oci::mt::SociIndexV1);
        oci::Descriptor other = blob("other", 10, oci::mt::OciManifest);
        other.artifactType = "application/vnd.example.thing";
        model.setReferrers({{sig, "image index"}, {sbom, "linux/amd64"}, {soci, "linux/amd64"}, {other, "linux/amd64"}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(cell(model, 0, ReferrerModel::ColumnType), QStringLiteral("Signature (Sigstore)"));
        QCOMPARE(cell(model, 0, ReferrerModel::ColumnCreated), QStringLiteral("2024-07-02 08:00"));
        QCOMPARE(cell(model, 0, ReferrerModel::ColumnSubject), QStringLiteral("image index"));
        QCOMPARE(cell(model, 1, ReferrerModel::ColumnType), QStringLiteral("SBOM (SPDX)"));
        QCOMPARE(cell(model, 2, ReferrerModel::ColumnType), QStringLiteral("SOCI index v1"));
        QCOMPARE(cell(model, 3, ReferrerModel::ColumnType), QStringLiteral("application/vnd.example.thing"));
        QCOMPARE(ReferrerModel::friendlyType("application/vnd.cncf.notary.signature"), QStringLiteral("Signature (Notation)"));
        QCOMPARE(ReferrerModel::friendlyType("application/vnd.cyclonedx+json"), QStringLiteral("SBOM (CycloneDX)"));
    }

    void sources()
    {
        SourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addPresets();
        const QModelIndex presets = model.index(SourcesModel::GroupPresets, 0);
        QCOMPARE(model.rowCount(presets), 3);
        const QModelIndex dlc = model.index(0, 0, presets);
        QCOMPARE(dlc.data().toString(), QStringLiteral("AWS Deep Learning Containers"));
        QCOMPARE(model.rowCount(dlc), 5);
        QCOMPARE(model.index(0, 0, dlc).data().toString(), QStringLiteral("pytorch-training"));
        QCOMPARE(model.index(0, 0, dlc).data(SourcesModel::ReferenceRole).toString(),
                 QStringLiteral("public.ecr.aws/deep-learning-containers/pytorch-training"));
        QCOMPARE(model.index(3, 0, dlc).data().toString(), QStringLiteral("vllm"));
        QVERIFY(!dlc.data(SourcesModel::RemovableRole).toBool());

        // A registry lists its catalog when expanded.
        QSignalSpy requested(&model, &SourcesModel::catalogRequested);
        const QModelIndex reg = model.addRegistry({QStringLiteral("127.0.0.1:5000"), false, false});
        QCOMPARE(model.addRegistry({QStringLiteral("127.0.0.1:5000"), true, false}), reg); // once
        QVERIFY(model.hasChildren(reg));
        if (model.canFetchMore(reg)) // the tester may have expanded it already
            model.fetchMore(reg);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.front().front().toString(), QStringLiteral("127.0.0.1:5000"));
        QVERIFY(!model.canFetchMore(reg));
        QTRY_COMPARE(model.rowCount(reg), 1); // "Loading the catalog…", a turn later
        QCOMPARE(static_cast<SourcesModel::Node>(model.index(0, 0, reg).data(SourcesModel::NodeRole).toInt()),
                 SourcesModel::Node::Placeholder);
        QVERIFY(!(model.flags(model.index(0, 0, reg)) & Qt::ItemIsSelectable));
        model.setCatalog(QStringLiteral("127.0.0.1:5000"), {QStringLiteral("a/one"), QStringLiteral("b/two")});
        QCOMPARE(model.rowCount(reg), 2);
        QCOMPARE(model.index(1, 0, reg).data(SourcesModel::ReferenceRole).toString(),
                 QStringLiteral("127.0.0.1:5000/b/two"));
        QCOMPARE(model.find(QStringLiteral("127.0.0.1:5000/b/two")), model.index(1, 0, reg));
        model.setCatalogFailed(QStringLiteral("127.0.0.1:5000"), QStringLiteral("not offered"));
        QCOMPARE(model.rowCount(reg), 1);
        // The line is short for the sidebar; the reason is in its tooltip.
        QVERIFY(model.index(0, 0, reg).data().toString().startsWith(QStringLiteral("No catalog")));
        QVERIFY(model.index(0, 0, reg).data(Qt::ToolTipRole).toString().contains(QStringLiteral("not offered")));

        // Folders: once each; the settings get the removable ones.
        const QModelIndex f = model.addFolder(QStringLiteral("/tmp/layout/"));
        QCOMPARE(model.addFolder(QStringLiteral("/tmp/layout")), f);
        QCOMPARE(f.data().toString(), QStringLiteral("layout"));
        QCOMPARE(f.data(SourcesModel::ReferenceRole).toString(), QStringLiteral("oci:/tmp/layout"));
        model.addFolder(QStringLiteral("/data/demo"), QStringLiteral("Demo image"), false);
        QCOMPARE(model.folders(), QStringList{QStringLiteral("/tmp/layout")});
        QCOMPARE(model.find(QStringLiteral("oci:/data/demo")).data().toString(), QStringLiteral("Demo image"));
        QCOMPARE(model.registries().size(), 1);

        model.remove(reg);
        QCOMPARE(model.registries().size(), 0);
        model.remove(dlc); // presets stay
        QCOMPARE(model.rowCount(presets), 3);
    }

    // Recent: latest first, once each, at most RecentMax; Bookmarks: once
    // each, in order; image rows have no children and open by reference.
    void sourcesRecentAndBookmarks()
    {
        SourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString a = QStringLiteral("127.0.0.1:5000/team/app:1.0");
        const QString b = QStringLiteral("docker.io/library/ubuntu@sha256:") + QString(64, QLatin1Char('a'));
        model.addRecent(a);
        model.addRecent(b);
        model.addRecent(a);
        QCOMPARE(model.recent(), (QStringList{a, b}));
        const QModelIndex recent = model.index(SourcesModel::GroupRecent, 0);
        const QModelIndex top = model.index(0, 0, recent);
        QCOMPARE(top.data().toString(), QStringLiteral("team/app:1.0"));
        QCOMPARE(model.index(1, 0, recent).data().toString(), QStringLiteral("ubuntu@sha256:aaaaaaaaaaaa"));
        QCOMPARE(top.data(Qt::ToolTipRole).toString(), a);
        QCOMPARE(top.data(SourcesModel::ReferenceRole).toString(), a);
        QCOMPARE(static_cast<SourcesModel::Node>(top.data(SourcesModel::NodeRole).toInt()), SourcesModel::Node::Image);
        QVERIFY(!model.hasChildren(top));
        for (int i = 0; i < SourcesModel::RecentMax + 5; ++i)
            model.addRecent(QStringLiteral("127.0.0.1:5000/r:%1").arg(i));
        QCOMPARE(model.rowCount(recent), SourcesModel::RecentMax);
        QCOMPARE(model.recent().first(), QStringLiteral("127.0.0.1:5000/r:%1").arg(SourcesModel::RecentMax + 4));
        QVERIFY(!model.recent().contains(a)); // the oldest went

        QVERIFY(!model.isBookmarked(a));
        const QModelIndex mark = model.addBookmark(a);
        QCOMPARE(model.addBookmark(a), mark);
        model.addBookmark(b);
        QCOMPARE(model.bookmarks(), (QStringList{a, b}));
        QVERIFY(model.isBookmarked(a));
        model.removeBookmark(a);
        QCOMPARE(model.bookmarks(), QStringList{b});
        model.remove(model.index(0, 0, model.index(SourcesModel::GroupBookmarks, 0)));
        QVERIFY(model.bookmarks().isEmpty());
        model.clearRecent();
        QCOMPARE(model.rowCount(recent), 0);
        // find() looks for repositories and folders: an image row is neither.
        QVERIFY(!model.find(a).isValid());
    }

    void helpers()
    {
        QCOMPARE(ConfigModel::shellJoin({"sh", "-c", "echo $HOME"}), QStringLiteral("sh -c 'echo $HOME'"));
        QCOMPARE(ConfigModel::shellJoin({}), QString());
        QCOMPARE(Format::mediaType(std::string(oci::mt::DockerLayerGzip)), QStringLiteral("tar+gzip"));
        QCOMPARE(Format::mediaType("application/x-custom"), QStringLiteral("application/x-custom"));
        QCOMPARE(Format::time("2024-07-01T10:00:00.123456789Z"), QStringLiteral("2024-07-01 10:00"));
        QCOMPARE(Format::time("2024-07-01T12:00:00+02:00"), QStringLiteral("2024-07-01 10:00"));
        QCOMPARE(Format::time("yesterday"), QStringLiteral("yesterday"));
        QCOMPARE(Format::dlcTimestamp("2024-06-10-19-32-22"), QStringLiteral("2024-06-10 19:32"));
        QCOMPARE(Format::shortDigest(oci::Digest::sha256Of("x")).size(), qsizetype(19));

        const UserMessage net = UserMessages::fromError(makeError(ErrorCode::Network, "could not resolve host"),
                                                        QStringLiteral("list the tags of x"),
                                                        QStringLiteral("public.ecr.aws"));
        QCOMPARE(net.text, QStringLiteral("Could not list the tags of x"));
        QCOMPARE(net.cause, QStringLiteral("could not resolve host"));
        // The URL goes to the tooltip, the advice after "; " to the hint.
        const UserMessage curl = UserMessages::fromError(
            makeError(ErrorCode::Network, "request failed: Could not resolve host: h; check the host name and your "
                                          "network (https://h/v2/x/tags/list)"),
            QStringLiteral("x"), QStringLiteral("h"));
        QCOMPARE(curl.cause, QStringLiteral("request failed: Could not resolve host: h"));
        QVERIFY(curl.details.contains(QStringLiteral("https://h/v2/x/tags/list")));
        QVERIFY(net.retry);
        QVERIFY(net.hint.contains(QStringLiteral("public.ecr.aws")));
        // The places to add credentials that exist in this window, not the CLI's login.
        const UserMessage auth = UserMessages::fromError(
            makeError(ErrorCode::Auth, "no credentials for reg.example; run: sociscopectl login reg.example"),
            QStringLiteral("x"), QStringLiteral("reg.example"));
        QVERIFY(auth.hint.contains(QStringLiteral("Set Credentials…")));
        QVERIFY(auth.hint.contains(QStringLiteral("File → Add Registry…")));
        QVERIFY(!QString(auth.cause + auth.hint).contains(QStringLiteral("login")));
        QCOMPARE(UserMessages::fromError(makeError(ErrorCode::Cancelled, "c"), QStringLiteral("x")).kind,
                 UserMessage::Kind::Information);
    }

    void commandLine()
    {
        auto c = CommandLine::parse({QStringLiteral("oci:/tmp/x:latest")});
        QVERIFY(c.error.isEmpty());
        QCOMPARE(c.references, QStringList{QStringLiteral("oci:/tmp/x:latest")});
        c = CommandLine::parse({QStringLiteral("-platform"), QStringLiteral("offscreen"), QStringLiteral("ubuntu")});
        QVERIFY(c.error.isEmpty());
        QCOMPARE(c.references, QStringList{QStringLiteral("ubuntu")});
        // Screenshots are the sociscope-screenshots tool's, not the product's.
        c = CommandLine::parse({QStringLiteral("--screenshot-dir=/tmp/s")});
        QVERIFY(c.error.contains(QStringLiteral("--screenshot-dir")));
        QVERIFY(CommandLine::parse({QStringLiteral("--help")}).help);
        QVERIFY(CommandLine::parse({QStringLiteral("--version")}).version);
        QVERIFY(!CommandLine::parse({QStringLiteral("--nope")}).error.isEmpty());
        // A file manager passes every folder selected (%U).
        c = CommandLine::parse({QStringLiteral("/srv/a"), QStringLiteral("file:///srv/b")});
        QVERIFY(c.error.isEmpty());
        QCOMPARE(c.references, (QStringList{QStringLiteral("/srv/a"), QStringLiteral("file:///srv/b")}));
        QVERIFY(CommandLine::helpText().contains(QStringLiteral("oci:PATH")));
    }
};

QTEST_MAIN(TestUiModels)
#include "test_ui_models.moc"
