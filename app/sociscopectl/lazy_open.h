// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Shared by the commands that read an image lazily (ls, cat, extract, inventory).
#pragma once

#include "cli.h"

#include "lazy/lazy_image.h"

#include <chrono>
#include <memory>
#include <string>

namespace sociscope::cli {

// A reference and the source it names (a registry repository or an oci: folder).
struct OpenedSource {
    oci::Reference ref;
    std::unique_ptr<registry::Source> source;
};
Result<OpenedSource> openSource(Context& ctx, const std::string& text);

// Opens REF for lazy reading. Its trees are verified: every zTOC is fetched
// whole and checked before a name is printed. at, when given, is the tag or
// digest to open instead of REF's own (an oci: reference cannot name both).
Result<std::shared_ptr<lazy::LazyImage>> openImage(Context& ctx, const std::string& text, const std::string& at = {});

// The --stats object (see docs/cli.md).
Json statsJson(lazy::LazyImage& img, std::chrono::steady_clock::time_point started);

// --stats without --json: three lines on stderr.
void printStats(Context& ctx, lazy::LazyImage& img, std::chrono::steady_clock::time_point started);

} // namespace sociscope::cli
