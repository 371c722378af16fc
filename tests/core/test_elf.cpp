// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/fs/elf: the summary of real binaries on this machine equals what
// binutils' readelf says (interpreter, needed libraries, soname, runpath,
// type); truncated and corrupted files give errors, never crashes.
#include "fs/elf.h"
#include "testenv.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::fs;

namespace {

ElfByteReader readerOf(const std::string& bytes)
{
    return [&bytes](std::uint64_t off, std::size_t len) -> Result<std::string> {
        if (off >= bytes.size())
            return std::string();
        return bytes.substr(static_cast<size_t>(off), len);
    };
}

std::string slurp(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

struct ReadElf {
    QString type; // EXEC, DYN, REL
    QString typeText;
    QString interpreter;
    QStringList needed;
    QString soname;
    QString runpath;
    bool dynamic = false;
};

ReadElf readelf(const QString& path)
{
    ReadElf r;
    QProcess p;
    p.start(QStringLiteral("readelf"), {QStringLiteral("-h"), QStringLiteral("-l"), QStringLiteral("-d"),
                                        QStringLiteral("--wide"), path});
    p.waitForFinished(30000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto grab = [&](const QString& re) {
        const auto m = QRegularExpression(re, QRegularExpression::MultilineOption).match(out);
        return m.hasMatch() ? m.captured(1) : QString();
    };
    r.type = grab(QStringLiteral("^\\s*Type:\\s+(\\w+)"));
    r.typeText = grab(QStringLiteral("^\\s*Type:\\s+(.*)$"));
    r.interpreter = grab(QStringLiteral("Requesting program interpreter: ([^\\]]+)\\]"));
    r.soname = grab(QStringLiteral("\\(SONAME\\)\\s+Library soname: \\[([^\\]]*)\\]"));
    r.runpath = grab(QStringLiteral("\\((?:RUNPATH|RPATH)\\)\\s+Library r(?:un)?path: \\[([^\\]]*)\\]"));
    r.dynamic = out.contains(QStringLiteral("Dynamic section at offset"));
    auto it = QRegularExpression(QStringLiteral("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]*)\\]")).globalMatch(out);
    while (it.hasNext())
        r.needed << it.next().captured(1);
    return r;
}

} // namespace

class TestElf final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("readelf")).isEmpty())
            QSKIP("readelf (binutils) is not installed: no oracle for ELF summaries");
    }

    void matchesReadelf_data()
    {
        QTest::addColumn<QString>("path");
        const QString bin = QString::fromStdString(test::binDir());
        QStringList candidates = {QStringLiteral("/bin/ls"), QStringLiteral("/usr/bin/readelf"),
                                  QStringLiteral("/bin/busybox"), bin + QStringLiteral("/sociscopectl")};
        // Shared libraries, and one relocatable object of our own build.
        for (const QString& lib : QDir(QStringLiteral("/usr/lib/x86_64-linux-gnu"))
                                      .entryList({QStringLiteral("libc.so.6"), QStringLiteral("libz.so.1*"),
                                                  QStringLiteral("libcurl.so.4*")},
                                                 QDir::Files))
            candidates << QStringLiteral("/usr/lib/x86_64-linux-gnu/") + lib;
        QDirIterator objects(bin + QStringLiteral("/../core"), {QStringLiteral("elf.cpp.o")}, QDir::Files,
                             QDirIterator::Subdirectories);
        if (objects.hasNext())
            candidates << objects.next();
        for (const QString& c : candidates)
            if (QFileInfo(c).isFile())
                QTest::newRow(qPrintable(QFileInfo(c).fileName())) << QFileInfo(c).canonicalFilePath();
    }

    void matchesReadelf()
    {
        QFETCH(QString, path);
        const std::string bytes = slurp(path);
        QVERIFY(!bytes.empty());
        std::uint64_t asked = 0;
        auto s = readElfSummary(readerOf(bytes), bytes.size(), &asked);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().text().c_str());
        const ReadElf want = readelf(path);
        QCOMPARE(QString::fromStdString(s->interpreter), want.interpreter);
        QStringList needed;
        for (const auto& n : s->needed)
            needed << QString::fromStdString(n);
        QCOMPARE(needed, want.needed);
        QCOMPARE(QString::fromStdString(s->soname), want.soname);
        QCOMPARE(QString::fromStdString(s->runpath), want.runpath);
        QCOMPARE(s->dynamic, want.dynamic);
        QVERIFY(s->warnings.empty());
        if (want.type == QLatin1String("EXEC"))
            QCOMPARE(QString::fromStdString(s->type), QStringLiteral("executable"));
        else if (want.type == QLatin1String("REL"))
            QCOMPARE(QString::fromStdString(s->type), QStringLiteral("relocatable object"));
        else if (want.typeText.contains(QLatin1String("Position-Independent")))
            QCOMPARE(QString::fromStdString(s->type), QStringLiteral("position-independent executable"));
        else
            QCOMPARE(QString::fromStdString(s->type), QStringLiteral("shared library"));
        QCOMPARE(QString::fromStdString(s->machine), QStringLiteral("x86-64"));
        QCOMPARE(s->bits, 64);
        QVERIFY(s->littleEndian);
        // A few 64 KiB blocks (headers, dynamic section, its strings), however large the file.
        QVERIFY2(asked <= 6 * 65536, qPrintable(QString::number(asked)));
    }

    // A hand-made 32-bit big-endian header (PowerPC), no program headers.
    void bigEndian32()
    {
        std::string h(52, '\0');
        h[0] = '\x7f', h[1] = 'E', h[2] = 'L', h[3] = 'F', h[4] = 1, h[5] = 2, h[6] = 1, h[7] = 0;
        h[16] = 0, h[17] = 2;  // ET_EXEC
        h[18] = 0, h[19] = 20; // EM_PPC
        h[24] = 0x10, h[27] = 0x20; // entry 0x10000020
        auto s = readElfSummary(readerOf(h), h.size());
        QVERIFY(s.ok());
        QCOMPARE(s->bits, 32);
        QVERIFY(!s->littleEndian);
        QCOMPARE(QString::fromStdString(s->machine), QStringLiteral("PowerPC"));
        QCOMPARE(QString::fromStdString(s->type), QStringLiteral("executable"));
        QCOMPARE(s->entry, 0x10000020u);
        QVERIFY(!s->dynamic);
    }

    void notElf()
    {
        QVERIFY(!looksLikeElf("#!/bin/sh"));
        QVERIFY(!readElfSummary(readerOf("#!/bin/sh\necho hi\n"), 18).ok());
        QVERIFY(!readElfSummary(readerOf("\x7f" "EL"), 3).ok());
        // A reader error is passed on as it is.
        auto failing = [](std::uint64_t, std::size_t) -> Result<std::string> {
            return makeError(ErrorCode::Network, "span fetch failed");
        };
        auto r = readElfSummary(failing, 1000);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Network);
    }

    // Every prefix of a real binary's first pages, and random corruption of
    // its headers: an answer or an error, and never a read outside the bytes.
    void hostile()
    {
        const std::string ls = slurp(QStringLiteral("/bin/ls"));
        QVERIFY(ls.size() > 4096);
        for (size_t n = 0; n < 8192; n += (n < 600 ? 1 : 97)) {
            const std::string cut = ls.substr(0, n);
            (void)readElfSummary(readerOf(cut), cut.size());
            // The size claimed is the real one, the bytes are fewer: the reader comes up short.
            (void)readElfSummary(readerOf(cut), ls.size());
        }
        QRandomGenerator rng(42);
        int ok = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string bad = ls;
            const int flips = 1 + static_cast<int>(rng.bounded(8));
            for (int k = 0; k < flips; ++k) {
                // The ELF header and program headers, where the offsets and counts live.
                const size_t at = rng.bounded(round % 2 ? 64u : 1024u);
                bad[at] = static_cast<char>(rng.bounded(256));
            }
            auto s = readElfSummary(readerOf(bad), bad.size());
            ok += s.ok() ? 1 : 0;
        }
        QVERIFY(ok > 0); // most flips leave a readable file
    }
};

QTEST_GUILESS_MAIN(TestElf)
#include "test_elf.moc"
