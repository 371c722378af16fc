// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// S12 "bounded in memory", end to end: sociscopectl against the real registry
// behind the fault proxy, which answers with a generated 1 GiB manifest or tag
// list. The command must exit 6 with a message naming what was refused, stop
// reading early (the proxy's log says how much it sent), and stay under 200 MB
// of resident memory (its peak RSS, from getrusage of a wrapper that runs it).
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include <functional>
#include <sys/stat.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

constexpr qint64 OneGiB = qint64(1) << 30;
constexpr qint64 PeakLimitKiB = 200'000'000 / 1024; // "under 200 MB"

// Runs sociscopectl under a Python wrapper that prints the peak resident memory
// of that one child (getrusage(RUSAGE_CHILDREN).ru_maxrss, in KiB) last on stderr.
const char* const MeasureScript =
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], timeout=120)\n"
    "print('maxrss_kib=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(r.returncode)\n";

struct Measured {
    RunResult run;
    qint64 peakKiB = -1;
};

Measured measuredCtl(const QStringList& args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost,::1"));
    env.insert(QStringLiteral("SOCISCOPE_RETRY_BASE_MS"), QStringLiteral("10"));
    QStringList a{QStringLiteral("-c"), QString::fromLatin1(MeasureScript), q(binDir()) + "/sociscopectl"};
    a += args;
    Measured m;
    m.run = run(QStringLiteral("/usr/bin/python3"), a, 150000, env);
    const auto match = QRegularExpression(QStringLiteral("maxrss_kib=(\\d+)")).match(QString::fromUtf8(m.run.err));
    if (match.hasMatch())
        m.peakKiB = match.captured(1).toLongLong();
    return m;
}

// Bytes the proxy sent for the requests whose path contains part.
qint64 bytesSent(FaultProxy& proxy, const QString& part)
{
    qint64 total = 0;
    for (const auto& e : QJsonDocument::fromJson(proxy.log()).array())
        if (e.toObject().value(QStringLiteral("path")).toString().contains(part))
            total += e.toObject().value(QStringLiteral("bytes")).toInteger();
    return total;
}

// Rewrites the JSON blob of a layout folder with edit applied; returns its new
// descriptor fields {digest, size}, or an empty object on failure.
QJsonObject rewriteBlob(const QString& layout, const QString& digest, const std::function<void(QJsonObject&)>& edit)
{
    QFile in(layout + "/blobs/sha256/" + digest.mid(7));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QJsonObject o = QJsonDocument::fromJson(in.readAll()).object();
    edit(o);
    const QByteArray bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
    const QString hex = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QFile out(layout + "/blobs/sha256/" + hex);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        return {};
    return {{QStringLiteral("digest"), "sha256:" + hex}, {QStringLiteral("size"), bytes.size()}};
}

// Points the descriptor entry with the old digest at the new blob.
void repoint(QJsonArray& list, const QString& oldDigest, const QJsonObject& blob)
{
    for (auto it = list.begin(); it != list.end(); ++it) {
        QJsonObject d = it->toObject();
        if (d.value(QStringLiteral("digest")).toString() != oldDigest)
            continue;
        d[QStringLiteral("digest")] = blob.value(QStringLiteral("digest"));
        d[QStringLiteral("size")] = blob.value(QStringLiteral("size"));
        *it = d;
    }
}

QByteArray hugeBodyRule(const char* method, const char* path, qint64 size, bool announce, const char* type)
{
    return QByteArray("[{\"match\":{\"method\":\"") + method + "\",\"path\":\"" + path +
           "\"},\"every\":true,\"action\":{\"huge_body\":{\"size\":" + QByteArray::number(size) +
           ",\"length\":" + (announce ? "true" : "false") + ",\"content_type\":\"" + type + "\"}}}]";
}
} // namespace

class TestMemoryLimits final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-memory"};

    QString ref() const { return m_proxy.address() + QStringLiteral("/mem/demo:latest"); }

    // Exit 6, the message, stopped early, and the memory bound.
    void expectRefused(const Measured& m, const QString& message, const QString& pathPart)
    {
        QVERIFY2(m.run.exitCode == 6, m.run.err.constData());
        QVERIFY2(QString::fromUtf8(m.run.err).contains(message), m.run.err.constData());
        QVERIFY2(!m.run.err.contains("bad_alloc"), m.run.err.constData());
        const qint64 sent = bytesSent(m_proxy, pathPart);
        QVERIFY2(sent < 64ll << 20, qPrintable(QStringLiteral("the proxy sent %1 bytes").arg(sent)));
        qInfo("peak resident memory %lld KiB; the proxy sent %lld bytes", m.peakKiB, sent);
        QVERIFY2(m.peakKiB > 0, m.run.err.constData());
        QVERIFY2(m.peakKiB < PeakLimitKiB, qPrintable(QStringLiteral("peak resident memory %1 KiB").arg(m.peakKiB)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        const auto demo = ctl({QStringLiteral("demo"), m_registry.address() + "/mem/demo:latest"});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
    }

    void init()
    {
        QVERIFY(m_proxy.reset());
        QVERIFY(m_proxy.setRules("[]"));
    }

    void theImageReadsWithoutFaults()
    {
        // The baseline: through the proxy, without rules, inspect works.
        const auto m = measuredCtl({QStringLiteral("inspect"), ref()});
        QVERIFY2(m.run.exitCode == 0, m.run.err.constData());
        QVERIFY(m.peakKiB > 0);
    }

    void manifestAnnouncedAsOneGiBIsRefusedBeforeReading()
    {
        QVERIFY(m_proxy.setRules(
            hugeBodyRule("GET", "/manifests/", OneGiB, true, "application/vnd.oci.image.manifest.v1+json")));
        const auto m = measuredCtl({QStringLiteral("inspect"), ref()});
        expectRefused(m, QStringLiteral("larger than 4 MiB"), QStringLiteral("/manifests/"));
        QVERIFY2(m.run.err.contains("mem/demo"), m.run.err.constData());
        QVERIFY2(m.run.err.contains("1.00 GiB"), m.run.err.constData()); // what the server announced
    }

    void chunkedManifestStopsAtTheCap()
    {
        // No length announced: the body is read up to the cap, then the transfer stops.
        QVERIFY(m_proxy.setRules(
            hugeBodyRule("GET", "/manifests/", OneGiB, false, "application/vnd.oci.image.manifest.v1+json")));
        const auto m = measuredCtl({QStringLiteral("cat"), ref(), QStringLiteral("/etc/os-release")});
        expectRefused(m, QStringLiteral("larger than 4 MiB"), QStringLiteral("/manifests/"));
        QVERIFY2(m.run.err.contains("/v2/mem/demo/manifests/"), m.run.err.constData()); // the URL
    }

    void hugeTagListPageIsRefused()
    {
        QVERIFY(m_proxy.setRules(hugeBodyRule("GET", "/tags/list", OneGiB, false, "application/json")));
        const auto m = measuredCtl({QStringLiteral("tags"), m_proxy.address() + QStringLiteral("/mem/demo")});
        expectRefused(m, QStringLiteral("larger than 8 MiB"), QStringLiteral("/tags/list"));
    }

    void ztocLargerThanItsLayerIsRefusedUnread()
    {
        // A layout with a SOCI index whose zTOC descriptor claims 200 MiB for the
        // 14 MiB layer: more than the 128 MiB ceiling, so refused by size.
        const QString dir = q(m_tmp.path()) + "/oversized";
        QCOMPARE(ctl({QStringLiteral("demo"), "oci:" + dir + ":latest"}).exitCode, 0);
        const auto made = ctl({QStringLiteral("index"), QStringLiteral("create"), "oci:" + dir + ":latest",
                               QStringLiteral("-o"), "oci:" + dir});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QFile indexFile(dir + "/index.json");
        QVERIFY(indexFile.open(QIODevice::ReadOnly));
        QJsonObject top = QJsonDocument::fromJson(indexFile.readAll()).object();
        indexFile.close();
        QJsonArray entries = top.value(QStringLiteral("manifests")).toArray();
        QString fallback; // the sha256-<hex> index listing the SOCI index
        for (const auto& e : entries)
            if (e.toObject().value(QStringLiteral("annotations")).toObject()
                    .value(QStringLiteral("org.opencontainers.image.ref.name")).toString().startsWith(QLatin1String("sha256-")))
                fallback = e.toObject().value(QStringLiteral("digest")).toString();
        QVERIFY(!fallback.isEmpty());
        QString sociIndex;
        QString ztoc;
        QString layer;
        const QJsonObject newFallback = rewriteBlob(dir, fallback, [&](QJsonObject& o) {
            QJsonArray refs = o.value(QStringLiteral("manifests")).toArray();
            sociIndex = refs[0].toObject().value(QStringLiteral("digest")).toString();
            const QJsonObject newIndex = rewriteBlob(dir, sociIndex, [&](QJsonObject& m) {
                QJsonArray layers = m.value(QStringLiteral("layers")).toArray();
                QJsonObject z = layers[0].toObject();
                ztoc = z.value(QStringLiteral("digest")).toString();
                layer = z.value(QStringLiteral("annotations")).toObject()
                            .value(QStringLiteral("com.amazon.soci.image-layer-digest")).toString();
                z[QStringLiteral("size")] = 200 << 20;
                layers[0] = z;
                m[QStringLiteral("layers")] = layers;
            });
            repoint(refs, sociIndex, newIndex);
            o[QStringLiteral("manifests")] = refs;
        });
        QVERIFY(!newFallback.isEmpty() && !ztoc.isEmpty() && !layer.isEmpty());
        repoint(entries, fallback, newFallback);
        top[QStringLiteral("manifests")] = entries;
        QVERIFY(files::writeFileAtomic(dir.toStdString() + "/index.json",
                                       QJsonDocument(top).toJson(QJsonDocument::Compact).toStdString())
                    .ok());
        // The zTOC blob is made unreadable: had it been opened, the error would be another.
        QVERIFY(QFile::remove(dir + "/blobs/sha256/" + ztoc.mid(7)));

        const auto m = measuredCtl({QStringLiteral("ztoc"), QStringLiteral("info"), "oci:" + dir + ":latest",
                                    QStringLiteral("--layer"), layer});
        QVERIFY2(m.run.exitCode == 6, m.run.err.constData());
        QVERIFY2(m.run.err.contains("is larger than its layer"), m.run.err.constData());
        QVERIFY2(m.run.err.contains(ztoc.toUtf8()), m.run.err.constData());

        // The image itself still lists and reads: that layer is read whole.
        const auto listed = ctl({QStringLiteral("ls"), "oci:" + dir + ":latest", QStringLiteral("/"), QStringLiteral("-R")});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        QVERIFY2(listed.err.contains("read whole"), listed.err.constData());
        QVERIFY(!listed.out.isEmpty());
    }

    void ztocInfoOfDevZeroIsMalformed()
    {
        const auto m = measuredCtl({QStringLiteral("ztoc"), QStringLiteral("info"), QStringLiteral("/dev/zero")});
        QVERIFY2(m.run.exitCode == 6, m.run.err.constData());
        QVERIFY2(m.run.err.contains("not a zTOC"), m.run.err.constData());
        QVERIFY(m.peakKiB > 0 && m.peakKiB < PeakLimitKiB);
    }

    void ztocInfoOfAHugeSparseFileIsRefusedBySize()
    {
        const std::string p = m_tmp.path() + "/sparse.ztoc";
        if (!makeSparseFile(p, std::uint64_t(1) << 40))
            QSKIP("the temporary file system cannot hold a 1 TiB sparse file");
        const auto m = measuredCtl({QStringLiteral("ztoc"), QStringLiteral("info"), q(p)});
        QVERIFY2(m.run.exitCode == 6, m.run.err.constData());
        QVERIFY2(m.run.err.contains("larger than 128 MiB"), m.run.err.constData());
        QVERIFY(m.peakKiB > 0 && m.peakKiB < PeakLimitKiB);
    }

    void ztocInfoOfAnEndlessFifoStopsPastTheCap()
    {
        const std::string fifo = m_tmp.path() + "/endless.ztoc";
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        // A writer of 256 MiB of zeros (bounded), ended by its PID when still running.
        ChildProcess writer;
        QVERIFY(writer.start(QStringLiteral("/usr/bin/python3"),
                             {QStringLiteral("-c"),
                              QStringLiteral("import sys\n"
                                             "f = open(sys.argv[1], 'wb')\n"
                                             "block = bytes(1 << 20)\n"
                                             "try:\n"
                                             "    for _ in range(256): f.write(block)\n"
                                             "except BrokenPipeError:\n"
                                             "    pass\n"),
                              q(fifo)}));
        const auto m = measuredCtl({QStringLiteral("ztoc"), QStringLiteral("info"), q(fifo)});
        writer.stop();
        QVERIFY2(m.run.exitCode == 6, m.run.err.constData());
        QVERIFY2(m.run.err.contains("larger than 128 MiB"), m.run.err.constData());
        QVERIFY2(m.peakKiB > 0 && m.peakKiB < PeakLimitKiB,
                 qPrintable(QStringLiteral("peak resident memory %1 KiB").arg(m.peakKiB)));
    }
};

QTEST_GUILESS_MAIN(TestMemoryLimits)
#include "test_memory_limits.moc"
