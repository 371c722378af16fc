// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/inspect.h"

#include "oci/mediatypes.h"
#include "registry/limits.h"
#include "util/strings.h"

namespace sociscope::registry {

oci::Platform PlatformImage::platform() const
{
    if (descriptor.platform)
        return *descriptor.platform;
    return config.platform();
}

std::int64_t PlatformImage::layersSize() const
{
    std::int64_t total = 0;
    for (const auto& l : manifest.layers)
        total += l.size;
    return total;
}

bool isArtifactEntry(const oci::Descriptor& d)
{
    if (!d.artifactType.empty())
        return true;
    if (d.platform && d.platform->os == "unknown" && d.platform->architecture == "unknown")
        return true;
    return !oci::mt::isManifest(d.mediaType) && !oci::mt::isIndex(d.mediaType);
}

namespace {
Result<PlatformImage> loadImage(Source& source, const oci::Descriptor& desc, FetchedManifest raw)
{
    PlatformImage img;
    img.descriptor = desc;
    auto man = oci::Manifest::parse(raw.bytes, raw.mediaType);
    if (!man)
        return makeError(man.error().code, "manifest " + raw.digest.str() + ": " + man.error().message, source.describe());
    img.manifest = std::move(*man);
    img.raw = std::move(raw);
    // Configs are held to the manifest limit too: real ones are a few KiB.
    if (img.manifest.config.size > static_cast<std::int64_t>(limits::ManifestBytes))
        return makeError(ErrorCode::Malformed,
                         "config " + img.manifest.config.digest.str() + " of manifest " + img.raw.digest.str() +
                             " is " + str::humanBytes(static_cast<std::uint64_t>(img.manifest.config.size)) +
                             ", larger than 4 MiB; refused without downloading it",
                         source.describe());
    auto cfg = source.fetchBlobBytes(img.manifest.config, limits::ManifestBytes);
    if (!cfg)
        return cfg.error();
    img.configBytes = std::move(*cfg);
    if (img.manifest.config.mediaType == oci::mt::OciConfig || img.manifest.config.mediaType == oci::mt::DockerConfig) {
        auto c = oci::ImageConfig::parse(img.configBytes);
        if (!c)
            return makeError(c.error().code, "config " + img.manifest.config.digest.str() + ": " + c.error().message,
                             source.describe());
        img.config = std::move(*c);
    }
    return img;
}
} // namespace

Result<ImageInfo> inspectImage(Source& source, const std::string& ref, const std::optional<oci::Platform>& platform)
{
    ImageInfo info;
    auto top = source.fetchManifest(ref);
    if (!top)
        return top.error();
    info.top = std::move(*top);
    if (oci::mt::isIndex(info.top.mediaType)) {
        auto idx = oci::Index::parse(info.top.bytes, info.top.mediaType);
        if (!idx)
            return makeError(idx.error().code, idx.error().message + " (" + info.top.digest.str() + ")", source.describe());
        info.index = std::move(*idx);
        for (const auto& d : info.index->manifests) {
            if (isArtifactEntry(d)) {
                info.artifacts.push_back(d);
                continue;
            }
            if (platform && !(d.platform && d.platform->matches(*platform)))
                continue;
            if (!oci::mt::isManifest(d.mediaType))
                continue;
            auto raw = source.fetchManifest(d.digest.str());
            if (!raw)
                return raw.error();
            auto img = loadImage(source, d, std::move(*raw));
            if (!img)
                return img.error();
            info.images.push_back(std::move(*img));
        }
        if (platform && info.images.empty())
            return makeError(ErrorCode::NotFound, "image has no manifest for platform " + platform->str(),
                             source.describe());
        return info;
    }
    if (!oci::mt::isManifest(info.top.mediaType))
        return makeError(ErrorCode::Unsupported, "unknown manifest media type " + info.top.mediaType, source.describe());
    oci::Descriptor d;
    d.mediaType = info.top.mediaType;
    d.digest = info.top.digest;
    d.size = static_cast<std::int64_t>(info.top.bytes.size());
    auto img = loadImage(source, d, info.top);
    if (!img)
        return img.error();
    if (platform && !img->config.os.empty() && !img->config.platform().matches(*platform))
        return makeError(ErrorCode::NotFound,
                         "image is " + img->config.platform().str() + ", not " + platform->str(), source.describe());
    info.images.push_back(std::move(*img));
    return info;
}

Result<PlatformImage> resolvePlatformImage(Source& source, const std::string& ref,
                                           const std::optional<oci::Platform>& platform)
{
    auto top = source.fetchManifest(ref);
    if (!top)
        return top.error();
    if (!oci::mt::isIndex(top->mediaType)) {
        oci::Descriptor d;
        d.mediaType = top->mediaType;
        d.digest = top->digest;
        d.size = static_cast<std::int64_t>(top->bytes.size());
        return loadImage(source, d, std::move(*top));
    }
    auto idx = oci::Index::parse(top->bytes, top->mediaType);
    if (!idx)
        return idx.error();
    const oci::Platform want = platform.value_or(oci::Platform::host());
    for (const auto& d : idx->manifests) {
        if (isArtifactEntry(d) || !d.platform || !d.platform->matches(want))
            continue;
        auto raw = source.fetchManifest(d.digest.str());
        if (!raw)
            return raw.error();
        return loadImage(source, d, std::move(*raw));
    }
    std::string have;
    for (const auto& d : idx->manifests)
        if (!isArtifactEntry(d) && d.platform)
            have += (have.empty() ? "" : ", ") + d.platform->str();
    return makeError(ErrorCode::NotFound,
                     "image has no manifest for platform " + want.str() + " (it has: " + have +
                         "); choose one with --platform",
                     source.describe());
}

} // namespace sociscope::registry
