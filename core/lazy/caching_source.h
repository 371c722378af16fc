// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/disk_cache.h"
#include "lazy/fetch_events.h"
#include "lazy/fetch_stats.h"
#include "registry/source.h"

#include <memory>

namespace sociscope::lazy {

// A Source that keeps manifests, indexes, configs and zTOCs in the disk cache
// by digest (and tags by name), so an image opened once browses offline: when
// the registry cannot be reached, a tag resolves to the digest seen last.
// Counts what it fetches into stats. Writes and range reads pass through.
std::shared_ptr<registry::Source> makeCachingSource(std::shared_ptr<registry::Source> inner,
                                                   std::shared_ptr<DiskCache> cache, FetchStats* stats,
                                                   FetchEvents* events = nullptr);

} // namespace sociscope::lazy
