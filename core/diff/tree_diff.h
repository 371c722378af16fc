// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "lazy/lazy_image.h"
#include "oci/image.h"
#include "registry/source.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::diff {

// What became of one path between image A and image B.
enum class Kind : std::uint8_t {
    Added,    // only in B
    Removed,  // only in A
    Changed,  // in both; metadata or known content differ
    Unknown,  // in both with equal metadata; the content may differ (not fetched)
    Same,     // in both and equal (counted, not listed)
};
// "added", "removed", "changed", "unknown", "same".
const char* kindName(Kind k);

// How the content of two regular files of equal size compares.
enum class Content : std::uint8_t {
    NotCompared, // not regular files, or sizes differ
    SameLayer,   // the same bytes of the same layer blob
    SameSpans,   // equal span digests (and checkpoints) over the file's range
    Unknown,     // not known without fetching
    Equal,       // read and compared (--content)
    Differs,     // read and compared: the bytes differ
};
// "not-compared", "same-layer", "same-spans", "unknown", "equal", "differs".
const char* contentName(Content c);

// One side of an entry: what stat() would say, and where it came from.
struct Side {
    fs::FileType type = fs::FileType::Regular;
    std::uint32_t mode = 0; // permission bits (07777)
    std::uint32_t uid = 0, gid = 0;
    std::int64_t size = 0;
    std::string target;   // symlink target
    std::int32_t layer = -1; // the layer that made it (-1: an implicit folder)
    std::uint32_t rdevMajor = 0, rdevMinor = 0;
};

// One path that differs (or, with --content, was compared).
struct Entry {
    std::string path; // absolute, "/etc/passwd"; raw bytes of the image's names
    Kind kind = Kind::Same;
    std::vector<std::string> changes; // Changed: "type", "mode", "owner", "size", "target", "device", "xattrs", "content"
    Content content = Content::NotCompared;
    std::optional<Side> a, b;
};

struct Options {
    std::string path = "/";          // only this subtree (a folder or one file), as an absolute path
    bool compareContent = false;     // read files whose content is Unknown and compare them
    const std::atomic<bool>* cancel = nullptr; // set from any thread: the diff ends with ErrorCode::Cancelled
    // Called from the diffing thread: a stage ("layers", "comparing", "content") and progress in it.
    std::function<void(const std::string& stage, std::size_t done, std::size_t total)> progress;
};

struct ImageDiff {
    std::vector<Entry> entries; // sorted by path; Same entries are left out
    std::size_t same = 0;       // paths touched by an upper layer on either side and found equal
    std::size_t sharedLayers = 0;   // the common prefix of layers (same digest at the same position)
    bool sameImage = false;         // same manifest: nothing was compared
    bool baseRead = false;          // the shared layers' file lists had to be read
    std::uint64_t contentBytesRead = 0; // file bytes read by compareContent
};

// The digests two references resolve to (one manifest request each), to be
// compared before anything else is fetched: equal digests, no differences.
Result<std::pair<oci::Descriptor, oci::Descriptor>> resolveBoth(registry::Source& a, const std::string& refA,
                                                                 registry::Source& b, const std::string& refB);

// Compares the merged trees of two images. Shared layers (the common prefix
// of layer digests) are not compared: their file lists are read (once, through
// a) only when an upper layer of one side touches a path the other side's
// upper layers do not decide. Same manifest digest: empty, nothing fetched.
// Usage error when options.path is not absolute; NotFound when it exists in
// neither image. Blocking; safe to run off the GUI thread (see Options::cancel).
Result<ImageDiff> diffImages(lazy::LazyImage& a, lazy::LazyImage& b, const Options& options = {});

} // namespace sociscope::diff
