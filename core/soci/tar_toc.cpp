// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Mirrors Go's archive/tar reader (Go 1.19, reader.go / strconv.go / format.go), which is
// what upstream's TOC builder runs; every deviation would shift offsets or names.
#include "soci/tar_toc.h"

#include "soci/rfc3339.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

namespace sociscope::soci {

namespace {
constexpr std::int64_t kBlock = 512;
constexpr std::int64_t kMaxSpecialFileSize = 1 << 20; // Go's maxSpecialFileSize

enum Format { Unknown, V7, Ustar, Star, Gnu };

std::string parseString(const std::uint8_t* b, size_t n)
{
    const void* nul = std::memchr(b, 0, n);
    return std::string(
        reinterpret_cast<const char*>(b), nul ? static_cast<size_t>(static_cast<const std::uint8_t*>(nul) - b) : n);
}

// Go's tar "parser": numeric fields are octal text, or base-256 when the top bit is set.
struct NumberParser {
    bool failed = false;

    std::int64_t octal(const std::uint8_t* b, size_t n)
    {
        size_t lo = 0, hi = n;
        while (lo < hi && (b[lo] == ' ' || b[lo] == 0))
            ++lo;
        while (hi > lo && (b[hi - 1] == ' ' || b[hi - 1] == 0))
            --hi;
        if (lo == hi)
            return 0;
        const std::string s = parseString(b + lo, hi - lo);
        std::uint64_t x = 0;
        for (const char c : s) {
            if (c < '0' || c > '7' || x > (UINT64_MAX >> 3)) {
                failed = true;
                return 0;
            }
            x = x << 3 | static_cast<std::uint64_t>(c - '0');
        }
        return static_cast<std::int64_t>(x);
    }

    std::int64_t numeric(const std::uint8_t* b, size_t n)
    {
        if (n == 0 || !(b[0] & 0x80))
            return octal(b, n);
        const std::uint8_t inv = (b[0] & 0x40) ? 0xff : 0x00;
        std::uint64_t x = 0;
        for (size_t i = 0; i < n; ++i) {
            std::uint8_t c = b[i] ^ inv;
            if (i == 0)
                c &= 0x7f;
            if ((x >> 56) > 0) {
                failed = true;
                return 0;
            }
            x = x << 8 | c;
        }
        if ((x >> 63) > 0) {
            failed = true;
            return 0;
        }
        return inv ? ~static_cast<std::int64_t>(x) : static_cast<std::int64_t>(x);
    }
};

// strconv.ParseInt(s, 10, 64).
std::optional<std::int64_t> parseGoInt(std::string_view s)
{
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty())
        return std::nullopt;
    std::uint64_t x = 0;
    for (const char c : s) {
        if (c < '0' || c > '9' || x > (UINT64_MAX - 9) / 10)
            return std::nullopt;
        x = x * 10 + static_cast<std::uint64_t>(c - '0');
    }
    const std::uint64_t limit = negative ? (std::uint64_t { 1 } << 63) : (std::uint64_t { 1 } << 63) - 1;
    if (x > limit)
        return std::nullopt;
    return negative ? static_cast<std::int64_t>(~x + 1) : static_cast<std::int64_t>(x);
}

// Go's parsePAXTime; nullopt is ErrHeader. An instant Go could not hold renders as "".
std::optional<std::string> parsePaxTime(std::string_view s)
{
    const size_t dot = s.find('.');
    const std::string_view ss = s.substr(0, dot);
    const std::string_view sn = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
    const auto secs = parseGoInt(ss);
    if (!secs)
        return std::nullopt;
    std::int64_t nanos = 0;
    if (!sn.empty()) {
        if (sn.find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
        std::string digits(sn.substr(0, 9));
        digits.resize(9, '0');
        nanos = *parseGoInt(digits);
        if (!ss.empty() && ss[0] == '-')
            nanos = -nanos;
    }
    const auto t = timestampFromUnix(*secs, nanos);
    return t ? formatRfc3339Nano(*t) : std::string();
}

// Go's parsePAXRecord + validPAXRecord on one "%d %s=%s\n" record; advances rest.
bool parsePaxRecord(std::string_view& rest, std::string& key, std::string& value)
{
    const size_t sp = rest.find(' ');
    if (sp == std::string_view::npos)
        return false;
    const auto n = parseGoInt(rest.substr(0, sp));
    if (!n || *n < 5 || *n > static_cast<std::int64_t>(rest.size()))
        return false;
    const std::int64_t recLen = *n - static_cast<std::int64_t>(sp + 1);
    if (recLen <= 0)
        return false;
    const std::string_view after = rest.substr(sp + 1);
    const std::string_view rec = after.substr(0, static_cast<size_t>(recLen - 1));
    if (after[static_cast<size_t>(recLen - 1)] != '\n')
        return false;
    const size_t eq = rec.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return false;
    key.assign(rec.substr(0, eq));
    value.assign(rec.substr(eq + 1));
    const bool pathLike = key == "path" || key == "linkpath" || key == "uname" || key == "gname";
    if ((pathLike ? value : key).find('\0') != std::string::npos)
        return false;
    rest = after.substr(static_cast<size_t>(recLen));
    return true;
}

Format detectFormat(const std::uint8_t* b)
{
    NumberParser p;
    const std::int64_t stored = p.octal(b + 148, 8);
    std::int64_t unsignedSum = 0, signedSum = 0;
    for (size_t i = 0; i < kBlock; ++i) {
        const std::uint8_t c = (i >= 148 && i < 156) ? ' ' : b[i];
        unsignedSum += c;
        signedSum += static_cast<std::int8_t>(c);
    }
    if (p.failed || (stored != unsignedSum && stored != signedSum))
        return Unknown;
    const bool ustarMagic = std::memcmp(b + 257, "ustar\0", 6) == 0;
    if (ustarMagic && std::memcmp(b + 508, "tar\0", 4) == 0)
        return Star;
    if (ustarMagic)
        return Ustar;
    if (std::memcmp(b + 257, "ustar ", 6) == 0 && std::memcmp(b + 263, " \0", 2) == 0)
        return Gnu;
    return V7;
}

bool isHeaderOnly(char t)
{
    return t == '1' || t == '2' || t == '3' || t == '4' || t == '5' || t == '6';
}

const char* typeName(char t)
{
    switch (t) {
    case '0':
    case '\0':
        return "reg";
    case '1':
        return "hardlink";
    case '2':
        return "symlink";
    case '3':
        return "char";
    case '4':
        return "block";
    case '5':
        return "dir";
    case '6':
        return "fifo";
    default:
        return nullptr;
    }
}

std::string describeTypeflag(char t)
{
    std::string what;
    switch (t) {
    case 'g':
        what = "PAX global header";
        break;
    case 'S':
        what = "GNU sparse file";
        break;
    case '7':
        what = "contiguous file";
        break;
    case 'D':
        what = "GNU directory dump";
        break;
    case 'V':
        what = "GNU volume label";
        break;
    case 'M':
        what = "GNU multi-volume continuation";
        break;
    default:
        what = "unknown type";
        break;
    }
    const auto c = static_cast<unsigned char>(t);
    const std::string shown = (c >= 0x20 && c < 0x7f) ? std::string("'") + t + "'" : "0x" + std::to_string(c);
    return "typeflag " + shown + " (" + what + ")";
}

bool isSparsePax(const std::map<std::string, std::string>& pax)
{
    for (const char* k :
        { "GNU.sparse.major", "GNU.sparse.minor", "GNU.sparse.map", "GNU.sparse.offset", "GNU.sparse.numbytes" })
        if (pax.count(k))
            return true;
    return false;
}
} // namespace

Status TarTocBuilder::fail(Error error)
{
    if (!m_failed) {
        m_failed = true;
        m_error = std::move(error);
    }
    return m_error;
}

void TarTocBuilder::startData(std::int64_t size, bool keep)
{
    m_remaining = size;
    m_padding = (kBlock - size % kBlock) % kBlock;
    if (keep) {
        m_special.clear();
        m_special.reserve(static_cast<size_t>(size));
    }
    m_state = size > 0 ? (keep ? State::Special : State::Skip) : (m_padding > 0 ? State::Padding : State::Header);
}

Status TarTocBuilder::feed(const std::uint8_t* data, std::size_t size)
{
    if (m_failed)
        return m_error;
    while (size > 0) {
        switch (m_state) {
        case State::Ended:
            m_pos += static_cast<std::int64_t>(size);
            return {};
        case State::Header:
        case State::SecondZero: {
            const std::uint8_t* block = nullptr;
            if (m_blockFill == 0 && size >= static_cast<size_t>(kBlock)) {
                block = data;
            } else {
                const size_t take = std::min(size, static_cast<size_t>(kBlock) - m_blockFill);
                std::memcpy(m_block.data() + m_blockFill, data, take);
                m_blockFill += take;
                data += take;
                size -= take;
                m_pos += static_cast<std::int64_t>(take);
                if (m_blockFill < static_cast<size_t>(kBlock))
                    return {};
                block = m_block.data();
            }
            if (block == data) {
                data += kBlock;
                size -= kBlock;
                m_pos += kBlock;
            }
            m_blockFill = 0;
            const bool zero = std::all_of(block, block + kBlock, [](std::uint8_t c) { return c == 0; });
            if (m_state == State::SecondZero) {
                if (!zero)
                    return fail(makeError(ErrorCode::Malformed, "tar has a zero block followed by a non-zero block",
                        "uncompressed offset " + std::to_string(m_pos - kBlock)));
                m_state = State::Ended;
                m_archiveSize = m_pos;
                continue;
            }
            if (zero) {
                m_state = State::SecondZero;
                continue;
            }
            if (auto st = onHeader(block); !st)
                return fail(st.error());
            continue;
        }
        case State::Special:
        case State::Skip:
        case State::Padding: {
            const auto take = static_cast<size_t>(std::min<std::int64_t>(m_remaining, static_cast<std::int64_t>(size)));
            if (m_state == State::Special)
                m_special.append(reinterpret_cast<const char*>(data), take);
            data += take;
            size -= take;
            m_pos += static_cast<std::int64_t>(take);
            m_remaining -= static_cast<std::int64_t>(take);
            if (m_remaining > 0)
                return {};
            if (m_state == State::Special)
                if (auto st = onSpecialComplete(); !st)
                    return fail(st.error());
            if (m_state != State::Padding && m_padding > 0) {
                m_state = State::Padding;
                m_remaining = m_padding;
            } else {
                m_state = State::Header;
            }
            continue;
        }
        }
    }
    return {};
}

Status TarTocBuilder::finish()
{
    if (m_failed)
        return m_error;
    const bool cleanEnd = m_state == State::Ended
        || ((m_state == State::Header || m_state == State::SecondZero) && m_blockFill == 0)
        || (m_state == State::Padding && m_remaining == m_padding);
    if (!cleanEnd)
        return fail(makeError(ErrorCode::Malformed, "the tar stream ends inside a header or an entry's data",
            "uncompressed offset " + std::to_string(m_pos)));
    if (m_state != State::Ended)
        m_archiveSize = m_pos;
    return {};
}

Status TarTocBuilder::onHeader(const std::uint8_t* b)
{
    const std::string where = "uncompressed offset " + std::to_string(m_pos - kBlock);
    const Format format = detectFormat(b);
    if (format == Unknown)
        return makeError(ErrorCode::Malformed, "invalid tar header (bad checksum)", where);
    const char typeflag = static_cast<char>(b[156]);
    NumberParser p;
    const std::int64_t size = p.numeric(b + 124, 12);
    (void)p.numeric(b + 100, 8); // mode, uid, gid, mtime: only their validity matters here
    (void)p.numeric(b + 108, 8);
    (void)p.numeric(b + 116, 8);
    (void)p.numeric(b + 136, 12);
    if (format != V7) {
        (void)p.numeric(b + 329, 8);
        (void)p.numeric(b + 337, 8);
        if (format == Star) {
            (void)p.numeric(b + 476, 12);
            (void)p.numeric(b + 488, 12);
        }
    }
    if (p.failed)
        return makeError(ErrorCode::Malformed, "invalid number in tar header", where);
    if (size < 0 && !isHeaderOnly(typeflag))
        return makeError(ErrorCode::Malformed, "negative size in tar header", where);

    switch (typeflag) {
    case 'x':
    case 'L':
    case 'K':
        if (size > kMaxSpecialFileSize)
            return makeError(ErrorCode::Unsupported,
                "tar extended header of " + std::to_string(size) + " bytes exceeds the 1 MiB limit", where);
        m_specialType = typeflag;
        startData(size, true);
        if (m_state != State::Special)
            return onSpecialComplete();
        return {};
    case 'g':
        return makeError(ErrorCode::Unsupported,
            "tar entry \"" + parseString(b, 100) + "\" has " + describeTypeflag(typeflag)
                + ", which a zTOC cannot describe (upstream soci refuses such layers too)",
            where);
    default:
        return emitEntry(b, typeflag, format);
    }
}

Status TarTocBuilder::onSpecialComplete()
{
    if (m_specialType == 'x') {
        std::map<std::string, std::string> pax;
        std::string_view rest = m_special;
        std::string key, value;
        while (!rest.empty()) {
            if (!parsePaxRecord(rest, key, value))
                return makeError(
                    ErrorCode::Malformed, "malformed PAX record", "uncompressed offset " + std::to_string(m_pos));
            pax[key] = value;
        }
        m_pax = std::move(pax);
    } else {
        const std::string name = parseString(reinterpret_cast<const std::uint8_t*>(m_special.data()), m_special.size());
        (m_specialType == 'L' ? m_longName : m_longLink) = name;
    }
    m_special.clear();
    return {};
}

Status TarTocBuilder::emitEntry(const std::uint8_t* b, char typeflag, int headerFormat)
{
    const auto format = static_cast<Format>(headerFormat);
    NumberParser p;
    TocEntry e;
    e.name = parseString(b, 100);
    e.linkname = parseString(b + 157, 100);
    std::int64_t size = p.numeric(b + 124, 12);
    e.mode = p.numeric(b + 100, 8);
    e.uid = static_cast<std::uint32_t>(p.numeric(b + 108, 8));
    e.gid = static_cast<std::uint32_t>(p.numeric(b + 116, 8));
    e.modTime = formatRfc3339Nano(Timestamp { p.numeric(b + 136, 12), 0 });
    if (format != V7) {
        e.uname = parseString(b + 265, 32);
        e.gname = parseString(b + 297, 32);
        e.devmajor = p.numeric(b + 329, 8);
        e.devminor = p.numeric(b + 337, 8);
        std::string prefix;
        if (format == Ustar) {
            prefix = parseString(b + 345, 155);
        } else if (format == Star) {
            prefix = parseString(b + 345, 131);
        } else {
            // Go reads pre-Go1.8 "GNU" files whose atime/ctime do not parse as USTAR prefix.
            NumberParser p2;
            if (b[345] != 0)
                (void)p2.numeric(b + 345, 12);
            if (b[357] != 0)
                (void)p2.numeric(b + 357, 12);
            if (p2.failed) {
                const std::string s = parseString(b + 345, 155);
                if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                    prefix = s;
            }
        }
        if (!prefix.empty())
            e.name = prefix + "/" + e.name;
    }

    const std::string where = "uncompressed offset " + std::to_string(m_pos - kBlock);
    for (const auto& [k, v] : m_pax) {
        if (v.empty())
            continue; // Go keeps the USTAR value
        std::optional<std::int64_t> n;
        if (k == "path") {
            e.name = v;
        } else if (k == "linkpath") {
            e.linkname = v;
        } else if (k == "uname") {
            e.uname = v;
        } else if (k == "gname") {
            e.gname = v;
        } else if (k == "uid" || k == "gid" || k == "size") {
            if (!(n = parseGoInt(v)))
                return makeError(ErrorCode::Malformed, "PAX record " + k + "=" + v + " is not a number", where);
            if (k == "uid")
                e.uid = static_cast<std::uint32_t>(*n);
            else if (k == "gid")
                e.gid = static_cast<std::uint32_t>(*n);
            else
                size = *n;
        } else if (k == "mtime" || k == "atime" || k == "ctime") {
            const auto t = parsePaxTime(v);
            if (!t)
                return makeError(ErrorCode::Malformed, "PAX record " + k + "=" + v + " is not a time", where);
            if (k == "mtime")
                e.modTime = *t;
        }
    }
    if (!m_longName.empty())
        e.name = m_longName;
    if (!m_longLink.empty())
        e.linkname = m_longLink;
    if (typeflag == '\0')
        typeflag = (!e.name.empty() && e.name.back() == '/') ? '5' : '0';

    if (typeflag == 'S' || isSparsePax(m_pax))
        return makeError(ErrorCode::Unsupported,
            "tar entry \"" + e.name + "\" is a GNU sparse file ("
                + (typeflag == 'S' ? describeTypeflag(typeflag) : std::string("PAX GNU.sparse records"))
                + "), which a zTOC cannot describe",
            where);
    const char* type = typeName(typeflag);
    if (!type)
        return makeError(ErrorCode::Unsupported,
            "tar entry \"" + e.name + "\" has " + describeTypeflag(typeflag)
                + ", which a zTOC cannot describe (upstream soci refuses such layers too)",
            where);
    const std::int64_t dataSize = isHeaderOnly(typeflag) ? 0 : size;
    if (dataSize < 0)
        return makeError(ErrorCode::Malformed, "tar entry \"" + e.name + "\" has a negative size", where);

    e.type = type;
    e.uncompressedOffset = m_pos;
    e.uncompressedSize = size;
    e.xattrs.assign(m_pax.begin(), m_pax.end());
    m_entries.push_back(e);

    m_pax.clear();
    m_longName.clear();
    m_longLink.clear();
    startData(dataSize, false);
    return {};
}

} // namespace sociscope::soci
