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

// Opens REF for lazy reading. fastToc: list from the zTOCs' TOC regions
// (ls, inventory); data commands fetch whole, verified zTOCs from the start,
// which is less to fetch than both.
Result<std::shared_ptr<lazy::LazyImage>> openImage(Context& ctx, const std::string& text, bool fastToc);

// The --stats object (see docs/cli.md).
Json statsJson(lazy::LazyImage& img, std::chrono::steady_clock::time_point started);

// --stats without --json: two lines on stderr.
void printStats(Context& ctx, lazy::LazyImage& img, std::chrono::steady_clock::time_point started);

} // namespace sociscope::cli
