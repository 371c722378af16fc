// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sociscope::oci {

// A content digest "algorithm:hex" (sha256 or sha512), validated on parse.
class Digest final {
public:
    Digest() = default;
    // Malformed when the text is not "sha256:<64 hex>" or "sha512:<128 hex>";
    // Unsupported for other well-formed algorithms.
    static Result<Digest> parse(std::string_view text);
    // sha256 of data.
    static Digest sha256Of(std::string_view data);

    [[nodiscard]] const std::string& algorithm() const { return m_algorithm; }
    [[nodiscard]] const std::string& hex() const { return m_hex; }
    [[nodiscard]] std::string str() const { return m_algorithm + ":" + m_hex; }
    [[nodiscard]] bool empty() const { return m_hex.empty(); }
    // "sha256-<hex>": the referrers fallback tag (OCI distribution 1.1).
    [[nodiscard]] std::string fallbackTag() const { return m_algorithm + "-" + m_hex; }
    // First 12 hex characters, for people.
    [[nodiscard]] std::string shortHex() const { return m_hex.substr(0, 12); }

    friend bool operator==(const Digest&, const Digest&) = default;
    friend auto operator<=>(const Digest&, const Digest&) = default;

private:
    std::string m_algorithm;
    std::string m_hex;
};

// Streaming hash with OpenSSL EVP for one algorithm.
class Hasher final {
public:
    explicit Hasher(std::string_view algorithm = "sha256");
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;

    void update(std::string_view data);
    void update(const void* data, size_t size);
    // Ends the hash; the Hasher must not be used again.
    Digest finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_algorithm;
};

// Integrity error unless the file at path has `size` bytes (when size >= 0)
// and hashes to expected; Io/NotFound when it cannot be read.
Status verifyFile(const std::string& path, const Digest& expected, std::int64_t size = -1);

// Integrity error unless data hashes to expected (with the expected algorithm).
Status verify(std::string_view data, const Digest& expected, std::string_view what);

} // namespace sociscope::oci

template <>
struct std::hash<sociscope::oci::Digest> {
    size_t operator()(const sociscope::oci::Digest& d) const noexcept { return std::hash<std::string>{}(d.hex()); }
};
