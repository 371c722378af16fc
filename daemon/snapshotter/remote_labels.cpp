// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "remote_labels.h"

#include "util/strings.h"

namespace sociscope::snapshotter {

namespace {
constexpr const char* kTarget = "containerd.io/snapshot.ref";
constexpr const char* kImageRef = "containerd.io/snapshot/cri.image-ref";
constexpr const char* kManifest = "containerd.io/snapshot/cri.manifest-digest";
constexpr const char* kLayer = "containerd.io/snapshot/cri.layer-digest";
constexpr const char* kLayers = "containerd.io/snapshot/cri.image-layers";
constexpr const char* kSize = "containerd.io/snapshot/remote/soci.size";
constexpr const char* kSizes = "containerd.io/snapshot/remote/image.layers.size";
constexpr const char* kIndex = "containerd.io/snapshot/remote/soci.index.digest";
// What stargz-snapshotter's ctr-remote 0.12 (Debian 12) sends in their place.
constexpr const char* kStargzRef = "containerd.io/snapshot/remote/stargz.reference";
constexpr const char* kStargzLayer = "containerd.io/snapshot/remote/stargz.digest";
constexpr const char* kStargzLayers = "containerd.io/snapshot/remote/stargz.layers";

const std::string* find(const std::map<std::string, std::string>& labels, const char* key)
{
    const auto it = labels.find(key);
    return it == labels.end() ? nullptr : &it->second;
}

Error bad(const char* key, const std::string& why)
{
    return makeError(ErrorCode::Malformed, "label " + std::string(key) + ": " + why);
}

Result<oci::Digest> digestLabel(const std::map<std::string, std::string>& labels, const char* key)
{
    const std::string* v = find(labels, key);
    if (!v)
        return bad(key, "missing");
    auto d = oci::Digest::parse(*v);
    if (!d)
        return bad(key, d.error().message);
    return *d;
}

// "a,b,c" -> the parts; empty text gives none; an empty part is an error.
Result<std::vector<std::string>> commaList(const std::string& text, const char* key)
{
    std::vector<std::string> out;
    if (text.empty())
        return out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(',', start);
        std::string part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.empty())
            return bad(key, "an empty item in \"" + str::printable(text) + "\"");
        out.push_back(std::move(part));
        if (end == std::string::npos)
            return out;
        start = end + 1;
    }
}

Result<std::int64_t> sizeOf(const std::string& text, const char* key)
{
    const auto n = str::parseI64(text);
    if (!n || *n < 0)
        return bad(key, "not a size: \"" + str::printable(text) + "\"");
    return *n;
}
} // namespace

Result<std::optional<RemoteLayer>> parseRemoteLayer(const std::map<std::string, std::string>& labels)
{
    const std::string* target = find(labels, kTarget);
    const bool cri = find(labels, kImageRef) || find(labels, kLayer) || find(labels, kManifest);
    const bool stargz = !cri && (find(labels, kStargzRef) || find(labels, kStargzLayer));
    // Without the target it is not a layer unpack; without any image label it
    // is one containerd does itself (a plain `ctr images pull`).
    if (!target || (!cri && !stargz))
        return std::optional<RemoteLayer>();
    // The CRI set, or stargz's in its place.
    const char* refKey = cri ? kImageRef : kStargzRef;
    const char* layerKey = cri ? kLayer : kStargzLayer;
    const char* layersKey = cri ? kLayers : kStargzLayers;
    RemoteLayer r;
    r.target = *target;
    if (r.target.empty())
        return bad(kTarget, "empty");
    const std::string* ref = find(labels, refKey);
    if (!ref || ref->empty())
        return bad(refKey, "missing");
    if (!str::isValidUtf8(*ref))
        return bad(refKey, "not UTF-8 text");
    r.imageRef = *ref;
    if (cri) {
        auto manifest = digestLabel(labels, kManifest);
        if (!manifest)
            return manifest.error();
        r.manifestDigest = *manifest;
    }
    auto layer = digestLabel(labels, layerKey);
    if (!layer)
        return layer.error();
    r.layerDigest = *layer;
    if (const std::string* layers = find(labels, layersKey)) {
        auto parts = commaList(*layers, layersKey);
        if (!parts)
            return parts.error();
        for (const auto& p : *parts) {
            auto d = oci::Digest::parse(p);
            if (!d)
                return bad(layersKey, d.error().message);
            r.imageLayers.push_back(*d);
        }
    }
    if (const std::string* size = find(labels, kSize)) {
        auto n = sizeOf(*size, kSize);
        if (!n)
            return n.error();
        r.layerSize = *n;
    }
    if (const std::string* sizes = find(labels, kSizes)) {
        auto parts = commaList(*sizes, kSizes);
        if (!parts)
            return parts.error();
        for (const auto& p : *parts) {
            auto n = sizeOf(p, kSizes);
            if (!n)
                return n.error();
            r.imageLayerSizes.push_back(*n);
        }
        if (r.imageLayerSizes.size() != r.imageLayers.size())
            return bad(kSizes, std::to_string(r.imageLayerSizes.size()) + " sizes for "
                    + std::to_string(r.imageLayers.size()) + " layers in " + kLayers);
    }
    if (find(labels, kIndex)) {
        auto d = digestLabel(labels, kIndex);
        if (!d)
            return d.error();
        r.indexDigest = *d;
    }
    return std::optional<RemoteLayer>(std::move(r));
}

std::map<std::string, std::string> criLabels(const RemoteLayer& layer, const oci::Digest& manifest)
{
    std::map<std::string, std::string> out { { kImageRef, layer.imageRef }, { kManifest, manifest.str() },
        { kLayer, layer.layerDigest.str() } };
    std::string layers;
    for (const auto& d : layer.imageLayers)
        layers += (layers.empty() ? "" : ",") + d.str();
    if (!layers.empty())
        out[kLayers] = layers;
    return out;
}

std::map<std::string, std::string> remoteSnapshotLabels(const std::string& ns)
{
    return { { "containerd.io/snapshot/remote", "remote snapshot" },
        { "containerd.io/snapshot/remote/has.soci.index.digest", "true" },
        { "containerd.io/snapshot/remote/namespace", ns } };
}

} // namespace sociscope::snapshotter
