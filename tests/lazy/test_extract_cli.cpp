// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscopectl extract against a real docker-registry, on SOCI-indexed images
// read lazily: links exactly as GNU tar makes them (absolute ones, `sd -> .`,
// `esc1 -> sd/..`), nothing written through them by a later image, a
// 255-byte name, device nodes (skipped, or made with --devices with the
// image's mode), asked paths that yield one link or nothing.
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <filesystem>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// An extracted folder in the oracle's terms, keyed by path: type, mode, link target, content digest, device.
std::map<QString, QJsonObject> treeOf(const QString& root)
{
    std::map<QString, QJsonObject> out;
    namespace sfs = std::filesystem;
    for (auto it = sfs::recursive_directory_iterator(root.toStdString()); it != sfs::recursive_directory_iterator(); ++it) {
        struct stat st {};
        ::lstat(it->path().c_str(), &st);
        QJsonObject e;
        const QString path = q(it->path().string()).mid(root.size());
        e[QStringLiteral("type")] = S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" : S_ISREG(st.st_mode) ? "reg"
                                    : S_ISCHR(st.st_mode) ? "char" : S_ISBLK(st.st_mode) ? "block" : "fifo";
        e[QStringLiteral("mode")] = static_cast<int>(st.st_mode & 07777);
        e[QStringLiteral("linkTarget")] = S_ISLNK(st.st_mode) ? q(sfs::read_symlink(it->path()).string()) : QString();
        if (S_ISREG(st.st_mode))
            e[QStringLiteral("sha256")] = sha256Hex(files::readFile(it->path().string()).valueOr({}));
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
            e[QStringLiteral("rdev")] = QString::number(major(st.st_rdev)) + ":" + QString::number(minor(st.st_rdev));
        out[path] = e;
    }
    return out;
}

// What differs between the oracle (GNU tar) and an extraction, on the fields treeOf has.
QString differences(const std::map<QString, QJsonObject>& oracle, const std::map<QString, QJsonObject>& ours)
{
    QStringList d;
    for (const auto& [path, o] : oracle) {
        const auto it = ours.find(path);
        if (it == ours.end()) {
            d << "missing " + path;
            continue;
        }
        for (const auto& key : it->second.keys())
            if (o.value(key) != it->second.value(key))
                d << path + " " + key + ": " + o.value(key).toVariant().toString() + " vs " +
                         it->second.value(key).toVariant().toString();
    }
    for (const auto& [path, e] : ours)
        if (!oracle.count(path))
            d << "extra " + path;
    return d.join(QStringLiteral("; "));
}
} // namespace

class TestExtractCli final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-extract-cli"};
    QString m_outside; // the absolute link a -> here; must stay empty
    QString m_ref, m_attack;
    std::map<QString, QJsonObject> m_oracle;
    int m_n = 0;
    const QString m_long = QString(255, QLatin1Char('n'));

    QProcessEnvironment env()
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(m_tmp.path()) + "/cache");
        return e;
    }
    // A fresh box/N/dest: anything that appears in box/N besides dest came out of the target.
    QString freshDest()
    {
        const QString box = q(m_tmp.path()) + "/box" + QString::number(++m_n);
        QDir().mkpath(box + "/dest");
        return box + "/dest";
    }
    static QStringList besideDest(const QString& dest)
    {
        QDir box(dest + "/..");
        return box.entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
    }
    RunResult extract(const QStringList& args) { return ctl(QStringList{QStringLiteral("extract")} + args, 120000, env()); }

    // Pushes layout:t to the registry as repo:t and makes repo:t-soci with a zTOC for every layer.
    bool pushIndexed(const QString& layout, const QString& repo)
    {
        const QString ref = m_registry.address() + "/" + repo;
        const auto c = ctl({QStringLiteral("copy"), "oci:" + layout + ":t", ref + ":t"});
        const auto i = ctl({QStringLiteral("index"), QStringLiteral("convert"), ref + ":t", ref + ":t-soci",
                            QStringLiteral("--min-layer-size"), QStringLiteral("0")});
        if (c.exitCode != 0 || i.exitCode != 0)
            qWarning("%s%s", c.err.constData(), i.err.constData());
        return c.exitCode == 0 && i.exitCode == 0;
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("the GNU tar oracle needs root");
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        m_outside = q(m_tmp.path()) + "/outside";
        QDir().mkpath(m_outside);
        const QString dir = q(m_tmp.path()) + "/images";
        QDir().mkpath(dir);
        const QByteArray image = "[{\"compression\":\"gzip\",\"entries\":["
            "{\"path\":\"etc/os-release\",\"data\":\"ID=extract\\n\"},"
            "{\"path\":\"etc/alt\",\"type\":\"symlink\",\"target\":\"/etc/os-release\"},"
            "{\"path\":\"sd\",\"type\":\"symlink\",\"target\":\".\"},"
            "{\"path\":\"esc1\",\"type\":\"symlink\",\"target\":\"sd/..\"},"
            "{\"path\":\"a\",\"type\":\"symlink\",\"target\":\"" + m_outside.toUtf8() + "\"},"
            "{\"path\":\"dev/sda\",\"type\":\"block\",\"major\":8,\"minor\":0,\"mode\":432},"
            "{\"path\":\"long/" + m_long.toUtf8() + "\",\"data\":\"a 255-byte name\\n\"},"
            "{\"path\":\"usr/bin/tool\",\"random\":300000,\"seed\":5,\"mode\":493}]}]";
        const QString layout = makeImage(dir, QStringLiteral("links"), image);
        QVERIFY(!layout.isEmpty());
        QVERIFY(pushIndexed(layout, QStringLiteral("x/links")));
        m_ref = m_registry.address() + "/x/links:t-soci";
        m_oracle = oracleTree(layout, QStringLiteral("t"), q(m_tmp.path()) + "/oracle");
        QVERIFY(m_oracle.count(QStringLiteral("/esc1")));
        // A later image that uses those links as folders.
        const QString attack = makeImage(dir, QStringLiteral("attack"),
                                         "[{\"compression\":\"gzip\",\"entries\":[{\"path\":\"esc1/x\",\"data\":\"x\\n\"},"
                                         "{\"path\":\"a/file\",\"data\":\"f\\n\"}]}]");
        QVERIFY(!attack.isEmpty());
        QVERIFY(pushIndexed(attack, QStringLiteral("x/attack")));
        m_attack = m_registry.address() + "/x/attack:t-soci";
    }

    void wholeImageAsGnuTarMakesIt()
    {
        const QString dest = freshDest();
        const auto r = extract({m_ref, QStringLiteral("/"), QStringLiteral("-o"), dest});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("1 device node skipped (use --devices to create them)"), r.out.constData());
        // Every path GNU tar makes, with the same type, mode, link target and bytes; the device is the exception.
        auto oracle = m_oracle;
        oracle.erase(QStringLiteral("/dev/sda"));
        const auto ours = treeOf(dest);
        QVERIFY2(differences(oracle, ours).isEmpty(), qPrintable(differences(oracle, ours)));
        QCOMPARE(ours.at(QStringLiteral("/etc/alt")).value(QStringLiteral("linkTarget")).toString(), QStringLiteral("/etc/os-release"));
        QCOMPARE(ours.at(QStringLiteral("/esc1")).value(QStringLiteral("linkTarget")).toString(), QStringLiteral("sd/.."));
        QVERIFY(ours.count("/long/" + m_long));
        QVERIFY(QDir(m_outside).isEmpty());
        QCOMPARE(besideDest(dest), QStringList{QStringLiteral("dest")});
    }

    void devicesWithTheImagesMode()
    {
        const QString dest = freshDest();
        const auto r = extract({m_ref, QStringLiteral("/dev"), QStringLiteral("-o"), dest, QStringLiteral("--devices"),
                                QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j.value(QStringLiteral("nodes")).toInt(), 1);
        QVERIFY(j.value(QStringLiteral("devicesSkipped")).toArray().isEmpty());
        struct stat st {};
        QCOMPARE(::lstat(qPrintable(dest + "/dev/sda"), &st), 0);
        QVERIFY(S_ISBLK(st.st_mode));
        QCOMPARE(st.st_rdev, makedev(8, 0));
        QCOMPARE(st.st_mode & 07777, 0660u); // as the image says: not readable by everyone
        const auto o = m_oracle.at(QStringLiteral("/dev/sda"));
        QCOMPARE(o.value(QStringLiteral("mode")).toInt(), 0660);
        QCOMPARE(o.value(QStringLiteral("rdev")).toString(), QStringLiteral("8:0"));
    }

    void askedPaths()
    {
        // Only a link: written and counted.
        QString dest = freshDest();
        auto r = extract({m_ref, QStringLiteral("/etc/alt"), QStringLiteral("-o"), dest});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("0 files, 0 folders, 1 link, "), r.out.constData());
        QCOMPARE(std::filesystem::read_symlink((dest + "/etc/alt").toStdString()).string(), std::string("/etc/os-release"));
        // A path the image does not have: exit 2.
        r = extract({m_ref, QStringLiteral("/nope"), QStringLiteral("-o"), freshDest()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("not found in the image: /nope"), r.err.constData());
        // Only a device, without --devices: nothing written, exit 1 with the reason.
        r = extract({m_ref, QStringLiteral("/dev/sda"), QStringLiteral("-o"), freshDest()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/dev/sda: nothing written: device nodes are skipped (use --devices"), r.err.constData());
        // The 255-byte name alone.
        dest = freshDest();
        r = extract({m_ref, "/long/" + m_long, QStringLiteral("-o"), dest});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(files::readFile((dest + "/long/" + m_long).toStdString()).valueOr({}), std::string("a 255-byte name\n"));
    }

    void aLaterImageCannotWriteThroughTheLinks()
    {
        const QString dest = freshDest();
        QCOMPARE(extract({m_ref, QStringLiteral("/"), QStringLiteral("-o"), dest}).exitCode, 0);
        // Asked alone, the folders above the files are the links: refused, exit 1.
        auto r = extract({m_attack, QStringLiteral("/esc1/x"), QStringLiteral("/a/file"), QStringLiteral("-o"), dest});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not written: /esc1/x: esc1 is a symlink to sd/..; not followed"), r.err.constData());
        QVERIFY2(r.err.contains("not written: /a/file: a is a symlink to " + m_outside.toUtf8()), r.err.constData());
        QVERIFY(QDir(m_outside).isEmpty());
        QCOMPARE(besideDest(dest), QStringList{QStringLiteral("dest")});
        QVERIFY(QFileInfo(dest + "/esc1").isSymLink());
        // The whole image: its folders replace the links (GNU tar does the same), everything inside dest.
        r = extract({m_attack, QStringLiteral("/"), QStringLiteral("-o"), dest});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(files::readFile((dest + "/esc1/x").toStdString()).valueOr({}), std::string("x\n"));
        QCOMPARE(files::readFile((dest + "/a/file").toStdString()).valueOr({}), std::string("f\n"));
        QVERIFY(QDir(m_outside).isEmpty());
        QCOMPARE(besideDest(dest), QStringList{QStringLiteral("dest")});
    }
};

QTEST_GUILESS_MAIN(TestExtractCli)
#include "test_extract_cli.moc"
