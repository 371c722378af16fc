// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sociscope::soci {

// An instant as seconds since the Unix epoch plus nanoseconds (0..999999999). Wider
// than int64 nanoseconds: zTOCs hold times such as 0001-01-01T00:00:00Z.
struct Timestamp {
    std::int64_t seconds = 0;
    std::uint32_t nanos = 0;

    // Nanoseconds since the epoch; nullopt outside int64 range (years ~1678..2262).
    [[nodiscard]] std::optional<std::int64_t> unixNanos() const;
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
    friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// Builds a Timestamp from seconds and a signed nanosecond part, normalising like Go's
// time.Unix (nanos may be negative or >= 1e9). nullopt on int64 overflow.
std::optional<Timestamp> timestampFromUnix(std::int64_t seconds, std::int64_t nanos);

// Go's time.Time.MarshalText in UTC: "YYYY-MM-DDTHH:MM:SS[.fraction]Z", the fraction
// with trailing zeros removed and omitted when zero. Years outside 0000..9999 give ""
// (upstream writes an empty mod_time then).
std::string formatRfc3339Nano(const Timestamp& t);

// Parses RFC 3339 text with any offset ("Z", "z" or +hh:mm / -hh:mm) and an optional
// fraction (up to 9 digits are kept, more are truncated). nullopt on anything else,
// including out-of-range fields and leap seconds (Go rejects them too).
std::optional<Timestamp> parseRfc3339(std::string_view text);

} // namespace sociscope::soci
