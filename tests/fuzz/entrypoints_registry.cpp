// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The registry client's handling of server answers under fuzzing: headers and bodies a
// registry or its token server sends, read by the pure functions the client calls.
#include "entrypoints.h"

#include "oci/digest.h"
#include "registry/auth.h"
#include "registry/client.h"
#include "registry/http.h"
#include "util/strings.h"

#include <string>

namespace sociscope::fuzz {

namespace {
using namespace sociscope::registry;

// What a request URL of the client looks like: relative answers resolve against it.
constexpr std::string_view kBase = "https://registry.example:5000/v2/library/app/tags/list?n=2";

bool isLower(std::string_view s) { return str::toLower(s) == s; }

int challenges(std::string_view value)
{
    for (const auto& c : parseWwwAuthenticate(value)) {
        // A scheme is one lowercase token; parameter names are lowercase and non-empty.
        if (c.scheme.empty() || !isLower(c.scheme) || c.scheme.find_first_of(" \t=,") != std::string::npos)
            return 1;
        for (const auto& [k, v] : c.params)
            if (k.empty() || !isLower(k))
                return 2;
    }
    return 0;
}

int links(std::string_view lines)
{
    HttpHeaders h;
    for (const auto& line : str::split(lines, '\n'))
        h.add("Link", line);
    const std::string next = nextLink(h, std::string(kBase));
    // Empty (last page) or an absolute URL the next request can go to.
    if (!next.empty() && next.find("://") == std::string::npos)
        return 1;
    (void)urlHost(next);
    return 0;
}

int token(std::string_view body)
{
    const auto a = parseTokenAnswer(body, "registry.example", "https://auth.example/token");
    if (!a)
        return a.error().code == ErrorCode::Malformed || a.error().code == ErrorCode::Auth ? 0 : 1;
    return !a->token.empty() && a->expiresInSec >= 1 && a->expiresInSec <= kMaxTokenLifetimeSec ? 0 : 2;
}

int errorAnswer(std::string_view rest)
{
    // "NNN" then the body; statuses outside 100..999 are not sent by curl.
    if (rest.size() < 3 || !str::parseU64(rest.substr(0, 3)))
        return 0;
    const long status = static_cast<long>(*str::parseU64(rest.substr(0, 3)));
    const Error e = httpError(status, std::string(rest.substr(3)), "manifest library/app:1", "registry.example");
    if (e.message.empty() || e.message.find("HTTP " + std::to_string(status)) == std::string::npos)
        return 1;
    return status == 404 && e.code != ErrorCode::NotFound ? 2 : 0;
}

int contentRange(std::string_view value)
{
    // Accepted only in the "bytes X-Y/Z" form (a resume must not take "*/Z" for offset 0).
    return contentRangeStart(value) && !str::startsWith(str::trim(value), "bytes ") ? 1 : 0;
}

int announcedDigest(std::string_view value)
{
    const auto d = oci::Digest::parse(value);
    if (!d)
        return d.error().code == ErrorCode::Malformed || d.error().code == ErrorCode::Unsupported ? 0 : 1;
    // Compared with a computed digest as text: parse must keep the exact spelling.
    return d->str() == value ? 0 : 2;
}

int location(std::string_view value)
{
    const std::string url = resolveUrl(kBase, value);
    // The client follows it and compares hosts: it must stay an absolute URL.
    if (url.find("://") == std::string::npos)
        return 1;
    (void)urlHost(url);
    return 0;
}
} // namespace

int registryAnswers(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0]) {
    case 'A':
        return challenges(rest);
    case 'L':
        return links(rest);
    case 'T':
        return token(rest);
    case 'E':
        return errorAnswer(rest);
    case 'R':
        return contentRange(rest);
    case 'D':
        return announcedDigest(rest);
    case 'U':
        return location(rest);
    default:
        return 0;
    }
}

} // namespace sociscope::fuzz
