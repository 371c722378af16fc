// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/fs/extract and core/fs/beneath on trees built from real tar streams
// (hand-made headers, read by TarTocBuilder), data read back from the tar:
// links as the image has them, nothing written through a link, 255-byte
// names, device nodes, asked paths, per-entry failures; GNU tar as the
// reference where it and we agree.
#include "fs/beneath.h"
#include "fs/extract.h"
#include "soci/tar_toc.h"
#include "servers.h"
#include "soci_testutil.h"
#include "util/files.h"

#include <QtTest>

#include <fcntl.h>
#include <filesystem>
#include <map>
#include <memory>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::fs;
using sociscope::test::q;

namespace {

// One tar member: a file (data), folder, symlink, hardlink, device or FIFO.
struct Member {
    std::string name;
    char type = '0';
    std::string data;
    std::string link;
    std::int64_t mode = 0644;
    std::int64_t major = 0, minor = 0;
    std::int64_t uid = 0;
};

// A tar stream; names and link targets longer than their 100-byte fields go
// in PAX path/linkpath records, as GNU tar writes them.
std::string tarOf(const std::vector<Member>& members)
{
    std::string out;
    for (const auto& m : members) {
        std::string records;
        if (m.name.size() > 100)
            records += test::paxRecord("path", m.name);
        if (m.link.size() > 100)
            records += test::paxRecord("linkpath", m.link);
        if (!records.empty()) {
            test::TarHeader x;
            x.name = "PaxHeaders/long";
            x.typeflag = 'x';
            x.size = static_cast<std::int64_t>(records.size());
            out += test::tarEntry(x, records);
        }
        test::TarHeader h;
        h.name = m.name.substr(0, 100);
        h.typeflag = m.type;
        h.size = m.type == '0' ? static_cast<std::int64_t>(m.data.size()) : 0;
        h.linkname = m.link.substr(0, 100);
        h.mode = m.mode;
        h.uid = m.uid;
        h.devmajor = m.major;
        h.devminor = m.minor;
        out += test::tarEntry(h, m.type == '0' ? m.data : std::string());
    }
    return out + test::tarEnd();
}

// A one-layer image: the tar, its TOC and the merged tree, data read from the tar.
class TarImage final {
public:
    explicit TarImage(const std::vector<Member>& members) : m_tar(tarOf(members))
    {
        soci::TarTocBuilder b;
        if (!b.feed(reinterpret_cast<const std::uint8_t*>(m_tar.data()), m_tar.size()) || !b.finish())
            qFatal("the test tar does not parse");
        m_ztoc.entries = b.takeEntries();
        auto t = ImageTree::build({&m_ztoc}, ImageTree::Mode::Merged);
        if (!t)
            qFatal("the test tree does not build: %s", t.error().text().c_str());
        m_tree = std::make_unique<ImageTree>(std::move(*t));
    }
    TarImage(const TarImage&) = delete;
    TarImage& operator=(const TarImage&) = delete;

    Result<ExtractResult> extract(const std::vector<std::string>& paths, const std::string& dest,
                                  const ExtractOptions& o = {}) const
    {
        const FileReader read = [this](Ino ino, std::int64_t off, std::size_t len) -> Result<std::string> {
            const auto e = m_tree->entry(ino);
            if (!e)
                return makeError(ErrorCode::NotFound, "no entry");
            return m_tar.substr(static_cast<size_t>(e->uncompressedOffset + off), len);
        };
        return fs::extract(*m_tree, read, paths, dest, o);
    }
    // Writes the tar to path, for GNU tar.
    bool save(const std::string& path) const { return files::writeFileAtomic(path, m_tar).ok(); }

private:
    std::string m_tar;
    soci::Ztoc m_ztoc;
    std::unique_ptr<ImageTree> m_tree;
};

std::string readlinkOf(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::read_symlink(path, ec).string();
}

bool isLink(const std::string& path) { return std::filesystem::is_symlink(path); }

// Everything under dir, never following links: "d", "l:target", "f:mode:content", "c 1:3 mode", ...
std::map<std::string, std::string> snapshot(const std::string& dir)
{
    std::map<std::string, std::string> out;
    namespace sfs = std::filesystem;
    for (auto it = sfs::recursive_directory_iterator(dir); it != sfs::recursive_directory_iterator(); ++it) {
        const std::string p = it->path().string().substr(dir.size());
        struct stat st {};
        ::lstat(it->path().c_str(), &st);
        const std::string mode = std::to_string(st.st_mode & 07777);
        if (S_ISLNK(st.st_mode))
            out[p] = "l:" + readlinkOf(it->path().string());
        else if (S_ISDIR(st.st_mode))
            out[p] = "d:" + mode;
        else if (S_ISREG(st.st_mode))
            out[p] = "f:" + mode + ":" + files::readFile(it->path().string()).valueOr({});
        else
            out[p] = std::string(S_ISFIFO(st.st_mode) ? "p" : S_ISCHR(st.st_mode) ? "c" : "b") + " " +
                     std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev)) + " " + mode;
    }
    return out;
}

bool gnuTarExtract(const TarImage& img, const std::string& scratch, const std::string& dest)
{
    const std::string tar = scratch + "/layer.tar";
    if (!img.save(tar) || !files::makeDirs(dest))
        return false;
    const auto r = test::run(QStringLiteral("tar"), {QStringLiteral("-xf"), q(tar), QStringLiteral("-C"), q(dest)});
    if (r.exitCode != 0)
        qWarning("tar: %s", r.err.constData());
    return r.exitCode == 0;
}

std::vector<std::string> leftovers(const std::string& dir)
{
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.path().filename().string().rfind(".sx-", 0) == 0)
            out.push_back(e.path().string());
    return out;
}

std::string failures(const ExtractResult& r)
{
    std::string s;
    for (const auto& [p, why] : r.failed)
        s += p + ": " + why + "; ";
    return s;
}

} // namespace

class TestExtract final : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<files::TempDir> m_tmp;
    int m_n = 0;
    // A fresh folder "box/N" with "box/N/dest" to extract into: anything
    // that appears in box/N besides dest came out of the target.
    std::string m_box;

    std::string freshDest()
    {
        m_box = m_tmp->path() + "/box" + std::to_string(++m_n);
        if (!files::makeDirs(m_box + "/dest"))
            qFatal("cannot make %s/dest", m_box.c_str());
        return m_box + "/dest";
    }
    // Names in the box other than dest: written outside the target.
    std::vector<std::string> outside() const
    {
        std::vector<std::string> out;
        for (const auto& e : std::filesystem::directory_iterator(m_box))
            if (e.path().filename() != "dest")
                out.push_back(e.path().string());
        return out;
    }

    const TarImage m_links{{{"etc/", '5', {}, {}, 0755},
                            {"etc/os-release", '0', "ID=test\n"},
                            {"etc/alt", '2', {}, "/etc/os-release"},
                            {"sd", '2', {}, "."},
                            {"esc1", '2', {}, "sd/.."},
                            {"usr/lib/libx.so.1", '0', "ELF"},
                            {"usr/lib/libx.so", '2', {}, "libx.so.1"},
                            {"far", '2', {}, "../../../../../../etc/passwd"}}};

private slots:
    void initTestCase() { m_tmp = std::make_unique<files::TempDir>("sociscope-extract"); }

    void linksAreMadeAsTheImageHasThem()
    {
        const std::string dest = freshDest();
        auto r = m_links.extract({"/"}, dest);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
        QVERIFY2(r->failed.empty(), failures(*r).c_str());
        QVERIFY(r->skipped.empty());
        QCOMPARE(r->links, std::uint64_t(5));
        QCOMPARE(r->files, std::uint64_t(2));
        QCOMPARE(readlinkOf(dest + "/etc/alt"), std::string("/etc/os-release"));
        QCOMPARE(readlinkOf(dest + "/sd"), std::string("."));
        QCOMPARE(readlinkOf(dest + "/esc1"), std::string("sd/.."));
        QCOMPARE(readlinkOf(dest + "/far"), std::string("../../../../../../etc/passwd"));
        QVERIFY(outside().empty());
        // GNU tar makes the same tree (its delayed links included).
        const std::string gnu = m_box + "/gnu";
        QVERIFY(gnuTarExtract(m_links, m_tmp->path(), gnu));
        QCOMPARE(snapshot(dest), snapshot(gnu));
    }

    void nothingIsWrittenThroughTheLinks()
    {
        const std::string dest = freshDest();
        const std::string out = m_box + "/outside";
        QVERIFY(files::makeDirs(out).ok());
        // A first image leaves links in the target, to be used as folders by a second.
        const TarImage first{{{"sd", '2', {}, "."}, {"esc1", '2', {}, "sd/.."}, {"a", '2', {}, out}}};
        QVERIFY(first.extract({"/"}, dest)->failed.empty());
        const TarImage second{{{"esc1/x", '0', "through esc1\n"},
                               {"a/file", '0', "through a\n"},
                               {"sd/../y", '0', "lexically y\n"}}};
        // Asked alone, the folders above them are the links: refused, links kept.
        auto r = second.extract({"/esc1/x", "/a/file"}, dest);
        QVERIFY(r.ok());
        QCOMPARE(r->failed.size(), size_t(2));
        QVERIFY2(r->failed[0].second.find("esc1 is a symlink to sd/..; not followed") != std::string::npos,
                 failures(*r).c_str());
        QVERIFY(r->failed[1].second.find("is a symlink to " + out) != std::string::npos);
        QVERIFY(isLink(dest + "/esc1") && isLink(dest + "/a"));
        QVERIFY(std::filesystem::is_empty(out));
        QCOMPARE(outside(), std::vector<std::string>{out});
        // The whole image: its folders replace the links, as GNU tar does for folder members.
        r = second.extract({"/"}, dest);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        QVERIFY(!isLink(dest + "/esc1") && std::filesystem::is_directory(dest + "/esc1"));
        QCOMPARE(files::readFile(dest + "/esc1/x").valueOr({}), std::string("through esc1\n"));
        QCOMPARE(files::readFile(dest + "/a/file").valueOr({}), std::string("through a\n"));
        QCOMPARE(files::readFile(dest + "/y").valueOr({}), std::string("lexically y\n"));
        QVERIFY(std::filesystem::is_empty(out));
        QCOMPARE(outside(), std::vector<std::string>{out});
        QVERIFY(isLink(dest + "/sd"));
    }

    void aLinkThenAFolderInOneRun()
    {
        // --strip-components folds /p/a (a link out) and /q/a/file onto the same name.
        const std::string dest = freshDest();
        const std::string out = m_box + "/outside";
        QVERIFY(files::makeDirs(out).ok());
        const TarImage img{{{"p/a", '2', {}, out}, {"q/a/file", '0', "data\n"}, {"q/b", '0', "b\n"}}};
        ExtractOptions o;
        o.stripComponents = 1;
        auto r = img.extract({"/p", "/q"}, dest, o);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        QVERIFY(std::filesystem::is_directory(dest + "/a") && !isLink(dest + "/a"));
        QCOMPARE(files::readFile(dest + "/a/file").valueOr({}), std::string("data\n"));
        QVERIFY(std::filesystem::is_empty(out));
        // And the other way round: a link where the target holds a folder fails, the folder stays.
        r = img.extract({"/p/a"}, dest, o);
        QVERIFY(r.ok());
        QCOMPARE(r->failed.size(), size_t(1));
        QCOMPARE(r->failed[0].second, std::string("a folder is in the way"));
        QVERIFY(std::filesystem::is_directory(dest + "/a") && !isLink(dest + "/a"));
    }

    void namesOf255Bytes()
    {
        const std::string dest = freshDest();
        const std::string n255(255, 'n');
        const std::string d255(255, 'd');
        const TarImage img{{{n255, '0', "long\n"},
                            {d255 + "/" + n255, '0', "deep\n"},
                            {"l" + std::string(254, 'l'), '2', {}, n255},
                            {"ok", '0', "short\n"}}};
        for (int round = 0; round < 2; ++round) { // the second replaces what the first wrote
            auto r = img.extract({"/"}, dest);
            QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
            QCOMPARE(r->files, std::uint64_t(3));
            QCOMPARE(files::readFile(dest + "/" + n255).valueOr({}), std::string("long\n"));
            QCOMPARE(files::readFile(dest + "/" + d255 + "/" + n255).valueOr({}), std::string("deep\n"));
            QCOMPARE(readlinkOf(dest + "/l" + std::string(254, 'l')), n255);
            QVERIFY(leftovers(dest).empty());
        }
    }

    void deviceNodesOnlyWhenAsked()
    {
        const TarImage img{{{"dev/sda", '4', {}, {}, 0660, 8, 0},
                            {"dev/null", '3', {}, {}, 0666, 1, 3},
                            {"run/fifo", '6', {}, {}, 0600},
                            {"etc/hostname", '0', "box\n"}}};
        std::string dest = freshDest();
        auto r = img.extract({"/"}, dest);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        QCOMPARE(r->devicesSkipped, (std::vector<std::string>{"/dev/null", "/dev/sda"}));
        QVERIFY(!std::filesystem::exists(std::filesystem::symlink_status(dest + "/dev/sda")));
        QCOMPARE(r->nodes, std::uint64_t(1)); // the FIFO
        QCOMPARE(snapshot(dest).at("/run/fifo"), std::string("p 0:0 384"));
        // Asked for alone: nothing written is an error with the reason.
        r = img.extract({"/dev/sda"}, dest);
        QVERIFY(r.ok());
        QCOMPARE(r->failed.size(), size_t(1));
        QCOMPARE(r->failed[0].first, std::string("/dev/sda"));
        QVERIFY(r->failed[0].second.find("--devices") != std::string::npos);
        if (::geteuid() != 0)
            QSKIP("making device nodes needs root");
        dest = freshDest();
        ExtractOptions o;
        o.devices = true;
        r = img.extract({"/"}, dest, o);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        QCOMPARE(r->nodes, std::uint64_t(3));
        QVERIFY(r->devicesSkipped.empty());
        const auto s = snapshot(dest);
        QCOMPARE(s.at("/dev/sda"), std::string("b 8:0 ") + std::to_string(0660)); // not readable by everyone
        QCOMPARE(s.at("/dev/null"), std::string("c 1:3 ") + std::to_string(0666));
        // GNU tar (as root) makes the same nodes.
        const std::string gnu = m_box + "/gnu";
        QVERIFY(gnuTarExtract(img, m_tmp->path(), gnu));
        QCOMPARE(s, snapshot(gnu));
    }

    void askedPaths()
    {
        const std::string dest = freshDest();
        // Only the link asked for: the link is written.
        auto r = m_links.extract({"/etc/alt"}, dest);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        QCOMPARE(r->links, std::uint64_t(1));
        QCOMPARE(readlinkOf(dest + "/etc/alt"), std::string("/etc/os-release"));
        // A missing path is listed; the others are still extracted.
        r = m_links.extract({"/nope", "/etc/os-release"}, dest);
        QVERIFY(r.ok());
        QCOMPARE(r->notFound, std::vector<std::string>{"/nope"});
        QCOMPARE(r->files, std::uint64_t(1));
        // Stripped away entirely: nothing written, with the reason.
        ExtractOptions o;
        o.stripComponents = 2;
        r = m_links.extract({"/etc/alt"}, dest, o);
        QVERIFY(r.ok());
        QCOMPARE(r->failed.size(), size_t(1));
        QVERIFY(r->failed[0].second.find("--strip-components 2") != std::string::npos);
    }

    void oneFailureDoesNotStopTheRest()
    {
        const std::string dest = freshDest();
        QVERIFY(files::makeDirs(dest + "/etc/os-release/keep").ok());
        auto r = m_links.extract({"/"}, dest);
        QVERIFY(r.ok());
        QCOMPARE(r->failed.size(), size_t(1));
        QCOMPARE(r->failed[0].first, std::string("/etc/os-release"));
        QCOMPARE(r->failed[0].second, std::string("a folder is in the way"));
        QVERIFY(std::filesystem::is_directory(dest + "/etc/os-release/keep"));
        QCOMPARE(files::readFile(dest + "/usr/lib/libx.so.1").valueOr({}), std::string("ELF"));
        QCOMPARE(r->links, std::uint64_t(5));
        QVERIFY(leftovers(dest).empty());
    }

    void modesOwnersAndHardlinks()
    {
        const std::string dest = freshDest();
        const TarImage img{{{"bin/", '5', {}, {}, 0555},
                            {"bin/su", '0', "su\n", {}, 04755, 0, 0, 1000},
                            {"bin/su2", '1', {}, "bin/su"},
                            {"tmp/", '5', {}, {}, 01777}}};
        ExtractOptions o;
        o.keepOwnership = true;
        auto r = img.extract({"/"}, dest, o);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        struct stat su {}, su2 {}, bin {}, tmp {};
        QCOMPARE(::lstat((dest + "/bin/su").c_str(), &su), 0);
        QCOMPARE(::lstat((dest + "/bin/su2").c_str(), &su2), 0);
        QCOMPARE(::lstat((dest + "/bin").c_str(), &bin), 0);
        QCOMPARE(::lstat((dest + "/tmp").c_str(), &tmp), 0);
        QCOMPARE(su.st_ino, su2.st_ino); // one file, two names
        QCOMPARE(su.st_nlink, nlink_t(2));
        QCOMPARE(bin.st_mode & 07777, 0555u); // set after its files were written
        QCOMPARE(tmp.st_mode & 07777, 01777u);
        if (::geteuid() == 0) {
            QCOMPARE(su.st_uid, uid_t(1000));
            QCOMPARE(su.st_mode & 07777, 04755u); // chown before chmod keeps setuid
        } else {
            QCOMPARE(su.st_mode & 07777, 0755u);
        }
        QCOMPARE(su.st_mtim.tv_sec, time_t(1700000000));
        // Asked twice over: the second link lands on the same file, nothing is left behind.
        const TarImage pair{{{"h/a", '0', "x"}, {"h/b", '1', {}, "h/a"}}};
        r = pair.extract({"/h", "/h/b"}, dest);
        QVERIFY2(r.ok() && r->failed.empty(), r.ok() ? failures(*r).c_str() : r.error().text().c_str());
        QVERIFY(leftovers(dest).empty());
        QCOMPARE(std::filesystem::hard_link_count(dest + "/h/a"), std::uintmax_t(2));
    }

    void resolutionBeneathAFolder_data()
    {
        QTest::addColumn<int>("how");
        QTest::newRow("walk") << static_cast<int>(Resolver::Walk);
        if (haveOpenat2())
            QTest::newRow("openat2") << static_cast<int>(Resolver::Openat2);
    }

    void resolutionBeneathAFolder()
    {
        QFETCH(int, how);
        const auto resolver = static_cast<Resolver>(how);
        const std::string dest = freshDest();
        QVERIFY(files::makeDirs(dest + "/real/sub").ok());
        QCOMPARE(::symlink("real", (dest + "/link").c_str()), 0);
        QCOMPARE(::symlink(m_box.c_str(), (dest + "/abs").c_str()), 0);
        QVERIFY(files::writeFileAtomic(dest + "/file", "x").ok());
        util::Fd root(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        QVERIFY(openDirBeneath(root.get(), {"real", "sub"}, false, resolver).ok());
        auto r = openDirBeneath(root.get(), {"link", "sub"}, true, resolver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, std::string("link is a symlink to real; not followed"));
        r = openDirBeneath(root.get(), {"real", "..", "real"}, false, resolver);
        QCOMPARE(r.error().code, ErrorCode::Usage);
        r = openDirBeneath(root.get(), {"abs"}, true, resolver);
        QCOMPARE(r.error().message, "abs is a symlink to " + m_box + "; not followed");
        r = openDirBeneath(root.get(), {"file", "x"}, true, resolver);
        QCOMPARE(r.error().message, std::string("file is not a folder"));
        r = openDirBeneath(root.get(), {"missing"}, false, resolver);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QVERIFY(openDirBeneath(root.get(), {"new", "deeper"}, true, resolver).ok());
        QVERIFY(std::filesystem::is_directory(dest + "/new/deeper"));
        QCOMPARE(outside(), std::vector<std::string>{});
    }
};

QTEST_GUILESS_MAIN(TestExtract)
#include "test_extract.moc"
