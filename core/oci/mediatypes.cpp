// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/mediatypes.h"

namespace sociscope::oci::mt {

LayerCompression layerCompression(std::string_view m)
{
    if (m == OciLayerGzip || m == DockerLayerGzip || m == DockerForeignLayerGzip ||
        m == "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip")
        return LayerCompression::Gzip;
    if (m == OciLayerZstd || m == "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd")
        return LayerCompression::Zstd;
    if (m == OciLayerTar)
        return LayerCompression::None;
    if (m == DockerLayerTar)
        return LayerCompression::Unknown;
    return LayerCompression::Unsupported;
}

const char* compressionName(LayerCompression c)
{
    switch (c) {
    case LayerCompression::Gzip: return "gzip";
    case LayerCompression::Zstd: return "zstd";
    case LayerCompression::None: return "tar";
    case LayerCompression::Unknown: return "unknown";
    case LayerCompression::Unsupported: return "unsupported";
    }
    return "unsupported";
}

} // namespace sociscope::oci::mt
