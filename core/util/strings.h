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

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF) starting at s[i]; 0 when the bytes there
// do not start one (or it is cut off by the end of s).
std::size_t utf8SequenceAt(std::string_view s, std::size_t i);
// Whether s is well-formed UTF-8 in the sense above.
bool isValidUtf8(std::string_view s);
// s with each maximal ill-formed subsequence replaced by U+FFFD (the
// Unicode "best practice", as browsers and Python's errors="replace" do).
// Returns s unchanged when it is valid.
std::string toValidUtf8(std::string_view s);
// s made safe to print on a terminal, losslessly and one line long: the
// escapes of C (and of GNU ls --quoting-style=escape, spaces kept as they are):
// backslash as \\, \a \b \t \n \v \f \r, other control characters (C0, DEL,
// and C1 written in UTF-8) and bytes that are not valid UTF-8 as \NNN octal
// (ESC is \033, 0xFF is \377). Valid printable UTF-8 passes unchanged.
std::string printable(std::string_view s);

} // namespace sociscope::str
