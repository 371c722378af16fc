// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/reference.h"

#include "oci/digest.h"
#include "util/strings.h"

namespace sociscope::oci {

namespace {
bool isAlnumLower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component: [a-z0-9]+(([._]|__|-+)[a-z0-9]+)*
bool isValidComponent(std::string_view c)
{
    if (c.empty() || !isAlnumLower(c.front()) || !isAlnumLower(c.back()))
        return false;
    for (size_t i = 0; i < c.size(); ++i) {
        const char ch = c[i];
        if (isAlnumLower(ch))
            continue;
        if (ch == '.' || ch == '-')
            continue;
        if (ch == '_')
            continue;
        return false;
    }
    // No "..", "._" or more than two underscores in a row.
    return c.find("..") == std::string_view::npos && c.find("___") == std::string_view::npos &&
           c.find("._") == std::string_view::npos && c.find("_.") == std::string_view::npos;
}

bool looksLikeDomain(std::string_view first)
{
    return first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
           first == "localhost" || (first.size() > 0 && first.front() == '[');
}
} // namespace

bool isValidRepository(std::string_view repo)
{
    if (repo.empty() || repo.size() > 255)
        return false;
    for (const auto& c : str::split(repo, '/'))
        if (!isValidComponent(c))
            return false;
    return true;
}

bool isValidTag(std::string_view tag)
{
    if (tag.empty() || tag.size() > 128)
        return false;
    const auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    if (!word(tag.front()))
        return false;
    for (char c : tag)
        if (!word(c) && c != '.' && c != '-')
            return false;
    return true;
}

Result<Reference> Reference::parse(std::string_view text, bool defaultTag)
{
    Reference r;
    const std::string original(text);
    if (str::startsWith(text, "oci:")) {
        std::string_view rest = text.substr(4);
        const size_t slash = rest.rfind('/');
        const size_t colon = rest.rfind(':');
        if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
            r.tag = std::string(rest.substr(colon + 1));
            rest = rest.substr(0, colon);
        }
        if (rest.empty())
            return makeError(ErrorCode::Usage, "an OCI layout reference needs a folder: oci:PATH[:TAG]", original);
        r.isLayout = true;
        r.layoutPath = std::string(rest);
        while (r.layoutPath.size() > 1 && r.layoutPath.back() == '/')
            r.layoutPath.pop_back();
        if (!r.tag.empty() && str::startsWith(r.tag, "sha256:")) {
            r.digest = r.tag;
            r.tag.clear();
        }
        if (!r.digest.empty()) {
            auto d = Digest::parse(r.digest);
            if (!d)
                return makeError(ErrorCode::Usage, "bad digest in reference: " + d.error().message, original);
        }
        return r;
    }
    if (text.empty())
        return makeError(ErrorCode::Usage, "empty image reference");

    std::string_view rest = text;
    if (const size_t at = rest.find('@'); at != std::string_view::npos) {
        r.digest = std::string(rest.substr(at + 1));
        rest = rest.substr(0, at);
        auto d = Digest::parse(r.digest);
        if (!d)
            return makeError(ErrorCode::Usage, "bad digest in image reference: " + d.error().message, original);
    }
    // The tag is after the last ':' that follows the last '/'.
    {
        const size_t slash = rest.rfind('/');
        const size_t colon = rest.rfind(':');
        if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
            r.tag = std::string(rest.substr(colon + 1));
            rest = rest.substr(0, colon);
            if (!isValidTag(r.tag))
                return makeError(ErrorCode::Usage, "invalid tag '" + r.tag + "' in image reference", original);
        }
    }
    const size_t firstSlash = rest.find('/');
    if (firstSlash != std::string_view::npos && looksLikeDomain(rest.substr(0, firstSlash))) {
        r.registry = std::string(rest.substr(0, firstSlash));
        r.repository = std::string(rest.substr(firstSlash + 1));
    } else {
        r.registry = "docker.io";
        r.repository = std::string(rest);
    }
    if (r.registry == "index.docker.io" || r.registry == "registry-1.docker.io")
        r.registry = "docker.io";
    if (r.registry == "docker.io" && r.repository.find('/') == std::string::npos)
        r.repository = "library/" + r.repository;
    if (!isValidRepository(r.repository))
        return makeError(ErrorCode::Usage,
                         "invalid repository name '" + r.repository +
                             "' (lowercase letters, digits and separators . _ - /)",
                         original);
    if (r.tag.empty() && r.digest.empty() && defaultTag)
        r.tag = "latest";
    return r;
}

std::string Reference::name() const
{
    if (isLayout)
        return "oci:" + layoutPath;
    return registry + "/" + repository;
}

std::string Reference::str() const
{
    std::string s = name();
    if (!tag.empty())
        s += ":" + tag;
    if (!digest.empty())
        s += (isLayout && tag.empty() ? ":" : "@") + digest;
    return s;
}

Reference Reference::withTag(std::string t) const
{
    Reference r = *this;
    r.tag = std::move(t);
    r.digest.clear();
    return r;
}

Reference Reference::withDigest(std::string d) const
{
    Reference r = *this;
    r.digest = std::move(d);
    return r;
}

std::string apiHost(std::string_view registry)
{
    if (registry == "docker.io" || registry == "index.docker.io")
        return "registry-1.docker.io";
    return std::string(registry);
}

bool isLoopbackRegistry(std::string_view registry)
{
    std::string_view host = registry;
    if (!host.empty() && host.front() == '[') {
        const size_t close = host.find(']');
        host = host.substr(1, close == std::string_view::npos ? host.size() - 1 : close - 1);
        return host == "::1";
    }
    if (const size_t colon = host.rfind(':'); colon != std::string_view::npos)
        host = host.substr(0, colon);
    return host == "localhost" || str::startsWith(host, "127.");
}

} // namespace sociscope::oci
