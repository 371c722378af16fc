// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/gojson.h"

#include <cstdio>

namespace sociscope::oci::gojson {

namespace {
// Length of a valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8Length(std::string_view s, size_t i, std::uint32_t& cp)
{
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    size_t n = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}
} // namespace

void appendString(std::string& out, std::string_view s)
{
    static constexpr char hexDigits[] = "0123456789abcdef";
    out += '"';
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += static_cast<char>(c);
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out += "\\u00";
                out += hexDigits[c >> 4];
                out += hexDigits[c & 15];
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const size_t n = utf8Length(s, i, cp);
        if (n == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    out += '"';
}

std::string& ObjectWriter::key(std::string_view k)
{
    if (!m_first)
        m_out += ',';
    m_first = false;
    appendString(m_out, k);
    m_out += ':';
    return m_out;
}

void ObjectWriter::string(std::string_view k, std::string_view v) { appendString(key(k), v); }

void ObjectWriter::stringIfNotEmpty(std::string_view k, std::string_view v)
{
    if (!v.empty())
        string(k, v);
}

void ObjectWriter::integer(std::string_view k, std::int64_t v) { key(k) += std::to_string(v); }

void ObjectWriter::stringMapIfNotEmpty(std::string_view k, const std::map<std::string, std::string>& m)
{
    if (m.empty())
        return;
    std::string& o = key(k);
    ObjectWriter inner(o);
    for (const auto& [mk, mv] : m)
        inner.string(mk, mv);
}

} // namespace sociscope::oci::gojson
