// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// `index convert`: a SOCI-enabled image, v2 (SOCI-FORMAT.md section 5.6).
#include "oci/mediatypes.h"
#include "registry/copy.h"
#include "soci/index.h"

namespace sociscope::soci {

namespace {
bool isSociV2Descriptor(const oci::Descriptor& d) { return d.artifactType == oci::mt::SociIndexV2; }
} // namespace

Result<ConvertResult> convertImage(registry::Source& src, const std::string& ref, registry::Source& dst,
                                   const std::string& tag, const ConvertOptions& options)
{
    // 1. Everything the original image has, in dst (blobs skipped when present).
    auto copied = registry::copyImage(src, ref, dst, {});
    if (!copied)
        return copied.error();
    auto top = src.fetchManifest(ref);
    if (!top)
        return top.error();

    // 2. The OCI index to rewrite.
    oci::Index index;
    if (oci::mt::isIndex(top->mediaType)) {
        auto parsed = oci::Index::parse(top->bytes, top->mediaType);
        if (!parsed)
            return parsed.error();
        index = std::move(*parsed);
    } else {
        auto img = registry::resolvePlatformImage(src, ref);
        if (!img)
            return img.error();
        oci::Descriptor d;
        d.mediaType = top->mediaType;
        d.digest = top->digest;
        d.size = static_cast<std::int64_t>(top->bytes.size());
        oci::Platform p = img->config.platform();
        d.platform = p;
        index.manifests.push_back(d);
    }
    index.schemaVersion = 2;
    index.mediaType = std::string(oci::mt::OciIndex);

    ConvertResult result;
    std::vector<oci::Descriptor> sociDescriptors;
    for (auto& d : index.manifests) {
        if (registry::isArtifactEntry(d) || !oci::mt::isManifest(d.mediaType))
            continue;
        if (options.platform && !(d.platform && d.platform->matches(*options.platform)))
            continue;
        auto img = registry::resolvePlatformImage(src, d.digest.str());
        if (!img)
            return img.error();
        const oci::Platform platform = d.platform ? *d.platform : img->config.platform();

        // 3. The v2 index: known first, it has no subject.
        auto built = buildIndex(src, *img, 2, options.build);
        if (!built)
            return makeError(built.error().code, "platform " + platform.str() + ": " + built.error().message,
                             src.describe());
        if (auto s = pushArtifacts(dst, *built); !s)
            return s.error();
        if (auto s = dst.pushManifest(built->index.bytes, built->index.manifest.mediaType, {}); !s)
            return s.error();

        // 4. The image manifest, re-encoded as Go does, pointing at its index.
        oci::Manifest m = img->manifest;
        m.mediaType = std::string(oci::mt::OciManifest);
        m.config.mediaType = std::string(oci::mt::OciConfig);
        m.annotations[ann::IndexDigest] = built->index.digest.str();
        const std::string manifestBytes = m.toGoJson();
        if (auto s = dst.pushManifest(manifestBytes, m.mediaType, {}); !s)
            return s.error();
        d.mediaType = std::string(oci::mt::OciManifest);
        d.digest = oci::Digest::sha256Of(manifestBytes);
        d.size = static_cast<std::int64_t>(manifestBytes.size());
        d.annotations = m.annotations;

        oci::Descriptor sd;
        sd.mediaType = std::string(oci::mt::OciManifest);
        sd.artifactType = std::string(oci::mt::SociIndexV2);
        sd.digest = built->index.digest;
        sd.size = static_cast<std::int64_t>(built->index.bytes.size());
        sd.platform = platform;
        sd.annotations[ann::ImageManifestDigest] = d.digest.str();
        sociDescriptors.push_back(sd);
        result.platforms.push_back({platform, d.digest, built->index.digest, built->coverage});
    }
    if (result.platforms.empty())
        return makeError(ErrorCode::NotFound,
                         options.platform ? "image has no manifest for platform " + options.platform->str()
                                          : std::string("image has no platform manifests to convert"),
                         src.describe());
    // 5. SOCI descriptors: replace the one of the same platform, or append.
    for (const auto& sd : sociDescriptors) {
        bool replaced = false;
        for (auto& d : index.manifests)
            if (isSociV2Descriptor(d) && d.platform && *d.platform == *sd.platform) {
                d = sd;
                replaced = true;
                break;
            }
        if (!replaced)
            index.manifests.push_back(sd);
    }
    const std::string bytes = index.toGoJson();
    if (auto s = dst.pushManifest(bytes, index.mediaType, tag); !s)
        return s.error();
    result.digest = oci::Digest::sha256Of(bytes);
    result.size = static_cast<std::int64_t>(bytes.size());
    return result;
}

} // namespace sociscope::soci
