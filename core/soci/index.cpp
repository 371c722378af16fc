// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/index.h"

#include "oci/gojson.h"
#include "oci/mediatypes.h"
#include "image/image_writer.h"
#include "soci/ztoc.h"
#include "soci/ztoc_builder.h"
#include "util/files.h"
#include "util/log.h"
#include "util/strings.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::soci {

namespace {

oci::Descriptor emptyConfigDescriptor(int version)
{
    oci::Descriptor d;
    d.mediaType = std::string(version == 1 ? oci::mt::SociIndexV1 : oci::mt::SociIndexV2);
    d.digest = oci::Digest::sha256Of(kEmptyConfig);
    d.size = 2;
    return d;
}

std::string sizeText(std::int64_t n) { return str::humanBytes(static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0))); }

// Why a layer gets no zTOC before looking at its bytes; nullopt when it may get one.
std::optional<LayerCoverage> skipReason(int index, const oci::Descriptor& layer, std::int64_t minLayerSize)
{
    LayerCoverage c;
    c.index = index;
    c.layer = layer;
    switch (oci::mt::layerCompression(layer.mediaType)) {
    case oci::mt::LayerCompression::Zstd:
        c.kind = Coverage::Zstd;
        c.reason = "read whole: zstd (SOCI has no zTOCs for zstd layers)";
        return c;
    case oci::mt::LayerCompression::Unsupported:
        c.kind = Coverage::UnsupportedMediaType;
        c.reason = "read whole: media type " + layer.mediaType + " cannot be indexed";
        return c;
    default:
        break;
    }
    if (layer.size < minLayerSize) {
        c.kind = Coverage::TooSmall;
        c.reason = "read whole: " + sizeText(layer.size) + " is below the minimum layer size of " + sizeText(minLayerSize);
        return c;
    }
    return std::nullopt;
}

// A path to the layer blob on local disk: the source's own file, or a verified
// spooled copy in tmp.
Result<std::string> localLayer(registry::Source& source, const oci::Descriptor& layer, const std::string& tmp)
{
    if (auto p = source.localBlobPath(layer.digest)) {
        // A folder blob was not fetched, so nothing has checked it yet.
        if (auto v = oci::verifyFile(*p, layer.digest, layer.size); !v)
            return v.error();
        return *p;
    }
    const std::string path = tmp + "/" + layer.digest.hex();
    if (auto n = source.fetchBlobToFile(layer, path); !n)
        return n.error();
    return path;
}

} // namespace

const char* coverageName(Coverage c)
{
    switch (c) {
    case Coverage::Indexed: return "indexed";
    case Coverage::TooSmall: return "too-small";
    case Coverage::Zstd: return "zstd";
    case Coverage::UnsupportedMediaType: return "unsupported-media-type";
    case Coverage::Refused: return "refused";
    case Coverage::NotInIndex: return "not-in-index";
    case Coverage::NoIndex: return "no-index";
    }
    return "no-index";
}

std::string serializeIndex(const std::vector<oci::Descriptor>& ztocs, int version,
                           const std::optional<oci::Descriptor>& subject, const std::string& buildTool)
{
    oci::Manifest m;
    m.mediaType = std::string(oci::mt::OciManifest);
    m.config = emptyConfigDescriptor(version);
    m.layers = ztocs;
    if (version == 1 && subject) {
        // The subject carries mediaType, digest and size only (5.1).
        oci::Descriptor s;
        s.mediaType = subject->mediaType;
        s.digest = subject->digest;
        s.size = subject->size;
        m.subject = s;
    }
    m.annotations[ann::BuildToolIdentifier] = buildTool;
    return m.toGoJson();
}

Result<BuiltIndex> buildIndex(registry::Source& source, const registry::PlatformImage& image, int version,
                              const IndexBuildOptions& options)
{
    if (version != 1 && version != 2)
        return makeError(ErrorCode::Usage, "SOCI index version must be 1 or 2");
    BuiltIndex out;
    files::TempDir tmp("sociscope-index");
    if (!tmp.valid())
        return makeError(ErrorCode::Io, "cannot create a temporary folder for layers");
    const auto& layers = image.manifest.layers;
    std::vector<oci::Descriptor> ztocDescriptors;
    for (size_t i = 0; i < layers.size(); ++i) {
        const auto& layer = layers[i];
        const int idx = static_cast<int>(i);
        if (options.cancel && options.cancel->load())
            return makeError(ErrorCode::Cancelled, "the SOCI index build was cancelled");
        if (auto skip = skipReason(idx, layer, options.minLayerSize)) {
            log::info("ztoc skipped - layer " + layer.digest.str() + ": " + skip->reason);
            out.coverage.push_back(*skip);
            continue;
        }
        auto path = localLayer(source, layer, tmp.path());
        if (!path)
            return path.error();
        BuildOptions bo;
        bo.spanSize = options.spanSize;
        bo.buildToolIdentifier = options.ztocBuildTool;
        if (options.progress || options.cancel) {
            const auto total = layer.size;
            bo.progress = [&options, idx, n = static_cast<int>(layers.size()), total](std::int64_t done) {
                if (options.progress)
                    options.progress(idx, n, done, total);
                return !(options.cancel && options.cancel->load());
            };
        }
        const bool gzip = oci::mt::layerCompression(layer.mediaType) == oci::mt::LayerCompression::Gzip;
        auto z = buildZtocFromFile(*path, gzip ? CompressionAlgorithm::Gzip : CompressionAlgorithm::Uncompressed, bo);
        if (!z) {
            if (z.error().code != ErrorCode::Unsupported)
                return makeError(z.error().code, "layer " + std::to_string(i) + " (" + layer.digest.str() +
                                                     "): " + z.error().message);
            LayerCoverage c;
            c.index = idx;
            c.layer = layer;
            c.kind = Coverage::Refused;
            c.reason = "read whole: " + z.error().message;
            log::info("ztoc skipped - layer " + layer.digest.str() + ": " + z.error().message);
            out.coverage.push_back(c);
            continue;
        }
        auto bytes = serializeZtoc(*z);
        if (!bytes)
            return bytes.error();
        BuiltZtoc bz;
        bz.descriptor.mediaType = std::string(oci::mt::OctetStream);
        bz.descriptor.digest = oci::Digest::sha256Of(*bytes);
        bz.descriptor.size = static_cast<std::int64_t>(bytes->size());
        bz.descriptor.annotations[ann::ImageLayerDigest] = layer.digest.str();
        bz.descriptor.annotations[ann::ImageLayerMediaType] = layer.mediaType;
        bz.descriptor.annotations[ann::SpanSize] = std::to_string(options.spanSize);
        bz.bytes = std::move(*bytes);
        LayerCoverage c;
        c.index = idx;
        c.layer = layer;
        c.kind = Coverage::Indexed;
        c.ztoc = bz.descriptor;
        c.spanSize = options.spanSize;
        c.reason = "lazy: " + std::to_string(z->maxSpanId + 1) + " spans of " + sizeText(options.spanSize);
        out.coverage.push_back(c);
        ztocDescriptors.push_back(bz.descriptor);
        out.ztocs.push_back(std::move(bz));
        log::info("layer " + layer.digest.str() + " -> ztoc " + out.ztocs.back().descriptor.digest.str());
    }
    if (out.ztocs.empty())
        return makeError(ErrorCode::Unsupported,
                         "no ztocs created: no layer of " + image.raw.digest.str() + " qualifies (" +
                             (out.coverage.empty() ? std::string("no layers") : out.coverage.front().reason) + ")");
    oci::Descriptor subject;
    subject.mediaType = image.raw.mediaType;
    subject.digest = image.raw.digest;
    subject.size = static_cast<std::int64_t>(image.raw.bytes.size());
    auto parsed = SociIndex::parse(serializeIndex(ztocDescriptors, version, subject, options.indexBuildTool));
    if (!parsed)
        return parsed.error();
    out.index = std::move(*parsed);
    return out;
}

std::vector<LayerCoverage> coverageOf(const registry::PlatformImage& image, const SociIndex* index)
{
    std::vector<LayerCoverage> out;
    for (size_t i = 0; i < image.manifest.layers.size(); ++i) {
        const auto& layer = image.manifest.layers[i];
        LayerCoverage c;
        c.index = static_cast<int>(i);
        c.layer = layer;
        if (!index) {
            c.kind = Coverage::NoIndex;
            c.reason = "read whole: the image has no SOCI index";
        } else if (const auto* z = index->ztocFor(layer.digest)) {
            c.kind = Coverage::Indexed;
            c.ztoc = *z;
            c.spanSize = str::parseI64(z->annotation(ann::SpanSize)).value_or(0);
            c.reason = c.spanSize > 0 ? "lazy: spans of " + sizeText(c.spanSize) : std::string("lazy");
        } else if (auto skip = skipReason(c.index, layer, kDefaultMinLayerSize)) {
            c = *skip;
            if (c.kind == Coverage::TooSmall)
                c.reason = "read whole: not in the index (" + sizeText(layer.size) +
                           " is below the default minimum layer size of 10 MiB)";
        } else {
            c.kind = Coverage::NotInIndex;
            c.reason = "read whole: the index has no zTOC for this layer (skipped or refused when it was built)";
        }
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::optional<FoundIndex>> findIndex(registry::Source& source, const registry::PlatformImage& image)
{
    if (const auto it = image.manifest.annotations.find(ann::IndexDigest); it != image.manifest.annotations.end()) {
        auto d = oci::Digest::parse(it->second);
        if (!d)
            return makeError(ErrorCode::Malformed, "manifest annotation " + std::string(ann::IndexDigest) + ": " +
                                                       d.error().message);
        auto m = source.fetchManifest(d->str());
        if (!m)
            return makeError(m.error().code, "SOCI index " + d->str() + " named by the image: " + m.error().message,
                             source.describe());
        auto x = SociIndex::parse(std::move(m->bytes));
        if (!x)
            return x.error();
        return std::optional<FoundIndex>(FoundIndex{std::move(*x), "manifest annotation"});
    }
    auto refs = source.referrers(image.raw.digest, std::string(oci::mt::SociIndexV1));
    if (!refs)
        return refs.error();
    if (refs->empty())
        return std::optional<FoundIndex>{};
    auto m = source.fetchManifest(refs->front().digest.str());
    if (!m)
        return m.error();
    auto x = SociIndex::parse(std::move(m->bytes));
    if (!x)
        return x.error();
    return std::optional<FoundIndex>(FoundIndex{std::move(*x), "referrers"});
}

Result<std::string> sociVersionOf(registry::Source& source, const oci::Digest& image)
{
    auto top = source.fetchManifest(image.str());
    if (!top)
        return top.error();
    oci::Digest manifestDigest = top->digest;
    if (oci::mt::isIndex(top->mediaType)) {
        auto idx = oci::Index::parse(top->bytes, top->mediaType);
        if (!idx)
            return idx.error();
        const oci::Descriptor* firstImage = nullptr;
        for (const auto& d : idx->manifests) {
            if (d.artifactType == oci::mt::SociIndexV2)
                return std::string("v2");
            if (!firstImage && !registry::isArtifactEntry(d))
                firstImage = &d;
        }
        if (!firstImage)
            return std::string("none");
        if (firstImage->annotations.count(ann::IndexDigest))
            return std::string("v2");
        manifestDigest = firstImage->digest;
    } else if (auto m = oci::Manifest::parse(top->bytes, top->mediaType); m && m->annotations.count(ann::IndexDigest)) {
        return std::string("v2");
    }
    auto refs = source.referrers(manifestDigest, std::string(oci::mt::SociIndexV1));
    if (!refs)
        return refs.error();
    return std::string(refs->empty() ? "none" : "v1");
}

Status pushArtifacts(registry::Source& dst, const BuiltIndex& built)
{
    for (const auto& z : built.ztocs)
        if (auto s = image::pushBytes(dst, z.bytes, z.descriptor.mediaType); !s)
            return s;
    return image::pushBytes(dst, kEmptyConfig, built.index.manifest.config.mediaType);
}

Status pushIndexV1(registry::Source& dst, const BuiltIndex& built, bool newestFirst)
{
    if (built.index.version != 1 || !built.index.manifest.subject)
        return makeError(ErrorCode::Usage, "only a v1 index with a subject can be pushed on its own; "
                                           "v2 indexes travel inside a converted image (index convert)");
    if (auto s = pushArtifacts(dst, built); !s)
        return s;
    if (auto s = dst.pushManifest(built.index.bytes, built.index.manifest.mediaType, {}); !s)
        return s;
    const oci::Digest& subject = built.index.manifest.subject->digest;
    auto listed = dst.referrers(subject, std::string(oci::mt::SociIndexV1));
    if (listed)
        for (const auto& d : *listed)
            if (d.digest == built.index.digest)
                return {}; // the registry's referrers API lists it already
    // No referrers API: keep the sha256-<hex> tag index up to date (oras-go's way).
    oci::Index tagIndex;
    tagIndex.mediaType = std::string(oci::mt::OciIndex);
    if (auto existing = dst.fetchManifest(subject.fallbackTag()); existing) {
        if (auto parsed = oci::Index::parse(existing->bytes, existing->mediaType); parsed)
            tagIndex.manifests = parsed->manifests;
    } else if (existing.error().code != ErrorCode::NotFound) {
        return existing.error();
    }
    std::erase_if(tagIndex.manifests, [&](const oci::Descriptor& d) { return d.digest == built.index.digest; });
    oci::Descriptor entry;
    entry.mediaType = built.index.manifest.mediaType;
    entry.digest = built.index.digest;
    entry.size = static_cast<std::int64_t>(built.index.bytes.size());
    entry.annotations = built.index.manifest.annotations;
    entry.artifactType = built.index.manifest.config.mediaType;
    tagIndex.manifests.insert(newestFirst ? tagIndex.manifests.begin() : tagIndex.manifests.end(), entry);
    return dst.pushManifest(tagIndex.toGoJson(), tagIndex.mediaType, subject.fallbackTag());
}

} // namespace sociscope::soci
