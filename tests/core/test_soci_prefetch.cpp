// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Prefetch artifacts (SOCI-FORMAT.md 5.2, 5.10): Go's exact bytes, upstream's
// merge, stable digests, soci-made and hand-written artifacts read, bad ones
// refused with clear errors; their descriptors in an index; startup profiles
// read back as written.
#include "lazy/startup_profile.h"
#include "oci/mediatypes.h"
#include "soci/index.h"
#include "soci/prefetch.h"
#include "testenv.h"
#include "util/files.h"

#include <QDir>
#include <QtTest>

#include <algorithm>

using namespace sociscope;
using soci::PrefetchArtifact;
using soci::PrefetchSpan;

namespace {
// JSON written with ' for " (moc does not read raw string literals well).
std::string js(std::string text)
{
    std::replace(text.begin(), text.end(), '\'', '"');
    return text;
}

// The error message of a parse that must fail (empty when it did not).
std::string refusal(std::string_view bytes)
{
    auto a = PrefetchArtifact::parse(bytes);
    if (a)
        return {};
    return a.error().code == ErrorCode::Malformed ? a.error().message : "wrong code: " + a.error().message;
}
} // namespace

class TestSociPrefetch final : public QObject {
    Q_OBJECT
private slots:
    void goBytesAreUpstreams()
    {
        // What json.Marshal writes for soci's PrefetchArtifact: struct order,
        // no spaces, priority omitted when 0.
        const auto a = PrefetchArtifact::ofSpans({ { 7, 7, 0 }, { 1, 3, 0 } });
        QCOMPARE(a.toGoJson(),
                 std::string(js("{'version':'1.0','prefetch_spans':[{'start_span':1,'end_span':3},{'start_span':7,'end_span':7}]}")));
        PrefetchArtifact p;
        p.spans = { { 2, 5, 3 } };
        QCOMPARE(p.toGoJson(), std::string(js("{'version':'1.0','prefetch_spans':[{'start_span':2,'end_span':5,'priority':3}]}")));
    }

    void upstreamFixtureRoundTrips()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        auto bytes = files::readFile(test::sociFixturesDir() + "/derived/prefetch-artifact.json");
        QVERIFY(bytes);
        auto a = PrefetchArtifact::parse(*bytes);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(a->spans, (std::vector<PrefetchSpan>{ { 0, 0, 0 } }));
        QCOMPARE(a->toGoJson(), *bytes);
    }

    void mergeIsUpstreams()
    {
        // Sorted by start; overlapping and touching ranges merge, gaps stay.
        const auto m = soci::mergePrefetchSpans({ { 10, 12, 0 }, { 0, 2, 0 }, { 3, 4, 0 }, { 11, 20, 0 }, { 6, 6, 0 } });
        QCOMPARE(m, (std::vector<PrefetchSpan>{ { 0, 4, 0 }, { 6, 6, 0 }, { 10, 20, 0 } }));
        QCOMPARE(soci::prefetchSpansOf({ 5, 1, 2, 2, 9, 3 }),
                 (std::vector<PrefetchSpan>{ { 1, 3, 0 }, { 5, 5, 0 }, { 9, 9, 0 } }));
        QVERIFY(soci::mergePrefetchSpans({}).empty());
    }

    void sameSpansSameDigest()
    {
        // The order spans were read in, and repeats, do not change the bytes.
        const auto a = PrefetchArtifact::ofSpans(soci::prefetchSpansOf({ 4, 0, 1, 9, 4 }));
        const auto b = PrefetchArtifact::ofSpans(soci::prefetchSpansOf({ 9, 1, 0, 4 }));
        const auto layer = *oci::Digest::parse("sha256:" + std::string(64, 'a'));
        const auto da = soci::prefetchDescriptor(a.toGoJson(), layer);
        const auto db = soci::prefetchDescriptor(b.toGoJson(), layer);
        QCOMPARE(da.digest.str(), db.digest.str());
        QCOMPARE(da.size, db.size);
        QVERIFY(da.digest.str() != soci::prefetchDescriptor(PrefetchArtifact::ofSpans({ { 0, 0, 0 } }).toGoJson(), layer)
                                       .digest.str());
    }

    void handWrittenSociStyleIsRead()
    {
        // As a person (or another tool) writes it: spaces, newlines, unknown
        // fields, priorities, ranges out of order and overlapping.
        const std::string text = "{\n  \"version\": \"1.0\",\n  \"comment\": \"startup of app\",\n"
                                 "  \"prefetch_spans\": [\n    {\"start_span\": 10, \"end_span\": 15, \"priority\": 1},\n"
                                 "    {\"end_span\": 2, \"start_span\": 0},\n    {\"start_span\": 12, \"end_span\": 13}\n  ]\n}\n";
        auto a = PrefetchArtifact::parse(text);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QCOMPARE(a->spans.size(), std::size_t(3));
        QCOMPARE(a->spans[0], (PrefetchSpan{ 10, 15, 1 }));
        QCOMPARE(a->spanCount(), std::int64_t(9));
        QVERIFY(a->checkRange(15, "x"));
        // Go leaves a missing start_span at 0, as here.
        auto b = PrefetchArtifact::parse(js("{'version':'1.0','prefetch_spans':[{'end_span':4}]}"));
        QVERIFY(b);
        QCOMPARE(b->spans[0], (PrefetchSpan{ 0, 4, 0 }));
    }

    void badArtifactsAreRefusedClearly()
    {
        QVERIFY(refusal("").find("empty") != std::string::npos);
        QVERIFY(refusal("[]").find("not a JSON object") != std::string::npos);
        QVERIFY(refusal("{not json").find("not a JSON object") != std::string::npos);
        QVERIFY(refusal(js("{'prefetch_spans':[{'start_span':0,'end_span':0}]}")).find("no version") != std::string::npos);
        const std::string v2 = refusal(js("{'version':'2.0','prefetch_spans':[{'start_span':0,'end_span':0}]}"));
        QVERIFY2(v2.find("unsupported prefetch artifact version \"2.0\"") != std::string::npos, v2.c_str());
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':[]}")).find("lists no spans") != std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0'}")).find("lists no spans") != std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':null}")).find("lists no spans") != std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':{}}")).find("must be a list") != std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':[{'start_span':-1,'end_span':0}]}")).find("not a span id") !=
                std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':[{'start_span':0,'end_span':4294967296}]}"))
                    .find("not a span id") != std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':[{'start_span':'1','end_span':2}]}"))
                    .find("must be an integer") != std::string::npos);
        QVERIFY(refusal(js("{'version':'1.0','prefetch_spans':[{'start_span':5,'end_span':2}]}"))
                    .find("ends (span 2) before it starts (span 5)") != std::string::npos);
        // Oversized: more bytes than the cap, and more ranges than the cap.
        const std::string big = js("{'version':'1.0','prefetch_spans':[{'start_span':0,'end_span':0}],'pad':'") +
                                std::string(soci::kMaxPrefetchArtifactBytes, 'x') + "\"}";
        QVERIFY(refusal(big).find("over the limit") != std::string::npos);
        std::string many = js("{'version':'1.0','prefetch_spans':[");
        for (std::size_t i = 0; i <= soci::kMaxPrefetchRanges; ++i)
            many += (i ? "," : "") + std::string(js("{'start_span':1,'end_span':1}"));
        many += "]}";
        QVERIFY(many.size() < soci::kMaxPrefetchArtifactBytes);
        QVERIFY(refusal(many).find("ranges, over the limit") != std::string::npos);
    }

    void spansPastTheZtocAreMalformed()
    {
        const auto a = PrefetchArtifact::ofSpans({ { 0, 1, 0 }, { 5, 7, 0 } });
        QVERIFY(a.checkRange(7, "artifact"));
        const auto s = a.checkRange(6, "the artifact of layer 2");
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::Malformed); // exit 6
        QVERIFY2(s.error().message.find("names span 7 but the layer's zTOC has spans 0 to 6") != std::string::npos,
                 s.error().message.c_str());
    }

    void descriptorsComeAfterTheZtocs()
    {
        // An index with one zTOC and one artifact, in Go's form (5.1, 5.2).
        const auto layer = *oci::Digest::parse("sha256:" + std::string(64, 'b'));
        oci::Descriptor z;
        z.mediaType = std::string(oci::mt::OctetStream);
        z.digest = *oci::Digest::parse("sha256:" + std::string(64, 'c'));
        z.size = 100;
        z.annotations[soci::ann::ImageLayerDigest] = layer.str();
        z.annotations[soci::ann::ImageLayerMediaType] = std::string(oci::mt::OciLayerGzip);
        const std::string json = PrefetchArtifact::ofSpans({ { 0, 0, 0 } }).toGoJson();
        const auto p = soci::prefetchDescriptor(json, layer);
        const std::string bytes = soci::serializeIndex({ z, p }, 2, std::nullopt, "t");
        const std::string expected =
            "{\"mediaType\":\"application/vnd.amazon.soci.prefetch.v1+json\",\"digest\":\"" +
            oci::Digest::sha256Of(json).str() + "\",\"size\":" + std::to_string(json.size()) +
            ",\"annotations\":{\"com.amazon.soci.image-layer-digest\":\"" + layer.str() + "\"}}]";
        QVERIFY2(bytes.find(expected) != std::string::npos, bytes.c_str());
        auto idx = soci::SociIndex::parse(bytes);
        QVERIFY(idx);
        QCOMPARE(idx->ztocCount(), std::size_t(1));
        QVERIFY(idx->ztocFor(layer) != nullptr);
        QVERIFY(idx->prefetchFor(layer) != nullptr);
        QCOMPARE(idx->prefetchFor(layer)->digest.str(), p.digest.str());
        QCOMPARE(idx->prefetchDescriptors().size(), std::size_t(1));
        QVERIFY(idx->prefetchFor(z.digest) == nullptr);
    }

    void profilesReadBackAsWritten()
    {
        lazy::StartupProfile p;
        p.reference = "127.0.0.1:5000/a/b:t";
        p.digest = "sha256:" + std::string(64, 'd');
        p.platform = "linux/amd64";
        p.record.until = "output";
        p.record.firstOutputMs = 12;
        p.record.recordedMs = 12;
        p.imageBytes = 1000;
        p.neededBytes = 100;
        lazy::StartupLayer l;
        l.index = 1;
        l.digest = "sha256:" + std::string(64, 'e');
        l.spanCount = 9;
        l.spans = { { 0, 1, 0 }, { 4, 4, 0 } };
        l.bytes = 100;
        l.files = { { 0, { "/etc/os-release" }, 0 } };
        p.layers = { l };
        auto back = lazy::StartupProfile::parse(p.toJson());
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QCOMPARE(back->digest, p.digest);
        QCOMPARE(back->layers.size(), std::size_t(1));
        QCOMPARE(back->layers[0].spans, l.spans);
        QCOMPARE(back->record.firstOutputMs, std::int64_t(12));
        // Not profiles, or bad ones.
        QVERIFY(!lazy::StartupProfile::parse("{}"));
        QVERIFY(!lazy::StartupProfile::parse(js("{'kind':'sociscope-startup-profile','schemaVersion':1,'digest':'x','layers':[]}")));
        std::string bad = p.toJson();
        bad.replace(bad.find("\"spans\""), 7, "\"spanz\"");
        auto r = lazy::StartupProfile::parse(bad);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Malformed);
    }

    void profilesAreKeptBounded()
    {
        files::TempDir state("sociscope-profiles");
        qputenv("XDG_STATE_HOME", QByteArray::fromStdString(state.path()));
        lazy::StartupProfile p;
        p.digest = "sha256:" + std::string(64, 'd');
        for (std::size_t i = 0; i < lazy::kKeptProfiles + 2; ++i) {
            p.record.recordedMs = static_cast<std::int64_t>(i);
            auto path = lazy::saveProfile(p, "run" + std::to_string(i));
            QVERIFY2(path, path ? "" : path.error().message.c_str());
            QCOMPARE(*path, state.path() + "/sociscope/profiles/run" + std::to_string(i) + ".json");
        }
        const auto kept = QDir(QString::fromStdString(lazy::profilesDir())).entryList(QDir::Files);
        QCOMPARE(static_cast<std::size_t>(kept.size()), lazy::kKeptProfiles + 1); // and last-run.json
        QVERIFY(kept.contains(QStringLiteral("last-run.json")));
        auto last = files::readFile(lazy::lastRunProfilePath());
        QVERIFY(last);
        auto back = lazy::StartupProfile::parse(*last);
        QVERIFY(back);
        QCOMPARE(back->record.recordedMs, static_cast<std::int64_t>(lazy::kKeptProfiles + 1));
        qunsetenv("XDG_STATE_HOME");
    }
};

QTEST_GUILESS_MAIN(TestSociPrefetch)
#include "test_soci_prefetch.moc"
