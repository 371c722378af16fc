// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Tag families without a network: the Deep Learning Containers grammar on real
// tags, rolling vs pinned, SOCI twins, grouping by digest in any order.
//
// The DLC tags below are copied from AWS's own documentation in
// github.com/aws/deep-learning-containers: available_images.md (framework,
// Neuron, HuggingFace, vLLM, SGLang, base images), the SOCI guide's "DLC SOCI
// Tag Introduction" (the six tags of one PyTorch training image and their
// -soci twins), and from public deployment scripts quoting DLC URIs (vLLM,
// SGLang, E3 images). The non-DLC tags are from the same pages (DJL, Triton,
// the new "server-cuda" SGLang/vLLM tags) or common elsewhere.
#include "oci/digest.h"
#include "registry/families.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace sociscope;
using namespace sociscope::registry;

namespace {

// Expected fields, "" for absent; extras joined with ','.
struct Expect {
    const char* tag;
    const char* version;
    const char* extras;
    const char* device;
    const char* python;
    const char* sdk;
    const char* cuda;
    const char* os;
    const char* platform;
    const char* release;
    const char* timestamp;
    bool soci;
    bool pinned;
    const char* line;
};

const Expect DlcTags[] = {
    // The examples.
    {"2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker", "2.3.0", "", "gpu", "py311", "", "cu121", "ubuntu20.04",
     "sagemaker", "", "", false, false, "2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"},
    {"2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0", "2.3.0", "", "gpu", "py311", "", "cu121", "ubuntu20.04",
     "sagemaker", "v1.0", "", false, true, "2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"},
    {"2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0-2024-06-10-19-32-22", "2.3.0", "", "gpu", "py311", "", "cu121",
     "ubuntu20.04", "sagemaker", "v1.0", "2024-06-10-19-32-22", false, true,
     "2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"},
    {"2.3-cpu-py311-ubuntu20.04-ec2", "2.3", "", "cpu", "py311", "", "", "ubuntu20.04", "ec2", "", "", false, false,
     "2.3-cpu-py311-ubuntu20.04-ec2"},
    {"2.3.0-cpu-py311-ubuntu20.04-sagemaker-soci", "2.3.0", "", "cpu", "py311", "", "", "ubuntu20.04", "sagemaker", "",
     "", true, false, "2.3.0-cpu-py311-ubuntu20.04-sagemaker"},
    // SOCI guide: six tags of one PyTorch training image, and twins.
    {"2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2-2025-12-15-22-03-41", "2.9.0", "", "gpu", "py312", "", "cu130",
     "ubuntu22.04", "ec2", "v1.2", "2025-12-15-22-03-41", false, true, "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"},
    {"2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2", "2.9.0", "", "gpu", "py312", "", "cu130", "ubuntu22.04", "ec2",
     "v1.2", "", false, true, "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"},
    {"2.9-gpu-py312-ec2", "2.9", "", "gpu", "py312", "", "", "", "ec2", "", "", false, false, "2.9-gpu-py312-ec2"},
    {"2.9-gpu-py312-cu130-ubuntu22.04-ec2-v1", "2.9", "", "gpu", "py312", "", "cu130", "ubuntu22.04", "ec2", "v1", "",
     false, false, "2.9-gpu-py312-cu130-ubuntu22.04-ec2"},
    {"2.9.0-gpu-py312-ec2", "2.9.0", "", "gpu", "py312", "", "", "", "ec2", "", "", false, false,
     "2.9.0-gpu-py312-ec2"},
    {"2.9.0-gpu-py312-cu130-ubuntu22.04-ec2", "2.9.0", "", "gpu", "py312", "", "cu130", "ubuntu22.04", "ec2", "", "",
     false, false, "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"},
    {"2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2-2025-12-15-22-03-41-soci", "2.9.0", "", "gpu", "py312", "", "cu130",
     "ubuntu22.04", "ec2", "v1.2", "2025-12-15-22-03-41", true, true, "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"},
    {"2.9-gpu-py312-ec2-soci", "2.9", "", "gpu", "py312", "", "", "", "ec2", "", "", true, false,
     "2.9-gpu-py312-ec2"},
    {"2.9-cpu-py312-ubuntu22.04-sagemaker-v1-soci", "2.9", "", "cpu", "py312", "", "", "ubuntu22.04", "sagemaker",
     "v1", "", true, false, "2.9-cpu-py312-ubuntu22.04-sagemaker"},
    // vLLM and SGLang (verbose tags, and the short SageMaker/EC2 ones).
    {"0.11-gpu-py312-cu129-ubuntu22.04-sagemaker-v1", "0.11", "", "gpu", "py312", "", "cu129", "ubuntu22.04",
     "sagemaker", "v1", "", false, false, "0.11-gpu-py312-cu129-ubuntu22.04-sagemaker"},
    {"0.25.1-gpu-py312-cu130-ubuntu22.04-sagemaker-v1.3-2026-07-22-22-50-11", "0.25.1", "", "gpu", "py312", "",
     "cu130", "ubuntu22.04", "sagemaker", "v1.3", "2026-07-22-22-50-11", false, true,
     "0.25.1-gpu-py312-cu130-ubuntu22.04-sagemaker"},
    {"0.17.1-gpu-py312-cu129-ubuntu22.04-sagemaker-v1.0-soci", "0.17.1", "", "gpu", "py312", "", "cu129",
     "ubuntu22.04", "sagemaker", "v1.0", "", true, true, "0.17.1-gpu-py312-cu129-ubuntu22.04-sagemaker"},
    {"0.13-gpu-py312", "0.13", "", "gpu", "py312", "", "", "", "", "", "", false, false, "0.13-gpu-py312"},
    {"0.13-gpu-py312-ec2", "0.13", "", "gpu", "py312", "", "", "", "ec2", "", "", false, false, "0.13-gpu-py312-ec2"},
    {"0.5.9-gpu-py312-ec2", "0.5.9", "", "gpu", "py312", "", "", "", "ec2", "", "", false, false,
     "0.5.9-gpu-py312-ec2"},
    {"0.5.8-gpu-py312-cu129-ubuntu24.04-sagemaker-v1.11-soci", "0.5.8", "", "gpu", "py312", "", "cu129",
     "ubuntu24.04", "sagemaker", "v1.11", "", true, true, "0.5.8-gpu-py312-cu129-ubuntu24.04-sagemaker"},
    // E3 and older framework tags (no platform at all).
    {"1.11.0-gpu-py38-cu115-ubuntu20.04-e3", "1.11.0", "", "gpu", "py38", "", "cu115", "ubuntu20.04", "e3", "", "",
     false, false, "1.11.0-gpu-py38-cu115-ubuntu20.04-e3"},
    {"2.7.0-cpu-py38-ubuntu20.04-e3-v1.0", "2.7.0", "", "cpu", "py38", "", "", "ubuntu20.04", "e3", "v1.0", "", false,
     true, "2.7.0-cpu-py38-ubuntu20.04-e3"},
    {"1.12.1-cpu-py38-ubuntu20.04-ec2", "1.12.1", "", "cpu", "py38", "", "", "ubuntu20.04", "ec2", "", "", false,
     false, "1.12.1-cpu-py38-ubuntu20.04-ec2"},
    {"1.5.0-cpu-py36-ubuntu16.04", "1.5.0", "", "cpu", "py36", "", "", "ubuntu16.04", "", "", "", false, false,
     "1.5.0-cpu-py36-ubuntu16.04"},
    {"2.4.1-cpu-py37-ubuntu18.04-v1.0", "2.4.1", "", "cpu", "py37", "", "", "ubuntu18.04", "", "v1.0", "", false, true,
     "2.4.1-cpu-py37-ubuntu18.04"},
    {"2.2.0-gpu-py37-cu101-ubuntu18.04-example-v1.1", "2.2.0", "example", "gpu", "py37", "", "cu101", "ubuntu18.04",
     "", "v1.1", "", false, true, "2.2.0-gpu-py37-cu101-ubuntu18.04-example"},
    {"2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker-v1.73", "2.6.0", "", "gpu", "py312", "", "cu124", "ubuntu22.04",
     "sagemaker", "v1.73", "", false, true, "2.6.0-gpu-py312-cu124-ubuntu22.04-sagemaker"},
    {"13.0.0-gpu-py312-cu130-ubuntu22.04-ec2", "13.0.0", "", "gpu", "py312", "", "cu130", "ubuntu22.04", "ec2", "", "",
     false, false, "13.0.0-gpu-py312-cu130-ubuntu22.04-ec2"},
    {"1.4.0-gpu-py311-cu124-ubuntu22.04", "1.4.0", "", "gpu", "py311", "", "cu124", "ubuntu22.04", "", "", "", false,
     false, "1.4.0-gpu-py311-cu124-ubuntu22.04"},
    // Neuron: the SDK takes the CUDA slot.
    {"2.8.0-neuronx-py311-sdk2.26.1-ubuntu22.04", "2.8.0", "", "neuronx", "py311", "sdk2.26.1", "", "ubuntu22.04", "",
     "", "", false, false, "2.8.0-neuronx-py311-sdk2.26.1-ubuntu22.04"},
    {"1.13.1-neuron-py310-sdk2.20.2-ubuntu20.04", "1.13.1", "", "neuron", "py310", "sdk2.20.2", "", "ubuntu20.04", "",
     "", "", false, false, "1.13.1-neuron-py310-sdk2.20.2-ubuntu20.04"},
    // HuggingFace and StabilityAI: a library version before the device.
    {"2.8.0-transformers4.55.4-neuronx-py310-sdk2.26.0-ubuntu22.04", "2.8.0", "transformers4.55.4", "neuronx", "py310",
     "sdk2.26.0", "", "ubuntu22.04", "", "", "", false, false,
     "2.8.0-transformers4.55.4-neuronx-py310-sdk2.26.0-ubuntu22.04"},
    {"2.5.1-transformers4.49.0-gpu-py311-cu124-ubuntu22.04", "2.5.1", "transformers4.49.0", "gpu", "py311", "",
     "cu124", "ubuntu22.04", "", "", "", false, false, "2.5.1-transformers4.49.0-gpu-py311-cu124-ubuntu22.04"},
    {"2.6.0-transformers4.51.3-gpu-py312-cu124-ubuntu22.04-v2.3", "2.6.0", "transformers4.51.3", "gpu", "py312", "",
     "cu124", "ubuntu22.04", "", "v2.3", "", false, true, "2.6.0-transformers4.51.3-gpu-py312-cu124-ubuntu22.04"},
    {"2.0.1-sgm0.1.0-gpu-py310-cu118-ubuntu20.04-sagemaker", "2.0.1", "sgm0.1.0", "gpu", "py310", "", "cu118",
     "ubuntu20.04", "sagemaker", "", "", false, false, "2.0.1-sgm0.1.0-gpu-py310-cu118-ubuntu20.04-sagemaker"},
};

const char* const NotDlc[] = {
    "latest", "stable", "nightly", "server-cuda", "server-amzn2023-cuda", "server-amzn2023-cuda-v1.0.0",
    "server-hyperpod-cuda-v1.1", "omni-cuda", "0.36.0-lmi18.0.0-cu128", "0.30.0-neuronx-sdk2.20.1", "0.36.0-cpu-full",
    "0.33.0-tensorrtllm0.21.0-cu128", "23.12-py3", "22.07-py3-cpu", "3.12-slim-bookworm", "20.04", "v1.2.3",
    "sha256-44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "1.0-alpine",
    // Odd shapes close to the grammar.
    "2.3.0-gpu", "2.3.0--gpu-py311", "2.3.0-gpu-py311-", "-2.3.0-gpu-py311", "2.3.0-gpu-py311-ubuntu20.04-cu121",
    "2.3.0-gpu-py311-cu121-cu121", "2.3.0-gpu-py311-sagemaker-ubuntu20.04", "2.3.0-gpu-py9999",
    "2.3.0-gpu-py311-2024-13-10-19-32-22", "2.3.0-gpu-py311-24-06-10-19-32-22", "2.3.0-tpu-py311",
    "2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0.0.0", "x2.3.0-gpu-py311", "2.3..0-gpu-py311", "soci", "-soci",
    "2.3.0-gpu-py311-soci-soci",
};

QString q(const std::string& s) { return QString::fromStdString(s); }

oci::Digest dg(const char* seed) { return oci::Digest::sha256Of(seed); }

ResolvedTag rt(const std::string& tag, const char* seed, int secondsAgo = 0)
{
    ResolvedTag r;
    r.tag = tag;
    r.descriptor.digest = dg(seed);
    r.descriptor.mediaType = "application/vnd.oci.image.manifest.v1+json";
    r.descriptor.size = 100;
    r.seenAt = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000 - secondsAgo));
    return r;
}

// A family as one comparable line: digest, kind, tags, twins.
QString describe(const TagFamily& f)
{
    QString s = q(f.digest.shortHex()) + QLatin1Char(' ') + QLatin1String(familyKindName(f.kind)) + QLatin1Char(':');
    for (const auto& t : f.tags)
        s += QLatin1Char(' ') + q(t);
    if (f.twinOf)
        s += QStringLiteral(" twinOf=") + q(f.twinOf->shortHex());
    for (const auto& t : f.sociTwins)
        s += QStringLiteral(" twin=") + q(t.shortHex());
    return s;
}

QStringList describeAll(const std::vector<TagFamily>& fs)
{
    QStringList out;
    for (const auto& f : fs)
        out << describe(f);
    return out;
}

// The six tags of one DLC image, per AWS's SOCI guide, plus a tag suffix.
std::vector<std::string> sixTags(const std::string& suffix = {})
{
    std::vector<std::string> v = {"2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2-2025-12-15-22-03-41",
                                  "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2",
                                  "2.9-gpu-py312-ec2",
                                  "2.9-gpu-py312-cu130-ubuntu22.04-ec2-v1",
                                  "2.9.0-gpu-py312-ec2",
                                  "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"};
    for (auto& t : v)
        t += suffix;
    return v;
}

} // namespace

class TestFamilies final : public QObject {
    Q_OBJECT
private slots:
    void dlcGrammarOnRealTags()
    {
        for (const Expect& e : DlcTags) {
            const auto d = parseDlcTag(e.tag);
            QVERIFY2(d.has_value(), e.tag);
            QCOMPARE(q(d->version), QString::fromLatin1(e.version));
            QStringList extras;
            for (const auto& x : d->extras)
                extras << q(x);
            QCOMPARE(extras.join(QLatin1Char(',')), QString::fromLatin1(e.extras));
            QCOMPARE(q(d->device), QString::fromLatin1(e.device));
            QCOMPARE(q(d->python), QString::fromLatin1(e.python));
            QCOMPARE(q(d->neuronSdk), QString::fromLatin1(e.sdk));
            QCOMPARE(q(d->cuda), QString::fromLatin1(e.cuda));
            QCOMPARE(q(d->os), QString::fromLatin1(e.os));
            QCOMPARE(q(d->platform), QString::fromLatin1(e.platform));
            QCOMPARE(q(d->release), QString::fromLatin1(e.release));
            QCOMPARE(q(d->timestamp), QString::fromLatin1(e.timestamp));
            QCOMPARE(d->soci, e.soci);
            QVERIFY2(d->pinned() == e.pinned, e.tag);
            QCOMPARE(d->rolling(), !e.pinned);
            QCOMPARE(q(d->line), QString::fromLatin1(e.line));
        }
    }

    void nonDlcTagsFallBack()
    {
        for (const char* t : NotDlc)
            QVERIFY2(!parseDlcTag(t).has_value(), t);
    }

    void oddTagsDoNotCrash()
    {
        // Random strings over the grammar's alphabet: parsing and ordering must
        // stay well-behaved (no crash, strict weak order on the sample).
        std::mt19937 rng(42);
        const std::string alphabet = "0123456789.-abcgpuvsoci";
        std::vector<std::string> sample;
        for (int i = 0; i < 20000; ++i) {
            std::string s(rng() % 40, ' ');
            for (auto& c : s)
                c = alphabet[rng() % alphabet.size()];
            if (auto d = parseDlcTag(s)) {
                QVERIFY(!d->version.empty() && !d->device.empty() && !d->python.empty());
                QVERIFY(d->specificity() > 0);
            }
            (void)sociTwinBase(s);
            if (i % 40 == 0)
                sample.push_back(s);
        }
        for (const auto& a : sample) {
            QVERIFY(!naturalLess(a, a));
            for (const auto& b : sample)
                QVERIFY(!(naturalLess(a, b) && naturalLess(b, a)));
        }
        QVERIFY(!parseDlcTag(std::string(129, '1')).has_value());
        QVERIFY(!parseDlcTag("2.3.0-gpu-py311-\xc3\xbc").has_value());
        QVERIFY(!parseDlcTag(std::string("2.3.0-gpu\0-py311", 16)).has_value());
    }

    void naturalOrder()
    {
        QVERIFY(naturalLess("2.9-gpu", "2.10-gpu"));
        QVERIFY(naturalLess("v1.2", "v1.11"));
        QVERIFY(!naturalLess("v1.11", "v1.2"));
        QVERIFY(naturalLess("a", "b"));
        QVERIFY(naturalLess("1", "01"));
        QVERIFY(naturalLess("py38", "py311"));
        QVERIFY(naturalLess("", "a"));
    }

    void twinBase()
    {
        QCOMPARE(sociTwinBase("2.9-gpu-py312-ec2-soci").value_or(""), std::string("2.9-gpu-py312-ec2"));
        QCOMPARE(sociTwinBase("latest-soci").value_or(""), std::string("latest"));
        QVERIFY(!sociTwinBase("soci").has_value());
        QVERIFY(!sociTwinBase("-soci").has_value());
        QVERIFY(!sociTwinBase("latest").has_value());
        QVERIFY(!sociTwinBase("latest-socia").has_value());
    }

    void sixTagsOneImageAndItsTwin()
    {
        std::vector<ResolvedTag> in;
        for (const auto& t : sixTags())
            in.push_back(rt(t, "image"));
        for (const auto& t : sixTags("-soci"))
            in.push_back(rt(t, "twin"));
        const auto fs = groupFamilies(in);
        QCOMPARE(fs.size(), size_t(2));
        const TagFamily& img = fs[0];
        QCOMPARE(img.digest, dg("image"));
        QCOMPARE(img.kind, FamilyKind::Image);
        QCOMPARE(img.tags.size(), size_t(6));
        // Most specific first: timestamp, minor release, major release, full, short.
        QCOMPARE(q(img.tags[0]), QStringLiteral("2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2-2025-12-15-22-03-41"));
        QCOMPARE(q(img.tags[1]), QStringLiteral("2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.2"));
        QCOMPARE(q(img.tags[5]), QStringLiteral("2.9-gpu-py312-ec2"));
        QVERIFY(img.dlc.has_value());
        QCOMPARE(q(img.dlc->line), QStringLiteral("2.9.0-gpu-py312-cu130-ubuntu22.04-ec2"));
        QCOMPARE(q(img.dlc->release), QStringLiteral("v1.2"));
        QVERIFY(img.rolling && img.pinned);
        QVERIFY(!img.twinOf.has_value());
        QCOMPARE(img.sociTwins, std::vector<oci::Digest>{dg("twin")});
        QCOMPARE(q(img.sociIndexVersion), QStringLiteral("unknown"));

        const TagFamily& twin = fs[1];
        QCOMPARE(twin.kind, FamilyKind::SociTwin);
        QCOMPARE(twin.tags.size(), size_t(6));
        QCOMPARE(twin.twinOf, std::optional<oci::Digest>(dg("image")));
        QCOMPARE(twin.twinOfTags.size(), size_t(6));
        QCOMPARE(q(twin.twinOfTags[0]), q(img.tags[0]));
        QVERIFY(twin.dlc && twin.dlc->soci);
        QCOMPARE(q(twin.sociIndexVersion), QStringLiteral("unknown"));
    }

    void orderOfArrivalDoesNotMatter()
    {
        std::vector<ResolvedTag> in;
        for (const auto& t : sixTags())
            in.push_back(rt(t, "current"));
        for (const auto& t : sixTags("-soci"))
            in.push_back(rt(t, "current-twin"));
        // An older release of the same line: only its pinned tags still point at it.
        for (const char* t : {"2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.1",
                              "2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.1-2025-11-02-08-00-00"})
            in.push_back(rt(t, "older"));
        in.push_back(rt("2.9.0-gpu-py312-cu130-ubuntu22.04-ec2-v1.1-2025-11-02-08-00-00-soci", "older-twin"));
        for (const char* t : {"2.9.0-cpu-py312-ubuntu22.04-ec2", "2.9-cpu-py312-ec2"})
            in.push_back(rt(t, "cpu"));
        for (const char* t : {"latest", "stable"})
            in.push_back(rt(t, "plain"));
        in.push_back(rt("latest-soci", "plain-twin"));
        in.push_back(rt("orphan-soci", "orphan"));
        in.push_back(rt("zz-top", "zz"));

        const QStringList expected = describeAll(groupFamilies(in));
        QCOMPARE(expected.size(), 9);
        std::mt19937 rng(7);
        for (int i = 0; i < 25; ++i) {
            std::shuffle(in.begin(), in.end(), rng);
            QCOMPARE(describeAll(groupFamilies(in)), expected);
        }

        const auto fs = groupFamilies(in);
        // cpu line sorts before gpu line ("2.9.0-cpu" < "2.9.0-gpu").
        QCOMPARE(fs[0].digest, dg("cpu"));
        QVERIFY(fs[0].rolling && !fs[0].pinned);
        // The gpu line: current image, its twin, the older image, its twin.
        QCOMPARE(fs[1].digest, dg("current"));
        QCOMPARE(fs[2].digest, dg("current-twin"));
        QCOMPARE(fs[3].digest, dg("older"));
        QVERIFY(!fs[3].rolling && fs[3].pinned);
        QCOMPARE(fs[4].digest, dg("older-twin"));
        QCOMPARE(fs[4].twinOf, std::optional<oci::Digest>(dg("older")));
        // Others by tag: latest (+ twin), orphan twin, zz-top.
        QCOMPARE(fs[5].digest, dg("plain"));
        QVERIFY(!fs[5].dlc.has_value() && !fs[5].rolling && !fs[5].pinned);
        QCOMPARE(q(fs[5].tags[0]), QStringLiteral("latest"));
        QCOMPARE(fs[6].digest, dg("plain-twin"));
        QCOMPARE(fs[6].kind, FamilyKind::SociTwin);
        QCOMPARE(fs[7].digest, dg("orphan"));
        QCOMPARE(fs[7].kind, FamilyKind::SociTwin);
        QVERIFY(!fs[7].twinOf.has_value());
        QCOMPARE(q(fs[7].twinOfTags.at(0)), QStringLiteral("orphan"));
        QCOMPARE(fs[8].digest, dg("zz"));
    }

    void mixedFamilyIsAnImage()
    {
        // A twin tag sharing a digest with a plain tag: the family is an image.
        const auto fs = groupFamilies({rt("a", "x"), rt("b-soci", "x"), rt("b", "y")});
        QCOMPARE(fs.size(), size_t(2));
        for (const auto& f : fs)
            QCOMPARE(f.kind, FamilyKind::Image);
        // Self-referencing twins never link to themselves.
        const auto self = groupFamilies({rt("a-soci", "s"), rt("a-soci-soci", "s")});
        QCOMPARE(self.size(), size_t(1));
        QCOMPARE(self[0].kind, FamilyKind::SociTwin);
        QVERIFY(self[0].sociTwins.empty());
    }

    void builderTracksMovesAndFailures()
    {
        FamilyBuilder b;
        b.addFailed({"t1", makeError(ErrorCode::Network, "down")});
        b.add(rt("t2", "a"));
        b.addFailed({"t2", makeError(ErrorCode::Network, "ignored: t2 is resolved")});
        QCOMPARE(b.unresolved().size(), size_t(1));
        b.add(rt("t1", "a"));
        QCOMPARE(b.unresolved().size(), size_t(0));
        QCOMPARE(b.families().size(), size_t(1));
        // A rolling tag that moved: the newer resolution wins.
        b.add(rt("t1", "b"));
        const auto fs = b.families();
        QCOMPARE(fs.size(), size_t(2));
        QCOMPARE(b.resolvedCount(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestFamilies)
#include "test_families.moc"
