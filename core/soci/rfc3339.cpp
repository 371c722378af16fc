// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/rfc3339.h"

#include <cstdio>

namespace sociscope::soci {

namespace {
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kNanosPerSecond = 1000000000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return { static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d };
}

bool isLeap(std::int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(std::int64_t y, unsigned m)
{
    static constexpr unsigned kDays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n decimal digits at text[pos]; advances pos.
std::optional<unsigned> digits(std::string_view text, size_t& pos, size_t n)
{
    if (text.size() - pos < n || pos > text.size())
        return std::nullopt;
    unsigned v = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    pos += n;
    return v;
}

bool expect(std::string_view text, size_t& pos, char a, char b = '\0')
{
    if (pos >= text.size() || (text[pos] != a && (b == '\0' || text[pos] != b)))
        return false;
    ++pos;
    return true;
}
} // namespace

std::optional<std::int64_t> Timestamp::unixNanos() const
{
    std::int64_t ns = 0;
    if (__builtin_mul_overflow(seconds, kNanosPerSecond, &ns)
        || __builtin_add_overflow(ns, static_cast<std::int64_t>(nanos), &ns))
        return std::nullopt;
    return ns;
}

std::optional<Timestamp> timestampFromUnix(std::int64_t seconds, std::int64_t nanos)
{
    std::int64_t carry = floorDiv(nanos, kNanosPerSecond);
    std::int64_t s = 0;
    if (__builtin_add_overflow(seconds, carry, &s))
        return std::nullopt;
    return Timestamp { s, static_cast<std::uint32_t>(nanos - carry * kNanosPerSecond) };
}

std::string formatRfc3339Nano(const Timestamp& t)
{
    const std::int64_t days = floorDiv(t.seconds, kSecondsPerDay);
    std::int64_t secOfDay = t.seconds % kSecondsPerDay; // not seconds - days * 86400: may overflow
    if (secOfDay < 0)
        secOfDay += kSecondsPerDay;
    const Civil c = civilFromDays(days);
    if (c.year < 0 || c.year > 9999 || t.nanos >= kNanosPerSecond)
        return {};
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(c.year), c.month, c.day,
        static_cast<int>(secOfDay / 3600), static_cast<int>(secOfDay / 60 % 60), static_cast<int>(secOfDay % 60));
    std::string out(buf, static_cast<size_t>(n));
    if (t.nanos != 0) {
        n = std::snprintf(buf, sizeof buf, ".%09u", t.nanos);
        std::string frac(buf, static_cast<size_t>(n));
        while (frac.back() == '0')
            frac.pop_back();
        out += frac;
    }
    out += 'Z';
    return out;
}

std::optional<Timestamp> parseRfc3339(std::string_view text)
{
    size_t pos = 0;
    const auto year = digits(text, pos, 4);
    if (!year || !expect(text, pos, '-'))
        return std::nullopt;
    const auto month = digits(text, pos, 2);
    if (!month || *month < 1 || *month > 12 || !expect(text, pos, '-'))
        return std::nullopt;
    const auto day = digits(text, pos, 2);
    if (!day || *day < 1 || *day > daysInMonth(*year, *month) || !expect(text, pos, 'T', 't'))
        return std::nullopt;
    const auto hour = digits(text, pos, 2);
    if (!hour || *hour > 23 || !expect(text, pos, ':'))
        return std::nullopt;
    const auto minute = digits(text, pos, 2);
    if (!minute || *minute > 59 || !expect(text, pos, ':'))
        return std::nullopt;
    const auto second = digits(text, pos, 2);
    if (!second || *second > 59)
        return std::nullopt;

    std::uint32_t nanos = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        size_t n = 0;
        std::uint32_t scale = 100000000;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (n < 9) {
                nanos += static_cast<std::uint32_t>(text[pos] - '0') * scale;
                scale /= 10;
            }
            ++n;
            ++pos;
        }
        if (n == 0)
            return std::nullopt;
    }

    std::int64_t offset = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const bool negative = text[pos] == '-';
        ++pos;
        const auto oh = digits(text, pos, 2);
        if (!oh || *oh > 23 || !expect(text, pos, ':'))
            return std::nullopt;
        const auto om = digits(text, pos, 2);
        if (!om || *om > 59)
            return std::nullopt;
        offset = (static_cast<std::int64_t>(*oh) * 3600 + static_cast<std::int64_t>(*om) * 60) * (negative ? -1 : 1);
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;

    const std::int64_t days = daysFromCivil(*year, *month, *day);
    const std::int64_t secs = days * kSecondsPerDay + static_cast<std::int64_t>(*hour) * 3600
        + static_cast<std::int64_t>(*minute) * 60 + *second - offset;
    return Timestamp { secs, nanos };
}

} // namespace sociscope::soci
