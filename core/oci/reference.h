// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

namespace sociscope::oci {

// An image reference, normalised as Docker does ("ubuntu" is
// docker.io/library/ubuntu:latest), or an OCI image-layout folder written
// "oci:PATH[:TAG]" (skopeo's convention).
struct Reference {
    // A registry repository, or an OCI layout folder on disk.
    bool isLayout = false;
    // Registry host[:port] as written ("docker.io" for Docker Hub); empty for layouts.
    std::string registry;
    // Repository path inside the registry ("library/ubuntu"); empty for layouts.
    std::string repository;
    // Folder of an OCI layout; empty for registries.
    std::string layoutPath;
    // Tag, possibly empty when a digest is given.
    std::string tag;
    // "sha256:..." when pinned by digest.
    std::string digest;

    // Parses and normalises. Malformed with a message naming the bad part.
    // When defaultTag is false, "repo" without tag or digest keeps an empty tag
    // (for commands that name a repository, like `tags`).
    static Result<Reference> parse(std::string_view text, bool defaultTag = true);

    // The canonical form: "docker.io/library/ubuntu:latest", "host/repo@sha256:…",
    // "oci:/path:tag".
    [[nodiscard]] std::string str() const;
    // "docker.io/library/ubuntu" or "oci:/path".
    [[nodiscard]] std::string name() const;
    // What the manifest endpoint takes: the digest when pinned, else the tag.
    [[nodiscard]] std::string tagOrDigest() const { return digest.empty() ? tag : digest; }
    // The same repository with another tag (digest dropped).
    [[nodiscard]] Reference withTag(std::string t) const;
    // The same repository pinned to a digest (tag kept for display).
    [[nodiscard]] Reference withDigest(std::string d) const;
};

// Host that serves the Distribution API for a registry name: docker.io and
// index.docker.io become registry-1.docker.io.
std::string apiHost(std::string_view registry);

// True for localhost, 127.0.0.0/8 and [::1] (with or without a port): these use
// plain HTTP by default, as Docker does.
bool isLoopbackRegistry(std::string_view registry);

// Validates a repository path component list ("library/ubuntu").
bool isValidRepository(std::string_view repo);
// Validates a tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool isValidTag(std::string_view tag);

} // namespace sociscope::oci
