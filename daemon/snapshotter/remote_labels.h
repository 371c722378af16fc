// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "util/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::snapshotter {

// What a Prepare of a layer unpack says about the layer, from the labels
// containerd's CRI plugin (and `ctr-remote images rpull`) set on it
// (SOCI-FORMAT.md 6.1 and 6.7): the target snapshot name and the image,
// manifest and layer the snapshot is for. The lazy pull handshake starts here.
//
// Debian's `ctr-remote images rpull` (stargz-snapshotter 0.12) sends its own
// set instead, without the manifest: remote/stargz.reference,
// remote/stargz.digest and remote/stargz.layers. Those give a RemoteLayer
// without manifestDigest; the platform manifest is then the one the
// reference names for this machine, resolved by whoever mounts it.
struct RemoteLayer {
    std::string target; // containerd.io/snapshot.ref: the committed name containerd wants
    std::string imageRef; // cri.image-ref, as containerd was given it
    // cri.manifest-digest: the platform manifest; nullopt from ctr-remote 0.12.
    std::optional<oci::Digest> manifestDigest;
    oci::Digest layerDigest; // cri.layer-digest: this layer
    // cri.image-layers: this layer and the ones after it, as many as fit the
    // label (containerd cuts the list to stay under its 4 KiB label limit).
    std::vector<oci::Digest> imageLayers;
    std::optional<std::int64_t> layerSize; // remote/soci.size
    std::vector<std::int64_t> imageLayerSizes; // remote/image.layers.size, same order as imageLayers
    std::optional<oci::Digest> indexDigest; // remote/soci.index.digest: the SOCI index to use
};

// nullopt for an ordinary Prepare (no target label, or none of the CRI or
// stargz labels: a snapshot containerd fills itself). A target with labels that
// are missing or wrong (a bad digest, sizes that do not match the layers, a
// reference that is not text) is a Malformed error saying which label.
Result<std::optional<RemoteLayer>> parseRemoteLayer(const std::map<std::string, std::string>& labels);

// CRI's labels for layer of the platform manifest `manifest` (image-ref,
// manifest-digest, layer-digest and, when known, image-layers).
std::map<std::string, std::string> criLabels(const RemoteLayer& layer, const oci::Digest& manifest);

// The labels a committed lazy snapshot carries (as soci-snapshotter writes
// them), for containerd namespace ns.
std::map<std::string, std::string> remoteSnapshotLabels(const std::string& ns);

} // namespace sociscope::snapshotter
