// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::oci {

using Annotations = std::map<std::string, std::string>; // byte-ordered, as Go sorts map keys

// os/arch[/variant], as in an image index or an image config.
struct Platform {
    std::string architecture;
    std::string os;
    std::string osVersion;
    std::vector<std::string> osFeatures;
    std::string variant;

    // Parses "os/arch[/variant]". Usage error on anything else.
    static Result<Platform> parse(std::string_view text);
    // The platform of this machine (linux/amd64, linux/arm64/v8, ...).
    static Platform host();
    // "linux/amd64" or "linux/arm64/v8".
    [[nodiscard]] std::string str() const;
    // os and architecture equal, and variant equal when the wanted one names it
    // (arm64 without a variant counts as v8).
    [[nodiscard]] bool matches(const Platform& wanted) const;
    friend bool operator==(const Platform&, const Platform&) = default;
};

// A content descriptor.
struct Descriptor {
    std::string mediaType;
    Digest digest;
    std::int64_t size = 0;
    std::vector<std::string> urls;
    Annotations annotations;
    std::optional<std::string> data; // base64, as in the JSON
    std::optional<Platform> platform;
    std::string artifactType;

    // Annotation value or "".
    [[nodiscard]] std::string annotation(const std::string& key) const;
};

// An image manifest (OCI or Docker schema 2), kept with its original bytes.
struct Manifest {
    int schemaVersion = 2;
    std::string mediaType;
    std::string artifactType;
    Descriptor config;
    std::vector<Descriptor> layers;
    std::optional<Descriptor> subject;
    Annotations annotations;
    nlohmann::json json; // the parsed document, unknown fields included

    // Parses a manifest. Malformed naming the field; mediaTypeHint is the
    // Content-Type (used when the document has no mediaType).
    static Result<Manifest> parse(std::string_view bytes, std::string_view mediaTypeHint = {});
    // Go's compact JSON of the OCI structure (spec 5.4): unknown fields dropped.
    [[nodiscard]] std::string toGoJson() const;
};

// An image index (OCI) or a Docker manifest list.
struct Index {
    int schemaVersion = 2;
    std::string mediaType;
    std::string artifactType;
    std::vector<Descriptor> manifests;
    std::optional<Descriptor> subject;
    Annotations annotations;
    nlohmann::json json;

    static Result<Index> parse(std::string_view bytes, std::string_view mediaTypeHint = {});
    [[nodiscard]] std::string toGoJson() const;
};

// One step of the image's history.
struct HistoryEntry {
    std::string created;
    std::string createdBy;
    std::string author;
    std::string comment;
    bool emptyLayer = false;
};

// The image configuration (OCI / Docker).
struct ImageConfig {
    std::string architecture;
    std::string os;
    std::string variant;
    std::string osVersion;
    std::string created;
    std::string author;
    std::string user;
    std::vector<std::string> env;
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string workingDir;
    std::string stopSignal;
    std::map<std::string, std::string> labels;
    std::vector<std::string> exposedPorts;
    std::vector<std::string> volumes;
    std::vector<Digest> diffIds;
    std::vector<HistoryEntry> history;
    nlohmann::json json;

    static Result<ImageConfig> parse(std::string_view bytes);
    [[nodiscard]] Platform platform() const;
};

// Parses a descriptor object; path names it in errors ("manifest: layers[2]").
Result<Descriptor> parseDescriptor(const nlohmann::json& j, const std::string& path);

// Go-JSON encoders (spec 5.4): compact, struct field order, empty optionals dropped.
void appendGoJson(std::string& out, const Descriptor& d);
void appendGoJson(std::string& out, const Platform& p);

// Reads the "mediaType" member of a manifest-like document without a full parse;
// empty when absent or unparsable.
std::string sniffMediaType(std::string_view bytes);

} // namespace sociscope::oci
