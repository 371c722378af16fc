// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy_layers.h"
#include "mount_manager.h"
#include "oci/reference.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace sociscope::daemon {

// The snapshotter's lazy layers as the daemon's own mounts: one mount per
// platform image, at <root>/<manifest hex> (root: <snapshotter root>/images) (read-only, allow_other as every
// system mount), whose .layers/<n> folders are the layer views overlayfs
// stacks. They are mounts like any other: `sociscopectl mounts`, `events`
// and the GUI show what containerd's containers fetch, and many containers
// of one image share one mount, its cache and its spans. Credentials come
// from the daemon user's Docker config and credential helpers, as the CLI's
// do. Thread-safe; one image is mounted at most once at a time.
class ImageLayers final : public snapshotter::LazyLayers {
public:
    // root: the folder the mountpoints go in (made when missing).
    ImageLayers(MountManager& mounts, std::string root);

    Result<snapshotter::LayerView> view(const snapshotter::RemoteLayer& layer) override;
    void keepOnly(const std::set<std::string>& used) override;

    // Where the image with this platform manifest is mounted.
    [[nodiscard]] std::string mountpointOf(const oci::Digest& manifest) const;

private:
    // Mounts the image unless it is; NotFound when it has no SOCI index.
    Status ensureMounted(const oci::Reference& ref, const oci::Digest& manifest, const std::string& mountpoint);
    // The platform manifest ref names for this machine (asked again after a minute).
    Result<oci::Digest> resolve(const oci::Reference& ref);
    std::shared_ptr<std::mutex> lockFor(const std::string& manifest);

    MountManager& m_mounts;
    const std::string m_root;
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<std::mutex>> m_imageLocks; // by manifest digest
    // Images found without a SOCI index (or whose mount failed), for a while,
    // so the other layers of the same pull do not ask the registry again.
    std::map<std::string, std::pair<Error, std::chrono::steady_clock::time_point>> m_refused;
    // References resolved to platform manifests lately (ctr-remote names no manifest).
    std::map<std::string, std::pair<oci::Digest, std::chrono::steady_clock::time_point>> m_resolved;
};

} // namespace sociscope::daemon
