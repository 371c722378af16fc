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
    std::function<void(const std::string& path, std::uint64_t bytes)> progress; // after each file
    const std::atomic<bool>* cancel = nullptr;
};

struct ExtractResult {
    std::uint64_t files = 0, folders = 0, links = 0, bytes = 0;
    // Entries not written, with the reason ("symlink leads outside the target", ...).
    std::vector<std::pair<std::string, std::string>> skipped;
};

// Writes the given image paths (files or whole subtrees) under dest with their
// full image paths ("/usr/bin" -> dest/usr/bin/...), minus stripComponents.
// Safe against hostile images: never writes through a symlink, refuses
// symlinks that lead outside dest and names that were absolute or held "..";
// each file is written under a temporary name and renamed into place, so no
// half-written file ever has its final name. Modes (setuid/setgid dropped
// unless root) and modification times are kept.
Result<ExtractResult> extract(const ImageTree& tree, const FileReader& read, const std::vector<std::string>& paths,
                              const std::string& dest, const ExtractOptions& options = {});

// True when a symlink at linkDir (path parts below the extraction root) with
// this target stays inside the root.
bool symlinkStaysInside(const std::vector<std::string>& linkDir, const std::string& target);

} // namespace sociscope::fs
