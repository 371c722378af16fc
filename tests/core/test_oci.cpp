// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/gojson.h"
#include "oci/image.h"
#include "oci/reference.h"
#include "registry/auth.h"
#include "registry/client.h"
#include "registry/http.h"

#include <QtTest>

using namespace sociscope;

class TestOci final : public QObject {
    Q_OBJECT
private slots:
    void references_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("short") << "ubuntu" << "docker.io/library/ubuntu:latest";
        QTest::newRow("tag") << "ubuntu:22.04" << "docker.io/library/ubuntu:22.04";
        QTest::newRow("user") << "bitnami/redis" << "docker.io/bitnami/redis:latest";
        QTest::newRow("index.docker.io") << "index.docker.io/library/busybox:1" << "docker.io/library/busybox:1";
        QTest::newRow("localhost") << "localhost:5000/x" << "localhost:5000/x:latest";
        QTest::newRow("ecr") << "public.ecr.aws/deep-learning-containers/pytorch-training:2.3.0-gpu-py311"
                             << "public.ecr.aws/deep-learning-containers/pytorch-training:2.3.0-gpu-py311";
        const QString d = QStringLiteral("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        QTest::newRow("digest") << "repo@" + d << "docker.io/library/repo@" + d;
        QTest::newRow("tag+digest") << "ghcr.io/o/r:v1@" + d << "ghcr.io/o/r:v1@" + d;
        QTest::newRow("layout") << "oci:/tmp/x:t" << "oci:/tmp/x:t";
        QTest::newRow("layout no tag") << "oci:/tmp/x" << "oci:/tmp/x";
    }
    void references()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        const auto r = oci::Reference::parse(input.toStdString());
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
        QCOMPARE(QString::fromStdString(r->str()), canonical);
    }
    void badReferences()
    {
        for (const char* bad : {"UPPER/case", "repo:bad tag", "repo@sha256:123", "", "a//b", "oci:"})
            QVERIFY2(!oci::Reference::parse(bad).ok(), bad);
        QCOMPARE(oci::apiHost("docker.io"), std::string("registry-1.docker.io"));
        QVERIFY(oci::isLoopbackRegistry("127.0.0.1:5000"));
        QVERIFY(oci::isLoopbackRegistry("localhost"));
        QVERIFY(oci::isLoopbackRegistry("[::1]:5000"));
        QVERIFY(!oci::isLoopbackRegistry("ghcr.io"));
    }
    void manifestErrorsNameTheField()
    {
        auto m = oci::Manifest::parse("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:abc\",\"size\":1},\"layers\":[]}");
        QVERIFY(!m.ok());
        QCOMPARE(m.error().code, ErrorCode::Malformed);
        QVERIFY(m.error().message.find("config") != std::string::npos);
        m = oci::Manifest::parse("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[{\"mediaType\":\"y\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":\"2\"}]}");
        QVERIFY(!m.ok());
        QVERIFY2(m.error().message.find("layers[0]") != std::string::npos, m.error().message.c_str());
        QVERIFY(!oci::Manifest::parse("{not json").ok());
        QVERIFY(!oci::Manifest::parse("[]").ok());
        const std::string unknownType = "{\"schemaVersion\":2,\"mediaType\":\"application/x-unknown\",\"config\":{},\"layers\":[]}";
        QCOMPARE(oci::Manifest::parse(unknownType).error().code, ErrorCode::Unsupported);
        const std::string schema1 = "{\"schemaVersion\":1}";
        QCOMPARE(oci::Manifest::parse(schema1).error().code, ErrorCode::Unsupported);
    }
    void manifestKeepsUnknownFields()
    {
        const std::string doc =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"x-extra\":{\"a\":1},"
            "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}";
        auto m = oci::Manifest::parse(doc);
        QVERIFY(m.ok());
        QVERIFY(m->json.contains("x-extra"));
        // Re-encoding drops unknown fields, as Go's encoder does.
        QVERIFY(m->toGoJson().find("x-extra") == std::string::npos);
    }
    void goJsonEscaping()
    {
        std::string out;
        oci::gojson::appendString(out, "a<b>&\"\\\n\x01\xe2\x80\xa8 é \xff");
        const std::string expected = "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\u0001\\u2028 é \\ufffd\"";
        QCOMPARE(out, expected);
    }
    void platformMatching()
    {
        auto p = oci::Platform::parse("linux/arm64");
        QVERIFY(p.ok());
        oci::Platform arm{"arm64", "linux", {}, {}, "v8"};
        QVERIFY(arm.matches(*p));
        oci::Platform armNoVariant{"arm64", "linux", {}, {}, {}};
        QVERIFY(armNoVariant.matches(*oci::Platform::parse("linux/arm64/v8")));
        QVERIFY(!arm.matches(*oci::Platform::parse("linux/amd64")));
        QVERIFY(!oci::Platform::parse("linux").ok());
    }
    void wwwAuthenticate()
    {
        const auto cs = registry::parseWwwAuthenticate(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull\", Basic realm=\"x\"");
        QCOMPARE(cs.size(), size_t(2));
        QCOMPARE(cs[0].scheme, std::string("bearer"));
        QCOMPARE(cs[0].params.at("realm"), std::string("https://auth.docker.io/token"));
        QCOMPARE(cs[0].params.at("scope"), std::string("repository:library/ubuntu:pull"));
        QCOMPARE(cs[1].scheme, std::string("basic"));
        const auto unquoted = registry::parseWwwAuthenticate("Bearer realm=http://x/token,service=reg");
        QCOMPARE(unquoted.at(0).params.at("service"), std::string("reg"));
    }
    void linksAndUrls()
    {
        registry::HttpHeaders h;
        h.add("Link", "</v2/foo/tags/list?n=2&last=b>; rel=\"next\"");
        QCOMPARE(registry::nextLink(h, "http://127.0.0.1:5000/v2/foo/tags/list?n=2"),
                 std::string("http://127.0.0.1:5000/v2/foo/tags/list?n=2&last=b"));
        QCOMPARE(registry::resolveUrl("https://a.b/v2/x/blobs/uploads/", "/v2/x/blobs/uploads/123?_state=s"),
                 std::string("https://a.b/v2/x/blobs/uploads/123?_state=s"));
        QCOMPARE(registry::urlHost("https://User@S3.amazonaws.com:443/p"), std::string("s3.amazonaws.com:443"));
        const auto e = registry::httpError(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}",
                                           "manifest foo:bar", "r");
        QCOMPARE(e.code, ErrorCode::NotFound);
        QVERIFY(e.message.find("MANIFEST_UNKNOWN") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestOci)
#include "test_oci.moc"
