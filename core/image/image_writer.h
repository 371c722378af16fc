// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "image/layer_writer.h"
#include "oci/image.h"
#include "registry/source.h"
#include "util/result.h"

#include <map>
#include <string>
#include <vector>

namespace sociscope::image {

// What goes into an image config besides the layers.
struct ImageSpec {
    oci::Platform platform{"amd64", "linux", {}, {}, {}};
    std::string created = "2023-11-14T22:13:20Z";
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::vector<std::string> env{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    std::string workingDir;
    std::string user;
    std::map<std::string, std::string> labels;
    std::vector<std::string> exposedPorts;
    std::vector<std::string> volumes;
    // One history line per layer ("created_by"); missing ones are generated.
    std::vector<std::string> layerHistory;
};

// Pushes layers, config and an OCI manifest to dst under tag. Returns the
// manifest's descriptor (with the platform set).
Result<oci::Descriptor> writeImage(registry::Source& dst, const std::vector<Layer>& layers, const ImageSpec& spec,
                                   const std::string& tag);

// Pushes an in-memory blob.
Status pushBytes(registry::Source& dst, const std::string& bytes, const std::string& mediaType);

} // namespace sociscope::image
