// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Reading a SOCI index manifest: no I/O, so the fuzz build (tests/fuzz) links it
// without what index.cpp needs to build, find and push indexes.
#include "soci/index.h"

#include "oci/mediatypes.h"

#include <algorithm>

namespace sociscope::soci {

Result<SociIndex> SociIndex::parse(std::string bytes)
{
    SociIndex x;
    auto m = oci::Manifest::parse(bytes, oci::mt::OciManifest);
    if (!m)
        return makeError(m.error().code, "SOCI index: " + m.error().message);
    if (m->config.mediaType == oci::mt::SociIndexV1)
        x.version = 1;
    else if (m->config.mediaType == oci::mt::SociIndexV2)
        x.version = 2;
    else
        return makeError(ErrorCode::Malformed,
                         "not a SOCI index: config media type is " + m->config.mediaType);
    x.manifest = std::move(*m);
    x.digest = oci::Digest::sha256Of(bytes);
    x.bytes = std::move(bytes);
    return x;
}

const oci::Descriptor* SociIndex::ztocFor(const oci::Digest& layer) const
{
    const std::string d = layer.str();
    for (const auto& z : manifest.layers)
        if (z.mediaType == oci::mt::OctetStream && z.annotation(ann::ImageLayerDigest) == d)
            return &z;
    return nullptr;
}

const oci::Descriptor* SociIndex::prefetchFor(const oci::Digest& layer) const
{
    const std::string d = layer.str();
    for (const auto& p : manifest.layers)
        if (p.mediaType == oci::mt::SociPrefetch && p.annotation(ann::ImageLayerDigest) == d)
            return &p;
    return nullptr;
}

std::size_t SociIndex::ztocCount() const
{
    return static_cast<std::size_t>(std::count_if(manifest.layers.begin(), manifest.layers.end(),
        [](const oci::Descriptor& d) { return d.mediaType == oci::mt::OctetStream; }));
}

std::vector<oci::Descriptor> SociIndex::prefetchDescriptors() const
{
    std::vector<oci::Descriptor> out;
    for (const auto& d : manifest.layers)
        if (d.mediaType == oci::mt::SociPrefetch)
            out.push_back(d);
    return out;
}

std::string SociIndex::buildTool() const
{
    const auto it = manifest.annotations.find(ann::BuildToolIdentifier);
    return it == manifest.annotations.end() ? std::string() : it->second;
}

} // namespace sociscope::soci
