// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Parsers of the small files that say what software an image holds. Each
// takes the file's bytes and its absolute path in the image (copied into
// every Package), never reads anything else, and tolerates junk: malformed
// records are skipped, not fatal.
#pragma once

#include "inventory/package.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::inventory {

// /var/lib/dpkg/status (or one file of status.d/): the stanzas whose Status
// says "installed". Version keeps its epoch ("1:1.35.0-4").
std::vector<Package> parseDpkgStatus(std::string_view text, const std::string& path);

// /lib/apk/db/installed: P: name, V: version, A: arch, T: description,
// L: license, o: origin, I: installed size.
std::vector<Package> parseApkInstalled(std::string_view text, const std::string& path);

// A Python package's core metadata (METADATA or PKG-INFO): Name, Version,
// Summary, License from the header block. nullopt without Name and Version.
std::optional<Package> parsePythonMetadata(std::string_view text, const std::string& path);

// One conda-meta/*.json record: name, version, build, channel, subdir.
// Malformed for text that is not such a record.
Result<Package> parseCondaMeta(std::string_view text, const std::string& path);

// CUDA's version.json: the "cuda" entry (the toolkit), plus cuDNN/NCCL
// entries when present. Empty when it names none.
std::vector<Package> parseCudaVersionJson(std::string_view text, const std::string& path);
// Older toolkits' version.txt: "CUDA Version 10.2.89".
std::optional<Package> parseCudaVersionText(std::string_view text, const std::string& path);
// A C header defining <PREFIX>_MAJOR, _MINOR and _PATCHLEVEL (or _PATCH):
// cudnn_version.h / cudnn.h (prefix CUDNN, name "cudnn"), nccl.h (NCCL, "nccl").
std::optional<Package> parseVersionHeader(std::string_view text, const std::string& path, const std::string& prefix,
                                          const std::string& name);
// A versioned NVIDIA library file name: "libcudart.so.12.1.105" -> cudart
// 12.1.105. nullopt for other names and for names with only a major version.
std::optional<Package> packageFromLibraryName(std::string_view fileName, const std::string& path);

// One RPM header blob as stored in rpmdb.sqlite's Packages table (region,
// index entries, data; big-endian). Every offset is bounds-checked; Malformed
// for a blob that is not a header.
Result<Package> parseRpmHeader(std::string_view blob, const std::string& path);

} // namespace sociscope::inventory
