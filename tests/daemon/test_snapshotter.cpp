// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The snapshotter without containerd: containerd's overlay semantics on real
// folders and a real SQLite file (mounts, commit, views, labels, usage,
// list filters, cleanup), metadata kept across a reopen, and the gRPC codes
// containerd maps, through a real gRPC server and client in this process.
#include "snapshotter/remote_labels.h"
#include "snapshotter/snapshots_service.h"
#include "util/files.h"

#include <grpcpp/grpcpp.h>

#include <QtTest>

#include <atomic>
#include <fstream>
#include <thread>
#include <sys/stat.h>

using namespace sociscope;
using namespace sociscope::snapshotter;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

std::string joined(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : ",") + s;
    return out;
}

// The options without index=off (present or not depending on the kernel).
std::string optionsOf(const Mount& m)
{
    std::vector<std::string> o;
    for (const auto& s : m.options)
        if (s != "index=off")
            o.push_back(s);
    return joined(o);
}

bool isDir(const std::string& p)
{
    struct stat st { };
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

} // namespace

#define CHECK_OK(expr)                                                                                                 \
    do {                                                                                                               \
        const auto& r_ = (expr);                                                                                       \
        QVERIFY2(r_.ok(), r_.ok() ? "" : r_.failure().message.c_str());                                                \
    } while (0)
#define CHECK_FAILS(expr, expected)                                                                                    \
    do {                                                                                                               \
        const auto& r_ = (expr);                                                                                       \
        QVERIFY2(!r_.ok(), "succeeded, should have failed");                                                           \
        QCOMPARE(int(r_.failure().code), int(expected));                                                               \
    } while (0)

class TestSnapshotter final : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<files::TempDir> m_tmp;
    std::unique_ptr<Snapshotter> m_sn;

    SnapshotterOptions options() const
    {
        return { m_tmp->path() + "/root", m_tmp->path() + "/state/snapshotter/metadata.db" };
    }
    std::string snapshots() const { return m_tmp->path() + "/root/snapshots"; }

    // An active snapshot committed as name, holding file `name` with data.
    void layer(const std::string& name, const std::string& parent, const std::string& data)
    {
        auto m = m_sn->prepare(name + "-active", parent, {});
        QVERIFY2(m.ok(), m.ok() ? "" : m.failure().message.c_str());
        const std::string upper = parent.empty() ? m->front().source : upperOf(m->front());
        std::ofstream(upper + "/" + name) << data;
        CHECK_OK(m_sn->commit(name, name + "-active", { { "layer", name } }));
    }
    static std::string upperOf(const Mount& m)
    {
        for (const auto& o : m.options)
            if (o.rfind("upperdir=", 0) == 0)
                return o.substr(9);
        return {};
    }

private slots:
    void init()
    {
        m_tmp = std::make_unique<files::TempDir>("sociscope-snap");
        auto sn = Snapshotter::open(options());
        QVERIFY2(sn.ok(), sn.ok() ? "" : sn.failure().message.c_str());
        m_sn = std::move(*sn);
    }
    void cleanup()
    {
        m_sn.reset();
        m_tmp.reset();
    }

    void prepareWithoutParentIsOneBindMount()
    {
        auto m = m_sn->prepare("k1", "", { { "a", "1" } });
        CHECK_OK(m);
        QCOMPARE(m->size(), size_t(1));
        QCOMPARE(q(m->front().type), QStringLiteral("bind"));
        QCOMPARE(q(m->front().source), q(snapshots() + "/1/fs"));
        QCOMPARE(q(joined(m->front().options)), QStringLiteral("rw,rbind"));
        QVERIFY(isDir(snapshots() + "/1/fs") && isDir(snapshots() + "/1/work"));
        auto info = m_sn->stat("k1");
        CHECK_OK(info);
        QCOMPARE(int(info->kind), int(Kind::Active));
        QCOMPARE(q(info->labels.at("a")), QStringLiteral("1"));
        QVERIFY(info->createdNs > 0 && info->createdNs == info->updatedNs);
        // Mounts gives the same again.
        auto again = m_sn->mounts("k1");
        CHECK_OK(again);
        QCOMPARE(q(again->front().source), q(m->front().source));
    }

    void activeOnParentsIsOverlayNearestFirst()
    {
        layer("l1", "", "one");
        layer("l2", "l1", "two");
        layer("l3", "l2", "three");
        auto m = m_sn->prepare("rw", "l3", {});
        CHECK_OK(m);
        QCOMPARE(m->size(), size_t(1));
        QCOMPARE(q(m->front().type), QStringLiteral("overlay"));
        QCOMPARE(q(m->front().source), QStringLiteral("overlay"));
        const std::string s = snapshots();
        QCOMPARE(q(optionsOf(m->front())),
            q("workdir=" + s + "/4/work,upperdir=" + s + "/4/fs,lowerdir=" + s + "/3/fs:" + s + "/2/fs:" + s
                + "/1/fs"));
        // What was unpacked into each layer stays in its folder.
        QVERIFY(files::exists(s + "/2/fs/l2") && files::exists(s + "/3/fs/l3"));
        // Committed snapshots take the commit's labels.
        auto info = m_sn->stat("l2");
        CHECK_OK(info);
        QCOMPARE(int(info->kind), int(Kind::Committed));
        QCOMPARE(q(info->parent), QStringLiteral("l1"));
        QCOMPARE(q(info->labels.at("layer")), QStringLiteral("l2"));
        CHECK_FAILS(m_sn->stat("l2-active"), Code::NotFound);
    }

    void viewsAreReadOnly()
    {
        auto none = m_sn->view("v0", "", {});
        CHECK_OK(none);
        QCOMPARE(q(joined(none->front().options)), QStringLiteral("ro,rbind"));
        QVERIFY(!isDir(snapshots() + "/1/work")); // a view has nothing to write
        layer("l1", "", "one");
        auto one = m_sn->view("v1", "l1", {});
        CHECK_OK(one);
        QCOMPARE(q(one->front().type), QStringLiteral("bind"));
        QCOMPARE(q(one->front().source), q(snapshots() + "/2/fs"));
        QCOMPARE(q(joined(one->front().options)), QStringLiteral("ro,rbind"));
        layer("l2", "l1", "two");
        auto two = m_sn->view("v2", "l2", {});
        CHECK_OK(two);
        QCOMPARE(q(two->front().type), QStringLiteral("overlay"));
        QCOMPARE(q(optionsOf(two->front())), q("lowerdir=" + snapshots() + "/4/fs:" + snapshots() + "/2/fs"));
        CHECK_FAILS(m_sn->commit("c", "v2", {}), Code::FailedPrecondition);
    }

    void errorsAreContainerdsCodes()
    {
        CHECK_OK(m_sn->prepare("a", "", {}));
        CHECK_FAILS(m_sn->prepare("a", "", {}), Code::AlreadyExists);
        CHECK_FAILS(m_sn->prepare("b", "missing", {}), Code::NotFound);
        CHECK_FAILS(m_sn->prepare("b", "a", {}), Code::InvalidArgument); // parent not committed
        CHECK_FAILS(m_sn->prepare("", "", {}), Code::InvalidArgument);
        CHECK_FAILS(m_sn->commit("c", "missing", {}), Code::NotFound);
        CHECK_OK(m_sn->commit("c", "a", {}));
        CHECK_FAILS(m_sn->mounts("c"), Code::FailedPrecondition);
        CHECK_OK(m_sn->prepare("a2", "c", {}));
        CHECK_FAILS(m_sn->commit("c", "a2", {}), Code::AlreadyExists);
        CHECK_FAILS(m_sn->remove("c"), Code::FailedPrecondition); // a2 stands on it
        CHECK_FAILS(m_sn->remove("nothing"), Code::NotFound);
        CHECK_FAILS(m_sn->update("c", {}, { "parent" }), Code::InvalidArgument);
        CHECK_FAILS(m_sn->update("nothing", {}, {}), Code::NotFound);
        CHECK_FAILS(m_sn->usage("nothing"), Code::NotFound);
        CHECK_FAILS(m_sn->list({ "name==" }), Code::InvalidArgument);
        CHECK_FAILS(m_sn->list({ "size==3" }), Code::InvalidArgument);
        // A failed Prepare leaves no folder behind.
        QCOMPARE(QDir(q(snapshots())).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 2);
    }

    void removeDeletesTheFolder()
    {
        layer("l1", "", "one");
        CHECK_OK(m_sn->prepare("rw", "l1", {}));
        QVERIFY(isDir(snapshots() + "/2"));
        CHECK_OK(m_sn->remove("rw"));
        QVERIFY(!files::exists(snapshots() + "/2"));
        CHECK_OK(m_sn->remove("l1"));
        QVERIFY(QDir(q(snapshots())).isEmpty());
        auto all = m_sn->list({});
        CHECK_OK(all);
        QVERIFY(all->empty());
    }

    void updateLabelsByFieldMask()
    {
        CHECK_OK(m_sn->prepare("k", "", { { "a", "1" }, { "b", "2" } }));
        const auto before = m_sn->stat("k");
        CHECK_OK(before);
        auto u = m_sn->update("k", { { "a", "9" }, { "c", "3" } }, { "labels.a" });
        CHECK_OK(u);
        QCOMPARE(u->labels, (Labels { { "a", "9" }, { "b", "2" } }));
        QVERIFY(u->updatedNs >= before->updatedNs && u->createdNs == before->createdNs);
        // A named label missing from the new set is deleted.
        u = m_sn->update("k", {}, { "labels.b" });
        CHECK_OK(u);
        QCOMPARE(u->labels, (Labels { { "a", "9" } }));
        // No mask (or "labels"): all labels replaced.
        u = m_sn->update("k", { { "z", "26" } }, {});
        CHECK_OK(u);
        QCOMPARE(u->labels, (Labels { { "z", "26" } }));
        u = m_sn->update("k", { { "y", "25" } }, { "labels" });
        CHECK_OK(u);
        QCOMPARE(u->labels, (Labels { { "y", "25" } }));
        auto s = m_sn->stat("k");
        CHECK_OK(s);
        QCOMPARE(s->labels, (Labels { { "y", "25" } }));
    }

    void usageCountsBlocksAndInodes()
    {
        auto m = m_sn->prepare("k", "", {});
        CHECK_OK(m);
        const std::string fs = m->front().source;
        std::ofstream(fs + "/data") << std::string(100000, 'x');
        QVERIFY(::link((fs + "/data").c_str(), (fs + "/hardlink").c_str()) == 0);
        QVERIFY(::mkdir((fs + "/sub").c_str(), 0755) == 0);
        auto active = m_sn->usage("k");
        CHECK_OK(active);
        QCOMPARE(active->inodes, std::int64_t(3)); // fs, data (once), sub
        QVERIFY2(active->size >= 100000, qPrintable(QString::number(active->size)));
        CHECK_OK(m_sn->commit("c", "k", {}));
        // After the commit, what was measured then.
        std::ofstream(fs + "/later") << std::string(50000, 'y');
        auto committed = m_sn->usage("c");
        CHECK_OK(committed);
        QCOMPARE(committed->inodes, active->inodes);
        QCOMPARE(committed->size, active->size);
    }

    void listFilters()
    {
        layer("l1", "", "one");
        CHECK_OK(m_sn->prepare("rw", "l1", { { "containerd.io/gc.root", "x" } }));
        CHECK_OK(m_sn->view("v", "l1", {}));
        auto names = [&](std::vector<std::string> filters) {
            auto all = m_sn->list(filters);
            QStringList out;
            if (all)
                for (const auto& i : *all)
                    out << q(i.name);
            return out.join(QLatin1Char(' '));
        };
        QCOMPARE(names({}), QStringLiteral("l1 rw v"));
        QCOMPARE(names({ "kind==committed" }), QStringLiteral("l1"));
        QCOMPARE(names({ "parent==l1" }), QStringLiteral("rw v"));
        QCOMPARE(names({ "parent==l1,kind!=view" }), QStringLiteral("rw"));
        QCOMPARE(names({ R"(labels."containerd.io/gc.root")" }), QStringLiteral("rw"));
        QCOMPARE(names({ "labels.layer==l1", "name~=^v$" }), QStringLiteral("l1 v"));
        QCOMPARE(names({ "parent" }), QStringLiteral("rw v"));
        // What containerd sends to find a remote snapshot after AlreadyExists
        // (metadata/snapshot.go): the target label and the parent, "" for none.
        QCOMPARE(names({ R"(labels."layer"==l1,parent=="")" }), QStringLiteral("l1"));
        QCOMPARE(names({ R"(labels."containerd.io/gc.root"==x,parent==l1)" }), QStringLiteral("rw"));
        QCOMPARE(names({ R"(parent=="")" }), QStringLiteral("l1"));
    }

    void cleanupRemovesOnlyOrphans()
    {
        layer("l1", "", "one");
        QVERIFY(QDir().mkpath(q(snapshots() + "/77/fs")));
        QVERIFY(QDir().mkpath(q(snapshots() + "/new-abc/fs")));
        CHECK_OK(m_sn->cleanup());
        QCOMPARE(
            QDir(q(snapshots())).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList { QStringLiteral("1") });
        QVERIFY(files::exists(snapshots() + "/1/fs/l1"));
    }

    // containerd calls from many goroutines at once: every Prepare gets its
    // own id and folder, and a Cleanup in between takes none of them.
    void concurrentCallsKeepApart()
    {
        layer("base", "", "b");
        constexpr int kThreads = 6;
        constexpr int kEach = 15;
        std::vector<std::thread> threads;
        std::atomic<int> failures { 0 };
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    const std::string key = "k" + std::to_string(t) + "-" + std::to_string(i);
                    if (!m_sn->prepare(key, i % 2 ? "base" : "", {}) || (t == 0 && !m_sn->cleanup()))
                        failures.fetch_add(1);
                }
            });
        for (auto& th : threads)
            th.join();
        QCOMPARE(failures.load(), 0);
        auto all = m_sn->list({});
        CHECK_OK(all);
        QCOMPARE(int(all->size()), kThreads * kEach + 1);
        const QStringList folders = QDir(q(snapshots())).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(folders.size(), kThreads * kEach + 1);
        for (const auto& f : folders)
            QVERIFY2(isDir(snapshots() + "/" + f.toStdString() + "/work"), qPrintable(f));
    }

    void metadataSurvivesAReopen()
    {
        layer("l1", "", "one");
        CHECK_OK(m_sn->prepare("rw", "l1", { { "k", "v" } }));
        const auto before = m_sn->stat("rw");
        CHECK_OK(before);
        auto mountsBefore = m_sn->mounts("rw");
        CHECK_OK(mountsBefore);
        // A crash's leftover, which the next start removes.
        QVERIFY(QDir().mkpath(q(snapshots() + "/new-crashed/fs")));
        m_sn.reset();
        auto sn = Snapshotter::open(options());
        QVERIFY2(sn.ok(), sn.ok() ? "" : sn.failure().message.c_str());
        m_sn = std::move(*sn);
        QVERIFY(!files::exists(snapshots() + "/new-crashed"));
        auto after = m_sn->stat("rw");
        CHECK_OK(after);
        QCOMPARE(after->labels, before->labels);
        QCOMPARE(after->createdNs, before->createdNs);
        QCOMPARE(q(after->parent), QStringLiteral("l1"));
        auto mountsAfter = m_sn->mounts("rw");
        CHECK_OK(mountsAfter);
        QCOMPARE(q(joined(mountsAfter->front().options)), q(joined(mountsBefore->front().options)));
        // Ids go on from where they were (never reused).
        auto next = m_sn->prepare("third", "", {});
        CHECK_OK(next);
        QCOMPARE(q(next->front().source), q(snapshots() + "/3/fs"));
    }

    // The service over a real gRPC server: codes as containerd's
    // errdefs.FromGRPC expects them, and messages as its proxy reads them.
    // The labels of a layer unpack, exactly as containerd 1.6's CRI plugin
    // sets them on Prepare (image-layers cut to this layer and those above),
    // and as stargz-snapshotter's ctr-remote sends them.
    void remoteLayerLabels()
    {
        const std::string a = "sha256:" + std::string(64, 'a');
        const std::string b = "sha256:" + std::string(64, 'b');
        const std::string m = "sha256:" + std::string(64, 'c');
        const std::string chain = "sha256:" + std::string(64, 'd');
        std::map<std::string, std::string> cri { { "containerd.io/snapshot.ref", chain },
            { "containerd.io/snapshot/cri.image-ref", "127.0.0.1:5000/sociscope/demo:latest-soci" },
            { "containerd.io/snapshot/cri.manifest-digest", m }, { "containerd.io/snapshot/cri.layer-digest", a },
            { "containerd.io/snapshot/cri.image-layers", a + "," + b } };
        auto r = snapshotter::parseRemoteLayer(cri);
        QVERIFY2(r.ok(), r ? "" : r.error().text().c_str());
        QVERIFY(r->has_value());
        QCOMPARE((*r)->target, chain);
        QCOMPARE((*r)->imageRef, std::string("127.0.0.1:5000/sociscope/demo:latest-soci"));
        QCOMPARE((*r)->manifestDigest->str(), m);
        QCOMPARE((*r)->layerDigest.str(), a);
        QCOMPARE((*r)->imageLayers.size(), std::size_t(2));
        QCOMPARE((*r)->imageLayers[1].str(), b);
        QVERIFY(!(*r)->layerSize && !(*r)->indexDigest && (*r)->imageLayerSizes.empty());

        auto remote = cri; // ctr-remote images rpull, and soci's own labels
        remote["containerd.io/snapshot/remote/stargz.reference"] = "127.0.0.1:5000/sociscope/demo:latest-soci";
        remote["containerd.io/snapshot/remote/stargz.digest"] = a;
        remote["containerd.io/snapshot/remote/stargz.layers"] = a + "," + b;
        remote["containerd.io/snapshot/remote/soci.size"] = "1234";
        remote["containerd.io/snapshot/remote/image.layers.size"] = "1234,99";
        remote["containerd.io/snapshot/remote/soci.index.digest"] = b;
        r = snapshotter::parseRemoteLayer(remote);
        QVERIFY2(r.ok(), r ? "" : r.error().text().c_str());
        QCOMPARE(*(*r)->layerSize, std::int64_t(1234));
        QCOMPARE((*r)->imageLayerSizes, (std::vector<std::int64_t> { 1234, 99 }));
        QCOMPARE((*r)->indexDigest->str(), b);

        // Exactly what Debian's ctr-remote 0.12 (`images rpull`) sends, seen
        // on Prepare: stargz's labels only, no manifest digest.
        const std::map<std::string, std::string> stargz { { "containerd.io/snapshot.ref", chain },
            { "containerd.io/snapshot/remote/stargz.digest", a },
            { "containerd.io/snapshot/remote/stargz.layers", a + "," + b },
            { "containerd.io/snapshot/remote/stargz.prefetch", "10485760" },
            { "containerd.io/snapshot/remote/stargz.reference", "127.0.0.1:5000/sociscope/demo:latest-soci" },
            { "containerd.io/snapshot/remote/urls", "" }, { "containerd.io/snapshot/remote/urls.0", "" },
            { "containerd.io/snapshot/remote/urls.1", "" } };
        r = snapshotter::parseRemoteLayer(stargz);
        QVERIFY2(r.ok(), r ? "" : r.error().text().c_str());
        QVERIFY(r->has_value());
        QCOMPARE((*r)->imageRef, std::string("127.0.0.1:5000/sociscope/demo:latest-soci"));
        QVERIFY(!(*r)->manifestDigest);
        QCOMPARE((*r)->layerDigest.str(), a);
        QCOMPARE((*r)->imageLayers.size(), std::size_t(2));
        // A committed remote snapshot keeps CRI's set beside it, with the
        // manifest the reference was resolved to: what a restart mounts again.
        auto committed = stargz;
        for (const auto& [k, v] : snapshotter::criLabels(**r, *oci::Digest::parse(m)))
            committed[k] = v;
        auto again = snapshotter::parseRemoteLayer(committed);
        QVERIFY(again.ok() && again->has_value());
        QCOMPARE((*again)->manifestDigest->str(), m);
        QCOMPARE((*again)->layerDigest.str(), a);
        QCOMPARE((*again)->imageLayers, (*r)->imageLayers);
        auto noLayer = stargz;
        noLayer.erase("containerd.io/snapshot/remote/stargz.digest");
        QVERIFY(!snapshotter::parseRemoteLayer(noLayer).ok());

        // Not a lazy candidate: a plain pull's Prepare, or no target at all.
        auto plain = snapshotter::parseRemoteLayer({ { "containerd.io/snapshot.ref", chain } });
        QVERIFY(plain.ok() && !plain->has_value());
        auto none = snapshotter::parseRemoteLayer({ { "containerd.io/snapshot/cri.layer-digest", a } });
        QVERIFY(none.ok() && !none->has_value());

        // Wrong ones are refused, naming the label.
        const std::vector<std::pair<std::string, std::string>> wrong {
            { "containerd.io/snapshot/cri.layer-digest", "sha256:short" },
            { "containerd.io/snapshot/cri.manifest-digest", "" },
            { "containerd.io/snapshot/cri.image-ref", std::string("a\xff") },
            { "containerd.io/snapshot/cri.image-layers", a + ",," + b },
            { "containerd.io/snapshot/remote/soci.size", "-1" },
            { "containerd.io/snapshot/remote/image.layers.size", "1234" }, // one size, two layers
            { "containerd.io/snapshot/remote/soci.index.digest", "nope" },
        };
        for (const auto& [key, value] : wrong) {
            auto bad = cri;
            bad[key] = value;
            auto e = snapshotter::parseRemoteLayer(bad);
            QVERIFY2(!e.ok(), key.c_str());
            QCOMPARE(e.error().code, ErrorCode::Malformed);
            QVERIFY2(e.error().message.find(key) != std::string::npos, e.error().message.c_str());
        }
        auto missing = cri;
        missing.erase("containerd.io/snapshot/cri.manifest-digest");
        QVERIFY(!snapshotter::parseRemoteLayer(missing).ok());

        const auto written = snapshotter::remoteSnapshotLabels("k8s.io");
        QCOMPARE(written.at("containerd.io/snapshot/remote"), std::string("remote snapshot"));
        QCOMPARE(written.at("containerd.io/snapshot/remote/has.soci.index.digest"), std::string("true"));
        QCOMPARE(written.at("containerd.io/snapshot/remote/namespace"), std::string("k8s.io"));
    }

    void grpcCodes()
    {
        namespace api = containerd::services::snapshots::v1;
        SnapshotsService service(*m_sn);
        grpc::ServerBuilder builder;
        builder.RegisterService(&service);
        auto server = builder.BuildAndStart();
        QVERIFY(server);
        auto client = api::Snapshots::NewStub(server->InProcessChannel(grpc::ChannelArguments()));
        auto deadline = [] {
            auto c = std::make_unique<grpc::ClientContext>();
            c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
            return c;
        };
        api::PrepareSnapshotRequest prep;
        prep.set_key("k");
        (*prep.mutable_labels())["x"] = "1";
        api::PrepareSnapshotResponse prepared;
        QVERIFY(client->Prepare(deadline().get(), prep, &prepared).ok());
        QCOMPARE(prepared.mounts_size(), 1);
        QCOMPARE(q(prepared.mounts(0).type()), QStringLiteral("bind"));
        QCOMPARE(
            int(client->Prepare(deadline().get(), prep, &prepared).error_code()), int(grpc::StatusCode::ALREADY_EXISTS));
        api::CommitSnapshotRequest commit;
        commit.set_key("k");
        commit.set_name("c");
        google::protobuf::Empty empty;
        QVERIFY(client->Commit(deadline().get(), commit, &empty).ok());
        QCOMPARE(
            int(client->Commit(deadline().get(), commit, &empty).error_code()), int(grpc::StatusCode::ALREADY_EXISTS));
        api::MountsRequest mreq;
        mreq.set_key("c");
        api::MountsResponse mres;
        QCOMPARE(
            int(client->Mounts(deadline().get(), mreq, &mres).error_code()), int(grpc::StatusCode::FAILED_PRECONDITION));
        api::StatSnapshotRequest sreq;
        sreq.set_key("nothing");
        api::StatSnapshotResponse sres;
        QCOMPARE(int(client->Stat(deadline().get(), sreq, &sres).error_code()), int(grpc::StatusCode::NOT_FOUND));
        sreq.set_key("c");
        QVERIFY(client->Stat(deadline().get(), sreq, &sres).ok());
        QCOMPARE(int(sres.info().kind()), int(api::COMMITTED));
        QVERIFY(sres.info().created_at().seconds() > 1700000000);
        api::UpdateSnapshotRequest ureq;
        ureq.mutable_info()->set_name("c");
        (*ureq.mutable_info()->mutable_labels())["y"] = "2";
        ureq.mutable_update_mask()->add_paths("labels.y");
        api::UpdateSnapshotResponse ures;
        QVERIFY(client->Update(deadline().get(), ureq, &ures).ok());
        QCOMPARE(q(ures.info().labels().at("y")), QStringLiteral("2"));
        ureq.mutable_update_mask()->add_paths("kind");
        QCOMPARE(
            int(client->Update(deadline().get(), ureq, &ures).error_code()), int(grpc::StatusCode::INVALID_ARGUMENT));
        // List streams every snapshot, more than one batch of them.
        for (int i = 0; i < 150; ++i) {
            api::ViewSnapshotRequest v;
            v.set_key("v" + std::to_string(i));
            v.set_parent("c");
            api::ViewSnapshotResponse vr;
            QVERIFY(client->View(deadline().get(), v, &vr).ok());
        }
        api::ListSnapshotsRequest lreq;
        auto ctx = deadline();
        auto reader = client->List(ctx.get(), lreq);
        api::ListSnapshotsResponse lres;
        int seen = 0;
        int messages = 0;
        while (reader->Read(&lres)) {
            seen += lres.info_size();
            ++messages;
        }
        QVERIFY(reader->Finish().ok());
        QCOMPARE(seen, 151);
        QVERIFY(messages >= 2);
        api::RemoveSnapshotRequest rreq;
        rreq.set_key("c");
        QCOMPARE(
            int(client->Remove(deadline().get(), rreq, &empty).error_code()), int(grpc::StatusCode::FAILED_PRECONDITION));
        api::UsageRequest usreq;
        usreq.set_key("c");
        api::UsageResponse usres;
        QVERIFY(client->Usage(deadline().get(), usreq, &usres).ok());
        QCOMPARE(usres.inodes(), std::int64_t(1));
        api::CleanupRequest creq;
        QVERIFY(client->Cleanup(deadline().get(), creq, &empty).ok());
        server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(3));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotter)
#include "test_snapshotter.moc"
