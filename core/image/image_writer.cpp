// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "image/image_writer.h"

#include "oci/mediatypes.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace sociscope::image {

Status pushBytes(registry::Source& dst, const std::string& bytes, const std::string& mediaType)
{
    oci::Descriptor d;
    d.mediaType = mediaType;
    d.digest = oci::Digest::sha256Of(bytes);
    d.size = static_cast<std::int64_t>(bytes.size());
    auto has = dst.hasBlob(d.digest);
    if (!has)
        return has.error();
    if (*has)
        return {};
    return dst.pushBlob(d, [&bytes] {
        return registry::BodyReader([&bytes, pos = size_t(0)](char* buf, size_t max) mutable -> Result<size_t> {
            const size_t k = std::min(max, bytes.size() - pos);
            std::memcpy(buf, bytes.data() + pos, k);
            pos += k;
            return k;
        });
    });
}

Result<oci::Descriptor> writeImage(registry::Source& dst, const std::vector<Layer>& layers, const ImageSpec& spec,
                                   const std::string& tag)
{
    using Json = nlohmann::ordered_json;
    Json cfg;
    cfg["created"] = spec.created;
    cfg["architecture"] = spec.platform.architecture;
    cfg["os"] = spec.platform.os;
    if (!spec.platform.variant.empty())
        cfg["variant"] = spec.platform.variant;
    Json c = Json::object();
    if (!spec.user.empty())
        c["User"] = spec.user;
    if (!spec.exposedPorts.empty()) {
        c["ExposedPorts"] = Json::object();
        for (const auto& p : spec.exposedPorts)
            c["ExposedPorts"][p] = Json::object();
    }
    c["Env"] = spec.env;
    if (!spec.entrypoint.empty())
        c["Entrypoint"] = spec.entrypoint;
    if (!spec.cmd.empty())
        c["Cmd"] = spec.cmd;
    if (!spec.volumes.empty()) {
        c["Volumes"] = Json::object();
        for (const auto& v : spec.volumes)
            c["Volumes"][v] = Json::object();
    }
    if (!spec.workingDir.empty())
        c["WorkingDir"] = spec.workingDir;
    if (!spec.labels.empty())
        c["Labels"] = spec.labels;
    cfg["config"] = c;
    Json diffIds = Json::array();
    for (const auto& l : layers)
        diffIds.push_back(l.diffId.str());
    cfg["rootfs"] = {{"type", "layers"}, {"diff_ids", diffIds}};
    Json history = Json::array();
    for (size_t i = 0; i < layers.size(); ++i) {
        const std::string by = i < spec.layerHistory.size() ? spec.layerHistory[i]
                                                            : "sociscope image writer: layer " + std::to_string(i);
        history.push_back({{"created", spec.created}, {"created_by", by}});
    }
    cfg["history"] = history;
    const std::string configBytes = cfg.dump();

    oci::Manifest m;
    m.mediaType = std::string(oci::mt::OciManifest);
    m.config.mediaType = std::string(oci::mt::OciConfig);
    m.config.digest = oci::Digest::sha256Of(configBytes);
    m.config.size = static_cast<std::int64_t>(configBytes.size());
    for (const auto& l : layers) {
        if (auto s = pushBytes(dst, l.blob, l.mediaType); !s)
            return s.error();
        oci::Descriptor d;
        d.mediaType = l.mediaType;
        d.digest = l.digest;
        d.size = static_cast<std::int64_t>(l.blob.size());
        m.layers.push_back(d);
    }
    if (auto s = pushBytes(dst, configBytes, m.config.mediaType); !s)
        return s.error();
    const std::string manifestBytes = m.toGoJson();
    if (auto s = dst.pushManifest(manifestBytes, m.mediaType, tag); !s)
        return s.error();
    oci::Descriptor out;
    out.mediaType = m.mediaType;
    out.digest = oci::Digest::sha256Of(manifestBytes);
    out.size = static_cast<std::int64_t>(manifestBytes.size());
    out.platform = spec.platform;
    return out;
}

} // namespace sociscope::image
