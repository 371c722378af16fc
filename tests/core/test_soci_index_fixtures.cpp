// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The derived SOCI index chain (fixtures/soci-upstream/derived) rebuilt from
// its inputs, byte for byte: v1 index, referrers tag index, v2 index, the
// converted image manifest and the SOCI-enabled OCI index.
#include "image/image_writer.h"
#include "oci/digest.h"
#include "oci/mediatypes.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "soci/index.h"
#include "testenv.h"
#include "util/files.h"

#include <QtTest>

#include <atomic>

using namespace sociscope;

namespace {
std::string fixture(const std::string& rel)
{
    auto r = files::readFile(test::sociFixturesDir() + "/" + rel);
    return r ? *r : std::string();
}
} // namespace

class TestSociIndexFixtures final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_tmp{"sociscope-derived"};

    // An OCI layout holding the derived image exactly: its config, layer and manifest bytes.
    std::unique_ptr<registry::Source> layout(const std::string& name)
    {
        auto src = registry::makeLayoutSource(m_tmp.path() + "/" + name, true);
        if (!src)
            return nullptr;
        (void)image::pushBytes(**src, fixture("derived/layer-config.json"), std::string(oci::mt::OciConfig));
        (void)image::pushBytes(**src, fixture("rules_img-vectors/single.tar.gz"), std::string(oci::mt::OciLayerGzip));
        (void)(*src)->pushManifest(fixture("derived/image-manifest.json"), std::string(oci::mt::OciManifest), "single");
        return std::move(*src);
    }

    static soci::IndexBuildOptions options()
    {
        soci::IndexBuildOptions o;
        o.spanSize = 4096;
        o.minLayerSize = 0;
        o.ztocBuildTool = "soci-oracle";
        o.indexBuildTool = "AWS SOCI CLI v0.2";
        return o;
    }

private slots:
    void v1IndexAndReferrersTag()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        auto src = layout("v1");
        QVERIFY(src);
        auto img = registry::resolvePlatformImage(*src, "single");
        QVERIFY2(img.ok(), img.ok() ? "" : img.error().text().c_str());
        QCOMPARE(img->raw.digest.str(), std::string("sha256:828a615ec725dac64055778ec0036136282bf4dc1cf4c63bfbca9287a6cf3f5f"));
        auto built = soci::buildIndex(*src, *img, 1, options());
        QVERIFY2(built.ok(), built.ok() ? "" : built.error().text().c_str());
        QCOMPARE(built->ztocs.size(), size_t(1));
        QVERIFY(built->ztocs[0].bytes == fixture("rules_img-vectors/single.ztoc"));
        QCOMPARE(built->index.bytes, fixture("derived/soci-index-v1.json"));
        QVERIFY(soci::pushIndexV1(*src, *built).ok());
        auto tagIndex = src->fetchManifest(img->raw.digest.fallbackTag());
        QVERIFY(tagIndex.ok());
        QCOMPARE(tagIndex->bytes, fixture("derived/referrers-tag-index-v1.json"));
        // And discovery finds it through the referrers tag.
        auto found = soci::findIndex(*src, *img);
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->index.version, 1);
        QCOMPARE((*found)->index.digest, built->index.digest);
    }

    void v2Conversion()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        auto src = layout("v2");
        QVERIFY(src);
        soci::ConvertOptions co;
        co.build = options();
        auto r = soci::convertImage(*src, "single", *src, "single-soci", co);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().text().c_str());
        QCOMPARE(r->digest.str(), oci::Digest::sha256Of(fixture("derived/image-index-soci-v2.json")).str());
        QCOMPARE(src->fetchManifest("single-soci")->bytes, fixture("derived/image-index-soci-v2.json"));
        QCOMPARE(src->fetchManifest(r->platforms.at(0).index.str())->bytes, fixture("derived/soci-index-v2.json"));
        QCOMPARE(src->fetchManifest(r->platforms.at(0).manifest.str())->bytes,
                 fixture("derived/image-manifest-soci-v2.json"));
        // Converting the converted image again replaces the SOCI entry, not appends.
        auto again = soci::convertImage(*src, "single-soci", *src, "single-soci2", co);
        QVERIFY(again.ok());
        auto idx = oci::Index::parse(src->fetchManifest("single-soci2")->bytes);
        QVERIFY(idx.ok());
        QCOMPARE(idx->manifests.size(), size_t(2));
        // The converted image's index is found through the manifest annotation.
        auto img = registry::resolvePlatformImage(*src, "single-soci", oci::Platform{"amd64", "linux", {}, {}, {}});
        QVERIFY(img.ok());
        auto found = soci::findIndex(*src, *img);
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->index.version, 2);
        QCOMPARE((*found)->via, std::string("manifest annotation"));
    }

    void minLayerSizeRule()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        auto src = layout("min");
        auto img = registry::resolvePlatformImage(*src, "single");
        QVERIFY(img.ok());
        auto o = options();
        o.minLayerSize = 116; // the layer is 115 bytes
        auto built = soci::buildIndex(*src, *img, 2, o);
        QVERIFY(!built.ok());
        QVERIFY2(built.error().message.find("no ztocs created") != std::string::npos, built.error().message.c_str());
        o.minLayerSize = 115; // equal to the limit: indexed
        QVERIFY(soci::buildIndex(*src, *img, 2, o).ok());
    }

    // The cancel flag (the GUI's Cancel): set before the build, or while a
    // layer's zTOC is built (here from its progress report), it ends with
    // Cancelled; unset, the same build succeeds.
    void cancelStopsTheBuild()
    {
        SOCISCOPE_REQUIRE_FIXTURES();
        auto src = layout("cancel");
        auto img = registry::resolvePlatformImage(*src, "single");
        QVERIFY(img.ok());
        std::atomic<bool> cancel{true};
        auto o = options();
        o.cancel = &cancel;
        auto built = soci::buildIndex(*src, *img, 1, o);
        QVERIFY(!built.ok());
        QCOMPARE(built.error().code, ErrorCode::Cancelled);
        cancel = false;
        int reports = 0;
        o.progress = [&](int, int, std::int64_t, std::int64_t) {
            ++reports;
            cancel = true;
        };
        built = soci::buildIndex(*src, *img, 1, o);
        QVERIFY(!built.ok());
        QCOMPARE(built.error().code, ErrorCode::Cancelled);
        QVERIFY(reports >= 1);
        cancel = false;
        o.progress = nullptr;
        QVERIFY(soci::buildIndex(*src, *img, 1, o).ok());
    }
};

QTEST_GUILESS_MAIN(TestSociIndexFixtures)
#include "test_soci_index_fixtures.moc"
