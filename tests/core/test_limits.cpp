// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The memory caps of S12: files read with a size cap (regular, sparse, device,
// pipe), the zTOC size rule, the bounded answer body, and a conda record whose
// long lists are skipped while parsing.
#include "inventory/parsers.h"
#include "registry/limits.h"
#include "soci/ztoc_limits.h"
#include "testenv.h"
#include "util/fd.h"
#include "util/files.h"

#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

using namespace sociscope;

namespace {
oci::Descriptor descriptor(const std::string& seed, std::int64_t size)
{
    oci::Descriptor d;
    d.digest = oci::Digest::sha256Of(seed);
    d.size = size;
    return d;
}
} // namespace

class TestLimits final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_tmp{"sociscope-limits"};

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.valid());
        // A pipe reader that stops early must not kill the writer thread.
        std::signal(SIGPIPE, SIG_IGN);
    }

    void regularFileWithinTheCapIsRead()
    {
        const std::string p = m_tmp.path() + "/small";
        QVERIFY(files::writeFileAtomic(p, std::string(1000, 'x')).ok());
        auto r = files::readFile(p, 1000);
        QVERIFY(r.ok());
        QCOMPARE(r->size(), size_t(1000));
        QVERIFY(files::readFile(p).ok()); // no cap given: as before
    }

    void hugeSparseFileIsRefusedBySize()
    {
        // 1 TiB of holes: refused from its size, nothing read or reserved.
        const std::string p = m_tmp.path() + "/sparse";
        if (!test::makeSparseFile(p, std::uint64_t(1) << 40))
            QSKIP("the temporary file system cannot hold a 1 TiB sparse file");
        auto r = files::readFile(p, 4u << 20);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Malformed);
        QVERIFY2(r.error().message.find("larger than 4.00 MiB") != std::string::npos, r.error().message.c_str());
        // One byte over the cap is over.
        QVERIFY(::truncate(p.c_str(), 1001) == 0);
        QCOMPARE(files::readFile(p, 1000).error().code, ErrorCode::Malformed);
    }

    void endlessDeviceStopsOneBytePastTheCap()
    {
        auto r = files::readFile("/dev/zero", 1u << 20);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Malformed);
    }

    void pipeIsReadUpToTheCap()
    {
        for (const size_t sent : {size_t(100000), size_t(300000)}) {
            auto pipe = util::Pipe::open();
            QVERIFY(pipe.ok());
            std::thread writer([fd = std::move(pipe->write), sent] {
                const std::string data(sent, 'p');
                size_t off = 0;
                while (off < data.size()) {
                    const ssize_t n = ::write(fd.get(), data.data() + off, data.size() - off);
                    if (n <= 0)
                        break; // EPIPE once the reader gave up
                    off += static_cast<size_t>(n);
                }
            });
            auto r = files::readFile("/proc/self/fd/" + std::to_string(pipe->read.get()), 200000);
            pipe->read.reset(); // the writer sees EPIPE
            writer.join();
            if (sent <= 200000) {
                QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
                QCOMPARE(r->size(), sent);
            } else {
                QVERIFY(!r.ok());
                QCOMPARE(r.error().code, ErrorCode::Malformed);
            }
        }
    }

    void ztocLimitFollowsTheLayer()
    {
        QCOMPARE(soci::maxZtocSize(0), std::uint64_t(2) << 20);          // the floor plus slack
        QCOMPARE(soci::maxZtocSize(-5), std::uint64_t(2) << 20);         // unknown size: the floor
        QCOMPARE(soci::maxZtocSize(1 << 20), std::uint64_t(17) << 20);   // 16 times the layer plus slack
        QCOMPARE(soci::maxZtocSize(10 << 20), soci::MaxZtocFileSize);   // 161 MiB: the ceiling
        QCOMPARE(soci::maxZtocSize(std::int64_t(1) << 40), soci::MaxZtocFileSize); // the ceiling
        QCOMPARE(soci::maxZtocSize(INT64_MAX), soci::MaxZtocFileSize);   // no overflow
        const auto layer = descriptor("layer", 1 << 20);
        QVERIFY(soci::checkZtocSize(descriptor("ztoc", 17 << 20), layer).ok());
        const auto tooBig = soci::checkZtocSize(descriptor("ztoc", (17 << 20) + 1), layer);
        QVERIFY(!tooBig.ok());
        QCOMPARE(tooBig.error().code, ErrorCode::Malformed);
        QVERIFY2(tooBig.error().message.find(layer.digest.str()) != std::string::npos, tooBig.error().message.c_str());
        QVERIFY(!soci::checkZtocSize(descriptor("ztoc", -1), layer).ok());
    }

    void boundedBodyRefusesAnnouncedLength()
    {
        registry::BoundedBody body(4u << 20);
        registry::HttpHeaders h;
        h.add("Content-Length", "1073741824");
        QVERIFY(!body.startHook()(200, h));
        QVERIFY(body.exceeded());
        const Error e = body.tooLarge("manifest r/x:latest", "http://127.0.0.1/v2/r/x/manifests/latest");
        QCOMPARE(e.code, ErrorCode::Malformed);
        QVERIFY2(e.message.find("manifest r/x:latest is larger than 4 MiB") != std::string::npos, e.message.c_str());
        QVERIFY2(e.message.find("1.00 GiB") != std::string::npos, e.message.c_str());
    }

    void boundedBodyStopsWhenTheBodyGrowsPastTheCap()
    {
        registry::BoundedBody body(10);
        registry::HttpHeaders none; // chunked: no length announced
        QVERIFY(body.startHook()(200, none));
        QVERIFY(body.sink()("12345"));
        QVERIFY(body.sink()("67890"));
        QVERIFY(!body.exceeded());
        QVERIFY(!body.sink()("x"));
        QVERIFY(body.exceeded());

        registry::BoundedBody exact(10);
        QVERIFY(exact.sink()("1234567890"));
        QCOMPARE(exact.take(), std::string("1234567890"));
        // A resumed (206) transfer counts what is already kept.
        registry::BoundedBody resumed(10);
        QVERIFY(resumed.sink()("123456"));
        registry::HttpHeaders rest;
        rest.add("Content-Length", "5");
        QVERIFY(!resumed.startHook()(206, rest));
    }

    void condaRecordSkipsItsLongLists()
    {
        std::string text = R"({"name": "numpy", "version": "1.26.4", "subdir": "linux-64", "files": [)";
        for (int i = 0; i < 100000; ++i)
            text += (i ? ",\"" : "\"") + std::string("lib/python3.11/site-packages/numpy/f") + std::to_string(i) + "\"";
        text += R"(], "paths_data": {"paths": [{"_path": "x", "size": 1}]}, "size": 42})";
        auto p = inventory::parseCondaMeta(text, "/opt/conda/conda-meta/numpy.json");
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().text().c_str());
        QCOMPARE(p->name, std::string("numpy"));
        QCOMPARE(p->version, std::string("1.26.4"));
        QCOMPARE(p->installedSize, std::int64_t(42));
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "test_limits.moc"
