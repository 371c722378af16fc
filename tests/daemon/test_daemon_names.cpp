// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// File names of any bytes through a real FUSE mount: an image whose names
// hold 0xFF, a newline and an ESC sequence is pushed to the real registry,
// converted, and mounted by a sociscoped child at a mountpoint whose own name
// is not UTF-8. readdir through the kernel (fswalk, a child with a bound)
// shows the exact bytes, the files read, `mount --json` and `mounts --json`
// keep the mountpoint exact, and a read that fails (a span corrupted by
// faultproxy.py) streams a read-failed event whose path decodes to the name.
// Byte paths go through proc::run: QProcess would turn argv into UTF-8.
#include "lazytest.h"

#include "daemontest.h"
#include "testenv.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {

const std::string kLayers = R"([{"compression": "gzip", "level": 1, "entries": [
)" + std::string(kNamesOfAnyBytes) + R"(,
  {"path": "d/attrs", "data": "x", "xattrs": {"user.bin": "v\udcfe"}},
  {"path": "b/noise\udcff", "random": 100000, "seed": 62}]}])";

// A file of that name in spans of its own (other bytes: the first image's
// spans are in the daemon's cache after the walk), between two others.
const char* const kFaultLayers = R"([{"compression": "gzip", "level": 1, "entries": [
  {"path": "a/first", "text": 300000, "seed": 71},
  {"path": "b/noise\udcff", "random": 1000000, "seed": 72},
  {"path": "c/last", "text": 300000, "seed": 73}]}])";

QString q(const std::string& s) { return QString::fromStdString(s); }

std::map<QByteArray, QJsonObject> byExactPath(const std::string& json)
{
    std::map<QByteArray, QJsonObject> out;
    for (const auto& v : QJsonDocument::fromJson(toBytes(json)).array())
        out[exactBytes(v.toObject(), QStringLiteral("path"))] = v.toObject();
    return out;
}

} // namespace

class TestDaemonNames final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    DaemonProcess m_daemon;
    files::TempDir m_tmp{"sociscope-names"};
    std::vector<std::string> m_mounts; // unmounted whatever happens
    std::string m_ref;      // names of any bytes
    std::string m_faultRef; // b/noise\xFF in spans of its own

    // argv as bytes, talking to this test's daemon (SOCISCOPE_SOCKET is set).
    static proc::Output runBytes(std::vector<std::string> argv, int seconds = 120)
    {
        return runArgv(std::move(argv), seconds * 1000);
    }

    // Builds, pushes and converts an image; its -soci reference, or "".
    std::string publish(const QString& name, const char* layers)
    {
        const QString layout = makeImage(q(m_tmp.path()), name, layers);
        if (layout.isEmpty())
            return {};
        const QString repo = m_registry.address() + "/daemon/" + name;
        auto r = ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t"});
        if (r.exitCode == 0)
            r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci",
                     QStringLiteral("--span-size"), QStringLiteral("131072"), QStringLiteral("--min-layer-size"),
                     QStringLiteral("0")});
        if (r.exitCode != 0) {
            qWarning("publish %s: %s", qPrintable(name), r.err.constData());
            return {};
        }
        return (repo + ":t-soci").toStdString();
    }

    // Mounts ref at DIR/mnt-<name>; the canonical mountpoint, or "" (with a warning).
    std::string mountAt(const std::string& ref, const std::string& name)
    {
        char real[PATH_MAX];
        if (!::realpath(m_tmp.path().c_str(), real))
            return {};
        const std::string mp = std::string(real) + "/mnt-" + name;
        ::mkdir(mp.c_str(), 0755);
        m_mounts.push_back(mp);
        const auto r = ctlArgv({"mount", ref, mp, "--json"});
        if (r.exitCode != 0) {
            qWarning("mount: %s\ndaemon log:\n%s", r.err.c_str(), m_daemon.log().constData());
            return {};
        }
        // The reply names the mountpoint's exact bytes.
        if (exactBytes(QJsonDocument::fromJson(toBytes(r.out)).object(), QStringLiteral("mountpoint")) != toBytes(mp)) {
            qWarning("mount --json: %s", r.out.c_str());
            return {};
        }
        return mp;
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root for a FUSE mount by a daemon child");
        if (!QFile::exists(QStringLiteral("/dev/fuse")) || proc::which("fusermount3").empty())
            QSKIP("needs /dev/fuse and fusermount3");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        QVERIFY2(m_daemon.start(q(m_tmp.path()) + "/d"), m_daemon.log().constData());
        // sociscopectl runs through proc::run, which passes our environment on.
        ::setenv("SOCISCOPE_SOCKET", m_daemon.socket().toLocal8Bit().constData(), 1);

        m_ref = publish(QStringLiteral("names"), kLayers.c_str());
        QVERIFY(!m_ref.empty());
        m_faultRef = publish(QStringLiteral("faults"), kFaultLayers);
        QVERIFY(!m_faultRef.empty());
    }

    void cleanupTestCase()
    {
        for (const auto& mp : m_mounts)
            for (int i = 0; i < 4; ++i)
                if (runBytes({"fusermount3", "-u", "-z", mp}, 10).exitCode != 0)
                    break;
        m_daemon.stop();
        ::unsetenv("SOCISCOPE_SOCKET");
    }

    void readdirShowsTheExactBytes()
    {
        const std::string mp = mountAt(m_ref, "names\xFF");
        QVERIFY(!mp.empty());
        const auto walk = runBytes({fswalkPath().toStdString(), "walk", mp}, 60);
        QVERIFY2(walk.exitCode == 0, walk.err.c_str());
        const auto tree = byExactPath(walk.out);
        for (const char* name : {"/d/caf\xFF", "/d/new\nline", "/d/\x1B[31mred", "/d/ln\xFE", "/b/noise\xFF"})
            QVERIFY2(tree.count(QByteArray(name)), name);
        QCOMPARE(exactBytes(tree.at(QByteArray("/d/ln\xFE")), QStringLiteral("linkTarget")), QByteArray("caf\xFF"));
        QCOMPARE(tree.at(QByteArray("/d/caf\xFF")).value(QStringLiteral("sha256")).toString(), sha256Hex("ff\n"));
        QCOMPARE(tree.at(QByteArray("/d/new\nline")).value(QStringLiteral("sha256")).toString(), sha256Hex("nl\n"));
        const QJsonObject attrs = tree.at(QByteArray("/d/attrs")).value(QStringLiteral("xattrs")).toObject();
        QCOMPARE(exactBytes(attrs, QStringLiteral("user.bin")), QByteArray("v\xFE"));
        // Opened by the exact bytes, through the link too.
        const auto read = runBytes({fswalkPath().toStdString(), "read", mp + "/d/ln\xFE"}, 60);
        QVERIFY2(read.exitCode == 0, read.err.c_str());
        QCOMPARE(QJsonDocument::fromJson(toBytes(read.out)).array()[0].toObject().value(QStringLiteral("sha256")).toString(),
                 sha256Hex("ff\n"));

        // The daemon's list keeps the mountpoint exact (bytes in the RPC, a twin in JSON).
        const auto list = ctlArgv({"mounts", "--json"});
        QVERIFY2(list.exitCode == 0, list.err.c_str());
        bool listed = false;
        for (const auto& v : QJsonDocument::fromJson(toBytes(list.out)).object().value(QStringLiteral("mounts")).toArray()) {
            const QJsonObject m = v.toObject();
            if (exactBytes(m, QStringLiteral("mountpoint")) == toBytes(mp)) {
                listed = true;
                QCOMPARE(exactBytes(m, QStringLiteral("layersDir")), toBytes(mp + "/.layers"));
            }
        }
        QVERIFY2(listed, list.out.c_str());
        // And text output escapes it.
        const auto text = ctlArgv({"mounts"});
        QVERIFY2(text.out.find("mnt-names\\377") != std::string::npos, text.out.c_str());
    }

    void readFailedEventCarriesTheName()
    {
        // The spans of b/noise\xFF, and one only it uses.
        const auto info = ctlArgv({"ztoc", "info", m_faultRef, "--layer", "0", "--json"});
        QVERIFY2(info.exitCode == 0, info.err.c_str());
        const QJsonObject ztoc = QJsonDocument::fromJson(toBytes(info.out)).object();
        int first = -1, last = -1;
        for (const auto& f : ztoc.value(QStringLiteral("files")).toArray())
            if (exactBytes(f.toObject(), QStringLiteral("path")) == QByteArray("/b/noise\xFF")) {
                first = f.toObject().value(QStringLiteral("firstSpan")).toInt();
                last = f.toObject().value(QStringLiteral("lastSpan")).toInt();
            }
        QVERIFY2(last - first >= 2, "b/noise\\377 should span at least three spans");
        const qint64 start = ztoc.value(QStringLiteral("spans"))
                                 .toArray()[first + 1]
                                 .toObject()
                                 .value(QStringLiteral("compressedStart"))
                                 .toInteger();

        const std::string viaProxy = QString::fromStdString(m_faultRef)
                                         .replace(m_registry.address(), m_proxy.address())
                                         .toStdString();
        const std::string mp = mountAt(viaProxy, "faults\xFE");
        QVERIFY(!mp.empty());
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\",\"header\":{\"Range\":\"^bytes=\"}},\"every\":true,"
                                 "\"action\":{\"corrupt_blob\":{\"offset\":" + QByteArray::number(start + 7) +
                                 ",\"xor\":1}}}]"));
        // Every mount's events (a --mount of bytes would need a byte argv).
        QProcess events;
        events.setProcessEnvironment(m_daemon.ctlEnv());
        events.start(q(binDir()) + "/sociscopectl", {QStringLiteral("events"), QStringLiteral("--json")});
        QVERIFY(events.waitForStarted(10000));
        QDeadlineTimer subscribed(10000);
        while (!events.readAllStandardError().contains("listening") && !subscribed.hasExpired())
            events.waitForReadyRead(100);
        QVERIFY(!subscribed.hasExpired());

        const auto read = runBytes({fswalkPath().toStdString(), "read", mp + "/b/noise\xFF"}, 60);
        QVERIFY2(read.exitCode == 0, read.err.c_str());
        QCOMPARE(QJsonDocument::fromJson(toBytes(read.out)).array()[0].toObject().value(QStringLiteral("errno")).toInt(),
                 EIO);

        // Each event a line of JSON; the read-failed one names the file's bytes.
        QJsonObject failed;
        QByteArray pending;
        QDeadlineTimer streamed(10000);
        while (failed.isEmpty() && !streamed.hasExpired()) {
            events.waitForReadyRead(100);
            pending += events.readAllStandardOutput();
            qsizetype nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(nl);
                pending.remove(0, nl + 1);
                const QJsonObject e = QJsonDocument::fromJson(line).object();
                QVERIFY2(!e.isEmpty(), line.constData()); // every line is valid JSON
                if (e.value(QStringLiteral("type")).toString() == QStringLiteral("read-failed"))
                    failed = e;
            }
        }
        events.kill();
        events.waitForFinished(5000);
        QVERIFY2(!failed.isEmpty(), m_daemon.log().constData());
        QCOMPARE(exactBytes(failed, QStringLiteral("path")), QByteArray("/b/noise\xFF"));
        QVERIFY(failed.contains(QStringLiteral("pathBytes")));
        QCOMPARE(exactBytes(failed, QStringLiteral("mountpoint")), toBytes(mp));
        QVERIFY(m_proxy.setRules("[]"));
    }
};

QTEST_GUILESS_MAIN(TestDaemonNames)
#include "test_daemon_names.moc"
