// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Tag families: tags grouped into images by digest, SOCI twins (`T-soci`), and
// the AWS Deep Learning Containers tag grammar. Pure functions, no I/O.
#pragma once

#include "oci/digest.h"
#include "oci/image.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::registry {

// A tag parsed with the Deep Learning Containers grammar:
// <version>[-<extra>...]-<device>-<python>[-sdk<v>][-cu<NNN>][-<os>][-<platform>][-example]
//   [-v<release>][-<YYYY-MM-DD-HH-MM-SS>][-soci]
// e.g. 2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker-v1.0-2024-06-10-19-32-22.
// Absent parts are empty strings.
struct DlcTag {
    std::string version;             // framework version: "2.3.0", or the short "2.3"
    std::vector<std::string> extras; // other components, in tag order: "transformers4.49.0", "tgi2.0.0", "example"
    std::string device;              // cpu, gpu, neuron, neuronx, hpu
    std::string python;              // "py311"
    std::string neuronSdk;           // "sdk2.20.0" (Neuron images)
    std::string cuda;                // "cu121"
    std::string os;                  // "ubuntu20.04", "amzn2023"
    std::string platform;            // sagemaker, ec2, e3; empty on short tags ("2.9-gpu-py312")
    std::string release;             // "v1", "v1.2"
    std::string timestamp;           // "2024-06-10-19-32-22"
    bool soci = false;               // the tag ends in -soci
    // The tag without release, timestamp and -soci: every release of one
    // configuration shares it ("2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker").
    std::string line;

    // Names one image forever: a timestamp, or a release with a minor number
    // ("-v1.2"), as AWS documents for DLC tags.
    [[nodiscard]] bool pinned() const;
    // Moves to each new release: no timestamp and no minor release.
    [[nodiscard]] bool rolling() const { return !pinned(); }
    // How much the tag says; the most specific tag of an image describes it.
    [[nodiscard]] int specificity() const;
};

// Parses tag with the DLC grammar; nullopt when it does not follow it (never
// fails otherwise: any string is accepted).
std::optional<DlcTag> parseDlcTag(std::string_view tag);

// "T" for a SOCI twin tag "T-soci"; nullopt for any other tag.
std::optional<std::string> sociTwinBase(std::string_view tag);

// Orders strings with digit runs compared as numbers ("2.9" < "2.10").
bool naturalLess(std::string_view a, std::string_view b);

// A tag and the manifest or index it named when it was resolved.
struct ResolvedTag {
    std::string tag;
    oci::Descriptor descriptor; // mediaType, digest and size from the registry
    std::chrono::system_clock::time_point seenAt;
    bool fromCache = false; // answered by the digest cache, no request made
};

// A tag whose digest could not be found out.
struct UnresolvedTag {
    std::string tag;
    Error error;
};

enum class FamilyKind {
    Image,    // an image (or index) under one or more tags
    SociTwin, // every tag is "T-soci": the SOCI-enabled twin of the image T names
};

// "image" or "soci-twin".
const char* familyKindName(FamilyKind kind);

// One image: every tag that resolved to the same digest.
struct TagFamily {
    oci::Digest digest;
    std::string mediaType;
    std::int64_t size = 0;
    FamilyKind kind = FamilyKind::Image;
    // Most specific DLC tag first, then the rest in natural order.
    std::vector<std::string> tags;
    // The DLC fields of tags.front(), when it follows the grammar.
    std::optional<DlcTag> dlc;
    bool rolling = false; // some tag of it follows the DLC grammar and is rolling
    bool pinned = false;  // some tag of it follows the DLC grammar and is pinned
    // SociTwin: the tags T whose "T-soci" name this family, and the digest of
    // the image they name (nullopt when none of them was resolved).
    std::vector<std::string> twinOfTags;
    std::optional<oci::Digest> twinOf;
    // Image: digests of its SOCI twin families.
    std::vector<oci::Digest> sociTwins;
    // SOCI index version of a twin ("v1", "v2", "none"); filled in by SOCI
    // discovery, "unknown" until then.
    std::string sociIndexVersion = "unknown";
    // When the newest of its tags was resolved.
    std::chrono::system_clock::time_point seenAt;
};

// Collects resolutions as they stream in and groups them on demand. The
// result does not depend on the order in which tags arrive. Not thread-safe:
// one owner feeds it (the GUI's model, the CLI's loop).
class FamilyBuilder final {
public:
    // Records (or replaces) the resolution of a tag; clears an earlier failure.
    void add(const ResolvedTag& tag);
    // Records a failure; ignored when the tag is already resolved.
    void addFailed(const UnresolvedTag& tag);

    // Families, DLC lines first (each line newest first, twins right after
    // their image), then the rest by tag in natural order.
    [[nodiscard]] std::vector<TagFamily> families() const;
    // Failures by tag in natural order.
    [[nodiscard]] std::vector<UnresolvedTag> unresolved() const;
    // Tags resolved / failed so far (each tag counted once).
    [[nodiscard]] size_t resolvedCount() const { return m_resolved.size(); }
    [[nodiscard]] size_t failedCount() const { return m_failed.size(); }

private:
    std::map<std::string, ResolvedTag> m_resolved;
    std::map<std::string, Error> m_failed;
};

// FamilyBuilder over a complete list.
std::vector<TagFamily> groupFamilies(const std::vector<ResolvedTag>& tags);

} // namespace sociscope::registry
