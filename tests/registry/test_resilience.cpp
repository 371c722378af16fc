// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The client against a fault-injecting proxy in front of the real registry:
// each fault recovers or fails exactly as specified, and never gives wrong bytes.
#include "oci/digest.h"
#include "registry/client.h"
#include "registry/source.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <cstring>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonArray logOf(FaultProxy& p) { return QJsonDocument::fromJson(p.log()).array(); }
} // namespace

class TestResilience final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    FaultProxy m_proxy;
    files::TempDir m_tmp{"sociscope-faults"};
    QString m_bigLayer; // digest of the demo's biggest layer
    std::string m_bigBytes;
    QProcessEnvironment m_env;

    RunResult ctlq(const QStringList& args) { return ctl(args, 120000, m_env); }
    QString ref() const { return m_proxy.address() + QStringLiteral("/faults/demo:latest"); }

    std::unique_ptr<registry::RegistryClient> client()
    {
        registry::ClientOptions o;
        o.retry.baseDelay = std::chrono::milliseconds(10);
        o.retry.retryAfterCap = std::chrono::milliseconds(50);
        return std::make_unique<registry::RegistryClient>(m_proxy.addr(), o);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        QVERIFY(m_proxy.start(m_registry.address()));
        QCOMPARE(ctl({QStringLiteral("demo"), m_registry.address() + "/faults/demo:latest"}).exitCode, 0);
        const auto info = ctl({QStringLiteral("inspect"), m_registry.address() + "/faults/demo:latest", QStringLiteral("--json")});
        const QJsonArray layers = QJsonDocument::fromJson(info.out).object().value(QStringLiteral("images")).toArray()[0]
                                      .toObject().value(QStringLiteral("layers")).toArray();
        qint64 best = 0;
        for (const auto& l : layers)
            if (l.toObject().value(QStringLiteral("size")).toInteger() > best) {
                best = l.toObject().value(QStringLiteral("size")).toInteger();
                m_bigLayer = l.toObject().value(QStringLiteral("digest")).toString();
            }
        QVERIFY(best > 1000000);
        // The layer's true bytes, fetched once without faults.
        const auto r = curl({QStringLiteral("-s"), "http://" + m_registry.address() + "/v2/faults/demo/blobs/" + m_bigLayer});
        m_bigBytes = r.out.toStdString();
        QCOMPARE(q(oci::Digest::sha256Of(m_bigBytes).str()), m_bigLayer);
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("SOCISCOPE_RETRY_AFTER_CAP_MS"), QStringLiteral("50"));
        m_env.insert(QStringLiteral("SOCISCOPE_RETRY_BASE_MS"), QStringLiteral("10"));
    }

    void init() { QVERIFY(m_proxy.reset()); QVERIFY(m_proxy.setRules("[]")); }

    void serviceUnavailableIsRetried()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"method\":\"GET\",\"path\":\"/manifests/\"},\"first\":2,\"action\":{\"status\":503}}]"));
        const auto r = ctlq({QStringLiteral("inspect"), ref()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        int manifestGets = 0;
        for (const auto& e : logOf(m_proxy))
            if (e.toObject().value(QStringLiteral("path")).toString().contains(QLatin1String("/manifests/")))
                ++manifestGets;
        QCOMPARE(manifestGets, 3);
    }

    void retryAfterWithinTheCapIsHonoured()
    {
        // Over the cap is a failure (test_bounded_time); within it, one wait and the answer.
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/manifests/\"},\"first\":1,\"action\":{\"status\":429,\"retry_after\":\"0\"}}]"));
        const auto r = ctlq({QStringLiteral("inspect"), ref()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        int manifestGets = 0;
        for (const auto& e : logOf(m_proxy))
            if (e.toObject().value(QStringLiteral("path")).toString().contains(QLatin1String("/manifests/")))
                ++manifestGets;
        QVERIFY(manifestGets >= 2);
    }

    void persistentFailureIsBounded()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/manifests/\"},\"every\":true,\"action\":{\"status\":503}}]"));
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("SOCISCOPE_RETRY_ATTEMPTS"), QStringLiteral("3"));
        const auto r = ctl({QStringLiteral("inspect"), ref()}, 60000, env);
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(logOf(m_proxy).size(), 3);
        QVERIFY2(r.err.contains("503"), r.err.constData());
    }

    void resetMidBlobResumesWithRange()
    {
        QVERIFY(m_proxy.setRules(QByteArray("[{\"match\":{\"method\":\"GET\",\"path\":\"") + m_bigLayer.toUtf8() +
                                 "\"},\"first\":1,\"action\":{\"reset_after_bytes\":100000}}]"));
        const QString out = q(m_tmp.path()) + "/resumed";
        const auto r = ctlq({QStringLiteral("copy"), ref(), "oci:" + out + ":t"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList ranges;
        for (const auto& e : logOf(m_proxy))
            if (e.toObject().value(QStringLiteral("path")).toString().contains(m_bigLayer))
                ranges << e.toObject().value(QStringLiteral("range")).toString();
        QCOMPARE(ranges.size(), 2);
        QVERIFY(ranges[0].isEmpty());
        // Resumed, not started over (a reset drops what was in flight, so the
        // client may hold fewer than the 100000 bytes sent).
        QVERIFY2(ranges[1].startsWith(QLatin1String("bytes=")) && ranges[1].endsWith(QLatin1Char('-')), qPrintable(ranges[1]));
        const qint64 from = ranges[1].mid(6).chopped(1).toLongLong();
        QVERIFY2(from > 0 && from <= 100000, qPrintable(ranges[1]));
        QCOMPARE(*files::readFile(out.toStdString() + "/blobs/sha256/" + m_bigLayer.section(':', 1).toStdString()), m_bigBytes);
    }

    void truncatedBlobResumes()
    {
        QVERIFY(m_proxy.setRules(QByteArray("[{\"match\":{\"method\":\"GET\",\"path\":\"") + m_bigLayer.toUtf8() +
                                 "\"},\"first\":2,\"action\":{\"truncate_after_bytes\":300000}}]"));
        const QString out = q(m_tmp.path()) + "/truncated";
        const auto r = ctlq({QStringLiteral("copy"), ref(), "oci:" + out + ":t"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(*files::readFile(out.toStdString() + "/blobs/sha256/" + m_bigLayer.section(':', 1).toStdString()), m_bigBytes);
    }

    void corruptedBlobIsRefused()
    {
        QVERIFY(m_proxy.setRules(QByteArray("[{\"match\":{\"method\":\"GET\",\"path\":\"") + m_bigLayer.toUtf8() +
                                 "\"},\"every\":true,\"action\":{\"corrupt\":{\"offset\":5000,\"xor\":1}}}]"));
        const QString out = q(m_tmp.path()) + "/corrupt";
        const auto r = ctlq({QStringLiteral("copy"), ref(), "oci:" + out + ":t"});
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(m_bigLayer.toUtf8()), r.err.constData());
        QVERIFY(!files::exists(out.toStdString()));
    }

    void corruptedManifestIsRefused()
    {
        QVERIFY(m_proxy.setRules("[{\"match\":{\"method\":\"GET\",\"path\":\"/manifests/latest\"},\"every\":true,\"action\":{\"corrupt\":{\"offset\":40,\"xor\":32}}}]"));
        const auto r = ctlq({QStringLiteral("inspect"), ref()});
        QCOMPARE(r.exitCode, 5);
    }

    void rangeReads()
    {
        auto c = client();
        auto d = oci::Digest::parse(m_bigLayer.toStdString());
        QVERIFY(d.ok());
        const std::uint64_t off = 123457, len = 654321;
        const std::string want = m_bigBytes.substr(off, len);
        // Plain 206.
        auto r = c->getBlobRange("faults/demo", *d, off, len);
        QVERIFY(r.ok());
        QVERIFY(*r == want);
        // A registry that ignores Range: the 200 body is sliced, not trusted.
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\"},\"first\":1,\"action\":{\"drop_range\":true}}]"));
        r = c->getBlobRange("faults/demo", *d, off, len);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
        QVERIFY(*r == want);
        // A reset inside the range: resumed from the first missing byte.
        QVERIFY(m_proxy.reset());
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\"},\"first\":1,\"action\":{\"reset_after_bytes\":1000}}]"));
        r = c->getBlobRange("faults/demo", *d, off, len);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
        QVERIFY(*r == want);
        const auto log = logOf(m_proxy);
        QCOMPARE(log.size(), 2);
        const QString resumed = log[1].toObject().value(QStringLiteral("range")).toString();
        const qint64 from = resumed.section('=', 1).section('-', 0, 0).toLongLong();
        QVERIFY2(from >= qint64(off) && from <= qint64(off + 1000), qPrintable(resumed));
        QVERIFY2(resumed.endsWith(QStringLiteral("-%1").arg(off + len - 1)), qPrintable(resumed));
        // Truncated every time: a clean network error after the bounded retries, no partial bytes.
        QVERIFY(m_proxy.setRules("[{\"match\":{\"path\":\"/blobs/\"},\"every\":true,\"action\":{\"truncate_after_bytes\":10}}]"));
        r = c->getBlobRange("faults/demo", *d, off, len);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Network);
    }

    void chunkedUploadOfABigBlob()
    {
        // Blobs above the chunk size go up in PATCH chunks; the reader keeps
        // answering "end" after the last chunk.
        registry::ClientOptions o;
        o.chunkSize = 1 << 20;
        registry::RegistryClient c(m_registry.addr(), o);
        const std::string path = m_tmp.path() + "/big.bin";
        QVERIFY(files::writeFileAtomic(path, m_bigBytes).ok());
        auto d = oci::Digest::parse(m_bigLayer.toStdString());
        QVERIFY(d.ok());
        const registry::BodyFactory body = [&] {
            auto pos = std::make_shared<size_t>(0);
            return registry::BodyReader([this, pos](char* buf, size_t max) -> Result<size_t> {
                const size_t k = std::min(max, m_bigBytes.size() - *pos);
                std::memcpy(buf, m_bigBytes.data() + *pos, k);
                *pos += k;
                return k;
            });
        };
        QVERIFY(c.pushBlob("faults/chunked", *d, static_cast<std::int64_t>(m_bigBytes.size()), body).ok());
        auto size = c.headBlob("faults/chunked", *d);
        QVERIFY(size.ok() && size->has_value());
        QCOMPARE(**size, static_cast<std::int64_t>(m_bigBytes.size()));
        // And through `copy` from a folder (a file reader) with small chunks.
        const QString layout = q(m_tmp.path()) + "/chunked-layout";
        QCOMPARE(ctl({QStringLiteral("copy"), ref(), "oci:" + layout + ":t"}, 60000, m_env).exitCode, 0);
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("SOCISCOPE_UPLOAD_CHUNK_BYTES"), QStringLiteral("1048576"));
        const auto r = ctl({QStringLiteral("copy"), "oci:" + layout + ":t", m_registry.address() + "/faults/chunked2:t"}, 60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto check = ctl({QStringLiteral("inspect"), m_registry.address() + "/faults/chunked2:t", QStringLiteral("--raw")});
        QCOMPARE(check.exitCode, 0);
    }

    void registryDiesMidRead()
    {
        RegistryServer dying;
        QVERIFY(dying.start());
        QCOMPARE(ctl({QStringLiteral("demo"), dying.address() + "/x/demo:latest"}).exitCode, 0);
        FaultProxy slow;
        QVERIFY(slow.start(dying.address()));
        // Slow the big blob so the registry can be stopped while it streams.
        QVERIFY(slow.setRules(QByteArray("[{\"match\":{\"path\":\"") + m_bigLayer.toUtf8() +
                              "\"},\"every\":true,\"action\":{\"delay_ms\":1500}}]"));
        QProcess p;
        p.setProcessEnvironment(m_env);
        const QString out = q(m_tmp.path()) + "/dying";
        p.start(q(binDir()) + "/sociscopectl", {QStringLiteral("copy"), slow.address() + "/x/demo:latest", "oci:" + out + ":t"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(700);
        dying.stop();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 4);
        QVERIFY(!files::exists(out.toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestResilience)
#include "test_resilience.moc"
