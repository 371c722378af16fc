// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// File names of any bytes, end to end through the real registry: an image
// whose names hold 0xFF, a newline and an ESC sequence (and a link target and
// an xattr value that are not UTF-8), pushed and converted, then `ls --json`,
// `ls -R --json`, `ztoc info --json`, `cat` and `cat --json` by those exact
// bytes on the command line, and text `ls`. JSON never aborts, and the base64
// "…Bytes" twins decode to the original bytes; text output escapes them.
// sociscopectl runs through proc::run: QProcess would turn argv into UTF-8.
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

using namespace sociscope;
using namespace sociscope::test;

namespace {

// The names, as the image holds them.
const std::string kFf = "/d/caf\xFF";
const std::string kNewline = "/d/new\nline";
const std::string kEsc = "/d/\x1B[31mred";
const std::string kLink = "/d/ln\xFE";
const std::string kLinkTarget = "caf\xFF";
const std::string kBigNoise = "/big/noise\xFF";

// mkimage.py spells a byte that is not UTF-8 as a lone surrogate, \udcXX.
const std::string kSpec = R"({"compression": "gzip", "level": 1, "entries": [
)" + std::string(kNamesOfAnyBytes) + R"(,
  {"path": "d/attrs", "data": "x", "xattrs": {"user.bin": "v\udcfe"}},
  {"path": "big/noise\udcff", "random": 200000, "seed": 5}]})";

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

class TestCliNames final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-names"};
    std::string m_ref; // the SOCI-enabled image

    // ls --json entries keyed by their exact path bytes.
    std::map<QByteArray, QJsonObject> entries(const std::string& out)
    {
        std::map<QByteArray, QJsonObject> m;
        for (const auto& v : QJsonDocument::fromJson(toBytes(out)).object().value(QStringLiteral("entries")).toArray())
            m[exactBytes(v.toObject(), QStringLiteral("path"))] = v.toObject();
        return m;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const std::string layout = m_tmp.path() + "/names";
        const QString spec = q(m_tmp.path()) + "/spec.json";
        QFile f(spec);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"layout": ")" + toBytes(layout) + R"(", "tag": "t", "layers": [)" + kSpec.c_str() + "]}");
        f.close();
        const auto mk = run(QStringLiteral("/usr/bin/python3"), {q(sourceDir()) + "/tests/tools/mkimage.py", spec});
        QVERIFY2(mk.exitCode == 0, mk.err.constData());
        const std::string repo = m_registry.addr() + "/names/img";
        auto r = ctlArgv({"copy", "oci:" + layout + ":t", repo + ":t"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = ctlArgv({"index", "convert", repo + ":t", repo + ":t-soci", "--min-layer-size", "0", "--span-size", "65536"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        m_ref = repo + ":t-soci";
    }

    void lsJsonKeepsEveryByte()
    {
        const auto r = ctlArgv({"ls", m_ref, "/", "-R", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str()); // was 134: nlohmann's type_error.316
        const auto all = entries(r.out);
        for (const auto& name : {kFf, kNewline, kEsc, kLink, kBigNoise})
            QVERIFY2(all.count(toBytes(name)), name.c_str());
        // Not UTF-8: U+FFFD in "path", the bytes in "pathBytes".
        const QJsonObject ff = all.at(toBytes(kFf));
        QCOMPARE(ff.value(QStringLiteral("path")).toString(), QStringLiteral("/d/caf\uFFFD"));
        QCOMPARE(ff.value(QStringLiteral("size")).toInt(), 3);
        // Valid UTF-8 (control characters included) needs no twin: JSON escapes it.
        QVERIFY(!all.at(toBytes(kNewline)).contains(QStringLiteral("pathBytes")));
        QCOMPARE(all.at(toBytes(kEsc)).value(QStringLiteral("path")).toString(), QStringLiteral("/d/\u001b[31mred"));
        QVERIFY(!all.at(QByteArray("/d/attrs")).contains(QStringLiteral("pathBytes")));
        const QJsonObject link = all.at(toBytes(kLink));
        QCOMPARE(exactBytes(link, QStringLiteral("linkTarget")), toBytes(kLinkTarget));
        QVERIFY(link.contains(QStringLiteral("linkTargetBytes")));

        // One folder, and one layer's own tree.
        const auto d = ctlArgv({"ls", m_ref, "/d", "--json"});
        QVERIFY2(d.exitCode == 0, d.err.c_str());
        QCOMPARE(entries(d.out).size(), size_t(5));
        const auto layer = ctlArgv({"ls", m_ref, "/", "-R", "--layer", "0", "--json"});
        QVERIFY2(layer.exitCode == 0, layer.err.c_str());
        QVERIFY(entries(layer.out).count(toBytes(kBigNoise)));
        // A path of bytes on the command line names that one entry.
        const auto one = ctlArgv({"ls", m_ref, kFf, "--json"});
        QVERIFY2(one.exitCode == 0, one.err.c_str());
        const auto oneEntries = entries(one.out);
        QCOMPARE(oneEntries.size(), size_t(1));
        QVERIFY(oneEntries.count(toBytes(kFf)));
        QCOMPARE(exactBytes(QJsonDocument::fromJson(toBytes(one.out)).object(), QStringLiteral("path")), toBytes(kFf));
    }

    void ztocInfoJsonKeepsEveryByte()
    {
        const auto r = ctlArgv({"ztoc", "info", m_ref, "--layer", "0", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        std::map<QByteArray, QJsonObject> files;
        for (const auto& v : QJsonDocument::fromJson(toBytes(r.out)).object().value(QStringLiteral("files")).toArray()) {
            const QJsonObject o = v.toObject();
            files[exactBytes(o, QStringLiteral("name"))] = o;
            // path is the name made absolute: the same bytes.
            QCOMPARE(exactBytes(o, QStringLiteral("path")), "/" + exactBytes(o, QStringLiteral("name")));
        }
        for (const auto& name : {kFf, kNewline, kEsc, kLink, kBigNoise})
            QVERIFY2(files.count(toBytes(name.substr(1))), name.c_str());
        QCOMPARE(exactBytes(files.at(toBytes(kLink.substr(1))), QStringLiteral("linkTarget")), toBytes(kLinkTarget));
        QVERIFY(files.at(toBytes(kFf.substr(1))).contains(QStringLiteral("nameBytes")));
        // An xattr value that is not UTF-8.
        bool found = false;
        for (const auto& v : files.at(QByteArray("d/attrs")).value(QStringLiteral("paxRecords")).toArray())
            if (v.toObject().value(QStringLiteral("key")).toString() == QStringLiteral("SCHILY.xattr.user.bin")) {
                QCOMPARE(exactBytes(v.toObject(), QStringLiteral("value")), QByteArray("v\xFE"));
                found = true;
            }
        QVERIFY(found);
    }

    void catTakesAnyBytes()
    {
        for (const bool json : {false, true}) {
            std::vector<std::string> args{"cat", m_ref, kFf};
            if (json)
                args.push_back("--json");
            auto r = ctlArgv(args);
            QVERIFY2(r.exitCode == 0, r.err.c_str());
            QCOMPARE(r.out, std::string("ff\n"));
            r = ctlArgv({"cat", m_ref, kNewline});
            QCOMPARE(r.out, std::string("nl\n"));
            // Through the link whose target is not UTF-8.
            r = ctlArgv({"cat", m_ref, kLink});
            QCOMPARE(r.out, std::string("ff\n"));
        }
        // An error about such a name: JSON with the exact bytes, exit 2, no abort.
        const std::string missing = "/d/nope\xFF\x1B[2J";
        const auto r = ctlArgv({"cat", m_ref, missing, "--json"});
        QCOMPARE(r.exitCode, 2);
        const QJsonObject error = QJsonDocument::fromJson(toBytes(r.err)).object().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("not-found"));
        QVERIFY2(exactBytes(error, QStringLiteral("message")).contains(toBytes(missing)) ||
                     exactBytes(error, QStringLiteral("context")).contains(toBytes(missing)),
                 r.err.c_str());
        // The same error as text: one line, escaped, no ESC reaches the terminal.
        const auto text = ctlArgv({"cat", m_ref, missing});
        QCOMPARE(text.exitCode, 2);
        QVERIFY2(text.err.find("/d/nope\\377\\033[2J") != std::string::npos, text.err.c_str());
        QCOMPARE(std::count(text.err.begin(), text.err.end(), '\n'), std::ptrdiff_t(1));
        QVERIFY(text.err.find('\x1B') == std::string::npos);
    }

    void textLsEscapes()
    {
        const auto json = ctlArgv({"ls", m_ref, "/", "-R", "--json"});
        QCOMPARE(json.exitCode, 0);
        const size_t count = entries(json.out).size();
        const auto r = ctlArgv({"ls", m_ref, "/", "-R"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        // One line per entry: a newline in a name cannot fake one.
        QCOMPARE(static_cast<size_t>(std::count(r.out.begin(), r.out.end(), '\n')), count);
        QVERIFY(r.out.find('\x1B') == std::string::npos);
        QVERIFY(r.out.find('\xFF') == std::string::npos);
        for (const char* shown : {"  /d/caf\\377\n", "  /d/new\\nline\n", "  /d/\\033[31mred\n", "  /d/ln\\376 -> caf\\377\n",
                                  "  /big/noise\\377\n"})
            QVERIFY2(r.out.find(shown) != std::string::npos, r.out.c_str());
        // A single file named by its bytes.
        const auto one = ctlArgv({"ls", m_ref, kEsc});
        QCOMPARE(one.out, std::string("/d/\\033[31mred\n"));
    }
};

QTEST_GUILESS_MAIN(TestCliNames)
#include "test_cli_names.moc"
