// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::str {

bool startsWith(std::string_view s, std::string_view prefix);
bool endsWith(std::string_view s, std::string_view suffix);
std::string toLower(std::string_view s);
std::string_view trim(std::string_view s);
// Splits on every occurrence of sep; keeps empty pieces.
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Parses a whole decimal unsigned number; nullopt on anything else or overflow.
std::optional<std::uint64_t> parseU64(std::string_view s);
std::optional<std::int64_t> parseI64(std::string_view s);
// "1.5 MiB", "812 B".
std::string humanBytes(std::uint64_t bytes);
// Lowercase hex of the bytes.
std::string hex(std::string_view bytes);
std::string base64Encode(std::string_view bytes);
// Accepts standard and URL-safe alphabets, with or without padding.
std::optional<std::string> base64Decode(std::string_view text);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string urlEncode(std::string_view s);

} // namespace sociscope::str
