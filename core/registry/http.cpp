// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/http.h"

#include "util/log.h"
#include "util/strings.h"

#include <curl/curl.h>

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
};

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
    // Error bodies are kept (bounded) for messages.
    if (t->response->body.size() < 64 * 1024)
        t->response->body.append(data, len);
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
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, m_options.lowSpeedTimeSec);
    if (request.transferTimeoutSec > 0)
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, request.transferTimeoutSec);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, m_options.userAgent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
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
    if (t.sinkAborted)
        return makeError(ErrorCode::Cancelled, "transfer stopped by its receiver", request.url);
    if (rc != CURLE_OK)
        return curlError(rc, errbuf, request.url);
    log::debug(request.method + " " + request.url + " -> " + std::to_string(response.status));
    return response;
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
