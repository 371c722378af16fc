// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/run without the daemon: a run::Container over a plain folder holding
// Debian's busybox-static, run by Debian's runc over overlayfs. Exit codes,
// stdout and stderr kept apart, stdin, a terminal with its window size, and
// Stop (SIGTERM first, SIGKILL after the grace time). Needs root, runc and
// busybox-static; skips with a message otherwise.
#include "run/container.h"
#include "run/overlay.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QtTest>

#include <mutex>
#include <sys/prctl.h>
#include <unistd.h>

using namespace sociscope;

namespace {
// The container's output as it arrived, thread-safe.
class CollectingSink final : public run::OutputSink {
public:
    // Called (on the supervising thread) with all of stdout so far.
    std::function<void(const std::string& out)> onOut;

    bool hasRoom() override { return true; }
    void write(run::Stream stream, std::string data) override
    {
        std::string out;
        {
            std::lock_guard lock(m_mutex);
            (stream == run::Stream::Stderr ? m_err : m_out) += data;
            out = m_out;
        }
        if (onOut && stream == run::Stream::Stdout)
            onOut(out);
    }
    std::string out()
    {
        std::lock_guard lock(m_mutex);
        return m_out;
    }
    std::string err()
    {
        std::lock_guard lock(m_mutex);
        return m_err;
    }

private:
    std::mutex m_mutex;
    std::string m_out, m_err;
};

// What a finished container gave.
struct Outcome {
    run::ExitStatus status;
    std::string out, err;
};
} // namespace

class TestRunContainer final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_tmp { "sociscope-run-container" };
    int m_count = 0;

    std::string layers() const { return m_tmp.path() + "/layers"; }

    // A container of the busybox folder running cmd, set up to the point of start().
    std::unique_ptr<run::Container> make(std::vector<std::string> cmd, bool tty = false, bool interactive = false)
    {
        run::ContainerConfig c;
        c.id = "core-test-" + std::to_string(::getpid()) + "-" + std::to_string(++m_count);
        c.dir = m_tmp.path() + "/runs/" + c.id;
        c.runcRoot = m_tmp.path() + "/runc";
        c.startTimeout = std::chrono::seconds(60);
        c.interactive = interactive;
        auto box = std::make_unique<run::Container>(c);
        run::BundleInput in;
        in.config.env = { "PATH=/bin" };
        in.config.cmd = std::move(cmd);
        in.overrides.tty = tty;
        in.overrides.hostname = "core-test";
        in.cgroupsPath = "/sociscope/" + c.id; // the daemon's parent cgroup; the id is the tests' own
        in.rows = 24;
        in.cols = 91;
        if (auto s = box->makeFolders(); !s) {
            qWarning("%s", s.error().text().c_str());
            return nullptr;
        }
        if (auto plan = box->writeBundle(in); !plan) {
            qWarning("%s", plan.error().text().c_str());
            return nullptr;
        }
        if (auto s = box->mountRootfs(layers(), { "0" }); !s) {
            qWarning("%s", s.error().text().c_str());
            return nullptr;
        }
        return box;
    }

    // Starts box, supervises it to the end on this thread, takes it down.
    static Outcome runToEnd(run::Container& box, const std::function<void()>& whileRunning = {},
        const std::function<void(const std::string&)>& onOut = {})
    {
        Outcome o;
        if (auto s = box.start(); !s) {
            o.err = "start: " + s.error().text();
            o.status.code = -1;
            box.release();
            box.removeFolders(false);
            return o;
        }
        if (whileRunning)
            whileRunning();
        CollectingSink sink;
        sink.onOut = onOut;
        o.status = box.supervise(sink);
        o.out = sink.out();
        o.err = sink.err();
        box.release();
        box.removeFolders(false);
        return o;
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: runc and overlayfs");
        if (proc::which("runc").empty() || !QFile::exists(QStringLiteral("/bin/busybox")))
            QSKIP("needs runc and busybox-static (tools/install-deps installs both)");
        // A terminal's container is started detached: its init becomes our child.
        QCOMPARE(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
        const std::string root = layers() + "/0";
        for (const char* d : { "/bin", "/etc", "/proc", "/dev", "/sys", "/tmp" })
            QVERIFY(files::makeDirs(root + d, 0755).ok());
        QVERIFY(QFile::copy(QStringLiteral("/bin/busybox"), QString::fromStdString(root + "/bin/busybox")));
        for (const char* applet : { "sh", "cat", "echo", "sleep", "stty", "test", "true" })
            QCOMPARE(::symlink("busybox", (root + "/bin/" + applet).c_str()), 0);
    }

    void cleanupTestCase()
    {
        // Nothing of the tests stays mounted, whatever failed.
        if (m_tmp.valid())
            QVERIFY(run::removeTree(m_tmp.path() + "/runs").ok());
    }

    void exitCodeAndSeparateStreams()
    {
        auto box = make({ "sh", "-c", "echo out; echo err >&2; exit 3" });
        QVERIFY(box);
        const Outcome o = runToEnd(*box);
        QCOMPARE(o.status.code, 3);
        QCOMPARE(o.status.signal, 0);
        QCOMPARE(o.out, std::string("out\n"));
        QCOMPARE(o.err, std::string("err\n"));
        QVERIFY(!QFile::exists(QString::fromStdString(box->config().dir)));
        QVERIFY(run::mountsUnder(box->rootfs()).empty());
    }

    void stdinReachesTheContainer()
    {
        auto box = make({ "cat" }, false, true);
        QVERIFY(box);
        const Outcome o = runToEnd(*box, [&] {
            box->writeStdin("line one\n");
            box->writeStdin("line two\n");
            box->closeStdin();
        });
        QCOMPARE(o.status.code, 0);
        QCOMPARE(o.out, std::string("line one\nline two\n"));
    }

    void terminalWithItsSize()
    {
        auto box = make({ "sh", "-c", "test -t 0 && test -t 1 && echo is-a-tty; stty size" }, true);
        QVERIFY(box);
        const Outcome o = runToEnd(*box);
        QCOMPARE(o.status.code, 0);
        // A terminal turns \n into \r\n; both outputs arrive as one stream.
        QVERIFY2(o.out.find("is-a-tty\r\n") != std::string::npos, o.out.c_str());
        QVERIFY2(o.out.find("24 91") != std::string::npos, o.out.c_str());
        QCOMPARE(o.err, std::string());
    }

    void stopSendsTermFirst()
    {
        // The shell handles SIGTERM (once it said so): the container ends
        // with its own code, long before SIGKILL was due.
        auto box = make({ "sh", "-c", "trap 'exit 7' TERM; echo ready; sleep 60 & wait" });
        QVERIFY(box);
        const Outcome o = runToEnd(*box, {}, [&](const std::string& out) {
            if (out.find("ready") != std::string::npos)
                box->requestStop(std::chrono::seconds(60));
        });
        QCOMPARE(o.status.code, 7);
        QCOMPARE(o.status.signal, 0);
    }

    void stopKillsAfterTheGraceTime()
    {
        // A container's init ignores SIGTERM it has no handler for: SIGKILL
        // follows after the grace time, and the exit is 128 + 9.
        auto box = make({ "sleep", "60" });
        QVERIFY(box);
        const Outcome o = runToEnd(*box, [&] { box->requestStop(std::chrono::seconds(1)); });
        QCOMPARE(o.status.code, 128 + 9);
        QCOMPARE(o.status.signal, 9);
    }

    void failedStartSaysWhy()
    {
        auto box = make({ "/no/such/program" });
        QVERIFY(box);
        const Outcome o = runToEnd(*box);
        // runc in the foreground reports the failed exec on stderr and exits non-zero.
        QVERIFY(o.status.code != 0);
        QVERIFY2(o.err.find("no/such/program") != std::string::npos, o.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRunContainer)
#include "test_run_container.moc"
