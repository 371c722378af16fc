// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "remote_labels.h"
#include "util/result.h"

#include <set>
#include <string>

namespace sociscope::snapshotter {

// Where the snapshotter gets a layer's files without unpacking it: the lazy
// view of that layer in an image the daemon mounts (every zTOC verified
// first). The snapshotter only asks and lets go; mounting, credentials and
// fetching belong to the daemon (image_layers.h). A separate interface so
// the snapshotter's own tests run without a registry or FUSE.
// A layer's lazy view: its folder, and the platform manifest of the image
// mounted for it (the one the labels named, or the one the reference names
// for this machine when they named none).
struct LayerView {
    std::string path;
    oci::Digest manifest;
};

class LazyLayers {
public:
    virtual ~LazyLayers() = default;
    // The folder that holds layer's files (whiteouts in overlayfs's form),
    // mounting its image first when it is not mounted yet; waits for the
    // mount, within the daemon's own time limits. Always the same folder for
    // the same image and layer, also after a restart. An error means the
    // layer is not served lazily (no SOCI index, the layer not in the
    // manifest, the registry said no, ...): its message says which, for the
    // log. A layer without a zTOC is served from its whole, verified copy.
    virtual Result<LayerView> view(const RemoteLayer& layer) = 0;
    // Unmounts the images whose manifest digest is not in `used`: no remote
    // snapshot stands on them any more.
    virtual void keepOnly(const std::set<std::string>& used) = 0;
};

} // namespace sociscope::snapshotter
