// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sociscope::fs {

// Reads bytes [offset, offset+length) of a regular file of the tree.
using FileReader = std::function<Result<std::string>(Ino ino, std::int64_t offset, std::size_t length)>;

struct ExtractOptions {
    int stripComponents = 0;           // drop this many leading path parts, as tar does
    bool keepOwnership = false;        // chown to the image's uid/gid (root only)
    bool devices = false;              // make character and block device nodes (root only); else skip them
    std::function<void(const std::string& path, std::uint64_t bytes)> progress; // after each file
    const std::atomic<bool>* cancel = nullptr;
};

struct ExtractResult {
    std::uint64_t files = 0, folders = 0, links = 0, nodes = 0, bytes = 0; // links: symlinks and hardlinks; nodes: devices, FIFOs
    // Not written by rule, with the reason: whiteouts (layer views), tar names
    // that were absolute or climbed out with "..".
    std::vector<std::pair<std::string, std::string>> skipped;
    // Device nodes not made because ExtractOptions::devices was off.
    std::vector<std::string> devicesSkipped;
    // Entries that could not be written, with the reason; the others were.
    std::vector<std::pair<std::string, std::string>> failed;
    // Asked paths the image does not have (the others were extracted).
    std::vector<std::string> notFound;
};

// Writes the given image paths (files or whole subtrees) under dest with their
// full image paths ("/usr/bin" -> dest/usr/bin/...), minus stripComponents,
// as tar and umoci do, but never outside dest:
// - symlinks are made exactly as the image has them, absolute ones too; nothing
//   is ever written through one: every folder is opened beneath dest with
//   openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) (or an O_NOFOLLOW walk);
// - an image folder replaces a file or symlink of that name already in dest
//   (tar's rule for directory members); a folder above an asked path that is a
//   symlink or file in dest fails that path; a folder in dest is never replaced
//   (the entry fails: "a folder is in the way");
// - files appear complete or not at all (O_TMPFILE + linkat, else a short
//   temporary name and rename), so names of up to 255 bytes work;
// - device nodes only with options.devices (root only), with the image's
//   mode; FIFOs always; setuid/setgid dropped unless root; hardlinks only
//   to names this extraction wrote;
// - tar names that were absolute or held ".." are skipped.
// An entry that fails is listed in failed and the others go on. An asked path
// that yields nothing is listed in failed with the reason; one the image lacks
// in notFound. The Error is for what stops everything: dest cannot be opened,
// the image cannot be read, the disk is full, cancel.
Result<ExtractResult> extract(const ImageTree& tree, const FileReader& read, const std::vector<std::string>& paths,
                              const std::string& dest, const ExtractOptions& options = {});

} // namespace sociscope::fs
