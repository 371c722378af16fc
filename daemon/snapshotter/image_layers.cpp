// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "image_layers.h"

#include "lazy/image_fs.h"
#include "lazy/lazy_image.h"
#include "oci/reference.h"
#include "registry/credentials.h"
#include "registry/inspect.h"
#include "registry/source.h"
#include "util/files.h"
#include "util/log.h"

#include <unistd.h>

namespace sociscope::daemon {

namespace {
// How long an image that cannot be served lazily is not asked for again:
// the other layers of the same pull come within seconds, a later pull may
// find an index pushed since.
constexpr auto kRefusalMemory = std::chrono::seconds(60);

Caller self()
{
    return Caller { ::getpid(), ::geteuid(), ::getegid() };
}

// Drops the entries older than kRefusalMemory: the maps stay as small as the
// images asked for within a minute.
template <typename Map> void forgetOld(Map& map, std::chrono::steady_clock::time_point now)
{
    std::erase_if(map, [now](const auto& e) { return now - e.second.second >= kRefusalMemory; });
}
} // namespace

ImageLayers::ImageLayers(MountManager& mounts, std::string root)
    : m_mounts(mounts)
    , m_root(std::move(root))
{
}

std::string ImageLayers::mountpointOf(const oci::Digest& manifest) const
{
    return m_root + "/" + manifest.hex();
}

std::shared_ptr<std::mutex> ImageLayers::lockFor(const std::string& manifest)
{
    std::lock_guard lock(m_mutex);
    auto& m = m_imageLocks[manifest];
    if (!m)
        m = std::make_shared<std::mutex>();
    return m;
}

// The user's Docker credentials for the registry, as the CLI finds them; none
// (logged) when the config cannot be read.
static std::vector<std::pair<std::string, registry::Credentials>> credentialsFor(const oci::Reference& ref)
{
    std::vector<std::pair<std::string, registry::Credentials>> out;
    if (auto config = registry::DockerConfig::load(); !config)
        log::warning("snapshotter: " + config.error().text() + "; asking " + ref.registry + " without credentials");
    else if (auto c = config->lookup(ref.registry); !c)
        log::warning("snapshotter: credentials for " + ref.registry + ": " + c.error().text());
    else if (*c)
        out.emplace_back(ref.registry, **c);
    return out;
}

Result<oci::Digest> ImageLayers::resolve(const oci::Reference& ref)
{
    const std::string key = ref.str();
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_resolved.find(key); it != m_resolved.end() && now - it->second.second < kRefusalMemory)
            return it->second.first;
    }
    registry::ClientOptions co;
    co.retry = registry::retryPolicyFromEnvironment();
    co.http = registry::httpOptionsFromEnvironment();
    co.credentials = [creds = credentialsFor(ref)](
                         const std::string& registry) -> Result<std::optional<registry::Credentials>> {
        for (const auto& [host, c] : creds)
            if (host == registry)
                return std::optional<registry::Credentials>(c);
        return std::optional<registry::Credentials>();
    };
    registry::Session session(co);
    auto source = session.open(ref);
    if (!source)
        return source.error();
    auto image = registry::resolvePlatformImage(**source, ref.tagOrDigest());
    if (!image)
        return image.error();
    std::lock_guard lock(m_mutex);
    forgetOld(m_resolved, now);
    m_resolved[key] = { image->raw.digest, now };
    return image->raw.digest;
}

Status ImageLayers::ensureMounted(const oci::Reference& ref, const oci::Digest& manifest, const std::string& mountpoint)
{
    if (m_mounts.fsOf(mountpoint))
        return {};
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_refused.find(manifest.str()); it != m_refused.end()) {
            if (std::chrono::steady_clock::now() - it->second.second < kRefusalMemory)
                return it->second.first;
            m_refused.erase(it);
        }
    }
    MountSpec spec;
    // Pinned to the platform manifest containerd pulls: a tag that moves on
    // meanwhile changes nothing here.
    spec.reference = ref.withDigest(manifest.str()).str();
    spec.mountpoint = mountpoint;
    spec.credentials = credentialsFor(ref);
    // Whoever may use the daemon sees what containerd's containers fetch.
    spec.visibleToAll = true;
    if (auto s = files::makeDirs(mountpoint, 0755); !s)
        return s;
    auto mounted = m_mounts.mount(self(), spec);
    Status verdict;
    if (!mounted)
        verdict = mounted.error();
    else if (mounted->indexDigest.empty()) {
        // Served whole, a layer would be fetched by us instead of containerd:
        // no better, and containerd's unpack is what users expect then.
        verdict = makeError(ErrorCode::NotFound, "the image has no SOCI index", spec.reference);
        (void)m_mounts.unmount(self(), mountpoint);
    }
    if (!verdict) {
        ::rmdir(mountpoint.c_str());
        std::lock_guard lock(m_mutex);
        forgetOld(m_refused, std::chrono::steady_clock::now());
        m_refused[manifest.str()] = { verdict.error(), std::chrono::steady_clock::now() };
    }
    return verdict;
}

Result<snapshotter::LayerView> ImageLayers::view(const snapshotter::RemoteLayer& layer)
{
    auto ref = oci::Reference::parse(layer.imageRef);
    if (!ref)
        return ref.error();
    if (ref->isLayout)
        return makeError(ErrorCode::Usage, "containerd named an OCI layout folder, not a registry", layer.imageRef);
    oci::Digest manifest;
    if (layer.manifestDigest) {
        manifest = *layer.manifestDigest;
    } else {
        auto resolved = resolve(*ref);
        if (!resolved)
            return resolved.error();
        manifest = *resolved;
    }
    const std::string mountpoint = mountpointOf(manifest);
    {
        const auto imageLock = lockFor(manifest.str());
        const std::lock_guard lock(*imageLock);
        if (auto s = ensureMounted(*ref, manifest, mountpoint); !s)
            return s.error();
    }
    auto fs = m_mounts.fsOf(mountpoint);
    if (!fs)
        return makeError(ErrorCode::NotFound, "the image was unmounted meanwhile", mountpoint);
    auto& image = fs->image();
    const auto& layers = image.image().manifest.layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].digest != layer.layerDigest)
            continue;
        // A layer without a zTOC is served too: the mount fetched it whole
        // and verified it to build the image's tree (soci-snapshotter's
        // "local snapshot"). Left to containerd, it would cost more than the
        // layer: containerd 1.6's unpacker, at the first layer it must
        // unpack, starts downloading every layer above it, lazy or not.
        return snapshotter::LayerView {
            mountpoint + "/" + std::string(lazy::ImageFs::kLayersDir) + "/" + std::to_string(i), manifest
        };
    }
    return makeError(
        ErrorCode::NotFound, "the layer is not in manifest " + manifest.str(), layer.layerDigest.str());
}

void ImageLayers::keepOnly(const std::set<std::string>& used)
{
    const std::string prefix = m_root + "/";
    for (const auto& m : m_mounts.list(self())) {
        if (m.mountpoint.compare(0, prefix.size(), prefix) != 0 || used.count("sha256:" + m.mountpoint.substr(prefix.size())))
            continue;
        const auto imageLock = lockFor("sha256:" + m.mountpoint.substr(prefix.size()));
        const std::lock_guard lock(*imageLock);
        auto r = m_mounts.unmount(self(), m.mountpoint);
        if (!r) {
            log::warning("snapshotter: could not unmount " + m.mountpoint + ": " + r.error().text());
            continue;
        }
        log::info("snapshotter: unmounted " + m.reference + " from " + m.mountpoint + ", which no snapshot uses"
            + (r->second ? " (files still open: detached)" : ""));
        ::rmdir(m.mountpoint.c_str());
    }
}

} // namespace sociscope::daemon
