// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/worker_pool.h"
#include "oci/digest.h"
#include "registry/http.h"
#include "util/cancel.h"
#include "util/files.h"
#include "util/json_text.h"
#include "util/result.h"
#include "util/strings.h"

#include <QtTest>

#include <atomic>
#include <future>
#include <random>

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
    void utf8Validation()
    {
        using namespace std::string_literals;
        for (const std::string& ok : {""s, "plain"s, "\xC3\xA9t\xC3\xA9"s, "\xE2\x82\xAC"s, "\xF0\x9F\x98\x80"s,
                                     "\xEF\xBF\xBD"s, "\xF4\x8F\xBF\xBF"s, "nul\0inside"s})
            QVERIFY2(str::isValidUtf8(ok), ok.c_str());
        // Lone bytes, overlongs, surrogates, above U+10FFFF, cut-off sequences.
        for (const std::string& bad : {"\xFF"s, "a\x80"s, "\xC0\xAF"s, "\xE0\x80\xAF"s, "\xED\xA0\x80"s, "\xF4\x90\x80\x80"s,
                                      "\xF5\x80\x80\x80"s, "\xE2\x82"s, "\xC3"s})
            QVERIFY2(!str::isValidUtf8(bad), str::hex(bad).c_str());
        // Table 3-8 of the Unicode standard: one U+FFFD per maximal subpart.
        QCOMPARE(str::toValidUtf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
                 std::string("a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d"));
        QCOMPARE(str::toValidUtf8("\xED\xA0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));
        // nlohmann's own validator agrees on random bytes, and every repair dumps.
        std::mt19937 rng(7);
        for (int i = 0; i < 20000; ++i) {
            std::string s(rng() % 6, '\0');
            for (auto& c : s) {
                const unsigned r = rng() % 4;
                c = static_cast<char>(r == 0 ? 0x80 + rng() % 64 : r == 1 ? 0xC0 + rng() % 64 : rng() % 256);
            }
            bool dumps = true;
            try {
                (void)nlohmann::json(s).dump();
            } catch (const nlohmann::json::type_error&) {
                dumps = false;
            }
            QVERIFY2(str::isValidUtf8(s) == dumps, str::hex(s).c_str());
            const std::string fixed = str::toValidUtf8(s);
            QVERIFY2(str::isValidUtf8(fixed), str::hex(s).c_str());
            if (dumps)
                QCOMPARE(fixed, s);
        }
    }
    void printableEscapes()
    {
        QCOMPARE(str::printable("/etc/os-release"), std::string("/etc/os-release"));
        QCOMPARE(str::printable("a b\xC3\xA9"), std::string("a b\xC3\xA9"));
        QCOMPARE(str::printable("new\nline\ttab\r"), std::string("new\\nline\\ttab\\r"));
        QCOMPARE(str::printable("\x1B[31mred\x7F"), std::string("\\033[31mred\\177"));
        QCOMPARE(str::printable(std::string("nul\0", 4)), std::string("nul\\000"));
        QCOMPARE(str::printable("\xFF\xFE"), std::string("\\377\\376"));
        QCOMPARE(str::printable("back\\slash"), std::string("back\\\\slash"));
        QCOMPARE(str::printable("csi\xC2\x9B" "2J"), std::string("csi\\302\\2332J"));
    }
    void jsonOfAnyBytes()
    {
        nlohmann::ordered_json j;
        j["path"] = "/d/\xFF\n";
        j["type"] = "reg";
        j["ok"] = "\xC3\xA9";
        j["cmd"] = {"a", "b\xFE"};
        j["nested"] = {{"value", "\x80"}, {"key", "k"}};
        j["list"] = nlohmann::ordered_json::array({{{"name", "x\xFF"}}});
        const std::string text = jsontext::dump(j);
        const auto back = nlohmann::ordered_json::parse(text);
        QCOMPARE(back["path"].get<std::string>(), std::string("/d/\xEF\xBF\xBD\n"));
        QCOMPARE(*str::base64Decode(back["pathBytes"].get<std::string>()), std::string("/d/\xFF\n"));
        QCOMPARE(*jsontext::textOf(back, "path"), std::string("/d/\xFF\n"));
        QCOMPARE(*jsontext::textOf(back, "type"), std::string("reg"));
        QVERIFY(!back.contains("typeBytes"));
        QVERIFY(!back.contains("okBytes"));
        QCOMPARE(*jsontext::textOf(back["nested"], "value"), std::string("\x80"));
        QCOMPARE(*jsontext::textOf(back["list"][0], "name"), std::string("x\xFF"));
        QCOMPARE(back["cmdBytes"][0], nlohmann::ordered_json(nullptr));
        QCOMPARE(*str::base64Decode(back["cmdBytes"][1].get<std::string>()), std::string("b\xFE"));
        // Each twin right after its field.
        std::vector<std::string> keys;
        for (auto it = back.begin(); it != back.end(); ++it)
            keys.push_back(it.key());
        QCOMPARE(keys, (std::vector<std::string>{"path", "pathBytes", "type", "ok", "cmd", "cmdBytes", "nested", "list"}));
        // Nothing can make it throw: a bad key is repaired too.
        nlohmann::json k;
        k["\xFF"] = 1;
        QCOMPARE(jsontext::dump(k), std::string("{\"\xEF\xBF\xBD\":1}"));
    }
    void workerPoolDestroyedByItsOwnTask()
    {
        // A task that holds the last reference to its pool (the image that
        // owned it was closed during a read-ahead) destroys the pool on a pool
        // thread: no self-join, the other threads end, queued tasks are cancelled.
        auto pool = std::make_shared<lazy::WorkerPool>(3);
        std::promise<void> release;
        std::promise<void> done;
        std::atomic<int> cancelled {0};
        pool->submit(lazy::WorkerPool::Priority::Foreground,
                     [p = pool, wait = release.get_future().share(), &done](bool) mutable {
                         wait.wait();
                         p.reset(); // the last reference: ~WorkerPool runs here
                         done.set_value();
                     });
        // Queued behind a task that blocks every thread for a moment: some
        // stay queued and must be cancelled, not dropped.
        for (int i = 0; i < 8; ++i)
            pool->submit(lazy::WorkerPool::Priority::Background, [&cancelled](bool c) {
                if (c)
                    ++cancelled;
                else
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            });
        pool.reset();
        release.set_value();
        QVERIFY(done.get_future().wait_for(std::chrono::seconds(20)) == std::future_status::ready);
        QVERIFY(cancelled.load() <= 8);
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

    void cancelTokens()
    {
        using util::StopReason;
        QVERIFY(!util::CancelToken().stopRequested()); // the default never stops
        const auto owner = util::CancelToken::make();
        const auto read = owner.child(std::chrono::steady_clock::now() + std::chrono::hours(1));
        QCOMPARE(read.reason(), StopReason::None);
        owner.cancel(); // the owner going away stops its children
        QCOMPARE(read.reason(), StopReason::Cancelled);
        QVERIFY(!read.sleepFor(std::chrono::seconds(60))); // returns at once
        const auto late = util::CancelToken::make().child(std::chrono::steady_clock::now());
        QCOMPARE(late.reason(), StopReason::DeadlinePassed);
        auto flag = std::make_shared<std::atomic<bool>>(false);
        const auto job = util::CancelToken::watching(flag);
        QVERIFY(!job.stopRequested());
        flag->store(true);
        QCOMPARE(job.reason(), StopReason::Cancelled);

        // The ambient token: scoped to the thread, nested, and carried into pool tasks.
        QVERIFY(!util::currentCancelToken().stopRequested());
        std::promise<StopReason> seen;
        {
            const util::CancelScope scope(owner);
            QVERIFY(util::currentCancelToken().stopRequested());
            lazy::WorkerPool pool(1);
            pool.submit(lazy::WorkerPool::Priority::Foreground,
                        [&seen](bool) { seen.set_value(util::currentCancelToken().reason()); });
            QCOMPARE(seen.get_future().get(), StopReason::Cancelled);
        }
        QVERIFY(!util::currentCancelToken().stopRequested());
    }

    void requestDescriptions()
    {
        const std::string d = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        QCOMPARE(registry::describeRequest("GET", "http://127.0.0.1:5000/v2/foo/bar/blobs/" + d, "bytes 0-99"),
                 std::string("bytes 0-99 of blob sha256:0123456789ab… of foo/bar"));
        QCOMPARE(registry::describeRequest("GET", "https://r.example/v2/library/ubuntu/manifests/22.04"),
                 std::string("manifest 22.04 of library/ubuntu"));
        QCOMPARE(registry::describeRequest("PATCH", "http://h/v2/x/blobs/uploads/abc?_state=1"),
                 std::string("PATCH /v2/x/blobs/uploads/abc"));
    }
};

QTEST_GUILESS_MAIN(TestUtil)
#include "test_util.moc"
