// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Prefetch artifacts and startup profiles in the CLI (cmd_prefetch.cpp):
// `index prefetch add` and the artifacts `index info` lists.
#pragma once

#include "cli.h"
#include "lazy/startup_profile.h"
#include "registry/inspect.h"
#include "soci/index.h"

#include <string>

namespace sociscope::cli {

// `index prefetch add REF --from PROFILE | --from-last-run`.
Status runIndexPrefetch(Context& ctx, Args& args);
// The prefetch artifacts of an index, as `index info` lists them (layer, span
// ranges, spans, their compressed bytes). An artifact that cannot be read is
// listed with its error.
Json prefetchInfo(registry::Source& source, const registry::PlatformImage& image, const soci::SociIndex& index);
// Prints prefetchInfo()'s list, a line per artifact.
void printPrefetch(const Json& list);

} // namespace sociscope::cli
