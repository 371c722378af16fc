// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sociscope::registry {

// Response headers in arrival order; lookups are case-insensitive.
class HttpHeaders final {
public:
    void add(std::string name, std::string value) { m_items.emplace_back(std::move(name), std::move(value)); }
    void clear() { m_items.clear(); }
    // First value of the header, or "".
    [[nodiscard]] std::string get(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> getAll(std::string_view name) const;
    [[nodiscard]] bool has(std::string_view name) const;
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& items() const { return m_items; }

private:
    std::vector<std::pair<std::string, std::string>> m_items;
};

// Sequential reader for request bodies: fills buf, returns bytes read (0 at end).
using BodyReader = std::function<Result<size_t>(char* buf, size_t max)>;
// Receives the body of a 2xx response chunk by chunk; false aborts the transfer.
using BodySink = std::function<bool(std::string_view chunk)>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;             // small request bodies
    BodyReader bodyReader;        // large request bodies, used when set
    std::int64_t bodySize = -1;   // size of bodyReader's data; -1 = unknown (chunked)
    long transferTimeoutSec = 0;  // 0 = none; stalls are caught by the low-speed limit
    // A body not taken by a sink is read up to this size; a longer one (an
    // endless chunked answer, say) stops the transfer with ErrorCode::Malformed.
    std::uint64_t maxBodyBytes = 64ull << 20;
    // Set to true when the transfer failed the low-speed limit (may be null).
    bool* stalled = nullptr;
    // Called once with the status and headers before the first byte of a 2xx
    // body reaches the sink; false aborts the transfer (ErrorCode::Cancelled).
    using StartHook = std::function<bool(long status, const HttpHeaders& headers)>;
    StartHook onStart;
};

struct HttpResponse {
    long status = 0;
    HttpHeaders headers;
    std::string body;          // the body, unless a sink took it (2xx with a sink)
    std::uint64_t sunkBytes = 0; // bytes handed to the sink
    std::string url;           // the URL that answered
};

// Settings shared by every request of one client.
struct HttpOptions {
    bool insecure = false;               // skip TLS verification (--insecure)
    long connectTimeoutMs = 10000;
    // A transfer that moves fewer than lowSpeedLimitBytes per second, on
    // average over lowSpeedTimeSec seconds, fails with ErrorCode::Network.
    long lowSpeedLimitBytes = 1024;
    long lowSpeedTimeSec = 30;
    std::string userAgent = "sociscope";
    // nullopt: proxies from the environment (libcurl's default); "": no proxy
    // at all, whatever the environment says; else the proxy URL for every
    // request ("http://proxy:3128"), no_proxy still honoured.
    std::optional<std::string> proxy;
};

// A thread-safe HTTP client over libcurl. Keeps a pool of easy handles so
// connections are reused (HTTP/1.1 keep-alive, HTTP/2 over TLS where offered).
// Redirects are not followed here (the registry client follows them itself,
// dropping Authorization when the host changes). Proxies come from the
// environment (http_proxy, https_proxy, no_proxy) unless options.proxy says otherwise.
class HttpClient final {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Performs one request. Network errors (refused, reset, timeout, truncated
    // body, too slow) come back as ErrorCode::Network; any HTTP status is a
    // success here. When sink is set, a 2xx body goes to it instead of
    // response.body. The calling thread's ambient cancel token
    // (util::currentCancelToken) is checked at least once a second: when it
    // stops, the transfer ends with ErrorCode::Cancelled (its owner went away)
    // or ErrorCode::Network (its deadline passed).
    Result<HttpResponse> perform(const HttpRequest& request, const BodySink* sink = nullptr);

    [[nodiscard]] const HttpOptions& options() const { return m_options; }

private:
    struct Pool;
    HttpOptions m_options;
    std::unique_ptr<Pool> m_pool;
};

// HttpOptions with SOCISCOPE_LOW_SPEED_LIMIT (bytes/s) and
// SOCISCOPE_LOW_SPEED_TIME (seconds) applied where set (see docs/cli.md).
HttpOptions httpOptionsFromEnvironment(HttpOptions base = {});

// What a request to a registry URL fetches, for messages: "blob sha256:0123456789ab… of foo/bar",
// "bytes 0-99 of blob …", "manifest latest of foo/bar", or the path.
std::string describeRequest(std::string_view method, std::string_view url, std::string_view range = {});

// Host (with port) of an absolute URL, lowercased; "" when unparsable.
std::string urlHost(std::string_view url);
// Resolves a Location header against the URL it came from.
std::string resolveUrl(std::string_view base, std::string_view location);

} // namespace sociscope::registry
