// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Prefetch artifacts and startup profiles in the CLI (cmd_prefetch.cpp):
// `index prefetch add`, the artifacts `index info` lists, and the startup
// profiles `run --record-startup` and `record` save and print.
#pragma once

#include "cli.h"
#include "lazy/startup_profile.h"
#include "registry/inspect.h"
#include "soci/index.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sociscope::cli {

// `index prefetch add REF --from PROFILE | --from-last-run`.
Status runIndexPrefetch(Context& ctx, Args& args);
// The prefetch artifacts of an index, as `index info` lists them (layer, span
// ranges, spans, their compressed bytes). An artifact that cannot be read is
// listed with its error.
Json prefetchInfo(registry::Source& source, const registry::PlatformImage& image, const soci::SociIndex& index);
// Prints prefetchInfo()'s list, a line per artifact.
void printPrefetch(const Json& list);

// "12.5%" of whole; "-" when whole is 0.
std::string percentText(std::uint64_t part, std::uint64_t whole);
// A startup record described against the image it was made on (ref at
// digest: the files behind each span) and saved with lazy::saveProfile as
// NAME (and as the last run); also written to alsoTo when given. nullopt,
// with a warning on stderr, when that failed: the run itself went fine.
std::optional<std::pair<lazy::StartupProfile, std::string>> saveStartup(Context& ctx, const oci::Reference& ref,
    const std::string& digest, const lazy::StartupRecord& record, const std::vector<std::string>& command,
    const std::string& name, const std::string& alsoTo = {});
// The profile in a few lines on stderr, and how to publish it.
void printStartup(const lazy::StartupProfile& p, const std::string& path, const std::string& ref);

} // namespace sociscope::cli
