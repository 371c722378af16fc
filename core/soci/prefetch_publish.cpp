// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/prefetch_publish.h"

#include "image/image_writer.h"
#include "oci/mediatypes.h"
#include "soci/ztoc.h"
#include "util/log.h"

namespace sociscope::soci {

namespace {
Error nothingToPrefetch()
{
    return makeError(ErrorCode::NotFound,
                     "nothing to prefetch: the profile read no span of a layer the index has a zTOC for (layers "
                     "read whole need no prefetch); nothing was pushed");
}

// The zTOC of a layer in found's index, verified, for its last span id.
Result<std::int32_t> maxSpanIdOf(registry::Source& source, const SociIndex& index, const oci::Digest& layer)
{
    const auto* z = index.ztocFor(layer);
    if (!z)
        return makeError(ErrorCode::Malformed, "layer " + layer.str() + " has no zTOC in SOCI index " +
                                                   index.digest.str() +
                                                   "; prefetch artifacts name spans of indexed layers only");
    auto bytes = source.fetchBlobBytes(*z);
    if (!bytes)
        return makeError(bytes.error().code, "zTOC of layer " + layer.str() + ": " + bytes.error().message,
                         bytes.error().context);
    auto ztoc = parseZtoc(*bytes);
    if (!ztoc)
        return makeError(ztoc.error().code, "zTOC of layer " + layer.str() + ": " + ztoc.error().message);
    return ztoc->maxSpanId;
}

// v2: a new image manifest naming the new index, and the image index (or
// manifest) that ref names rewritten to list it, as convert does (5.6).
Status pushV2(registry::Source& source, const std::string& ref, const std::string& tag,
              const registry::PlatformImage& image, const SociIndex& index, PublishedPrefetch& out)
{
    oci::Manifest m = image.manifest;
    m.mediaType = std::string(oci::mt::OciManifest);
    m.annotations[ann::IndexDigest] = index.digest.str();
    const std::string manifestBytes = m.toGoJson();
    if (auto s = source.pushManifest(manifestBytes, m.mediaType, {}); !s)
        return s;
    const oci::Digest manifestDigest = oci::Digest::sha256Of(manifestBytes);
    out.manifest = manifestDigest;
    auto top = source.fetchManifest(ref);
    if (!top)
        return top.error();
    if (!oci::mt::isIndex(top->mediaType)) {
        // A lone manifest: the tag moves to the new one.
        out.top = manifestDigest;
        return tag.empty() ? Status() : source.pushManifest(manifestBytes, m.mediaType, tag);
    }
    auto parsed = oci::Index::parse(top->bytes, top->mediaType);
    if (!parsed)
        return parsed.error();
    oci::Index idx = std::move(*parsed);
    idx.mediaType = std::string(oci::mt::OciIndex);
    bool listed = false;
    for (auto& d : idx.manifests) {
        if (d.digest == image.raw.digest) {
            d.mediaType = std::string(oci::mt::OciManifest);
            d.digest = manifestDigest;
            d.size = static_cast<std::int64_t>(manifestBytes.size());
            d.annotations = m.annotations;
            listed = true;
        } else if (d.artifactType == oci::mt::SociIndexV2 &&
                   d.annotation(ann::ImageManifestDigest) == image.raw.digest.str()) {
            d.digest = index.digest;
            d.size = static_cast<std::int64_t>(index.bytes.size());
            d.annotations[ann::ImageManifestDigest] = manifestDigest.str();
        }
    }
    if (!listed)
        return makeError(ErrorCode::NotFound, "image index " + top->digest.str() + " does not list manifest " +
                                                  image.raw.digest.str(), source.describe());
    const std::string bytes = idx.toGoJson();
    if (auto s = source.pushManifest(bytes, idx.mediaType, tag); !s)
        return s;
    out.top = oci::Digest::sha256Of(bytes);
    return {};
}
} // namespace

Result<PrefetchArtifact> fetchPrefetchArtifact(registry::Source& source, const oci::Descriptor& d)
{
    if (d.size > static_cast<std::int64_t>(kMaxPrefetchArtifactBytes))
        return makeError(ErrorCode::Malformed, "prefetch artifact " + d.digest.str() + " is " +
                                                   std::to_string(d.size) + " bytes, over the limit of " +
                                                   std::to_string(kMaxPrefetchArtifactBytes));
    auto bytes = source.fetchBlobBytes(d, kMaxPrefetchArtifactBytes);
    if (!bytes)
        return bytes.error();
    auto a = PrefetchArtifact::parse(*bytes);
    if (!a)
        return makeError(a.error().code, a.error().message + " (" + d.digest.str() + ")");
    return a;
}

Result<PublishedPrefetch> publishPrefetch(registry::Source& source, const std::string& ref, const std::string& tag,
                                          const registry::PlatformImage& image, const FoundIndex& found,
                                          const std::vector<LayerSpans>& layers)
{
    if (layers.empty())
        return nothingToPrefetch();
    PublishedPrefetch out;
    out.oldIndex = found.index.digest;
    // Every artifact is checked against its zTOC before anything is pushed.
    const auto& imageLayers = image.manifest.layers;
    for (std::size_t i = 0; i < imageLayers.size(); ++i)
        for (const auto& l : layers) {
            if (l.layer != imageLayers[i].digest)
                continue;
            auto maxSpan = maxSpanIdOf(source, found.index, l.layer);
            if (!maxSpan)
                return maxSpan.error();
            auto a = PrefetchArtifact::ofSpans(l.spans);
            if (a.spans.empty())
                continue;
            if (auto s = a.checkRange(*maxSpan, "the spans to prefetch of layer " + std::to_string(i) + " (" +
                                                    l.layer.str() + ")");
                !s)
                return s.error();
            out.artifacts.emplace_back(prefetchDescriptor(a.toGoJson(), l.layer), std::move(a));
            break;
        }
    for (const auto& l : layers) {
        const bool inImage = std::any_of(imageLayers.begin(), imageLayers.end(),
                                         [&](const oci::Descriptor& d) { return d.digest == l.layer; });
        if (!inImage)
            return makeError(ErrorCode::Malformed, "layer " + l.layer.str() + " is not a layer of image " +
                                                       image.raw.digest.str() + "; was the profile made on another image?");
    }
    if (out.artifacts.empty())
        return nothingToPrefetch();

    // The same entries but the old artifacts, then the new ones (5.2).
    oci::Manifest m = found.index.manifest;
    m.mediaType = std::string(oci::mt::OciManifest);
    std::erase_if(m.layers, [](const oci::Descriptor& d) { return d.mediaType == oci::mt::SociPrefetch; });
    for (const auto& [d, a] : out.artifacts)
        m.layers.push_back(d);
    auto index = SociIndex::parse(m.toGoJson());
    if (!index)
        return index.error();
    out.index = std::move(*index);

    for (const auto& [d, a] : out.artifacts)
        if (auto s = image::pushBytes(source, a.toGoJson(), d.mediaType); !s)
            return s.error();
    if (out.index.version == 1) {
        BuiltIndex built;
        built.index = out.index;
        if (auto s = pushIndexV1(source, built, true); !s)
            return s.error();
    } else {
        if (auto s = image::pushBytes(source, kEmptyConfig, out.index.manifest.config.mediaType); !s)
            return s.error();
        if (auto s = source.pushManifest(out.index.bytes, out.index.manifest.mediaType, {}); !s)
            return s.error();
        if (auto s = pushV2(source, ref, tag, image, out.index, out); !s)
            return s.error();
    }
    log::info("SOCI index " + out.index.digest.str() + " with " + std::to_string(out.artifacts.size()) +
              " prefetch artifacts replaces " + out.oldIndex.str() + " for " + image.raw.digest.str());
    return out;
}

} // namespace sociscope::soci
