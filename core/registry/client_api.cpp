// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The Distribution API endpoints of RegistryClient.
#include "registry/client.h"

#include "oci/mediatypes.h"
#include "registry/limits.h"
#include "util/log.h"
#include "util/strings.h"

#include <nlohmann/json.hpp>

namespace sociscope::registry {

namespace {
std::string pullScope(const std::string& repo) { return "repository:" + repo + ":pull"; }
std::string pushScope(const std::string& repo) { return "repository:" + repo + ":pull,push"; }

std::string appendQuery(const std::string& url, const std::string& query)
{
    return url + (url.find('?') == std::string::npos ? "?" : "&") + query;
}
} // namespace

Status RegistryClient::checkStatus(const HttpResponse& r, const std::string& what, const std::string& repo) const
{
    if (r.status >= 200 && r.status < 300)
        return {};
    return httpError(r.status, r.body, what, m_registry + (repo.empty() ? std::string() : "/" + repo));
}

Status RegistryClient::ping()
{
    Call c;
    c.url = baseUrl();
    auto r = execute(c);
    if (!r)
        return r.error();
    if (r->status == 404)
        return makeError(ErrorCode::NotFound,
                         "no container registry at " + m_registry + " (GET /v2/ answered 404)", baseUrl());
    return checkStatus(*r, "registry check (GET /v2/)", {});
}

Result<std::vector<std::string>> RegistryClient::catalog(int pageSize, int maxPages)
{
    std::vector<std::string> out;
    std::uint64_t total = 0; // bytes of names, bounded by limits::ListTotalBytes
    std::string url = baseUrl() + "_catalog?n=" + std::to_string(pageSize);
    for (int page = 0; page < maxPages && !url.empty(); ++page) {
        Call c;
        c.url = url;
        c.scope = "registry:catalog:*";
        auto r = executeBounded(c, limits::ListPageBytes, "a catalog page of " + m_registry);
        if (!r)
            return r.error();
        if (auto s = checkStatus(*r, "catalog listing", {}); !s)
            return s.error();
        const auto j = nlohmann::json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("repositories") ||
            !(j["repositories"].is_array() || j["repositories"].is_null()))
            return makeError(ErrorCode::Malformed, "catalog answer of " + m_registry + " has no 'repositories' list", url);
        if (j["repositories"].is_array())
            for (const auto& e : j["repositories"])
                if (e.is_string()) {
                    total += e.get_ref<const std::string&>().size();
                    out.push_back(e.get<std::string>());
                }
        if (total > limits::ListTotalBytes)
            return makeError(ErrorCode::Malformed,
                             "the catalog of " + m_registry + " holds more than 64 MiB of repository names; stopped",
                             url);
        url = nextLink(r->headers, url);
    }
    return out;
}

Result<std::vector<std::string>> RegistryClient::tags(const std::string& repo,
                                                      const std::function<void(const std::vector<std::string>&)>& onPage,
                                                      int pageSize, int maxPages)
{
    return tagPages(
        repo,
        [&](const std::vector<std::string>& page) {
            if (onPage)
                onPage(page);
            return true;
        },
        pageSize, maxPages);
}

Result<std::vector<std::string>> RegistryClient::tagPages(
    const std::string& repo, const std::function<bool(const std::vector<std::string>&)>& onPage, int pageSize,
    int maxPages)
{
    std::vector<std::string> out;
    std::string url = repoUrl(repo) + "/tags/list";
    if (pageSize > 0)
        url += "?n=" + std::to_string(pageSize);
    std::string lastSeen;
    std::uint64_t total = 0; // bytes of names, bounded by limits::ListTotalBytes
    for (int page = 0; page < maxPages && !url.empty(); ++page) {
        Call c;
        c.url = url;
        c.scope = pullScope(repo);
        auto r = executeBounded(c, limits::ListPageBytes, "a tag list page of " + repo);
        if (!r)
            return r.error();
        if (auto s = checkStatus(*r, "tag listing of " + repo, repo); !s)
            return s.error();
        const auto j = nlohmann::json::parse(r->body, nullptr, false);
        if (!j.is_object() || !j.contains("tags") || !(j["tags"].is_array() || j["tags"].is_null()))
            return makeError(ErrorCode::Malformed, "tag list of " + repo + " has no 'tags' list", url);
        std::vector<std::string> pageTags;
        if (j["tags"].is_array())
            for (const auto& e : j["tags"])
                if (e.is_string()) {
                    total += e.get_ref<const std::string&>().size();
                    pageTags.push_back(e.get<std::string>());
                }
        if (total > limits::ListTotalBytes)
            return makeError(ErrorCode::Malformed,
                             "the tag list of " + repo + " holds more than 64 MiB of tag names; stopped", url);
        const bool more = !onPage || onPage(pageTags);
        out.insert(out.end(), pageTags.begin(), pageTags.end());
        if (!more)
            break;
        const std::string next = nextLink(r->headers, url);
        // A registry that sends the same page again would loop: stop.
        if (!pageTags.empty() && pageTags.back() == lastSeen)
            break;
        if (!pageTags.empty())
            lastSeen = pageTags.back();
        url = next;
    }
    return out;
}

Result<FetchedManifest> RegistryClient::getManifest(const std::string& repo, const std::string& ref)
{
    Call c;
    c.url = repoUrl(repo) + "/manifests/" + ref;
    c.scope = pullScope(repo);
    c.headers.emplace_back("Accept", std::string(oci::mt::ManifestAccept));
    const std::string name = repo + (ref.find(':') == std::string::npos ? ":" : "@") + ref;
    auto r = executeBounded(c, limits::ManifestBytes, "manifest " + m_registry + "/" + name);
    if (!r)
        return r.error();
    if (auto s = checkStatus(*r, "manifest " + repo + ":" + ref, repo); !s)
        return s.error();
    FetchedManifest m;
    m.bytes = std::move(r->body);
    std::string ct = r->headers.get("Content-Type");
    ct = std::string(str::trim(ct.substr(0, ct.find(';'))));
    const std::string declared = oci::sniffMediaType(m.bytes);
    m.mediaType = !declared.empty() ? declared : ct;
    m.digest = oci::Digest::sha256Of(m.bytes);
    if (str::startsWith(ref, "sha256:") || str::startsWith(ref, "sha512:")) {
        auto want = oci::Digest::parse(ref);
        if (!want)
            return want.error();
        if (auto v = oci::verify(m.bytes, *want, "manifest " + repo + "@" + ref); !v)
            return v.error();
        m.digest = *want;
    } else if (const std::string dcd = r->headers.get("Docker-Content-Digest"); !dcd.empty()) {
        auto claimed = oci::Digest::parse(dcd);
        if (claimed && claimed->algorithm() == "sha256" && *claimed != m.digest)
            return makeError(ErrorCode::Integrity,
                             "manifest " + repo + ":" + ref + " does not match the digest the registry announced (" +
                                 claimed->str() + " announced, " + m.digest.str() + " received)",
                             m_registry);
    }
    return m;
}

Result<oci::Descriptor> RegistryClient::headManifest(const std::string& repo, const std::string& ref)
{
    Call c;
    c.method = "HEAD";
    c.url = repoUrl(repo) + "/manifests/" + ref;
    c.scope = pullScope(repo);
    c.headers.emplace_back("Accept", std::string(oci::mt::ManifestAccept));
    auto r = execute(c);
    if (!r)
        return r.error();
    if (auto s = checkStatus(*r, "manifest " + repo + ":" + ref, repo); !s)
        return s.error();
    oci::Descriptor d;
    std::string ct = r->headers.get("Content-Type");
    d.mediaType = std::string(str::trim(ct.substr(0, ct.find(';'))));
    d.size = static_cast<std::int64_t>(str::parseU64(r->headers.get("Content-Length")).value_or(0));
    auto dg = oci::Digest::parse(r->headers.get("Docker-Content-Digest"));
    if (!dg) {
        // Some registries omit the header on HEAD: fall back to GET.
        auto m = getManifest(repo, ref);
        if (!m)
            return m.error();
        d.digest = m->digest;
        d.size = static_cast<std::int64_t>(m->bytes.size());
        d.mediaType = m->mediaType;
        return d;
    }
    d.digest = *dg;
    return d;
}

Result<oci::Digest> RegistryClient::putManifest(const std::string& repo, const std::string& ref,
                                                const std::string& bytes, const std::string& mediaType)
{
    Call c;
    c.method = "PUT";
    c.url = repoUrl(repo) + "/manifests/" + ref;
    c.scope = pushScope(repo);
    c.body = bytes;
    c.headers.emplace_back("Content-Type", mediaType);
    auto r = execute(c);
    if (!r)
        return r.error();
    if (auto s = checkStatus(*r, "upload of manifest " + repo + ":" + ref, repo); !s)
        return s.error();
    const oci::Digest local = oci::Digest::sha256Of(bytes);
    if (auto dg = oci::Digest::parse(r->headers.get("Docker-Content-Digest")); dg && *dg != local)
        return makeError(ErrorCode::Integrity,
                         "registry stored manifest " + repo + ":" + ref + " under another digest (" + dg->str() + ")",
                         m_registry);
    return local;
}

Result<std::optional<std::int64_t>> RegistryClient::headBlob(const std::string& repo, const oci::Digest& digest)
{
    Call c;
    c.method = "HEAD";
    c.url = repoUrl(repo) + "/blobs/" + digest.str();
    c.scope = pullScope(repo);
    auto r = execute(c);
    if (!r)
        return r.error();
    if (r->status == 404)
        return std::optional<std::int64_t>{};
    if (auto s = checkStatus(*r, "blob check " + digest.str(), repo); !s)
        return s.error();
    return std::optional<std::int64_t>(
        static_cast<std::int64_t>(str::parseU64(r->headers.get("Content-Length")).value_or(0)));
}

Status RegistryClient::getBlob(const std::string& repo, const oci::Digest& digest, const BodySink& sink,
                               std::int64_t expectedSize)
{
    oci::Hasher hasher(digest.algorithm());
    std::uint64_t total = 0;
    const BodySink counting = [&](std::string_view chunk) {
        hasher.update(chunk);
        total += chunk.size();
        if (expectedSize >= 0 && total > static_cast<std::uint64_t>(expectedSize))
            return false;
        return sink(chunk);
    };
    Call c;
    c.url = repoUrl(repo) + "/blobs/" + digest.str();
    c.scope = pullScope(repo);
    auto r = execute(c, &counting);
    if (!r) {
        if (r.error().code == ErrorCode::Cancelled && expectedSize >= 0 &&
            total > static_cast<std::uint64_t>(expectedSize))
            return makeError(ErrorCode::Integrity,
                             "blob " + digest.str() + " is larger than its descriptor says (" +
                                 std::to_string(expectedSize) + " bytes)",
                             m_registry + "/" + repo);
        return r.error();
    }
    if (auto s = checkStatus(*r, "download of blob " + digest.str(), repo); !s)
        return s.error();
    if (expectedSize >= 0 && total != static_cast<std::uint64_t>(expectedSize))
        return makeError(ErrorCode::Integrity,
                         "blob " + digest.str() + " has " + std::to_string(total) + " bytes, its descriptor says " +
                             std::to_string(expectedSize),
                         m_registry + "/" + repo);
    const oci::Digest got = hasher.finish();
    if (got != digest)
        return makeError(ErrorCode::Integrity, "blob " + digest.str() + " does not match its digest (got " + got.str() + ")",
                         m_registry + "/" + repo);
    return {};
}

Result<std::string> RegistryClient::getBlobRange(const std::string& repo, const oci::Digest& digest,
                                                 std::uint64_t offset, std::uint64_t length)
{
    if (length == 0)
        return std::string();
    std::string out;
    out.reserve(static_cast<size_t>(length));
    const BodySink sink = [&](std::string_view chunk) {
        out.append(chunk);
        return true;
    };
    Call c;
    c.url = repoUrl(repo) + "/blobs/" + digest.str();
    c.scope = pullScope(repo);
    c.headers.emplace_back("Range",
                           "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
    auto r = execute(c, &sink);
    if (!r)
        return r.error();
    if (auto s = checkStatus(*r, "range read of blob " + digest.str(), repo); !s)
        return s.error();
    if (out.size() != length)
        return makeError(ErrorCode::Integrity,
                         "range read of blob " + digest.str() + " returned " + std::to_string(out.size()) +
                             " bytes instead of " + std::to_string(length),
                         m_registry + "/" + repo);
    return out;
}

Result<bool> RegistryClient::mountBlob(const std::string& repo, const oci::Digest& digest, const std::string& fromRepo)
{
    Call c;
    c.method = "POST";
    c.url = repoUrl(repo) + "/blobs/uploads/?mount=" + str::urlEncode(digest.str()) + "&from=" + str::urlEncode(fromRepo);
    c.scope = pushScope(repo) + " " + pullScope(fromRepo);
    c.idempotent = false;
    auto r = execute(c);
    if (!r)
        return r.error();
    if (r->status == 201)
        return true;
    if (r->status == 202) {
        // An upload session was opened instead; cancel it, the caller uploads.
        if (const std::string loc = r->headers.get("Location"); !loc.empty()) {
            Call del;
            del.method = "DELETE";
            del.url = resolveUrl(c.url, loc);
            del.scope = pushScope(repo);
            (void)execute(del);
        }
        return false;
    }
    if (r->status == 401 || r->status == 403 || r->status == 404)
        return false;
    if (auto s = checkStatus(*r, "blob mount " + digest.str(), repo); !s)
        return s.error();
    return false;
}

Status RegistryClient::pushBlob(const std::string& repo, const oci::Digest& digest, std::int64_t size,
                                const BodyFactory& body)
{
    Call start;
    start.method = "POST";
    start.url = repoUrl(repo) + "/blobs/uploads/";
    start.scope = pushScope(repo);
    auto r = execute(start);
    if (!r)
        return r.error();
    if (auto s = checkStatus(*r, "start of blob upload " + digest.str(), repo); !s)
        return s.error();
    std::string location = r->headers.get("Location");
    if (location.empty())
        return makeError(ErrorCode::Malformed, "registry opened an upload without a Location", m_registry);
    location = resolveUrl(start.url, location);

    if (size >= 0 && static_cast<std::uint64_t>(size) <= m_options.chunkSize) {
        Call put;
        put.method = "PUT";
        put.url = appendQuery(location, "digest=" + str::urlEncode(digest.str()));
        put.scope = pushScope(repo);
        put.bodyFactory = body;
        put.bodySize = size;
        put.headers.emplace_back("Content-Type", "application/octet-stream");
        auto pr = execute(put);
        if (!pr)
            return pr.error();
        return checkStatus(*pr, "upload of blob " + digest.str(), repo);
    }

    // Large blob: PATCH chunks, each from one fresh reader positioned by skipping.
    BodyReader reader = body();
    std::uint64_t sent = 0;
    std::vector<char> buf(1 << 20);
    for (int chunkNo = 0; chunkNo < 1000000; ++chunkNo) {
        std::string chunk;
        while (chunk.size() < m_options.chunkSize) {
            auto n = reader(buf.data(), std::min<size_t>(buf.size(), m_options.chunkSize - chunk.size()));
            if (!n)
                return n.error();
            if (*n == 0)
                break;
            chunk.append(buf.data(), *n);
        }
        if (chunk.empty())
            break;
        Call patch;
        patch.method = "PATCH";
        patch.url = location;
        patch.scope = pushScope(repo);
        patch.idempotent = false;
        patch.headers.emplace_back("Content-Type", "application/octet-stream");
        patch.headers.emplace_back("Content-Range",
                                   std::to_string(sent) + "-" + std::to_string(sent + chunk.size() - 1));
        patch.body = std::move(chunk);
        const size_t chunkLen = patch.body.size();
        auto pr = execute(patch);
        if (!pr)
            return pr.error();
        if (auto s = checkStatus(*pr, "chunk upload of blob " + digest.str(), repo); !s)
            return s.error();
        sent += chunkLen;
        if (const std::string loc = pr->headers.get("Location"); !loc.empty())
            location = resolveUrl(location, loc);
    }
    Call fin;
    fin.method = "PUT";
    fin.url = appendQuery(location, "digest=" + str::urlEncode(digest.str()));
    fin.scope = pushScope(repo);
    fin.idempotent = false;
    auto fr = execute(fin);
    if (!fr)
        return fr.error();
    return checkStatus(*fr, "completion of blob upload " + digest.str(), repo);
}

Result<std::vector<oci::Descriptor>> RegistryClient::referrers(const std::string& repo, const oci::Digest& subject,
                                                               const std::string& artifactType)
{
    const auto filter = [&](std::vector<oci::Descriptor> in) {
        if (artifactType.empty())
            return in;
        std::erase_if(in, [&](const oci::Descriptor& d) { return d.artifactType != artifactType; });
        return in;
    };
    if (!m_noReferrersApi.load()) {
        std::vector<oci::Descriptor> out;
        std::string url = repoUrl(repo) + "/referrers/" + subject.str();
        if (!artifactType.empty())
            url += "?artifactType=" + str::urlEncode(artifactType);
        bool apiAnswered = false;
        for (int page = 0; page < 1000 && !url.empty(); ++page) {
            Call c;
            c.url = url;
            c.scope = pullScope(repo);
            c.headers.emplace_back("Accept", std::string(oci::mt::OciIndex));
            auto r = executeBounded(c, limits::ManifestBytes, "the referrers answer for " + repo + "@" + subject.str());
            if (!r)
                return r.error();
            std::string ct = r->headers.get("Content-Type");
            ct = std::string(str::trim(ct.substr(0, ct.find(';'))));
            if (r->status == 404 || (r->status == 200 && ct != oci::mt::OciIndex) || r->status == 405) {
                const auto err = httpError(r->status, r->body, "referrers", repo);
                if (r->status == 404 && r->body.find("NAME_UNKNOWN") != std::string::npos)
                    return err;
                break; // no referrers API: use the fallback tag
            }
            if (auto s = checkStatus(*r, "referrers of " + subject.str(), repo); !s)
                return s.error();
            auto idx = oci::Index::parse(r->body, oci::mt::OciIndex);
            if (!idx)
                return idx.error();
            apiAnswered = true;
            const bool filtered = r->headers.get("OCI-Filters-Applied").find("artifactType") != std::string::npos ||
                                  idx->annotations.count("org.opencontainers.referrers.filtersApplied");
            auto ms = filtered ? idx->manifests : filter(idx->manifests);
            out.insert(out.end(), ms.begin(), ms.end());
            url = nextLink(r->headers, url);
        }
        if (apiAnswered)
            return out;
        m_noReferrersApi.store(true);
        log::debug("registry " + m_registry + " has no referrers API; using the sha256-<hex> tag");
    }
    auto m = getManifest(repo, subject.fallbackTag());
    if (!m) {
        if (m.error().code == ErrorCode::NotFound)
            return std::vector<oci::Descriptor>{};
        return m.error();
    }
    auto idx = oci::Index::parse(m->bytes, m->mediaType);
    if (!idx)
        return idx.error();
    return filter(idx->manifests);
}

} // namespace sociscope::registry
