// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/digest.h"
#include "util/files.h"
#include "util/result.h"
#include "util/strings.h"

#include <QtTest>

using namespace sociscope;

class TestUtil final : public QObject {
    Q_OBJECT
private slots:
    void digestParse()
    {
        const auto d = oci::Digest::parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        QVERIFY(d.ok());
        QCOMPARE(d->algorithm(), std::string("sha256"));
        QCOMPARE(d->fallbackTag().substr(0, 7), std::string("sha256-"));
        QCOMPARE(oci::Digest::parse("sha256:abc").error().code, ErrorCode::Malformed);
        QCOMPARE(oci::Digest::parse("sha256:44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A").error().code,
                 ErrorCode::Malformed);
        QCOMPARE(oci::Digest::parse("md5:abc").error().code, ErrorCode::Unsupported);
        QCOMPARE(oci::Digest::parse("nocolon").error().code, ErrorCode::Malformed);
    }
    void digestOfEmptyConfig()
    {
        QCOMPARE(oci::Digest::sha256Of("{}").str(),
                 std::string("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
        oci::Hasher h("sha512");
        h.update("abc");
        QCOMPARE(h.finish().hex().substr(0, 16), std::string("ddaf35a193617aba"));
        const auto d = oci::Digest::sha256Of("hello");
        QVERIFY(oci::verify("hello", d, "blob").ok());
        const auto bad = oci::verify("hellO", d, "blob");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::Integrity);
    }
    void base64RoundTrip()
    {
        for (const std::string s : {"", "a", "ab", "abc", "abcd", "user:pa$$word"})
            QCOMPARE(*str::base64Decode(str::base64Encode(s)), s);
        QCOMPARE(str::base64Encode("user:pass"), std::string("dXNlcjpwYXNz"));
        QVERIFY(!str::base64Decode("a*b").has_value());
    }
    void numbersAndText()
    {
        QCOMPARE(*str::parseU64("18446744073709551615"), std::uint64_t(18446744073709551615ULL));
        QVERIFY(!str::parseU64("18446744073709551616").has_value());
        QVERIFY(!str::parseU64("12a").has_value());
        QCOMPARE(str::humanBytes(814 * 1024 * 1024ULL), std::string("814 MiB"));
        QCOMPARE(str::split("a,,b", ',').size(), size_t(3));
        QCOMPARE(str::urlEncode("a/b+c"), std::string("a%2Fb%2Bc"));
    }
    void atomicWrite()
    {
        files::TempDir dir;
        QVERIFY(dir.valid());
        const std::string p = dir.path() + "/f";
        QVERIFY(files::writeFileAtomic(p, "one").ok());
        QVERIFY(files::writeFileAtomic(p, "two").ok());
        QCOMPARE(*files::readFile(p), std::string("two"));
        QCOMPARE(files::readFile(dir.path() + "/missing").error().code, ErrorCode::NotFound);
        QCOMPARE(exitCodeFor(ErrorCode::Integrity), 5);
    }
};

QTEST_GUILESS_MAIN(TestUtil)
#include "test_util.moc"
