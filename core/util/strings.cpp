// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/strings.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace sociscope::str {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> split(std::string_view s, char sep)
{
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.emplace_back(s.substr(start));
            return out;
        }
        out.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += sep;
        out += parts[i];
    }
    return out;
}

std::optional<std::uint64_t> parseU64(std::string_view s)
{
    std::uint64_t v = 0;
    if (s.empty())
        return std::nullopt;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseI64(std::string_view s)
{
    std::int64_t v = 0;
    if (s.empty())
        return std::nullopt;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string humanBytes(std::uint64_t bytes)
{
    static constexpr std::array<const char*, 6> units{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024)
        return std::to_string(bytes) + " B";
    double v = static_cast<double>(bytes);
    size_t u = 0;
    while (v >= 1024.0 && u + 1 < units.size()) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return buf;
}

std::string hex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string base64Encode(std::string_view bytes)
{
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < bytes.size() ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text)
{
    const auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+' || c == '-')
            return 62;
        if (c == '/' || c == '_')
            return 63;
        return -1;
    };
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    std::string out;
    unsigned acc = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '\n' || c == '\r')
            continue;
        const int v = value(c);
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}

std::string urlEncode(std::string_view s)
{
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

bool isValidUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceAt(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

namespace {
// The first byte's sequence length and the allowed range of the second byte
// (Table 3-7 of the Unicode standard, which rules out overlongs, surrogates
// and code points above U+10FFFF); length 0 for a byte that starts nothing.
struct Lead {
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
};

Lead leadOf(unsigned char b0)
{
    if (b0 < 0x80)
        return {1};
    if (b0 >= 0xC2 && b0 <= 0xDF)
        return {2};
    if (b0 == 0xE0)
        return {3, 0xA0, 0xBF};
    if (b0 == 0xED)
        return {3, 0x80, 0x9F};
    if (b0 >= 0xE1 && b0 <= 0xEF)
        return {3};
    if (b0 == 0xF0)
        return {4, 0x90, 0xBF};
    if (b0 == 0xF4)
        return {4, 0x80, 0x8F};
    if (b0 >= 0xF1 && b0 <= 0xF3)
        return {4};
    return {};
}

// How many bytes at s[i] (not a well-formed sequence) form its maximal
// subpart, the longest prefix of some well-formed sequence: they become one U+FFFD.
std::size_t illFormedLength(std::string_view s, std::size_t i)
{
    const Lead lead = leadOf(static_cast<unsigned char>(s[i]));
    if (lead.length < 2 || i + 1 >= s.size())
        return 1;
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (at(i + 1) < lead.lo || at(i + 1) > lead.hi)
        return 1;
    std::size_t n = 2;
    while (n < lead.length && i + n < s.size() && at(i + n) >= 0x80 && at(i + n) <= 0xBF)
        ++n;
    return n;
}
} // namespace

std::size_t utf8SequenceAt(std::string_view s, std::size_t i)
{
    const Lead lead = leadOf(static_cast<unsigned char>(s[i]));
    if (lead.length <= 1)
        return lead.length;
    if (i + lead.length > s.size())
        return 0;
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (at(i + 1) < lead.lo || at(i + 1) > lead.hi)
        return 0;
    for (std::size_t k = 2; k < lead.length; ++k)
        if (at(i + k) < 0x80 || at(i + k) > 0xBF)
            return 0;
    return lead.length;
}

std::string toValidUtf8(std::string_view s)
{
    if (isValidUtf8(s))
        return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = utf8SequenceAt(s, i)) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            i += illFormedLength(s, i);
        }
    }
    return out;
}

std::string printable(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    const auto octal = [&](unsigned char c) {
        out += '\\';
        out += static_cast<char>('0' + (c >> 6));
        out += static_cast<char>('0' + ((c >> 3) & 7));
        out += static_cast<char>('0' + (c & 7));
    };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8SequenceAt(s, i);
        if (n == 0) {
            octal(c);
            ++i;
            continue;
        }
        if (n == 1) {
            switch (c) {
            case '\\': out += "\\\\"; break;
            case '\a': out += "\\a"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\v': out += "\\v"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F)
                    octal(c);
                else
                    out += static_cast<char>(c);
            }
        } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            // U+0080..U+009F: C1 controls; some terminals act on them (U+009B is CSI).
            octal(c);
            octal(static_cast<unsigned char>(s[i + 1]));
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

} // namespace sociscope::str
