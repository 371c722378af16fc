// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The request engine of RegistryClient: auth, retries, redirects, resume.
// The Distribution API endpoints are in client_api.cpp.
#include "registry/client.h"

#include "oci/reference.h"
#include "registry/limits.h"
#include "util/cancel.h"
#include "util/log.h"
#include "util/strings.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <random>

namespace sociscope::registry {

namespace {
bool retriableStatus(long s) { return s == 429 || s == 500 || s == 502 || s == 503 || s == 504; }

std::chrono::milliseconds backoff(const RetryPolicy& p, int attempt)
{
    thread_local std::mt19937 rng{std::random_device{}()};
    auto d = p.baseDelay * (1 << std::min(attempt - 1, 10));
    if (d > p.maxDelay)
        d = p.maxDelay;
    // Full jitter between 50% and 100% of the delay.
    std::uniform_int_distribution<long> dist(d.count() / 2, std::max<long>(d.count(), 1));
    return std::chrono::milliseconds(dist(rng));
}

// Retry-After as delta-seconds or an HTTP date, as a wait from now; nullopt
// when absent or unreadable (then the usual backoff applies).
std::optional<std::chrono::milliseconds> retryAfter(const HttpHeaders& h)
{
    const std::string v = std::string(str::trim(h.get("Retry-After")));
    if (v.empty())
        return std::nullopt;
    if (auto secs = str::parseU64(v))
        return std::chrono::seconds(std::min<std::uint64_t>(*secs, 1u << 30));
    const time_t when = curl_getdate(v.c_str(), nullptr);
    if (when < 0)
        return std::nullopt;
    const time_t now = std::time(nullptr);
    return std::chrono::seconds(when > now ? when - now : 0);
}

// "30 s" or "50 ms".
std::string durationText(std::chrono::milliseconds d)
{
    if (d.count() % 1000 == 0)
        return std::to_string(d.count() / 1000) + " s";
    return std::to_string(d.count()) + " ms";
}

bool isRedirect(long s) { return s == 301 || s == 302 || s == 303 || s == 307 || s == 308; }
} // namespace

Error httpError(long status, const std::string& body, const std::string& what, const std::string& context)
{
    std::string detail;
    std::string code;
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_object()) {
        if (auto it = j.find("errors"); it != j.end() && it->is_array() && !it->empty() && (*it)[0].is_object()) {
            // Only string members count (json::value would throw on {"code": 1}).
            const auto& first = (*it)[0];
            const auto text = [&first](const char* key) {
                const auto f = first.find(key);
                return f != first.end() && f->is_string() ? f->get<std::string>() : std::string();
            };
            code = text("code");
            detail = text("message");
        }
    }
    std::string why = "HTTP " + std::to_string(status);
    if (!code.empty())
        why += " " + code;
    if (!detail.empty())
        why += ": " + detail;
    ErrorCode ec = ErrorCode::Network;
    if (status == 404 || code == "MANIFEST_UNKNOWN" || code == "BLOB_UNKNOWN" || code == "NAME_UNKNOWN")
        ec = ErrorCode::NotFound;
    else if (status == 401 || status == 403 || code == "UNAUTHORIZED" || code == "DENIED")
        ec = ErrorCode::Auth;
    else if (code == "MANIFEST_INVALID" || code == "DIGEST_INVALID" || code == "SIZE_INVALID" ||
             code == "MANIFEST_BLOB_UNKNOWN" || code == "BLOB_UPLOAD_INVALID" || code == "TAG_INVALID" ||
             code == "NAME_INVALID")
        ec = code == "DIGEST_INVALID" ? ErrorCode::Integrity : ErrorCode::Malformed;
    else if (status == 400 || status == 405 || status == 415)
        ec = ErrorCode::Unsupported;
    std::string msg;
    if (ec == ErrorCode::NotFound)
        msg = what + ": not found (" + why + ")";
    else if (ec == ErrorCode::Auth)
        msg = what + ": access refused (" + why + "); check your login for this registry";
    else
        msg = what + " failed (" + why + ")";
    return makeError(ec, msg, context);
}

std::string nextLink(const HttpHeaders& headers, const std::string& base)
{
    for (const auto& link : headers.getAll("Link")) {
        for (const auto& part : str::split(link, ',')) {
            const std::string_view p = str::trim(part);
            const size_t lt = p.find('<');
            const size_t gt = p.find('>');
            if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt)
                continue;
            const std::string params = str::toLower(p.substr(gt + 1));
            if (params.find("rel=\"next\"") == std::string::npos && params.find("rel=next") == std::string::npos)
                continue;
            return resolveUrl(base, p.substr(lt + 1, gt - lt - 1));
        }
    }
    return {};
}

RetryPolicy retryPolicyFromEnvironment(RetryPolicy base)
{
    const auto envMs = [](const char* name) -> std::optional<long> {
        const char* v = std::getenv(name);
        if (!v || !*v)
            return std::nullopt;
        auto n = str::parseU64(v);
        return n ? std::optional<long>(static_cast<long>(*n)) : std::nullopt;
    };
    if (auto v = envMs("SOCISCOPE_RETRY_AFTER_CAP_MS"))
        base.retryAfterCap = std::chrono::milliseconds(*v);
    if (auto v = envMs("SOCISCOPE_RETRY_BASE_MS"))
        base.baseDelay = std::chrono::milliseconds(*v);
    if (auto v = envMs("SOCISCOPE_RETRY_ATTEMPTS"))
        base.maxAttempts = static_cast<int>(std::max<long>(1, *v));
    return base;
}

RegistryClient::RegistryClient(std::string registry, ClientOptions options)
    : m_registry(std::move(registry)), m_options(std::move(options))
{
    m_plainHttp = m_options.plainHttp || oci::isLoopbackRegistry(m_registry);
    HttpOptions ho = m_options.http;
    ho.insecure = ho.insecure || m_options.insecure;
    m_http = std::make_unique<HttpClient>(ho);
    m_auth = std::make_unique<Authenticator>(*m_http, m_registry, m_options.credentials, m_options.credentialSource);
}

RegistryClient::~RegistryClient() = default;

std::string RegistryClient::baseUrl() const
{
    return std::string(m_plainHttp ? "http://" : "https://") + oci::apiHost(m_registry) + "/v2/";
}

std::string RegistryClient::repoUrl(const std::string& repo) const { return baseUrl() + repo; }

RegistryStatus RegistryClient::status() const
{
    std::lock_guard lock(m_statusMutex);
    RegistryStatus s = m_status;
    s.authState = m_auth->state();
    return s;
}

void RegistryClient::noteHeaders(const HttpHeaders& h)
{
    const std::string limit = h.get("ratelimit-limit");
    const std::string remaining = h.get("ratelimit-remaining");
    if (limit.empty() && remaining.empty())
        return;
    std::lock_guard lock(m_statusMutex);
    m_status.rateLimitLimit = limit;
    m_status.rateLimitRemaining = remaining;
}

Result<HttpResponse> RegistryClient::executeOnce(const Call& call, const BodySink* sink, bool& authRetried,
                                                 bool& stalled)
{
    const std::string registryHost = urlHost(baseUrl());
    std::string url = call.url;
    std::optional<std::string> authorization = m_auth->cached(call.scope);
    for (int hop = 0; hop < 8; ++hop) {
        HttpRequest req;
        req.method = call.method;
        req.url = url;
        req.headers = call.headers;
        const bool sameHost = urlHost(url) == registryHost;
        // Credentials go only to the registry itself, never to a redirect target.
        if (authorization && sameHost)
            req.headers.emplace_back("Authorization", *authorization);
        req.body = call.body;
        req.onStart = call.onStart;
        req.stalled = &stalled;
        if (call.bodyFactory) {
            req.bodyReader = call.bodyFactory();
            req.bodySize = call.bodySize;
        }
        auto resp = m_http->perform(req, sink);
        if (!resp)
            return resp.error();
        noteHeaders(resp->headers);
        if (resp->status == 401 && sameHost) {
            if (authRetried)
                return makeError(ErrorCode::Auth,
                                 "registry " + m_registry + " refused access" +
                                     (call.scope.empty() ? std::string() : " for " + call.scope) +
                                     " (401); check the credentials: " + m_auth->credentialOrigin(),
                                 url);
            auto value = m_auth->authorize(resp->headers, call.scope);
            if (!value)
                return value.error();
            authRetried = true;
            authorization = *value;
            continue;
        }
        if (call.followRedirects && isRedirect(resp->status) && resp->headers.has("Location")) {
            url = resolveUrl(url, resp->headers.get("Location"));
            log::debug("redirected to host " + urlHost(url));
            continue;
        }
        return resp;
    }
    return makeError(ErrorCode::Network, "too many redirects", call.url);
}

Result<HttpResponse> RegistryClient::executeBounded(const Call& call, std::uint64_t maxBytes, const std::string& what)
{
    BoundedBody body(maxBytes);
    Call c = call;
    c.onStart = body.startHook();
    auto r = execute(c, &body.sink());
    if (body.exceeded())
        return body.tooLarge(what, call.url);
    if (!r)
        return r.error();
    if (r->status >= 200 && r->status < 300)
        r->body = body.take();
    return r;
}

std::optional<std::uint64_t> contentRangeStart(std::string_view v)
{
    const std::string_view t = str::trim(v);
    if (!str::startsWith(t, "bytes "))
        return std::nullopt;
    const std::string_view rest = t.substr(6);
    return str::parseU64(rest.substr(0, rest.find('-')));
}

Result<HttpResponse> RegistryClient::execute(const Call& call, const BodySink* sink)
{
    const auto started = std::chrono::steady_clock::now();
    const RetryPolicy& policy = m_options.retry;
    bool authRetried = false;

    // The caller's own Range, so a resume continues inside it.
    std::uint64_t rangeStart = 0;
    std::optional<std::uint64_t> limit;
    for (const auto& [k, v] : call.headers) {
        if (str::toLower(k) != "range" || !str::startsWith(v, "bytes="))
            continue;
        const auto parts = str::split(v.substr(6), '-');
        if (parts.size() == 2)
            if (auto a = str::parseU64(parts[0])) {
                rangeStart = *a;
                if (auto b = str::parseU64(parts[1]); b && *b >= *a)
                    limit = *b - *a + 1;
            }
    }

    std::uint64_t delivered = 0; // bytes handed to the caller's sink so far
    for (int attempt = 1;; ++attempt) {
        Call c = call;
        std::uint64_t skip = 0;
        bool complete = false;
        bool callerStopped = false;
        bool wrongRange = false;
        long startStatus = 0;
        HttpHeaders startHeaders;
        BodySink wrapped;
        HttpRequest::StartHook hook;
        if (sink) {
            const std::uint64_t want = rangeStart + delivered;
            if (delivered > 0) {
                std::erase_if(c.headers, [](const auto& h) { return str::toLower(h.first) == "range"; });
                std::string r = "bytes=" + std::to_string(want) + "-";
                if (limit)
                    r += std::to_string(rangeStart + *limit - 1);
                c.headers.emplace_back("Range", r);
            }
            const bool askedRange = delivered > 0 || rangeStart > 0 || limit.has_value();
            hook = [&, want, askedRange](long status, const HttpHeaders& h) {
                startStatus = status;
                startHeaders = h;
                if (status == 206) {
                    const auto s = contentRangeStart(h.get("Content-Range"));
                    if (!s || *s != want) {
                        wrongRange = true;
                        return false;
                    }
                } else if (askedRange) {
                    // The server ignored the range and sends the whole blob.
                    skip = want;
                }
                if (call.onStart && !call.onStart(status, h)) {
                    callerStopped = true;
                    return false;
                }
                return true;
            };
            wrapped = [&](std::string_view chunk) {
                if (skip > 0) {
                    const size_t k = static_cast<size_t>(std::min<std::uint64_t>(skip, chunk.size()));
                    chunk.remove_prefix(k);
                    skip -= k;
                }
                if (limit && delivered + chunk.size() > *limit)
                    chunk = chunk.substr(0, static_cast<size_t>(*limit - delivered));
                if (!chunk.empty()) {
                    delivered += chunk.size();
                    if (!(*sink)(chunk)) {
                        callerStopped = true;
                        return false;
                    }
                }
                if (limit && delivered == *limit) {
                    complete = true;
                    return false; // everything wanted is here; stop the transfer
                }
                return true;
            };
            c.onStart = hook;
        }
        bool stalled = false;
        auto r = executeOnce(c, sink ? &wrapped : nullptr, authRetried, stalled);
        if (!r && complete) {
            HttpResponse ok;
            ok.status = startStatus;
            ok.headers = startHeaders;
            ok.sunkBytes = delivered;
            ok.url = c.url;
            return ok;
        }
        if (!r && callerStopped)
            return makeError(ErrorCode::Cancelled, "transfer cancelled", call.url);
        if (!r && wrongRange)
            r = makeError(ErrorCode::Network, "the registry answered a different byte range than asked", call.url);
        if (r && sink && r->status >= 200 && r->status < 300 && limit && delivered < *limit)
            r = makeError(ErrorCode::Network,
                          "the registry sent " + std::to_string(delivered) + " of " + std::to_string(*limit) +
                              " bytes asked for",
                          call.url);
        const auto elapsed = std::chrono::steady_clock::now() - started;
        const bool budgetLeft = elapsed < policy.totalBudget && attempt < policy.maxAttempts;
        // Whoever waits for this request may have gone: then no retry either.
        const util::CancelToken cancel = util::currentCancelToken();
        const auto stoppedError = [&] {
            return makeError(cancel.reason() == util::StopReason::Cancelled ? ErrorCode::Cancelled : ErrorCode::Network,
                             describeRequest(call.method, call.url) + " " + util::stopText(cancel.reason()) +
                                 " while waiting to retry",
                             call.url);
        };
        if (!r) {
            // A stall already waited the whole low-speed window: a retry
            // would only double the wait for a registry that drips.
            if (r.error().code == ErrorCode::Network && call.idempotent && budgetLeft && !stalled &&
                !cancel.stopRequested()) {
                const auto d = backoff(policy, attempt);
                log::info("retrying in " + std::to_string(d.count()) + " ms after: " + r.error().text());
                if (!cancel.sleepFor(d))
                    return stoppedError();
                continue;
            }
            return r.error();
        }
        if (retriableStatus(r->status) && budgetLeft && (call.idempotent || r->status == 429 || r->status == 503)) {
            const auto asked = retryAfter(r->headers);
            if (asked && *asked > policy.retryAfterCap)
                return makeError(ErrorCode::Network,
                                 "registry " + m_registry + " answered " + std::to_string(r->status) +
                                     " to " + describeRequest(call.method, call.url) + " and asked to retry after " +
                                     durationText(*asked) + ", longer than the " + durationText(policy.retryAfterCap) +
                                     " this waits (SOCISCOPE_RETRY_AFTER_CAP_MS); try again later",
                                 call.url);
            const auto d = asked.value_or(backoff(policy, attempt));
            log::info("registry answered " + std::to_string(r->status) + "; retrying in " + std::to_string(d.count()) +
                      " ms");
            if (!cancel.sleepFor(d))
                return stoppedError();
            continue;
        }
        if (sink)
            r->sunkBytes = delivered;
        return r;
    }
}

} // namespace sociscope::registry
