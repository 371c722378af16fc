// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/http.h"

#include "util/cancel.h"
#include "util/log.h"
#include "util/strings.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <mutex>

namespace sociscope::registry {

namespace {
std::once_flag g_curlInit;

struct Transfer {
    HttpResponse* response = nullptr;
    const BodySink* sink = nullptr;
    const HttpRequest* request = nullptr;
    CURL* curl = nullptr;
    bool sinkAborted = false;
    bool started = false;
    bool readFailed = false;
    Error readError;
    size_t requestBodyPos = 0;
    bool bodyTooLarge = false;
    std::uint64_t unsunkBytes = 0; // body bytes not handed to a sink
    // Progress: the owner's token, and byte counts sampled over the
    // low-speed window (oldest first).
    util::CancelToken cancel;
    util::StopReason stopped = util::StopReason::None;
    bool tooSlow = false;
    long lowSpeedLimit = 0;
    std::chrono::steady_clock::duration lowSpeedWindow{};
    std::chrono::steady_clock::time_point begun;
    std::deque<std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> samples;
};

// curl calls this at least once a second, also while nothing arrives.
int onProgress(void* user, curl_off_t /*dltotal*/, curl_off_t dlnow, curl_off_t /*ultotal*/, curl_off_t ulnow)
{
    auto* t = static_cast<Transfer*>(user);
    t->stopped = t->cancel.reason();
    if (t->stopped != util::StopReason::None)
        return 1;
    if (t->lowSpeedLimit <= 0 || t->lowSpeedWindow.count() <= 0)
        return 0;
    const auto now = std::chrono::steady_clock::now();
    const auto moved = static_cast<std::uint64_t>(dlnow + ulnow);
    if (t->samples.empty() || now - t->samples.back().first >= std::chrono::milliseconds(250))
        t->samples.emplace_back(now, moved);
    // Keep one sample at or before the window's start: the bytes since it are
    // what the window moved.
    const auto windowStart = now - t->lowSpeedWindow;
    while (t->samples.size() > 1 && t->samples[1].first <= windowStart)
        t->samples.pop_front();
    if (now - t->begun < t->lowSpeedWindow)
        return 0;
    const auto base = t->samples.front().first <= windowStart ? t->samples.front().second : 0;
    const double seconds = std::chrono::duration<double>(t->lowSpeedWindow).count();
    if (static_cast<double>(moved - base) < static_cast<double>(t->lowSpeedLimit) * seconds) {
        t->tooSlow = true;
        return 1;
    }
    return 0;
}

std::string rateText(long bytesPerSecond)
{
    if (bytesPerSecond >= 1024 && bytesPerSecond % 1024 == 0)
        return std::to_string(bytesPerSecond / 1024) + " KiB/s";
    return std::to_string(bytesPerSecond) + " bytes/s";
}

size_t onHeader(char* data, size_t size, size_t n, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * n);
    if (str::startsWith(line, "HTTP/")) {
        // A new response (e.g. after 100 Continue): start over.
        t->response->headers.clear();
        return size * n;
    }
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos)
        t->response->headers.add(std::string(str::trim(line.substr(0, colon))),
                                 std::string(str::trim(line.substr(colon + 1))));
    return size * n;
}

size_t onBody(char* data, size_t size, size_t n, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t len = size * n;
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (t->sink && status >= 200 && status < 300) {
        if (!t->started) {
            t->started = true;
            if (t->request->onStart && !t->request->onStart(status, t->response->headers)) {
                t->sinkAborted = true;
                return CURL_WRITEFUNC_ERROR;
            }
        }
        if (!(*t->sink)(std::string_view(data, len))) {
            t->sinkAborted = true;
            return CURL_WRITEFUNC_ERROR;
        }
        t->response->sunkBytes += len;
        return len;
    }
    // Bodies without a sink are read up to their cap; past it the answer is
    // not what was asked for (an endless body, say): stop reading. Of an
    // error answer only the first 64 KiB are kept, for messages.
    t->unsunkBytes += len;
    if (t->unsunkBytes > t->request->maxBodyBytes) {
        t->bodyTooLarge = true;
        return CURL_WRITEFUNC_ERROR;
    }
    constexpr size_t ErrorBodyKept = 64 * 1024;
    const bool ok = status >= 200 && status < 300;
    const size_t room = ErrorBodyKept - std::min(ErrorBodyKept, t->response->body.size());
    t->response->body.append(data, ok ? len : std::min(len, room));
    return len;
}

size_t onRead(char* buf, size_t size, size_t n, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t max = size * n;
    if (t->request->bodyReader) {
        auto r = t->request->bodyReader(buf, max);
        if (!r) {
            t->readFailed = true;
            t->readError = r.error();
            return CURL_READFUNC_ABORT;
        }
        return *r;
    }
    const std::string& body = t->request->body;
    const size_t left = body.size() - t->requestBodyPos;
    const size_t k = std::min(left, max);
    std::copy_n(body.data() + t->requestBodyPos, k, buf);
    t->requestBodyPos += k;
    return k;
}

Error curlError(CURLcode code, const char* errbuf, const std::string& url)
{
    std::string what = errbuf && *errbuf ? errbuf : curl_easy_strerror(code);
    std::string hint;
    switch (code) {
    case CURLE_COULDNT_CONNECT: hint = "; is the registry running and reachable?"; break;
    case CURLE_COULDNT_RESOLVE_HOST: hint = "; check the host name and your network"; break;
    case CURLE_OPERATION_TIMEDOUT: hint = "; the registry stopped answering"; break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
        hint = "; for a registry without TLS use --plain-http, for a self-signed certificate --insecure";
        break;
    default: break;
    }
    return makeError(ErrorCode::Network, "request failed: " + what + hint, url);
}
} // namespace

std::string HttpHeaders::get(std::string_view name) const
{
    for (const auto& [k, v] : m_items)
        if (str::toLower(k) == str::toLower(name))
            return v;
    return {};
}

std::vector<std::string> HttpHeaders::getAll(std::string_view name) const
{
    std::vector<std::string> out;
    for (const auto& [k, v] : m_items)
        if (str::toLower(k) == str::toLower(name))
            out.push_back(v);
    return out;
}

bool HttpHeaders::has(std::string_view name) const
{
    for (const auto& [k, v] : m_items)
        if (str::toLower(k) == str::toLower(name))
            return true;
    return false;
}

struct HttpClient::Pool {
    std::mutex mutex;
    std::vector<CURL*> idle;
    CURLSH* share = nullptr;
    std::mutex shareLocks[CURL_LOCK_DATA_LAST];

    Pool()
    {
        share = curl_share_init();
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(share, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share, CURLSHOPT_LOCKFUNC, +[](CURL*, curl_lock_data d, curl_lock_access, void* p) {
            static_cast<Pool*>(p)->shareLocks[d].lock();
        });
        curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, +[](CURL*, curl_lock_data d, void* p) {
            static_cast<Pool*>(p)->shareLocks[d].unlock();
        });
    }
    ~Pool()
    {
        for (CURL* c : idle)
            curl_easy_cleanup(c);
        curl_share_cleanup(share);
    }
    CURL* acquire()
    {
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                CURL* c = idle.back();
                idle.pop_back();
                return c;
            }
        }
        return curl_easy_init();
    }
    void release(CURL* c)
    {
        std::lock_guard lock(mutex);
        if (idle.size() < 32)
            idle.push_back(c);
        else
            curl_easy_cleanup(c);
    }
};

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options))
{
    std::call_once(g_curlInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_pool = std::make_unique<Pool>();
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::perform(const HttpRequest& request, const BodySink* sink)
{
    // Whoever waits for this may be gone already: no transfer at all then.
    if (const auto why = util::currentCancelToken().reason(); why != util::StopReason::None)
        return makeError(why == util::StopReason::Cancelled ? ErrorCode::Cancelled : ErrorCode::Network,
                         describeRequest(request.method, request.url) + " not started: " + util::stopText(why),
                         request.url);
    HttpResponse response;
    Transfer t;
    t.response = &response;
    t.sink = sink;
    t.request = &request;
    CURL* curl = m_pool->acquire();
    if (!curl)
        return makeError(ErrorCode::Internal, "cannot create a curl handle");
    t.curl = curl;
    curl_easy_reset(curl);

    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_SHARE, m_pool->share);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connectTimeoutMs);
    // The low-speed limit and cancellation are checked in onProgress, so a
    // stall can be told apart from other timeouts in the message.
    t.cancel = util::currentCancelToken();
    t.lowSpeedLimit = m_options.lowSpeedLimitBytes;
    t.lowSpeedWindow = std::chrono::seconds(m_options.lowSpeedTimeSec);
    t.begun = std::chrono::steady_clock::now();
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    if (request.transferTimeoutSec > 0)
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, request.transferTimeoutSec);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, m_options.userAgent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    if (m_options.proxy)
        curl_easy_setopt(curl, CURLOPT_PROXY, m_options.proxy->c_str());
    if (m_options.insecure) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);

    curl_slist* headers = nullptr;
    for (const auto& [k, v] : request.headers)
        headers = curl_slist_append(headers, (k + ": " + v).c_str());
    headers = curl_slist_append(headers, "Expect:");

    if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, onRead);
        curl_easy_setopt(curl, CURLOPT_READDATA, &t);
        const curl_off_t size =
            request.bodyReader ? request.bodySize : static_cast<curl_off_t>(request.body.size());
        if (size >= 0)
            curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, size);
        else
            headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    const CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    response.url = effective ? effective : request.url;
    curl_slist_free_all(headers);
    // Drop the handle's connection on failure rather than reuse a broken one.
    if (rc != CURLE_OK)
        curl_easy_cleanup(curl);
    else
        m_pool->release(curl);

    if (t.readFailed)
        return t.readError;
    std::string range;
    for (const auto& [k, v] : request.headers)
        if (str::toLower(k) == "range")
            range = str::startsWith(v, "bytes=") ? "bytes " + v.substr(6) : v;
    const std::string what = describeRequest(request.method, request.url, range);
    if (t.stopped == util::StopReason::Cancelled)
        return makeError(ErrorCode::Cancelled, what + " cancelled",
                         request.url);
    if (t.stopped == util::StopReason::DeadlinePassed)
        return makeError(ErrorCode::Network,
                         what + " timed out: the reader waiting for it gave up",
                         request.url);
    if (t.tooSlow) {
        if (request.stalled)
            *request.stalled = true;
        const std::string host = urlHost(request.url);
        const bool registry = request.url.find("/v2/") != std::string::npos;
        return makeError(ErrorCode::Network,
                         (registry ? "registry " : "server ") + host + " sent under " +
                             rateText(m_options.lowSpeedLimitBytes) + " for " +
                             std::to_string(m_options.lowSpeedTimeSec) + " s while " +
                             (request.method == "GET" || request.method == "HEAD" ? "fetching " : "sending ") +
                             what +
                             "; check the network or the registry, or allow slower transfers with "
                             "--low-speed-time/--low-speed-limit",
                         request.url);
    }
    if (t.bodyTooLarge)
        return makeError(ErrorCode::Malformed,
                         "the answer to " + what + " from " +
                             urlHost(request.url) + " is larger than " +
                             std::to_string(request.maxBodyBytes >> 20) + " MiB; stopped reading it",
                         request.url);
    if (t.sinkAborted)
        return makeError(ErrorCode::Cancelled, "transfer stopped by its receiver", request.url);
    if (rc != CURLE_OK)
        return curlError(rc, errbuf, request.url);
    log::debug(request.method + " " + request.url + " -> " + std::to_string(response.status));
    return response;
}

HttpOptions httpOptionsFromEnvironment(HttpOptions base)
{
    // Same reading as retryPolicyFromEnvironment's (client.cpp).
    const auto env = [](const char* name) -> std::optional<long> {
        const char* v = std::getenv(name);
        auto n = v ? str::parseU64(v) : std::nullopt;
        return n && *n < (1ull << 31) ? std::optional<long>(static_cast<long>(*n)) : std::nullopt;
    };
    if (auto v = env("SOCISCOPE_LOW_SPEED_LIMIT"))
        base.lowSpeedLimitBytes = *v;
    if (auto v = env("SOCISCOPE_LOW_SPEED_TIME"))
        base.lowSpeedTimeSec = *v;
    return base;
}

std::string describeRequest(std::string_view method, std::string_view url, std::string_view range)
{
    std::string_view path = url;
    if (const size_t scheme = url.find("://"); scheme != std::string_view::npos) {
        const size_t slash = url.find('/', scheme + 3);
        path = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
    }
    path = path.substr(0, path.find_first_of("?#"));
    const auto shortRef = [](std::string_view ref) {
        // sha256:0123456789ab… is enough to tell blobs apart in a message.
        const size_t colon = ref.find(':');
        if (colon != std::string_view::npos && ref.size() > colon + 13)
            return std::string(ref.substr(0, colon + 13)) + "…";
        return std::string(ref);
    };
    std::string what;
    if (str::startsWith(path, "/v2/")) {
        const std::string_view rest = path.substr(4);
        for (const std::string_view kind : {"/blobs/", "/manifests/"}) {
            const size_t at = rest.rfind(kind);
            if (at == std::string_view::npos || (kind == "/blobs/" && str::startsWith(rest.substr(at + 7), "uploads")))
                continue;
            const std::string_view ref = rest.substr(at + kind.size());
            what = std::string(kind == "/blobs/" ? "blob " : "manifest ") + shortRef(ref) + " of " +
                   std::string(rest.substr(0, at));
            break;
        }
    }
    if (what.empty())
        what = std::string(method) + " " + std::string(path);
    if (!range.empty())
        what = std::string(range) + " of " + what;
    return what;
}

std::string urlHost(std::string_view url)
{
    const size_t scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return {};
    std::string_view rest = url.substr(scheme + 3);
    const size_t end = rest.find_first_of("/?#");
    rest = rest.substr(0, end);
    if (const size_t at = rest.rfind('@'); at != std::string_view::npos)
        rest = rest.substr(at + 1);
    return str::toLower(rest);
}

std::string resolveUrl(std::string_view base, std::string_view location)
{
    if (location.find("://") != std::string_view::npos)
        return std::string(location);
    const size_t scheme = base.find("://");
    if (scheme == std::string_view::npos)
        return std::string(location);
    if (str::startsWith(location, "//"))
        return std::string(base.substr(0, scheme + 1)) + std::string(location);
    const size_t pathStart = base.find('/', scheme + 3);
    const std::string origin(base.substr(0, pathStart == std::string_view::npos ? base.size() : pathStart));
    if (str::startsWith(location, "/"))
        return origin + std::string(location);
    // Relative path: resolve against the base's folder.
    std::string_view basePath = pathStart == std::string_view::npos ? "/" : base.substr(pathStart);
    basePath = basePath.substr(0, basePath.find_first_of("?#"));
    const size_t lastSlash = basePath.rfind('/');
    return origin + std::string(basePath.substr(0, lastSlash + 1)) + std::string(location);
}

} // namespace sociscope::registry
