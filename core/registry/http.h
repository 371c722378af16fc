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
    long lowSpeedTimeSec = 30;           // abort when < 1 byte/s for this long
    std::string userAgent = "sociscope";
};

// A thread-safe HTTP client over libcurl. Keeps a pool of easy handles so
// connections are reused (HTTP/1.1 keep-alive, HTTP/2 over TLS where offered).
// Redirects are not followed here (the registry client follows them itself,
// dropping Authorization when the host changes). Proxies come from the
// environment (http_proxy, https_proxy, no_proxy).
class HttpClient final {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Performs one request. Network errors (refused, reset, timeout, truncated
    // body) come back as ErrorCode::Network; any HTTP status is a success here.
    // When sink is set, a 2xx body goes to it instead of response.body.
    Result<HttpResponse> perform(const HttpRequest& request, const BodySink* sink = nullptr);

    [[nodiscard]] const HttpOptions& options() const { return m_options; }

private:
    struct Pool;
    HttpOptions m_options;
    std::unique_ptr<Pool> m_pool;
};

// Host (with port) of an absolute URL, lowercased; "" when unparsable.
std::string urlHost(std::string_view url);
// Resolves a Location header against the URL it came from.
std::string resolveUrl(std::string_view base, std::string_view location);

} // namespace sociscope::registry
