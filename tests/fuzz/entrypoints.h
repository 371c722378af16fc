// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

// The bodies of the libFuzzer targets, shared with the corpus replay test so a normal
// build runs every seed through exactly the same code. Each returns 0, or a non-zero
// code when a property that must hold for any input is broken (the fuzz targets trap
// on it). Crashes and sanitizer reports are found by running them, not returned.
namespace sociscope::fuzz {

// parseZtoc; whatever it accepts must give a SpanIndex, serialize, and parse back equal.
int parseZtoc(const std::uint8_t* data, std::size_t size);
// parseGzipZinfo; accepted blobs re-serialize (as v2) to the same checkpoints.
int gzipZinfo(const std::uint8_t* data, std::size_t size);
// parseTarZinfo; accepted FlatBuffers re-serialize to an equal TarZinfo.
int tarZinfo(const std::uint8_t* data, std::size_t size);
// TarTocBuilder fed in two pieces split at a data-chosen point must agree with one piece.
int tarToc(const std::uint8_t* data, std::size_t size);

// The OCI JSON readers (entrypoints_oci.cpp): Manifest, Index (also as a referrers
// answer), ImageConfig and SociIndex parse any bytes to a value or a Malformed/Unsupported
// error; accepted manifests and indexes keep their Go JSON through a second parse.
int ociJson(const std::uint8_t* data, std::size_t size);
// The registry's handling of server answers (entrypoints_registry.cpp). The first byte
// picks what the rest is: 'A' WWW-Authenticate, 'L' Link header lines, 'T' token server
// body, 'E' "NNN" status + error body, 'R' Content-Range, 'D' Docker-Content-Digest,
// 'U' Location. Any other first byte is ignored.
int registryAnswers(const std::uint8_t* data, std::size_t size);

// Looks an entry point up by its target (and corpus folder) name: "parse_ztoc",
// "gzip_zinfo", "tar_zinfo", "tar_toc", "oci_json", "registry_answers"; null otherwise.
using EntryPoint = int (*)(const std::uint8_t*, std::size_t);
EntryPoint entryPoint(std::string_view name);

} // namespace sociscope::fuzz
