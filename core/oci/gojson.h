// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace sociscope::oci::gojson {

// Appends s as a JSON string the way Go's encoding/json writes it: `"` and `\`
// escaped, control characters as \u00XX (\n \r \t short forms), `<` `>` `&`
// U+2028 U+2029 as \u escapes, other UTF-8 raw. Invalid UTF-8 becomes U+FFFD.
void appendString(std::string& out, std::string_view s);

// A compact object writer that emits members in the order they are added.
class ObjectWriter final {
public:
    explicit ObjectWriter(std::string& out) : m_out(out) { m_out += '{'; }
    ~ObjectWriter() { m_out += '}'; }
    ObjectWriter(const ObjectWriter&) = delete;
    ObjectWriter& operator=(const ObjectWriter&) = delete;

    // Writes the key and returns the buffer, for a nested value written by the caller.
    std::string& key(std::string_view k);
    void string(std::string_view k, std::string_view v);
    void stringIfNotEmpty(std::string_view k, std::string_view v);
    void integer(std::string_view k, std::int64_t v);
    // A Go map[string]string: keys sorted by byte value; skipped when empty.
    void stringMapIfNotEmpty(std::string_view k, const std::map<std::string, std::string>& m);

private:
    std::string& m_out;
    bool m_first = true;
};

} // namespace sociscope::oci::gojson
