// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A run's startup profile: which spans of which layers it read until its
// first output, its exit or a time limit, what they cost against the whole
// image, and the files behind them. Recorded by the daemon (the mount's
// per-span read record, LazyImage::neededSpans), described here, saved as
// JSON, and published as prefetch artifacts (soci/prefetch.h).
#pragma once

#include "registry/inspect.h"
#include "registry/source.h"
#include "soci/prefetch.h"
#include "soci/prefetch_publish.h"
#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::lazy {

class LazyImage;

// What the daemon hands back: the spans read, per layer (index = layer).
struct StartupRecord {
    std::string until;              // "output", "exit" or "time": what ended the recording
    unsigned seconds = 0;           // the limit, for "time" (0: none)
    std::int64_t firstOutputMs = -1; // from the run's request to its first output; -1: none
    std::int64_t recordedMs = 0;    // from the run's request to the end of the recording
    std::vector<std::vector<std::int32_t>> spans;

    bool operator==(const StartupRecord&) const = default;
};

// A file whose data lies in one of a layer's profiled spans.
struct StartupFiles {
    std::int32_t span = 0;
    std::vector<std::string> files; // paths in the layer, at most kMaxFilesPerSpan
    std::size_t more = 0;           // files of the span not listed
};

struct StartupLayer {
    int index = 0;           // 0 = bottom
    std::string digest;      // the layer
    std::int64_t size = 0;   // its compressed size
    std::int32_t spanCount = 0; // spans its zTOC has
    std::vector<soci::PrefetchSpan> spans; // read at startup, merged
    std::uint64_t bytes = 0; // their compressed bytes
    std::vector<StartupFiles> files;
};

struct StartupProfile {
    static constexpr std::size_t kMaxFilesPerSpan = 64;
    static constexpr std::size_t kMaxBytes = 64u << 20; // a profile file read back

    std::string reference;
    std::string digest;   // the platform manifest run
    std::string platform;
    std::string index;    // the SOCI index used, "" when none
    std::vector<std::string> command;
    StartupRecord record; // spans left empty once described (they are in layers)
    std::uint64_t imageBytes = 0;  // compressed bytes of every layer
    std::uint64_t neededBytes = 0; // of the spans read at startup
    std::vector<StartupLayer> layers; // only layers it read

    // The JSON written to disk and printed by `run --record-startup --json`.
    [[nodiscard]] std::string toJson(int indent = 2) const;
    // Reads one back; Malformed naming what is wrong (over kMaxBytes, not a
    // profile, a bad digest or span range).
    static Result<StartupProfile> parse(std::string_view json);
};

// $XDG_STATE_HOME/sociscope/profiles, where profiles are kept.
std::string profilesDir();
// The profile of the user's last recorded run: profilesDir()/last-run.json.
std::string lastRunProfilePath();
// Saves a profile as profilesDir()/NAME.json and as last-run.json (atomic
// writes, mode 0600); keeps the newest kKeptProfiles. Returns the first path.
inline constexpr std::size_t kKeptProfiles = 32;
Result<std::string> saveProfile(const StartupProfile& profile, const std::string& name);

// Describes a record against the image it was made on: bytes per layer and
// in all, the files behind each span (from each layer's verified zTOC).
Result<StartupProfile> describeStartup(LazyImage& image, const StartupRecord& record);

// Publishes a profile's spans as prefetch artifacts of image's SOCI index
// (soci::publishPrefetch: ref the tag or digest image was resolved from,
// tag where an updated v2 image goes, "" for none). NotFound, saying how to
// make one, when the image has no SOCI index; Malformed for a layer digest
// that does not parse. Shared by `index prefetch add` and the GUI.
Result<soci::PublishedPrefetch> publishProfile(registry::Source& source, const std::string& ref, const std::string& tag,
    const registry::PlatformImage& image, const StartupProfile& profile);

} // namespace sociscope::lazy
