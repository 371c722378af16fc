// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Raw tar names as ImageTree::build takes them apart, without allocating for
// the usual name: components, the escape check, cleaning, folder and base.
// Header-only: the build's inner loop calls them once per entry.
#pragma once

#include "fs/image_tree.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace sociscope::fs::rawnames {

// Calls f(component) for each '/'-separated part of s, empty ones included;
// stops early when f returns false.
template<typename F>
inline void forEachComponent(std::string_view s, F&& f)
{
    std::size_t i = 0;
    for (;;) {
        const std::size_t slash = s.find('/', i);
        const std::size_t end = slash == std::string_view::npos ? s.size() : slash;
        if (!f(s.substr(i, end - i)) || slash == std::string_view::npos)
            return;
        i = slash + 1;
    }
}

// An absolute name, or one whose ".." climbs above the archive root.
inline bool unsafe(std::string_view raw)
{
    if (!raw.empty() && raw.front() == '/')
        return true;
    std::int64_t depth = 0;
    bool climbs = false;
    forEachComponent(raw, [&](std::string_view c) {
        if (c == "..")
            climbs = --depth < 0;
        else if (!c.empty() && c != ".")
            ++depth;
        return !climbs;
    });
    return climbs;
}

// ImageTree::cleanPath(raw) without allocating for the usual name, which is
// clean already but for a leading "./" or "/" and a trailing "/": the result
// is then a part of raw. Otherwise it is built in scratch.
inline std::string_view cleanView(std::string_view raw, std::string& scratch)
{
    std::size_t b = 0, e = raw.size();
    for (;;) {
        if (b < e && raw[b] == '/')
            ++b;
        else if (e - b >= 2 && raw[b] == '.' && raw[b + 1] == '/')
            b += 2;
        else
            break;
    }
    while (e > b && raw[e - 1] == '/')
        --e;
    const std::string_view v = raw.substr(b, e - b);
    bool clean = true;
    if (!v.empty())
        forEachComponent(v, [&](std::string_view c) {
            clean = !c.empty() && c != "." && c != "..";
            return clean;
        });
    if (clean)
        return v;
    scratch = ImageTree::cleanPath(raw);
    return scratch;
}

struct Split {
    std::string_view dir, base;
};
inline Split splitPath(std::string_view p)
{
    const std::size_t slash = p.rfind('/');
    if (slash == std::string_view::npos)
        return {std::string_view(), p};
    return {p.substr(0, slash), p.substr(slash + 1)};
}

} // namespace sociscope::fs::rawnames
