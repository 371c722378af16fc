// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/run: users, command lines, environments, and a runtime spec that Debian's
// runc really runs (on a rootfs extracted from the demo image).
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
