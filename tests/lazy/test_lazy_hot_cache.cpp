// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The disk cache's inflated tier (decompressed spans of recently read files):
// its rules on DiskCache alone (wrong sizes, owners and modes are dropped, the
// cap evicts least recently used first, cap 0 stores nothing), then through
// lazy reads of an image in the real registry, against the GNU tar oracle:
// a re-read after the spans left memory is served by the tier (no span
// fetched or inflated again), a damaged file in the tier is dropped and the
// bytes stay exact, the cap holds, cap 0 writes nothing, and `cache info`,
// `cache prune` and `cache clear` see the tier.
#include "lazy/disk_cache.h"
#include "lazytest.h"
#include "testenv.h"
#include "util/files.h"

#include <QJsonDocument>
#include <QtTest>

#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using namespace sociscope;
using namespace sociscope::test;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// Text and noise in one gzip layer cut into spans of 64 KiB of compressed
// bytes (about 180 KB of text, 64 KiB of noise).
constexpr const char* kLayers = "[{\"compression\":\"gzip\",\"level\":6,\"entries\":["
                                "{\"path\":\"big/text\",\"text\":2500000,\"seed\":21},"
                                "{\"path\":\"big/noise\",\"random\":400000,\"seed\":22},"
                                "{\"many\":40,\"prefix\":\"small/f-\",\"size\":5000,\"seed\":23}]}]";

// The regular files of the tier's folder, by path.
std::vector<std::string> tierFiles(const std::string& cacheRoot)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(cacheRoot + "/inflated", ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec))
            out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

void setAge(const std::string& path, int secondsAgo)
{
    const timespec now{::time(nullptr) - secondsAgo, 0};
    const timespec times[2] = {now, now};
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
}

oci::Digest keyOf(const std::string& name) { return oci::Digest::sha256Of(name); }
} // namespace

class TestLazyHotCache final : public QObject {
    Q_OBJECT
private:
    RegistryServer m_registry;
    files::TempDir m_tmp{"sociscope-hot-cache"};
    std::map<QString, QJsonObject> m_oracle;
    bool m_imageReady = false;

    // A fresh image session (its own memory) over the cache folder `dir`.
    std::shared_ptr<lazy::LazyImage> open(const std::string& dir, std::optional<std::uint64_t> inflatedCap)
    {
        static registry::Session session;
        auto src = registry::makeRegistrySource(session.client(m_registry.addr()), "lazy/hot");
        lazy::LazyOptions o;
        o.cache = std::make_shared<lazy::DiskCache>(dir, 8ull << 30, inflatedCap);
        o.platform = oci::Platform{"amd64", "linux", {}, {}, {}};
        // Memory for the whole file: each span is obtained once a session,
        // so the counts below are exact.
        o.memorySpans = 256;
        auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(src)), "t-soci", o);
        if (!img) {
            qWarning("LazyImage::open: %s", img.error().text().c_str());
            return nullptr;
        }
        return *img;
    }

    // Reads path whole in 128 KiB pieces; "" and a warning on failure.
    static std::string readAll(lazy::LazyImage& img, const std::string& path)
    {
        auto tree = img.tree();
        if (!tree)
            return {};
        auto ino = (*tree)->resolve(path);
        if (!ino)
            return {};
        const auto size = static_cast<std::uint64_t>((*tree)->inode(*ino).size);
        std::string data;
        while (data.size() < size) {
            auto got = img.read(**tree, *ino, static_cast<std::int64_t>(data.size()), 128u << 10);
            if (!got || got->empty()) {
                qWarning("read %s: %s", path.c_str(), got ? "short" : got.error().text().c_str());
                return {};
            }
            data += *got;
        }
        return data;
    }

    // How many spans hold path's bytes (0 on failure); its layer is open after.
    static std::uint64_t spansOf(lazy::LazyImage& img, const std::string& path)
    {
        auto tree = img.tree();
        if (!tree)
            return 0;
        auto ino = (*tree)->resolve(path);
        const auto e = ino ? (*tree)->entry(*ino) : std::nullopt;
        if (!e)
            return 0;
        auto layer = img.layer(static_cast<std::size_t>((*tree)->inode(*ino).layer));
        if (!layer)
            return 0;
        const auto range = (*layer)->spans().spansFor(e->uncompressedOffset, e->uncompressedSize);
        return range ? static_cast<std::uint64_t>(range->second - range->first + 1) : 0;
    }

    QString sha(const std::string& path) const
    {
        const auto it = m_oracle.find(q(path));
        return it == m_oracle.end() ? QString() : it->second.value(QStringLiteral("sha256")).toString();
    }

    // A first session reads path whole (each of its `spans` fetched once) and
    // leaves every one of them in the tier of the cache folder dir.
    void firstRead(const std::string& dir, const std::string& path, std::uint64_t& spans)
    {
        auto first = open(dir, 64u << 20);
        QVERIFY(first);
        spans = spansOf(*first, path);
        QVERIFY(spans > 0);
        QCOMPARE(sha256Hex(readAll(*first, path)), sha(path));
        QCOMPARE(first->stats().spansFetched.load(), spans);
        QCOMPARE(first->stats().inflatedHits.load(), 0u);
        QVERIFY(first->cache()->waitForInflatedWrites(std::chrono::seconds(30)));
        QCOMPARE(tierFiles(dir).size(), spans);
    }

    // False (the test skipped) without the registry image: not root.
    // QSKIP in a helper returns only from the helper, so callers return too.
    bool needImage()
    {
        if (!m_imageReady)
            QTest::qSkip("needs root: the registry image is made only as root (see initTestCase)", __FILE__, __LINE__);
        return m_imageReady;
    }

private slots:
    void initTestCase()
    {
        if (::geteuid() != 0)
            return; // the registry parts skip; DiskCache's own rules still run
        QVERIFY2(m_registry.start(), qPrintable(m_registry.error()));
        const QString dir = q(m_tmp.path());
        const QString layout = makeImage(dir, QStringLiteral("image"), kLayers);
        QVERIFY(!layout.isEmpty());
        const QString pushed = pushSoci(layout, m_registry.address() + QStringLiteral("/lazy/hot"), dir + "/cli-cache");
        QVERIFY2(pushed.isEmpty(), qPrintable(pushed));
        m_oracle = oracleTree(layout, QStringLiteral("t"), dir + "/rootfs");
        QVERIFY(!m_oracle.empty());
        m_imageReady = true;
    }

    // A file is served only at exactly the size asked for, only when ours and
    // not writable by others; anything else is removed and counted.
    void wrongFilesAreDroppedNotServed()
    {
        const std::string root = m_tmp.path() + "/unit-drop";
        lazy::DiskCache cache(root, 1u << 30, 1u << 20);
        const std::string bytes(1000, 'a');
        const auto key = keyOf("one");
        QVERIFY(cache.putInflated(key, bytes).ok());
        const std::string path = cache.areaPath(lazy::DiskCache::Area::Inflated, key);
        struct stat st {};
        QCOMPARE(::stat(path.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(cache.getInflated(key, 1000).value_or(""), bytes);
        // The size asked for is the span's: any other is a damaged file.
        QVERIFY(!cache.getInflated(key, 999));
        QVERIFY(!files::exists(path));
        QCOMPARE(cache.dropped(), 1u);
        // Truncated (a crash, a full disk).
        QVERIFY(cache.putInflated(key, bytes).ok());
        QCOMPARE(::truncate(path.c_str(), 500), 0);
        QVERIFY(!cache.getInflated(key, 1000));
        QVERIFY(!files::exists(path));
        // Writable by others: not something only we wrote.
        QVERIFY(cache.putInflated(key, bytes).ok());
        QCOMPARE(::chmod(path.c_str(), 0666), 0);
        QVERIFY(!cache.getInflated(key, 1000));
        QVERIFY(!files::exists(path));
        QCOMPARE(cache.dropped(), 3u);
        // The tier is not content-addressed: get/put of other areas refuse it.
        QVERIFY(!cache.put(lazy::DiskCache::Area::Inflated, key, bytes).ok());
        QVERIFY(!cache.get(lazy::DiskCache::Area::Inflated, key));
    }

    // Over its cap the tier drops what was used longest ago; a read counts as a use.
    void capEvictsLeastRecentlyUsed()
    {
        const std::string root = m_tmp.path() + "/unit-cap";
        lazy::DiskCache cache(root, 1u << 30, 350);
        const std::string bytes(100, 'b');
        for (const char* name : {"a", "b", "c"})
            QVERIFY(cache.putInflated(keyOf(name), bytes).ok());
        // File times are coarse: the order is set by hand, a oldest.
        setAge(cache.areaPath(lazy::DiskCache::Area::Inflated, keyOf("a")), 300);
        setAge(cache.areaPath(lazy::DiskCache::Area::Inflated, keyOf("b")), 200);
        setAge(cache.areaPath(lazy::DiskCache::Area::Inflated, keyOf("c")), 100);
        QVERIFY(cache.getInflated(keyOf("a"), 100)); // now the most recent
        QVERIFY(cache.putInflated(keyOf("d"), bytes).ok());
        QVERIFY(!cache.hasInflated(keyOf("b")));
        for (const char* name : {"a", "c", "d"})
            QVERIFY2(cache.hasInflated(keyOf(name)), name);
        QCOMPARE(cache.usage().inflatedBytes, 300u);
        // Larger than the whole cap: never stored.
        QVERIFY(cache.putInflated(keyOf("huge"), std::string(351, 'h')).ok());
        QVERIFY(!cache.hasInflated(keyOf("huge")));
        // prune applies the tier's own cap, apart from the compressed side's.
        const auto u = cache.prune(1u << 30, 150);
        QCOMPARE(u.inflatedFiles, 1u);
        QVERIFY(cache.hasInflated(keyOf("d")) || cache.hasInflated(keyOf("a")));
        QVERIFY(cache.clear().ok());
        QVERIFY(!files::exists(root + "/inflated"));
    }

    void capZeroStoresNothing()
    {
        const std::string root = m_tmp.path() + "/unit-off";
        lazy::DiskCache cache(root, 1u << 30, 0);
        QVERIFY(cache.putInflated(keyOf("x"), "bytes").ok());
        QVERIFY(!cache.beginInflatedWrite(5));
        QVERIFY(!files::exists(root + "/inflated"));
        QVERIFY(!cache.getInflated(keyOf("x"), 5));
    }

    // The point of the tier: a re-read after the spans left memory reads them
    // from it, inflating and fetching nothing.
    void rereadIsServedByTheTier()
    {
        if (!needImage())
            return;
        const std::string dir = m_tmp.path() + "/reread";
        const std::string file = "/big/text";
        std::uint64_t spans = 0;
        firstRead(dir, file, spans);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(spans > 8, qPrintable(QStringLiteral("only %1 spans").arg(spans)));
        // A new session: nothing of the first one's memory.
        auto second = open(dir, 64u << 20);
        QVERIFY(second);
        QCOMPARE(spansOf(*second, file), spans);
        const auto& st = second->stats();
        const auto hitsBefore = st.cacheHits.load(), missesBefore = st.cacheMisses.load();
        const auto networkBefore = st.networkBytes();
        const std::string data = readAll(*second, file);
        QCOMPARE(sha256Hex(data), sha(file));
        QCOMPARE(st.inflatedHits.load(), spans);
        QCOMPARE(st.cacheHits.load() - hitsBefore, spans); // not one from the compressed tier
        QCOMPARE(st.cacheMisses.load(), missesBefore);
        QCOMPARE(st.networkBytes(), networkBefore);
        QCOMPARE(st.spanBytes.load(), 0u);
        QCOMPARE(st.spansFetched.load(), 0u);
        QVERIFY(st.inflatedBytes.load() >= data.size());
        QVERIFY(second->cache()->waitForInflatedWrites(std::chrono::seconds(30)));
        QCOMPARE(tierFiles(dir).size(), spans); // nothing written twice
    }

    // A damaged file in the tier is never served: the read falls back to the
    // compressed span (bytes exact), the file is removed and written anew.
    void damagedTierFilesFallBack()
    {
        if (!needImage())
            return;
        const std::string dir = m_tmp.path() + "/damaged";
        const std::string file = "/big/noise";
        std::uint64_t spans = 0;
        firstRead(dir, file, spans);
        if (QTest::currentTestFailed())
            return;
        auto hot = tierFiles(dir);
        QVERIFY(spans >= 4);
        QCOMPARE(::truncate(hot[0].c_str(), 1000), 0);             // truncated
        QCOMPARE(::truncate(hot[1].c_str(), 0), 0);                // empty
        {
            const int fd = ::open(hot[2].c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
            QVERIFY(fd >= 0);
            QCOMPARE(::write(fd, "x", 1), ssize_t(1));             // one byte too many
            ::close(fd);
        }
        auto second = open(dir, 64u << 20);
        QVERIFY(second);
        QCOMPARE(spansOf(*second, file), spans);
        const auto& st = second->stats();
        const auto hitsBefore = st.cacheHits.load();
        QCOMPARE(sha256Hex(readAll(*second, file)), sha(file));
        QCOMPARE(second->cache()->dropped(), 3u);
        QCOMPARE(st.inflatedHits.load(), spans - 3);
        QCOMPARE(st.cacheHits.load() - hitsBefore, spans); // the three from the compressed tier
        QCOMPARE(st.spanBytes.load(), 0u);
        QVERIFY(second->cache()->waitForInflatedWrites(std::chrono::seconds(30)));
        // Written again, whole.
        hot = tierFiles(dir);
        QCOMPARE(hot.size(), spans);
        for (const auto& f : hot) {
            struct stat fst {};
            QVERIFY(::stat(f.c_str(), &fst) == 0 && fst.st_size > 1000);
        }
        auto third = open(dir, 64u << 20);
        QVERIFY(third);
        QCOMPARE(sha256Hex(readAll(*third, file)), sha(file));
        QCOMPARE(third->stats().inflatedHits.load(), spans);
        QCOMPARE(third->cache()->dropped(), 0u);
    }

    void tierCapHoldsWhileReading()
    {
        if (!needImage())
            return;
        const std::string dir = m_tmp.path() + "/capped";
        // Room for three or four decompressed spans of the text.
        const std::uint64_t cap = 640u << 10;
        auto img = open(dir, cap);
        QVERIFY(img);
        const auto spans = spansOf(*img, "/big/text");
        QVERIFY(spans > 8);
        QCOMPARE(sha256Hex(readAll(*img, "/big/text")), sha("/big/text"));
        QVERIFY(img->cache()->waitForInflatedWrites(std::chrono::seconds(30)));
        const auto u = img->cache()->usage();
        QVERIFY2(u.inflatedBytes <= cap, qPrintable(QStringLiteral("%1 bytes in the tier, cap %2").arg(u.inflatedBytes).arg(cap)));
        QVERIFY2(u.inflatedFiles >= 1 && u.inflatedFiles < spans,
                 qPrintable(QStringLiteral("%1 files of %2 spans").arg(u.inflatedFiles).arg(spans)));
    }

    void capZeroWritesNothingWhileReading()
    {
        if (!needImage())
            return;
        const std::string dir = m_tmp.path() + "/off";
        {
            auto img = open(dir, 0);
            QVERIFY(img);
            QCOMPARE(sha256Hex(readAll(*img, "/big/text")), sha("/big/text"));
            QVERIFY(img->cache()->waitForInflatedWrites(std::chrono::seconds(30)));
        }
        QVERIFY(!files::exists(dir + "/inflated"));
        QVERIFY(files::exists(dir + "/spans"));
        // Re-read: from the compressed spans, inflated again.
        auto again = open(dir, 0);
        QVERIFY(again);
        QCOMPARE(sha256Hex(readAll(*again, "/big/text")), sha("/big/text"));
        QVERIFY(again->stats().cacheHits.load() > 0);
        QCOMPARE(again->stats().inflatedHits.load(), 0u);
        QVERIFY(!files::exists(dir + "/inflated"));
    }

    // The command line sees both tiers, prunes each to its own cap, clears both.
    void cacheCommandsSeeTheTier()
    {
        if (!needImage())
            return;
        const std::string dir = m_tmp.path() + "/reread"; // filled by rereadIsServedByTheTier
        const auto files = tierFiles(dir);
        QVERIFY(!files.empty());
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), q(dir));
        env.insert(QStringLiteral("SOCISCOPE_INFLATED_CACHE_MAX_BYTES"), QStringLiteral("67108864"));
        auto r = ctl({QStringLiteral("cache"), QStringLiteral("info"), QStringLiteral("--json")}, 30000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j.value(QStringLiteral("inflatedFiles")).toInteger(), qint64(files.size()));
        QVERIFY(j.value(QStringLiteral("inflatedBytes")).toInteger() > 0);
        QCOMPARE(j.value(QStringLiteral("inflatedCapBytes")).toInteger(), 67108864);
        QVERIFY(j.value(QStringLiteral("spanFiles")).toInteger() > 0);
        QVERIFY(j.value(QStringLiteral("capBytes")).toInteger() > 0);
        r = ctl({QStringLiteral("cache"), QStringLiteral("info")}, 30000, env);
        QVERIFY(r.out.contains("inflated     ") && r.out.contains("cap 64.0 MiB"));
        r = ctl({QStringLiteral("cache"), QStringLiteral("prune"), QStringLiteral("--inflated-max-size"),
                 QStringLiteral("0"), QStringLiteral("--json")},
                30000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j.value(QStringLiteral("inflatedFiles")).toInteger(), 0);
        QVERIFY(j.value(QStringLiteral("spanFiles")).toInteger() > 0); // the compressed side keeps its cap
        r = ctl({QStringLiteral("cache"), QStringLiteral("prune"), QStringLiteral("--inflated-max-size"),
                 QStringLiteral("lots")},
                30000, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("--inflated-max-size takes a number of bytes"));
        r = ctl({QStringLiteral("cache"), QStringLiteral("clear")}, 30000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!files::exists(dir + "/inflated") && !files::exists(dir + "/spans"));
    }
};

QTEST_GUILESS_MAIN(TestLazyHotCache)
#include "test_lazy_hot_cache.moc"
