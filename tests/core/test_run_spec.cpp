// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/run: users, command lines, environments, and a runtime spec that Debian's
// runc really runs (on a rootfs extracted from the demo image).
#include "run/bundle.h"
#include "run/overlay.h"
#include "run/spec.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QtTest>

#include <unistd.h>

using namespace sociscope;
using namespace sociscope::run;

namespace {
const char* const kPasswd = "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\n# note\nbroken\n";
const char* const kGroup = "root:x:0:\nalice:x:1000:\nwheel:x:10:alice,bob\nstaff:x:50:alice\n";
} // namespace

class TestRunSpec final : public QObject {
    Q_OBJECT
private slots:
    void users()
    {
        auto r = resolveUser("", kPasswd, kGroup);
        QVERIFY(r.ok());
        QCOMPARE(r->uid, 0u);
        QCOMPARE(r->home, std::string("/root"));
        r = resolveUser("alice", kPasswd, kGroup);
        QVERIFY(r.ok());
        QCOMPARE(r->uid, 1000u);
        QCOMPARE(r->gid, 1000u);
        QCOMPARE(r->additionalGids, (std::vector<std::uint32_t>{10, 50}));
        r = resolveUser("alice:wheel", kPasswd, kGroup);
        QCOMPARE(r->gid, 10u);
        r = resolveUser("4242:4343", kPasswd, kGroup);
        QCOMPARE(r->uid, 4242u);
        QCOMPARE(r->gid, 4343u);
        QCOMPARE(r->home, std::string("/"));
        QCOMPARE(resolveUser("nobody", kPasswd, kGroup).error().code, ErrorCode::NotFound);
        QCOMPARE(resolveUser("alice:nogroup", kPasswd, kGroup).error().code, ErrorCode::NotFound);
    }

    void commandLines()
    {
        oci::ImageConfig c;
        c.entrypoint = {"/entry"};
        c.cmd = {"--default"};
        RunOverrides o;
        QCOMPARE(*commandLine(c, o), (std::vector<std::string>{"/entry", "--default"}));
        o.command = {"--mine"};
        QCOMPARE(*commandLine(c, o), (std::vector<std::string>{"/entry", "--mine"}));
        o.entrypoint = std::vector<std::string>{"/bin/sh"};
        o.command = {};
        QCOMPARE(*commandLine(c, o), (std::vector<std::string>{"/bin/sh"}));
        oci::ImageConfig empty;
        QCOMPARE(commandLine(empty, RunOverrides{}).error().code, ErrorCode::Usage);
        c.env = {"PATH=/bin", "A=1"};
        o = {};
        o.env = {"A=2", "B=3"};
        o.tty = true;
        const auto env = environment(c, o, ResolvedUser{});
        QCOMPARE(env, (std::vector<std::string>{"PATH=/bin", "A=2", "B=3", "HOME=/", "TERM=xterm"}));
    }

    // Where the background fetch looks for a run's program: as exec does.
    void programPaths()
    {
        run::BundlePlan plan;
        QVERIFY(run::programPaths(plan).empty());
        plan.args = {"cat", "/etc/os-release"};
        plan.env = {"HOME=/root", "PATH=/usr/local/bin:relative::/bin/"};
        QCOMPARE(run::programPaths(plan), (std::vector<std::string>{"/usr/local/bin/cat", "/bin/cat"}));
        plan.args = {"/opt/app/run"};
        QCOMPARE(run::programPaths(plan), (std::vector<std::string>{"/opt/app/run"}));
        plan.args = {"./run"};
        plan.cwd = "/srv";
        QCOMPARE(run::programPaths(plan), (std::vector<std::string>{"/srv/./run"}));
        plan.args = {"cat"};
        plan.env = {};
        QVERIFY(run::programPaths(plan).empty()); // no PATH, nowhere to look
    }

    void overlayOptionsFitThePage()
    {
        // Docker's limit of 127 layers, relative to .layers, with a long state folder.
        std::vector<std::string> lowers;
        for (int i = 126; i >= 0; --i)
            lowers.push_back(std::to_string(i));
        const std::string state(200, 's');
        auto o = overlayOptions(lowers, "/" + state + "/upper", "/" + state + "/work");
        QVERIFY(o.ok());
        QVERIFY(o->rfind("lowerdir=126:125:", 0) == 0);
        QVERIFY(o->find(":1:0,upperdir=/") != std::string::npos);
        QVERIFY(o->size() < 4096);
        // Absolute paths of a deep folder would not fit: the error says so.
        std::vector<std::string> deep;
        for (int i = 0; i < 127; ++i)
            deep.push_back(std::string(40, 'x') + std::to_string(i));
        QCOMPARE(overlayOptions(deep, "/u", "/w").error().code, ErrorCode::Unsupported);
        QCOMPARE(overlayOptions({"a:b"}, "/u", "/w").error().code, ErrorCode::Usage);
        QCOMPARE(overlayOptions({}, "/u", "/w").error().code, ErrorCode::Usage);
    }

    void bundlePlans()
    {
        BundleInput in;
        in.config.cmd = {"/bin/sh"};
        in.config.user = "alice";
        in.config.workingDir = "/work";
        in.passwd = kPasswd;
        in.group = kGroup;
        in.overrides.hostname = "abc";
        in.overrides.tty = true;
        in.rows = 30;
        in.cols = 100;
        in.cgroupsPath = "/sociscope/abc";
        auto p = planBundle(in, "/b");
        QVERIFY(p.ok());
        QCOMPARE(p->user.uid, 1000u);
        QCOMPARE(p->cwd, std::string("/work"));
        QVERIFY(p->configJson.find("\"cgroupsPath\": \"/sociscope/abc\"") != std::string::npos);
        QVERIFY(p->configJson.find("\"height\": 30") != std::string::npos);
        in.overrides.user = "nobody";
        QCOMPARE(planBundle(in, "/b").error().code, ErrorCode::NotFound);
        in.overrides.user = "";
        in.overrides.workingDir = "relative";
        QCOMPARE(planBundle(in, "/b").error().code, ErrorCode::Usage);
    }

    void runcRunsTheSpec()
    {
        if (::geteuid() != 0)
            QSKIP("runc needs root");
        const auto runc = test::run(QStringLiteral("runc"), {QStringLiteral("--version")});
        QVERIFY2(runc.exitCode == 0, "runc is not installed");
        files::TempDir dir("sociscope-runspec");
        const QString d = QString::fromStdString(dir.path());
        QCOMPARE(test::ctl({QStringLiteral("demo"), "oci:" + d + "/demo:latest"}).exitCode, 0);
        QCOMPARE(test::ctl({QStringLiteral("extract"), "oci:" + d + "/demo:latest", QStringLiteral("/"), QStringLiteral("-o"),
                            d + "/bundle/rootfs"})
                     .exitCode,
                 0);
        const std::string bundle = dir.path() + "/bundle";
        const auto net = networkFiles("sociscope-test", "nameserver 192.0.2.1\n");
        QVERIFY(files::writeFileAtomic(bundle + "/hostname", net.hostname).ok());
        QVERIFY(files::writeFileAtomic(bundle + "/hosts", net.hosts).ok());
        QVERIFY(files::writeFileAtomic(bundle + "/resolv.conf", net.resolvConf).ok());
        const std::vector<std::string> args{"/bin/sh", "-c",
                                            "cat /srv/greeting; hostname; cat /etc/resolv.conf; id -u; exit 7"};
        QVERIFY(files::writeFileAtomic(bundle + "/config.json",
                                       runtimeSpec(args, {"PATH=/bin"}, "/", ResolvedUser{}, "sociscope-test", false, bundle))
                    .ok());
        const auto r = test::run(QStringLiteral("runc"),
                                 {QStringLiteral("--root"), d + "/runc", QStringLiteral("run"), QStringLiteral("--bundle"),
                                  d + "/bundle", QStringLiteral("spec-test-%1").arg(::getpid())},
                                 60000);
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.out.contains("Hello from a lazily fetched image!"), r.out.constData());
        QVERIFY(r.out.contains("sociscope-test"));
        QVERIFY(r.out.contains("nameserver 192.0.2.1"));
        QVERIFY(r.out.trimmed().endsWith("0"));
    }
};

QTEST_GUILESS_MAIN(TestRunSpec)
#include "test_run_spec.moc"
