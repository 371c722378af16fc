// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/http.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sociscope::registry {

// How much of a registry's answer is ever held in memory. A registry (or a
// proxy in front of it) may send anything; these caps keep a hostile or broken
// one from making us download or allocate without bound (docs/cli.md, Limits).
namespace limits {
// Manifests, image indexes, configs, SOCI indexes and referrers answers: the
// OCI Distribution spec lets registries refuse manifests above 4 MiB, so no
// real one is larger.
inline constexpr std::uint64_t ManifestBytes = 4ull << 20;
// One answer of a token server (a JWT and a refresh token are a few KiB).
inline constexpr std::uint64_t TokenAnswerBytes = 1ull << 20;
// One page of a tag list or the catalog (10,000 names of 128 bytes fit).
inline constexpr std::uint64_t ListPageBytes = 8ull << 20;
// All names of one tag listing or catalog walk together.
inline constexpr std::uint64_t ListTotalBytes = 64ull << 20;
// index.json of an OCI layout folder: it lists every tag of the folder, so it
// may hold more than one manifest's worth (16 MiB is ~50,000 entries).
inline constexpr std::uint64_t LayoutIndexBytes = 16ull << 20;
} // namespace limits

// Collects a 2xx body in memory up to maxBytes. Give startHook() to the request
// and sink() to the transfer: a Content-Length above the cap stops the transfer
// before the first body byte, and a body that grows past it stops as soon as it
// does. Not thread-safe; one object per transfer.
class BoundedBody final {
public:
    explicit BoundedBody(std::uint64_t maxBytes);
    BoundedBody(const BoundedBody&) = delete;
    BoundedBody& operator=(const BoundedBody&) = delete;

    [[nodiscard]] const BodySink& sink() const { return m_sink; }
    [[nodiscard]] HttpRequest::StartHook startHook();
    // True once the answer was found larger than the cap (the transfer was stopped).
    [[nodiscard]] bool exceeded() const { return m_exceeded; }
    // The Content-Length the server announced, when it did.
    [[nodiscard]] std::optional<std::uint64_t> announced() const { return m_announced; }
    // The body received so far; the object is empty afterwards.
    std::string take() { return std::move(m_body); }
    // "manifest foo:bar is larger than 4 MiB (…)": a Malformed error for when
    // exceeded() is true. what names the document, context the URL or reference.
    [[nodiscard]] Error tooLarge(const std::string& what, const std::string& context) const;

private:
    std::uint64_t m_max;
    std::string m_body;
    bool m_exceeded = false;
    std::optional<std::uint64_t> m_announced;
    BodySink m_sink;
};

} // namespace sociscope::registry
