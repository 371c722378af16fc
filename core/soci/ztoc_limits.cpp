// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/ztoc_limits.h"

#include "util/strings.h"

#include <algorithm>

namespace sociscope::soci {

namespace {
constexpr std::uint64_t Floor = 1ull << 20;
constexpr std::uint64_t Slack = 1ull << 20;
// Tar headers of empty files compress to a few bytes each while their zTOC
// entries keep the names: measured 10x the layer for 50,000 empty files.
constexpr std::uint64_t RatioToLayer = 16;
} // namespace

std::uint64_t maxZtocSize(std::int64_t layerSize)
{
    const std::uint64_t layer = layerSize > 0 ? static_cast<std::uint64_t>(layerSize) : 0;
    // Compared before adding, so a huge claimed layer size cannot overflow.
    if (layer >= MaxZtocFileSize / RatioToLayer)
        return MaxZtocFileSize;
    return std::min(std::max(layer * RatioToLayer, Floor) + Slack, MaxZtocFileSize);
}

Status checkZtocSize(const oci::Descriptor& ztoc, const oci::Descriptor& layer)
{
    const std::uint64_t limit = maxZtocSize(layer.size);
    if (ztoc.size >= 0 && static_cast<std::uint64_t>(ztoc.size) <= limit)
        return {};
    const std::string size =
        ztoc.size < 0 ? std::string("of unknown size") : str::humanBytes(static_cast<std::uint64_t>(ztoc.size));
    return makeError(ErrorCode::Malformed,
                     "zTOC " + ztoc.digest.str() + " (" + size + ") is larger than its layer " + layer.digest.str() +
                         " (" + str::humanBytes(static_cast<std::uint64_t>(std::max<std::int64_t>(layer.size, 0))) +
                         ") allows: at most " + str::humanBytes(limit) +
                         " (16 times the layer's size, at least 1 MiB, plus 1 MiB, never above 128 MiB); not downloaded");
}

} // namespace sociscope::soci
