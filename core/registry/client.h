// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "oci/image.h"
#include "registry/auth.h"
#include "registry/http.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::registry {

// How hard to try before giving up. Every loop is bounded by these numbers.
struct RetryPolicy {
    int maxAttempts = 5;                    // total tries of one request
    std::chrono::milliseconds baseDelay{200}; // doubled each try, with jitter
    std::chrono::milliseconds maxDelay{5000};
    // Retry-After is honoured up to this; a longer one fails the request.
    std::chrono::milliseconds retryAfterCap{30000};
    std::chrono::milliseconds totalBudget{60000};   // no request retries past this
};

// base with SOCISCOPE_RETRY_ATTEMPTS, SOCISCOPE_RETRY_BASE_MS and
// SOCISCOPE_RETRY_AFTER_CAP_MS applied where set (see docs/cli.md).
RetryPolicy retryPolicyFromEnvironment(RetryPolicy base = {});

struct ClientOptions {
    bool plainHttp = false; // forced plain HTTP; loopback registries use it anyway
    bool insecure = false;  // TLS without verification
    RetryPolicy retry;
    CredentialProvider credentials;
    // Where credentials for a registry come from, for messages.
    std::function<std::string(const std::string& registry)> credentialSource;
    std::uint64_t chunkSize = 64ull << 20; // blob uploads above this size go in PATCH chunks
    HttpOptions http;
};

// A manifest or index as fetched: the original bytes, never re-encoded.
struct FetchedManifest {
    std::string bytes;
    std::string mediaType;
    oci::Digest digest;
};

// Rate-limit and auth state of the last answers, for the status bar.
struct RegistryStatus {
    std::string authState;
    std::string rateLimitLimit;     // ratelimit-limit header, e.g. "100;w=21600"
    std::string rateLimitRemaining; // ratelimit-remaining header
};

// Produces a fresh reader over the same bytes, so an upload can be retried.
using BodyFactory = std::function<BodyReader()>;

// The OCI Distribution API of one registry host. Thread-safe.
class RegistryClient final {
public:
    // registry is the host as written in references ("docker.io", "127.0.0.1:5000").
    RegistryClient(std::string registry, ClientOptions options);
    ~RegistryClient();

    [[nodiscard]] const std::string& registry() const { return m_registry; }
    // "http://127.0.0.1:5000/v2/" or "https://registry-1.docker.io/v2/".
    [[nodiscard]] std::string baseUrl() const;

    // GET /v2/: the registry answers (200, or 401 with a challenge we can meet).
    Status ping();
    // GET /v2/_catalog, following Link pagination. Bounded by maxPages.
    Result<std::vector<std::string>> catalog(int pageSize = 1000, int maxPages = 1000);
    // GET /v2/<repo>/tags/list, following Link pagination; onPage gets each page
    // as it arrives (may be empty). Bounded by maxPages.
    Result<std::vector<std::string>> tags(const std::string& repo,
                                          const std::function<void(const std::vector<std::string>&)>& onPage = {},
                                          int pageSize = 0, int maxPages = 10000);
    // As tags(), but onPage decides whether to go on: false stops after that page
    // (no further request is made) and the tags received so far are returned.
    Result<std::vector<std::string>> tagPages(const std::string& repo,
                                              const std::function<bool(const std::vector<std::string>&)>& onPage,
                                              int pageSize = 0, int maxPages = 10000);

    // GET a manifest or index by tag or digest, verified against the digest (by
    // digest) or against Docker-Content-Digest (by tag).
    Result<FetchedManifest> getManifest(const std::string& repo, const std::string& ref);
    // HEAD a manifest: its media type, digest and size. NotFound when absent.
    Result<oci::Descriptor> headManifest(const std::string& repo, const std::string& ref);
    // PUT a manifest under a tag or its digest; returns the digest the registry reports.
    Result<oci::Digest> putManifest(const std::string& repo, const std::string& ref, const std::string& bytes,
                                    const std::string& mediaType);

    // HEAD a blob: its size, or nullopt when absent.
    Result<std::optional<std::int64_t>> headBlob(const std::string& repo, const oci::Digest& digest);
    // GET a blob into sink, resuming with Range after a reset, verifying the
    // digest at the end (Integrity error then: the caller must drop what it got).
    Status getBlob(const std::string& repo, const oci::Digest& digest, const BodySink& sink,
                   std::int64_t expectedSize = -1);
    // GET bytes [offset, offset+length) of a blob. Exactly those bytes or an
    // error; a 200 answer is sliced, never trusted as the range.
    Result<std::string> getBlobRange(const std::string& repo, const oci::Digest& digest, std::uint64_t offset,
                                     std::uint64_t length);
    // Uploads a blob (monolithic PUT, or POST + PATCH chunks + PUT when large).
    Status pushBlob(const std::string& repo, const oci::Digest& digest, std::int64_t size, const BodyFactory& body);
    // Cross-repository mount; true when the registry mounted it.
    Result<bool> mountBlob(const std::string& repo, const oci::Digest& digest, const std::string& fromRepo);

    // Referrers of a manifest (OCI 1.1 API, or the sha256-<hex> fallback tag),
    // filtered by artifactType when not empty.
    Result<std::vector<oci::Descriptor>> referrers(const std::string& repo, const oci::Digest& subject,
                                                   const std::string& artifactType);
    // True once the registry said it has no referrers API (cached per client).
    [[nodiscard]] bool referrersApiMissing() const { return m_noReferrersApi.load(); }

    // Auth state and rate-limit headers seen last.
    [[nodiscard]] RegistryStatus status() const;
    [[nodiscard]] HttpClient& http() { return *m_http; }
    [[nodiscard]] const ClientOptions& options() const { return m_options; }

    // One request with auth, retries and redirects (exposed for tests and
    // for the lazy reader's range requests).
    struct Call {
        std::string method = "GET";
        std::string url;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        BodyFactory bodyFactory;
        std::int64_t bodySize = -1;
        std::string scope;            // "repository:foo/bar:pull"
        bool followRedirects = true;
        bool idempotent = true;       // retried on network errors and 5xx
        HttpRequest::StartHook onStart; // with a sink: asked after execute()'s own checks; false stops
    };
    // With a sink, a transfer broken by a reset or truncation resumes with a
    // Range request from the first missing byte; a 200 answer to a range is
    // sliced; a "Range: bytes=a-b" of the caller is honoured exactly.
    Result<HttpResponse> execute(const Call& call, const BodySink* sink = nullptr);

private:
    // stalled is set when the transfer failed the low-speed limit.
    Result<HttpResponse> executeOnce(const Call& call, const BodySink* sink, bool& authRetried, bool& stalled);
    // execute() for an answer kept in memory: a 2xx body larger than maxBytes
    // stops the transfer and is a Malformed error naming what.
    Result<HttpResponse> executeBounded(const Call& call, std::uint64_t maxBytes, const std::string& what);
    Status checkStatus(const HttpResponse& r, const std::string& what, const std::string& repo) const;
    std::string repoUrl(const std::string& repo) const;
    void noteHeaders(const HttpHeaders& h);

    std::string m_registry;
    ClientOptions m_options;
    bool m_plainHttp = false;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<Authenticator> m_auth;
    std::atomic<bool> m_noReferrersApi{false};
    mutable std::mutex m_statusMutex;
    RegistryStatus m_status;
};

// Maps an HTTP error answer of the registry to an Error: 404 NotFound, 401/403
// Auth, 429/5xx Network, 400 with MANIFEST_INVALID etc. Malformed. The OCI error
// body's code and message are quoted.
Error httpError(long status, const std::string& body, const std::string& what, const std::string& context);

// Start offset of a 206 answer's Content-Range ("bytes X-Y/Z" -> X); nullopt otherwise.
std::optional<std::uint64_t> contentRangeStart(std::string_view value);

// Next-page URL from a Link header (`<url>; rel="next"`), resolved against base.
std::string nextLink(const HttpHeaders& headers, const std::string& base);

} // namespace sociscope::registry
