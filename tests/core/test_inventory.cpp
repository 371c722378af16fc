// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// core/inventory against oracles nobody here wrote: this machine's own dpkg
// database (dpkg-query) and Python packages (importlib.metadata), seen as an
// image tree; RPM databases made by rpm itself (rpmbuild, rpm --justdb);
// hand-made apk, conda and CUDA files whose format is documented upstream.
// Only candidate files are read; hostile RPM headers are errors, not crashes.
#include "inventory/inventory.h"
#include "inventory/parsers.h"
#include "inventory/rpmdb.h"
#include "soci_testutil.h"
#include "util/files.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QtTest>

#include <mutex>
#include <set>

using namespace sociscope;
using namespace sociscope::inventory;

namespace {

QString run(const QString& program, const QStringList& args, int* exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(120000);
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput());
}

QStringList sortedLines(const QString& text)
{
    QStringList l = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    l.sort();
    return l;
}

QStringList namesAndVersions(const std::vector<Package>& packages, Kind kind)
{
    QStringList out;
    for (const auto& p : packages)
        if (p.kind == kind)
            out << QString::fromStdString(p.name + " " + p.version);
    out.sort();
    return out;
}

// An image tree made of files of this machine, and a reader that counts what it reads.
struct HostImage {
    soci::Ztoc ztoc;
    std::map<std::string, std::string> contents; // image path -> bytes
    std::mutex mutex;
    std::set<std::string> read;

    void addHostFile(const QString& hostPath)
    {
        QFile f(hostPath);
        if (!f.open(QIODevice::ReadOnly))
            return;
        const std::string bytes = f.readAll().toStdString();
        addFile(hostPath.toStdString(), bytes);
    }
    void addFile(const std::string& path, const std::string& bytes)
    {
        ztoc.entries.push_back(test::tocEntry(path.substr(1), "reg", static_cast<std::int64_t>(bytes.size())));
        contents[path] = bytes;
    }
    fs::FileReader reader(const fs::ImageTree& tree)
    {
        return [this, &tree](fs::Ino ino, std::int64_t off, std::size_t len) -> Result<std::string> {
            const std::string path = tree.pathOf(ino);
            {
                std::lock_guard lock(mutex);
                read.insert(path);
            }
            const auto it = contents.find(path);
            if (it == contents.end())
                return makeError(ErrorCode::NotFound, "no such file", path);
            if (static_cast<size_t>(off) >= it->second.size())
                return std::string();
            return it->second.substr(static_cast<size_t>(off), len);
        };
    }
};

// A minimal RPM header blob: NAME, VERSION, RELEASE, EPOCH, ARCH.
std::string rpmBlob(const std::string& name, const std::string& version, const std::string& release, int epoch)
{
    std::string data;
    std::string index;
    const auto be = [](std::uint32_t v) {
        std::string s(4, '\0');
        for (int i = 0; i < 4; ++i)
            s[static_cast<size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
        return s;
    };
    int count = 0;
    const auto addString = [&](std::uint32_t tag, const std::string& s) {
        index += be(tag) + be(6) + be(static_cast<std::uint32_t>(data.size())) + be(1);
        data += s + '\0';
        ++count;
    };
    addString(1000, name);
    addString(1001, version);
    addString(1002, release);
    while (data.size() % 4)
        data += '\0';
    index += be(1003) + be(4) + be(static_cast<std::uint32_t>(data.size())) + be(1);
    data += be(static_cast<std::uint32_t>(epoch));
    ++count;
    addString(1022, "x86_64");
    return be(static_cast<std::uint32_t>(count)) + be(static_cast<std::uint32_t>(data.size())) + index + data;
}

} // namespace

class TestInventory final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_tmp{"sociscope-inventory"};

private slots:
    // This machine's dpkg database and Python packages, seen as an image.
    void thisMachineAsAnImage()
    {
        if (!QFile::exists(QStringLiteral("/var/lib/dpkg/status")))
            QSKIP("not a Debian system: no dpkg database to compare with");
        HostImage img;
        img.addHostFile(QStringLiteral("/var/lib/dpkg/status"));
        const QString site = QStringLiteral("/usr/lib/python3/dist-packages");
        QDirIterator it(site, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        int others = 0;
        while (it.hasNext()) {
            const QString p = it.next();
            if (p.contains(QLatin1String(".dist-info/")) || p.contains(QLatin1String(".egg-info")))
                img.addHostFile(p);
            else if (others++ < 2000)
                img.addFile(p.toStdString(), "not metadata"); // never read
        }
        img.addFile("/usr/share/doc/dpkg/status", "Package: decoy\nVersion: 1\nStatus: install ok installed\n");
        auto tree = fs::ImageTree::build({&img.ztoc}, fs::ImageTree::Mode::Merged);
        QVERIFY(tree.ok());
        auto inv = readInventory(*tree, img.reader(*tree));
        QVERIFY(inv.ok());

        // dpkg-query knows what is installed.
        const QStringList debs = sortedLines(
            run(QStringLiteral("dpkg-query"), {QStringLiteral("-W"), QStringLiteral("-f=${db:Status-Status} ${Package} ${Version}\\n")})
                .split(QLatin1Char('\n'))
                .filter(QRegularExpression(QStringLiteral("^installed ")))
                .replaceInStrings(QRegularExpression(QStringLiteral("^installed ")), QString())
                .join(QLatin1Char('\n')));
        QVERIFY(debs.size() > 50);
        QCOMPARE(namesAndVersions(inv->packages, Kind::Deb), debs);
        for (const auto& p : inv->packages)
            if (p.kind == Kind::Deb)
                QCOMPARE(p.path, std::string("/var/lib/dpkg/status"));

        // importlib.metadata knows the Python packages.
        const QString py = run(QStringLiteral("/usr/bin/python3"),
                               {QStringLiteral("-c"),
                                QStringLiteral("import importlib.metadata as m\n"
                                               "for d in m.distributions(path=['%1']): print(d.metadata['Name'], d.version)")
                                    .arg(site)});
        const QStringList want = sortedLines(py);
        QVERIFY(want.size() > 5);
        QCOMPARE(namesAndVersions(inv->packages, Kind::Python), want);

        // Only the candidates were read: never the decoy, never the other files.
        QVERIFY(!img.read.count("/usr/share/doc/dpkg/status"));
        for (const auto& path : img.read)
            QVERIFY2(path == "/var/lib/dpkg/status" || path.find(".dist-info/METADATA") != std::string::npos ||
                         path.find(".egg-info") != std::string::npos,
                     path.c_str());
        QVERIFY(inv->problems.empty());
    }

    void dpkgStanzas()
    {
        const char* text = "Package: a\nStatus: install ok installed\nVersion: 1:2.0-3\nArchitecture: amd64\n"
                           "Source: srcpkg (2.0-3)\nInstalled-Size: 10\nDescription: first line\n more text\n\n"
                           "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
                           "Package: held\r\nStatus: hold ok installed\r\nVersion: 5\r\n\r\n"
                           "Package: noversion\nStatus: install ok installed\n\n"
                           "garbage line without colon\n";
        const auto p = parseDpkgStatus(text, "/var/lib/dpkg/status");
        QCOMPARE(p.size(), size_t(2));
        QCOMPARE(p[0].name, std::string("a"));
        QCOMPARE(p[0].version, std::string("1:2.0-3"));
        QCOMPARE(p[0].origin, std::string("srcpkg"));
        QCOMPARE(p[0].summary, std::string("first line"));
        QCOMPARE(p[0].installedSize, 10240);
        QCOMPARE(p[1].name, std::string("held"));
        // distroless status.d files carry no Status.
        QCOMPARE(parseDpkgStatus("Package: tzdata\nVersion: 2024a-0+deb12u1\n", "/var/lib/dpkg/status.d/tzdata").size(),
                 size_t(1));
    }

    // Format: https://wiki.alpinelinux.org/wiki/Apk_spec (the installed database).
    void apkInstalled()
    {
        const char* text = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nI:622592\nT:the musl c library\n"
                           "U:https://musl.libc.org/\nL:MIT\no:musl\nm:Timo\nt:1698751285\nc:abc\n"
                           "F:lib\nR:ld-musl-x86_64.so.1\n\n"
                           "P:busybox\nV:1.36.1-r15\nA:x86_64\nT:Size optimized toolbox\nL:GPL-2.0-only\n\nP:broken\n";
        const auto p = parseApkInstalled(text, "/lib/apk/db/installed");
        QCOMPARE(p.size(), size_t(2));
        QCOMPARE(p[0].name, std::string("musl"));
        QCOMPARE(p[0].version, std::string("1.2.4-r2"));
        QCOMPARE(p[0].installedSize, 622592);
        QCOMPARE(p[0].license, std::string("MIT"));
        QCOMPARE(p[1].summary, std::string("Size optimized toolbox"));
    }

    // conda-meta records as conda writes them (a trimmed real record).
    void condaMeta()
    {
        const char* json = "{\"build\": \"py3.11_cuda12.1_cudnn8.9.2_0\", \"build_number\": 0, "
            "\"channel\": \"https://conda.anaconda.org/pytorch/linux-64\", \"license\": \"BSD 3-Clause\", "
            "\"name\": \"pytorch\", \"subdir\": \"linux-64\", \"version\": \"2.3.1\", \"size\": 1535000000, \"files\": [\"a\", \"b\"]}";
        auto p = parseCondaMeta(json, "/opt/conda/conda-meta/pytorch-2.3.1-py3.11_cuda12.1_cudnn8.9.2_0.json");
        QVERIFY(p.ok());
        QCOMPARE(p->name, std::string("pytorch"));
        QCOMPARE(p->version, std::string("2.3.1"));
        QCOMPARE(p->origin, std::string("pytorch"));
        QCOMPARE(p->architecture, std::string("linux-64"));
        QCOMPARE(p->summary, std::string("build py3.11_cuda12.1_cudnn8.9.2_0"));
        QVERIFY(!parseCondaMeta("[1,2]", "/x.json").ok());
        QVERIFY(!parseCondaMeta("{\"name\": 3}", "/x.json").ok());
        QVERIFY(!parseCondaMeta("{not json", "/x.json").ok());
    }

    void cudaFiles()
    {
        const char* versionJson = "{\"cuda\" : {\"name\" : \"CUDA SDK\", \"version\" : \"12.1.1\"}, "
                                  "\"cuda_cudart\" : {\"name\" : \"CUDA Runtime (cudart)\", \"version\" : \"12.1.105\"}}";
        const auto j = parseCudaVersionJson(versionJson, "/usr/local/cuda-12.1/version.json");
        QCOMPARE(j.size(), size_t(1));
        QCOMPARE(j[0].name, std::string("cuda"));
        QCOMPARE(j[0].version, std::string("12.1.1"));
        QCOMPARE(parseCudaVersionText("CUDA Version 10.2.89\n", "/usr/local/cuda/version.txt")->version,
                 std::string("10.2.89"));
        QVERIFY(!parseCudaVersionText("CUDA Version soon\n", "/x").has_value());
        const auto cudnn = parseVersionHeader("#ifndef X\n#define CUDNN_MAJOR 8\n#define CUDNN_MINOR 9\n"
                                              "#define CUDNN_PATCHLEVEL 2\n#define CUDNN_VERSION (CUDNN_MAJOR * 1000)\n",
                                              "/usr/include/cudnn_version.h", "CUDNN", "cudnn");
        QCOMPARE(cudnn->version, std::string("8.9.2"));
        const auto nccl = parseVersionHeader("#define NCCL_MAJOR 2\n#define NCCL_MINOR 18\n#define NCCL_PATCH 1 // x\n"
                                             "#define NCCL_SUFFIX \"\"\n",
                                             "/usr/include/nccl.h", "NCCL", "nccl");
        QCOMPARE(nccl->version, std::string("2.18.1"));
        QVERIFY(!parseVersionHeader("#define CUDNN_MAJOR x\n", "/h", "CUDNN", "cudnn").has_value());
        QCOMPARE(packageFromLibraryName("libcudart.so.12.1.105", "/l")->name, std::string("cudart"));
        QCOMPARE(packageFromLibraryName("libcudnn.so.8.9.2", "/l")->version, std::string("8.9.2"));
        QVERIFY(!packageFromLibraryName("libcudart.so.12", "/l").has_value()); // a major alone says little
        QVERIFY(!packageFromLibraryName("libfoo.so.1.2.3", "/l").has_value());
        QVERIFY(!packageFromLibraryName("libcudart.so.12.x", "/l").has_value());
    }

    // Candidates are found by name and place; CUDA is answered by file names alone.
    void findsCandidatesByPlace()
    {
        HostImage img;
        img.addFile("/lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n\n");
        img.addFile("/usr/local/cuda-12.1/version.json", "{\"cuda\": {\"name\": \"CUDA SDK\", \"version\": \"12.1.1\"}}");
        img.addFile("/usr/local/cuda-12.1/include/cudnn_version.h", "#define CUDNN_MAJOR 8\n#define CUDNN_MINOR 9\n");
        img.addFile("/usr/local/cuda-12.1/include/cudnn.h", "#define CUDNN_MAJOR 7\n#define CUDNN_MINOR 0\n"); // beside cudnn_version.h: ignored
        img.addFile("/usr/local/cuda-12.1/lib64/libcudart.so.12.1.105", std::string(1000, 'x'));
        img.ztoc.entries.push_back(test::tocEntry("usr/local/cuda-12.1/lib64/libcudart.so.12", "symlink", 0, "libcudart.so.12.1.105"));
        img.addFile("/opt/conda/conda-meta/numpy-1.26.4-py311.json", "{\"name\":\"numpy\",\"version\":\"1.26.4\"}");
        img.addFile("/opt/conda/conda-meta/history", "==> 2024 <==\n");
        img.addFile("/opt/conda/pkgs/numpy-1.0/info/index.json", "{\"name\":\"numpy\",\"version\":\"1.0\"}");
        img.addFile("/opt/conda/pkgs/old/lib/python3.11/site-packages/old-1.0.dist-info/METADATA", "Name: old\nVersion: 1.0\n");
        img.addFile("/opt/conda/lib/python3.11/site-packages/torch-2.3.1.dist-info/METADATA",
                    "Metadata-Version: 2.1\nName: torch\nVersion: 2.3.1\nSummary: Tensors\n\nName: not-this\n");
        img.addFile("/opt/conda/lib/python3.11/site-packages/six-1.16.0.egg-info", "Name: six\nVersion: 1.16.0\n");
        img.addFile("/opt/conda/lib/python3.11/site-packages/broken-1.dist-info/METADATA", "garbage");
        img.addFile("/srv/vendored/foo-1.dist-info/METADATA", "Name: vendored\nVersion: 1\n"); // not in site-packages
        img.addFile("/var/lib/rpm/Packages", "berkeley");
        auto tree = fs::ImageTree::build({&img.ztoc}, fs::ImageTree::Mode::Merged);
        QVERIFY(tree.ok());
        std::vector<std::pair<std::string, std::string>> unsupported;
        const auto candidates = findCandidates(*tree, nullptr, &unsupported);
        QStringList found;
        for (const auto& c : candidates)
            found << QString::fromStdString(c.path);
        found.sort();
        QCOMPARE(found, (QStringList{QStringLiteral("/lib/apk/db/installed"),
                                     QStringLiteral("/opt/conda/conda-meta/numpy-1.26.4-py311.json"),
                                     QStringLiteral("/opt/conda/lib/python3.11/site-packages/broken-1.dist-info/METADATA"),
                                     QStringLiteral("/opt/conda/lib/python3.11/site-packages/six-1.16.0.egg-info"),
                                     QStringLiteral("/opt/conda/lib/python3.11/site-packages/torch-2.3.1.dist-info/METADATA"),
                                     QStringLiteral("/usr/local/cuda-12.1/include/cudnn_version.h"),
                                     QStringLiteral("/usr/local/cuda-12.1/lib64/libcudart.so.12.1.105"),
                                     QStringLiteral("/usr/local/cuda-12.1/version.json")}));
        QCOMPARE(unsupported.size(), size_t(1));

        std::atomic<int> progress{0}, wrongTotals{0};
        InventoryOptions o;
        o.progress = [&](const std::string&, std::size_t, std::size_t total) { // on reading threads
            wrongTotals += total == candidates.size() ? 0 : 1;
            ++progress;
        };
        auto inv = readInventory(*tree, img.reader(*tree), o);
        QVERIFY(inv.ok());
        QCOMPARE(progress.load(), static_cast<int>(candidates.size()));
        QCOMPARE(wrongTotals.load(), 0);
        QStringList all;
        for (const auto& p : inv->packages)
            all << QString::fromLatin1(kindName(p.kind)) + QLatin1Char(' ') + QString::fromStdString(p.name + " " + p.version);
        QCOMPARE(all, (QStringList{QStringLiteral("apk musl 1.2.4-r2"), QStringLiteral("python six 1.16.0"),
                                   QStringLiteral("python torch 2.3.1"), QStringLiteral("conda numpy 1.26.4"),
                                   QStringLiteral("cuda cuda 12.1.1"), QStringLiteral("cuda cudart 12.1.105"),
                                   QStringLiteral("cuda cudnn 8.9")}));
        // The library's version came from its name: it was never read.
        QVERIFY(!img.read.count("/usr/local/cuda-12.1/lib64/libcudart.so.12.1.105"));
        QCOMPARE(inv->problems.size(), size_t(2)); // broken METADATA, the BerkeleyDB database
        QCOMPARE(inv->filesRead, size_t(7)); // all but the library

        std::atomic<bool> cancel{true};
        o.cancel = &cancel;
        auto cancelled = readInventory(*tree, img.reader(*tree), o);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }

    // rpm itself makes the database; rpm -qa says what it holds.
    void rpmDatabaseMadeByRpm()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("rpmbuild")).isEmpty())
            QSKIP("rpm and rpmbuild are not installed (Debian package rpm): no RPM database to read");
        const QString top = QString::fromStdString(m_tmp.path()) + QStringLiteral("/rpm");
        const QString db = top + QStringLiteral("/db");
        QVERIFY(QDir().mkpath(top + QStringLiteral("/SPECS")) && QDir().mkpath(db));
        const struct {
            const char* name;
            const char* version;
            const char* release;
            const char* epoch;
        } pkgs[] = {{"hello-lazy", "1.2.3", "4.el9", "2"}, {"zlib-demo", "1.2.13", "1", nullptr}};
        QStringList rpms;
        for (const auto& p : pkgs) {
            QFile spec(top + QStringLiteral("/SPECS/") + QLatin1String(p.name) + QStringLiteral(".spec"));
            QVERIFY(spec.open(QIODevice::WriteOnly));
            spec.write(QStringLiteral("Name: %1\nVersion: %2\nRelease: %3\n%4Summary: made for a test\nLicense: MIT\n"
                                      "BuildArch: noarch\n%description\ntest\n%files\n")
                           .arg(QLatin1String(p.name), QLatin1String(p.version), QLatin1String(p.release),
                                p.epoch ? QStringLiteral("Epoch: %1\n").arg(QLatin1String(p.epoch)) : QString())
                           .toUtf8());
            spec.close();
            int rc = 0;
            run(QStringLiteral("rpmbuild"), {QStringLiteral("--define"), QStringLiteral("_topdir ") + top,
                                             QStringLiteral("-bb"), spec.fileName()},
                &rc);
            QCOMPARE(rc, 0);
        }
        QDirIterator it(top + QStringLiteral("/RPMS"), {QStringLiteral("*.rpm")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            rpms << it.next();
        QCOMPARE(rpms.size(), 2);
        int rc = 0;
        run(QStringLiteral("rpm"), {QStringLiteral("--dbpath"), db, QStringLiteral("--initdb")}, &rc);
        QCOMPARE(rc, 0);
        run(QStringLiteral("rpm"), QStringList{QStringLiteral("--dbpath"), db, QStringLiteral("-i"), QStringLiteral("--justdb"),
                                              QStringLiteral("--nodeps"), QStringLiteral("--ignorearch")} + rpms,
            &rc);
        QCOMPARE(rc, 0);
        const QStringList want = sortedLines(run(
            QStringLiteral("rpm"), {QStringLiteral("--dbpath"), db, QStringLiteral("-qa"), QStringLiteral("--qf"),
                                    QStringLiteral("%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n")}));
        QCOMPARE(want.size(), 2);

        // Through the engine: the database (and its write-ahead log) as files of an image.
        HostImage img;
        for (const QString& name : QDir(db).entryList({QStringLiteral("rpmdb.sqlite*")}, QDir::Files)) {
            QFile f(db + QLatin1Char('/') + name);
            QVERIFY(f.open(QIODevice::ReadOnly));
            img.addFile("/var/lib/rpm/" + name.toStdString(), f.readAll().toStdString());
        }
        auto tree = fs::ImageTree::build({&img.ztoc}, fs::ImageTree::Mode::Merged);
        QVERIFY(tree.ok());
        auto inv = readInventory(*tree, img.reader(*tree));
        QVERIFY(inv.ok());
        QCOMPARE(namesAndVersions(inv->packages, Kind::Rpm), want);
        QVERIFY2(inv->problems.empty(), inv->problems.empty() ? "" : inv->problems[0].second.c_str());
        for (const auto& p : inv->packages) {
            QCOMPARE(p.path, std::string("/var/lib/rpm/rpmdb.sqlite"));
            QCOMPARE(p.architecture, std::string("noarch"));
            QCOMPARE(p.summary, std::string("made for a test"));
        }

        // Not a database at all.
        const std::string junk = m_tmp.path() + "/junk.sqlite";
        QVERIFY(files::writeFileAtomic(junk, "this is not sqlite").ok());
        QVERIFY(!readRpmSqlite(junk, "/var/lib/rpm/rpmdb.sqlite").ok());
    }

    void rpmHeaderBlobs()
    {
        const std::string blob = rpmBlob("bash", "5.1.8", "6.el9", 0);
        auto p = parseRpmHeader(blob, "/var/lib/rpm/rpmdb.sqlite");
        QVERIFY(p.ok());
        QCOMPARE(p->name, std::string("bash"));
        QCOMPARE(p->version, std::string("5.1.8-6.el9"));
        QCOMPARE(parseRpmHeader(rpmBlob("x", "1", "2", 3), "/p")->version, std::string("3:1-2"));
        // Every truncation and random damage: an answer or an error, never a read outside the blob.
        for (size_t n = 0; n < blob.size(); ++n)
            QVERIFY(!parseRpmHeader(blob.substr(0, n), "/p").ok());
        QRandomGenerator rng(7);
        for (int round = 0; round < 5000; ++round) {
            std::string bad = blob;
            for (int k = 0; k < 4; ++k)
                bad[rng.bounded(static_cast<quint32>(bad.size()))] = static_cast<char>(rng.bounded(256));
            (void)parseRpmHeader(bad, "/p");
        }
    }
};

QTEST_GUILESS_MAIN(TestInventory)
#include "test_inventory.moc"
