// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The derived SOCI JSON fixtures are in Go's exact form: decoding and
// re-encoding each must give the same bytes (spec 5.4, 11.4).
#include "oci/digest.h"
#include "oci/image.h"
#include "testenv.h"
#include "util/files.h"

#include <QtTest>

using namespace sociscope;

class TestGoJsonFixtures final : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("isIndex");
        QTest::newRow("soci-index-v1") << "soci-index-v1.json" << false;
        QTest::newRow("soci-index-v2") << "soci-index-v2.json" << false;
        QTest::newRow("image-manifest") << "image-manifest.json" << false;
        QTest::newRow("image-manifest-soci-v2") << "image-manifest-soci-v2.json" << false;
        QTest::newRow("image-index-soci-v2") << "image-index-soci-v2.json" << true;
        QTest::newRow("referrers-tag-index-v1") << "referrers-tag-index-v1.json" << true;
    }
    void roundTrip()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        QFETCH(QString, file);
        QFETCH(bool, isIndex);
        const auto bytes = files::readFile(test::sociFixturesDir() + "/derived/" + file.toStdString());
        QVERIFY(bytes.ok());
        std::string again;
        if (isIndex) {
            auto x = oci::Index::parse(*bytes);
            QVERIFY2(x.ok(), x.ok() ? "" : x.error().text().c_str());
            again = x->toGoJson();
        } else {
            auto m = oci::Manifest::parse(*bytes);
            QVERIFY2(m.ok(), m.ok() ? "" : m.error().text().c_str());
            again = m->toGoJson();
        }
        QCOMPARE(again, *bytes);
    }
    void v1IndexDigest()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        const auto bytes = files::readFile(test::sociFixturesDir() + "/derived/soci-index-v1.json");
        QVERIFY(bytes.ok());
        auto m = oci::Manifest::parse(*bytes);
        QVERIFY(m.ok());
        QCOMPARE(oci::Digest::sha256Of(m->toGoJson()).str(),
                 std::string("sha256:3bc7c9bf55fa9327f14fcec97a9861414e885ed42a160cec897954b724c1ab0f"));
        QVERIFY(m->subject.has_value());
        QCOMPARE(m->layers.at(0).annotation("com.amazon.soci.span-size"), std::string("4096"));
    }
};

QTEST_GUILESS_MAIN(TestGoJsonFixtures)
#include "test_gojson_fixtures.moc"
