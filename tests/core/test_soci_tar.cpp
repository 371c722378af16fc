// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The streaming tar TOC reader against hand-made tar streams (section 4.1).
#include "soci/tar_toc.h"
#include "soci_testutil.h"

#include <QtTest>

using namespace sociscope;
using namespace sociscope::soci;
using sociscope::test::paxRecord;
using sociscope::test::q;
using sociscope::test::tarEnd;
using sociscope::test::tarEntry;
using sociscope::test::TarHeader;
using sociscope::test::tarHeader;

namespace {
struct Parsed {
    Status status;
    TocEntries entries;
    std::int64_t size = 0;
};

Parsed parse(const std::string& tar, size_t piece = 0)
{
    TarTocBuilder b;
    Parsed p;
    const auto* data = reinterpret_cast<const std::uint8_t*>(tar.data());
    if (piece == 0)
        p.status = b.feed(data, tar.size());
    for (size_t i = 0; piece != 0 && i < tar.size() && p.status.ok(); i += piece)
        p.status = b.feed(data + i, std::min(piece, tar.size() - i));
    if (p.status.ok())
        p.status = b.finish();
    p.entries = b.entries();
    p.size = b.archiveSize();
    return p;
}

TarHeader hdr(const std::string& name, char type = '0', std::int64_t size = 0)
{
    TarHeader h;
    h.name = name;
    h.typeflag = type;
    h.size = size;
    return h;
}

std::string paxEntry(const std::string& records)
{
    return tarEntry(hdr("PaxHeaders/x", 'x', std::int64_t(records.size())), records);
}

// A stream with every kind of extended header, used for the chunking test.
std::string complexTar()
{
    std::string t;
    t += tarEntry(hdr("d/", '5'));
    t += paxEntry(paxRecord("path", std::string(300, 'p')) + paxRecord("mtime", "1234567890.25")
        + paxRecord("SCHILY.xattr.user.k", "v"));
    t += tarEntry(hdr("short", '0', 700), std::string(700, 'a'));
    t += tarEntry(hdr("././@LongLink", 'L', 201), std::string(200, 'n') + '\0');
    t += tarEntry(hdr("././@LongLink", 'K', 150), std::string(150, 'k'));
    TarHeader link = hdr("trunc", '2');
    link.linkname = "trunc-target";
    t += tarEntry(link);
    t += tarEntry(hdr("big", '0', 5000), std::string(5000, 'b'));
    t += tarEnd() + std::string(8192, '\0');
    return t;
}
} // namespace

class TestSociTar final : public QObject {
    Q_OBJECT
private slots:
    void ustarEntries()
    {
        std::string t;
        TarHeader d = hdr("etc/", '5');
        d.mode = 0755;
        t += tarEntry(d);
        TarHeader f = hdr("etc/hostname", '0', 9);
        f.uid = 1000;
        f.gid = 100;
        f.uname = "alice";
        f.gname = "staff";
        f.mtime = 1234567890;
        t += tarEntry(f, "sociscope");
        TarHeader s = hdr("etc/link", '2');
        s.linkname = "hostname";
        t += tarEntry(s);
        TarHeader h = hdr("etc/hard", '1');
        h.linkname = "etc/hostname";
        t += tarEntry(h);
        TarHeader c = hdr("dev/null", '3');
        c.devmajor = 1;
        c.devminor = 3;
        t += tarEntry(c);
        t += tarEntry(hdr("fifo", '6'));
        t += tarEnd() + std::string(10240 - (t.size() + 1024) % 10240, '\0');

        const Parsed p = parse(t);
        QVERIFY2(p.status.ok(), p.status.ok() ? "" : p.status.error().text().c_str());
        QCOMPARE(p.entries.size(), size_t(6));
        QCOMPARE(p.size, std::int64_t(7 * 512 + 1024)); // not the padded length
        const TocEntryView e = p.entries[1];
        QCOMPARE(q(e.name), QStringLiteral("etc/hostname"));
        QCOMPARE(q(e.type), QStringLiteral("reg"));
        QCOMPARE(e.uncompressedOffset, std::int64_t(1024));
        QCOMPARE(e.uncompressedSize, std::int64_t(9));
        QCOMPARE(e.tarHeaderOffset, std::int64_t(512));
        QCOMPARE(e.uid, 1000u);
        QCOMPARE(q(e.uname), QStringLiteral("alice"));
        QCOMPARE(q(e.modTime), QStringLiteral("2009-02-13T23:31:30Z"));
        QCOMPARE(q(p.entries[0].name), QStringLiteral("etc/")); // names are never cleaned
        QCOMPARE(p.entries[0].mode, std::int64_t(0755));
        QCOMPARE(q(p.entries[2].type), QStringLiteral("symlink"));
        QCOMPARE(p.entries[2].uncompressedOffset, std::int64_t(2048));
        QCOMPARE(q(p.entries[3].linkname), QStringLiteral("etc/hostname"));
        QCOMPARE(q(p.entries[4].type), QStringLiteral("char"));
        QCOMPARE(p.entries[4].devminor, std::int64_t(3));
        QCOMPARE(q(p.entries[5].type), QStringLiteral("fifo"));
        QCOMPARE(p.entries[5].uncompressedOffset, std::int64_t(3584));
    }

    void anyChunkingGivesTheSameToc()
    {
        const std::string t = complexTar();
        const Parsed whole = parse(t);
        QVERIFY2(whole.status.ok(), whole.status.ok() ? "" : whole.status.error().text().c_str());
        QCOMPARE(whole.entries.size(), size_t(4));
        for (size_t piece : { 1, 3, 511, 512, 513, 4096 })
            QVERIFY(parse(t, piece).entries == whole.entries);
    }

    void paxAndGnuExtendedHeaders()
    {
        const Parsed p = parse(complexTar());
        const TocEntryView pax = p.entries[1];
        QCOMPARE(q(pax.name), q(std::string(300, 'p')));
        QCOMPARE(pax.tarHeaderOffset, std::int64_t(512));
        QCOMPARE(pax.uncompressedOffset, std::int64_t(512 + 1024 + 512)); // PAX header + data, then ustar header
        QCOMPARE(q(pax.modTime), QStringLiteral("2009-02-13T23:31:30.25Z"));
        QCOMPARE(pax.xattrs.size(), size_t(3)); // all records, sorted by key bytes
        QCOMPARE(q(pax.xattrs[0].first), QStringLiteral("SCHILY.xattr.user.k"));
        QCOMPARE(q(pax.xattrs[1].first), QStringLiteral("mtime"));
        QCOMPARE(q(pax.xattrs[2].first), QStringLiteral("path"));
        const TocEntryView gnu = p.entries[2];
        QCOMPARE(q(gnu.name), q(std::string(200, 'n'))); // cut at the NUL
        QCOMPARE(q(gnu.linkname), q(std::string(150, 'k')));
        QCOMPARE(gnu.uncompressedOffset, std::int64_t(2560 + 512 + 1024 + 512 + 512 + 512));
        QVERIFY(gnu.xattrs.empty());
        QCOMPARE(p.entries[3].uncompressedSize, std::int64_t(5000));
    }

    void paxOverridesAndEdgeValues()
    {
        std::string t;
        t += paxEntry(paxRecord("size", "5") + paxRecord("uid", "4294967301") + paxRecord("gname", "")
            + paxRecord("uname", "bob") + paxRecord("linkpath", "x") + paxRecord("mtime", "-1.5"));
        TarHeader h = hdr("f", '0', 0);
        h.gname = "keep";
        t += tarEntry(h) + "hello" + std::string(507, '\0');
        t += paxEntry(paxRecord("mtime", "1.000000000"));
        t += tarEntry(hdr("g"));
        t += tarEnd();
        const Parsed p = parse(t);
        QVERIFY2(p.status.ok(), p.status.ok() ? "" : p.status.error().text().c_str());
        QCOMPARE(p.entries.size(), size_t(2));
        const TocEntryView e = p.entries[0];
        QCOMPARE(e.uncompressedSize, std::int64_t(5));
        QCOMPARE(e.uid, 5u); // Go's uint32 conversion
        QCOMPARE(q(e.gname), QStringLiteral("keep")); // empty PAX values do not override...
        QCOMPARE(e.xattrs.size(), size_t(6)); // ...but are kept as records
        QCOMPARE(q(e.uname), QStringLiteral("bob"));
        QCOMPARE(q(e.linkname), QStringLiteral("x"));
        QCOMPARE(q(e.modTime), QStringLiteral("1969-12-31T23:59:58.5Z"));
        QCOMPARE(q(p.entries[1].modTime), QStringLiteral("1970-01-01T00:00:01Z"));
        QCOMPARE(p.entries[1].uncompressedOffset, std::int64_t(512 * 7));
    }

    void numericFormatsAndLegacyHeaders()
    {
        std::string t;
        TarHeader b = hdr("b256", '0', 600);
        b.base256 = true;
        b.uid = (std::int64_t { 1 } << 32) + 7;
        b.mtime = -86400;
        t += tarEntry(b, std::string(600, 'z'));
        t += tarEntry(hdr("legacy-dir/", '\0'));
        t += tarEntry(hdr("legacy-file", '\0', 3), "abc");
        TarHeader v7 = hdr("v7file", '0', 1);
        v7.magic = TarHeader::Magic::V7;
        v7.uname = "ignored";
        t += tarEntry(v7, "x");
        TarHeader pre = hdr("c", '0');
        pre.prefix = "a/b";
        t += tarEntry(pre);
        TarHeader gnu = hdr("gnu", '0');
        gnu.magic = TarHeader::Magic::Gnu;
        gnu.uname = "g";
        t += tarEntry(gnu);
        t += tarEnd();
        const Parsed p = parse(t);
        QVERIFY2(p.status.ok(), p.status.ok() ? "" : p.status.error().text().c_str());
        QCOMPARE(p.entries[0].uncompressedSize, std::int64_t(600));
        QCOMPARE(p.entries[0].uid, 7u);
        QCOMPARE(q(p.entries[0].modTime), QStringLiteral("1969-12-31T00:00:00Z"));
        QCOMPARE(q(p.entries[1].type), QStringLiteral("dir"));
        QCOMPARE(q(p.entries[2].type), QStringLiteral("reg"));
        QCOMPARE(q(p.entries[3].uname), QString()); // V7 headers have no uname field
        QCOMPARE(q(p.entries[4].name), QStringLiteral("a/b/c"));
        QCOMPARE(q(p.entries[5].uname), QStringLiteral("g"));
    }

    void headerOnlyTypesSkipNoData()
    {
        // Go skips no data for links, devices, dirs and fifos even when size says otherwise;
        // the TOC keeps the size field as is.
        std::string t;
        TarHeader s = hdr("sym", '2', 100);
        s.linkname = "t";
        t += tarEntry(s); // no data blocks follow
        t += tarEntry(hdr("after", '0', 2), "ok");
        t += tarEnd();
        const Parsed p = parse(t);
        QVERIFY(p.status.ok());
        QCOMPARE(p.entries[0].uncompressedSize, std::int64_t(100));
        QCOMPARE(p.entries[1].uncompressedOffset, std::int64_t(1024));
    }

    void endOfArchiveRules()
    {
        const std::string file = tarEntry(hdr("f", '0', 3), "abc");
        Parsed p = parse(file + std::string(512, '\0'));
        QVERIFY(p.status.ok());
        QCOMPARE(p.size, std::int64_t(1536)); // one zero block, then EOF: fine
        p = parse(file);
        QVERIFY(p.status.ok());
        QCOMPARE(p.size, std::int64_t(1024)); // no end marker at all
        p = parse(file.substr(0, 515));
        QVERIFY(p.status.ok()); // EOF right after the data, before its padding
        QCOMPARE(p.size, std::int64_t(515));
        p = parse(tarEntry(hdr("f", '0', 3), "abc") + tarEnd() + "garbage after the end is ignored");
        QVERIFY(p.status.ok());
        QCOMPARE(p.size, std::int64_t(2048));
        for (size_t cut : { size_t(100), size_t(513), size_t(600) })
            QCOMPARE(parse(file.substr(0, cut)).status.error().code, ErrorCode::Malformed);
        QCOMPARE(parse(std::string(512, '\0') + file).status.error().code, ErrorCode::Malformed);
        QCOMPARE(parse(paxEntry(paxRecord("path", "p")).substr(0, 700)).status.error().code, ErrorCode::Malformed);
    }

    void corruptHeaders()
    {
        std::string bad = tarEntry(hdr("f", '0', 3), "abc");
        bad[10] = 'X'; // checksum no longer matches
        QCOMPARE(parse(bad).status.error().code, ErrorCode::Malformed);
        std::string badSize = tarHeader(hdr("f"));
        std::memcpy(badSize.data() + 124, "0000000009x\0", 12);
        std::memset(badSize.data() + 148, ' ', 8);
        unsigned sum = 0;
        for (char c : badSize)
            sum += static_cast<unsigned char>(c);
        std::snprintf(badSize.data() + 148, 8, "%06o", sum);
        QCOMPARE(parse(badSize + tarEnd()).status.error().code, ErrorCode::Malformed);
        QCOMPARE(parse(paxEntry("9 a=b\n") + tarEntry(hdr("f")) + tarEnd()).status.error().code, ErrorCode::Malformed);
        QCOMPARE(parse(paxEntry("6 =b\n") + tarEntry(hdr("f")) + tarEnd()).status.error().code, ErrorCode::Malformed);
        QCOMPARE(parse(paxEntry(paxRecord("uid", "12a")) + tarEntry(hdr("f")) + tarEnd()).status.error().code,
            ErrorCode::Malformed);
        QCOMPARE(parse(paxEntry(paxRecord("mtime", "1.5x")) + tarEntry(hdr("f")) + tarEnd()).status.error().code,
            ErrorCode::Malformed);
        QCOMPARE(parse(tarHeader(hdr("PaxHeaders/x", 'x', 2 << 20))).status.error().code, ErrorCode::Unsupported);
    }

    void refusesWhatZtocsCannotDescribe_data()
    {
        QTest::addColumn<QString>("tar");
        QTest::addColumn<QString>("mustMention");
        const auto l1 = [](const std::string& s) { return QString::fromLatin1(s.data(), qsizetype(s.size())); };
        QTest::newRow("pax global") << l1(
            tarEntry(hdr("pax_global_header", 'g', 14), "14 comment=x\n") + tarEntry(hdr("f")) + tarEnd())
                                    << "pax_global_header' 'g'";
        QTest::newRow("gnu sparse") << l1(tarEntry(hdr("sparse.img", 'S', 0)) + tarEnd()) << "sparse.img' 'S'";
        QTest::newRow("contiguous") << l1(tarEntry(hdr("contig", '7', 4), "data") + tarEnd()) << "contig' '7'";
        QTest::newRow("volume label") << l1(tarEntry(hdr("vol", 'V')) + tarEnd()) << "vol' 'V'";
        QTest::newRow("pax sparse") << l1(
            paxEntry(paxRecord("GNU.sparse.major", "1") + paxRecord("GNU.sparse.minor", "0"))
            + tarEntry(hdr("psparse", '0', 0)) + tarEnd())
                                    << "psparse' 'sparse";
    }

    void refusesWhatZtocsCannotDescribe()
    {
        QFETCH(QString, tar);
        QFETCH(QString, mustMention);
        const QByteArray raw = tar.toLatin1();
        const Parsed p = parse(std::string(raw.constData(), size_t(raw.size())));
        QVERIFY(!p.status.ok());
        QCOMPARE(p.status.error().code, ErrorCode::Unsupported);
        const QString message = q(p.status.error().text());
        for (const QString& part : mustMention.split(QStringLiteral("' '")))
            QVERIFY2(message.contains(QString(part).remove(QLatin1Char('\''))), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestSociTar)
#include "test_soci_tar.moc"
