// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/fetch_stats.h"

namespace sociscope::lazy {

void FetchStats::addFetched(FetchKind kind, std::uint64_t bytes)
{
    switch (kind) {
    case FetchKind::Index: indexBytes += bytes; break;
    case FetchKind::Ztoc: ztocBytes += bytes; break;
    case FetchKind::Span: spanBytes += bytes; break;
    case FetchKind::WholeLayer: wholeLayerBytes += bytes; break;
    }
}

std::uint64_t FetchStats::networkBytes() const
{
    return indexBytes.load() + ztocBytes.load() + spanBytes.load() + wholeLayerBytes.load();
}

} // namespace sociscope::lazy
