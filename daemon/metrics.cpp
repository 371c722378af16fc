// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "metrics.h"

#include "lazy/image_fs.h"
#include "lazy/lazy_image.h"
#include "util/log.h"
#include "util/strings.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sociscope::daemon {

namespace {

constexpr std::size_t kMaxRequest = 8192;
constexpr int kIoTimeoutMs = 5000;

// A label value as the text format wants it: UTF-8 (other bytes as \xNN,
// as everywhere names of any bytes are printed), with \\, \" and \n escaped.
std::string escaped(const std::string& raw)
{
    const std::string v = str::isValidUtf8(raw) ? raw : str::printable(raw);
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

struct Family {
    const char* name;
    const char* type; // "gauge", "counter"
    const char* help;
};

void header(std::string& out, const Family& f)
{
    out += std::string("# HELP ") + f.name + " " + f.help + "\n# TYPE " + f.name + " " + f.type + "\n";
}

void sample(std::string& out, const char* name, const std::string& labels, std::uint64_t value)
{
    out += std::string(name) + "{" + labels + "} " + std::to_string(value) + "\n";
}

// Writes all of data within the time limit; false when the peer is too slow or gone.
bool writeAll(int fd, const std::string& data)
{
    std::size_t done = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kIoTimeoutMs);
    while (done < data.size()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0)
            return false;
        pollfd p { fd, POLLOUT, 0 };
        if (::poll(&p, 1, static_cast<int>(left)) <= 0)
            return false;
        const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

std::string metricsText(MountManager& mounts)
{
    const Caller root { ::getpid(), 0, 0 };
    const auto records = mounts.list(root);
    auto stats = mounts.stats(root, "");
    std::string out;

    static const Family layerSize { "soci_fs_layer_size_bytes", "gauge", "Compressed size of a mounted layer." };
    static const Family layerFetched { "soci_fs_layer_fetched_size_bytes", "gauge",
        "Compressed bytes of a mounted layer held locally (fetched and verified)." };
    header(out, layerSize);
    std::string fetched;
    for (const auto& r : records) {
        auto fs = mounts.fsOf(r.mountpoint);
        if (!fs)
            continue;
        auto& image = fs->image();
        const auto& layers = image.image().manifest.layers;
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const std::string labels
                = "digest=\"" + layers[i].digest.str() + "\",mountpoint=\"" + escaped(r.mountpoint) + "\"";
            sample(out, layerSize.name, labels, static_cast<std::uint64_t>(std::max<std::int64_t>(layers[i].size, 0)));
            sample(fetched, layerFetched.name, labels, image.localBytes(i));
        }
    }
    header(out, layerFetched);
    out += fetched;

    if (!stats)
        return out;
    struct Counter {
        Family family;
        std::uint64_t client::MountStats::*field;
    };
    static const Counter counters[] = {
        { { "sociscope_mount_reads_total", "counter", "FUSE reads answered." }, &client::MountStats::reads },
        { { "sociscope_mount_read_bytes_total", "counter", "Bytes returned by FUSE reads." },
            &client::MountStats::readBytes },
        { { "sociscope_mount_read_errors_total", "counter", "FUSE reads answered with EIO." },
            &client::MountStats::readErrors },
        { { "sociscope_mount_fetched_bytes_total", "counter", "Bytes fetched from the registry." },
            &client::MountStats::networkBytes },
        { { "sociscope_mount_background_fetched_bytes_total", "counter",
              "Of those, bytes the background fetch fetched." },
            &client::MountStats::backgroundBytes },
        { { "sociscope_mount_floor_bytes", "gauge",
              "The least the mount needed from the registry: index, zTOCs, layers read whole, spans read." },
            &client::MountStats::floorBytes },
        { { "sociscope_mount_image_bytes", "gauge", "Compressed size of the mounted image." },
            &client::MountStats::imageBytes },
        { { "sociscope_mount_local_bytes", "gauge", "Compressed bytes of the image held locally." },
            &client::MountStats::localBytes },
        { { "sociscope_mount_requests_total", "counter", "Registry requests." }, &client::MountStats::requests },
        { { "sociscope_mount_spans_fetched_total", "counter", "Spans fetched." },
            &client::MountStats::spansFetched },
        { { "sociscope_mount_spans_verified_total", "counter", "Spans whose digest matched." },
            &client::MountStats::spansVerified },
        { { "sociscope_mount_spans_failed_total", "counter", "Spans that failed verification or fetch." },
            &client::MountStats::spansFailed },
        { { "sociscope_mount_cache_hits_total", "counter", "Spans served from the disk cache." },
            &client::MountStats::cacheHits },
        { { "sociscope_mount_cache_misses_total", "counter", "Spans not in the disk cache." },
            &client::MountStats::cacheMisses },
    };
    for (const auto& c : counters) {
        header(out, c.family);
        for (const auto& s : *stats) {
            std::string image;
            for (const auto& r : records)
                if (r.mountpoint == s.mountpoint)
                    image = r.reference;
            sample(out, c.family.name,
                "mountpoint=\"" + escaped(s.mountpoint) + "\",image=\"" + escaped(image) + "\"", s.*c.field);
        }
    }
    return out;
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& address, MountManager& mounts)
{
    const auto colon = address.rfind(':');
    if (colon == std::string::npos || colon + 1 == address.size())
        return makeError(ErrorCode::Usage, "--metrics-address needs HOST:PORT, such as 127.0.0.1:9101", address);
    std::string host = address.substr(0, colon);
    const std::string portText = address.substr(colon + 1);
    char* end = nullptr;
    const unsigned long port = std::strtoul(portText.c_str(), &end, 10);
    if (*end != '\0' || port > 65535)
        return makeError(ErrorCode::Usage, "--metrics-address: \"" + portText + "\" is not a port", address);
    const bool v6 = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (v6)
        host = host.substr(1, host.size() - 2);
    sockaddr_storage sa {};
    socklen_t len = 0;
    if (v6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&sa);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(static_cast<std::uint16_t>(port));
        if (::inet_pton(AF_INET6, host.c_str(), &a->sin6_addr) != 1)
            return makeError(ErrorCode::Usage, "--metrics-address: \"" + host + "\" is not an IPv6 address", address);
        len = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&sa);
        a->sin_family = AF_INET;
        a->sin_port = htons(static_cast<std::uint16_t>(port));
        if (::inet_pton(AF_INET, host.c_str(), &a->sin_addr) != 1)
            return makeError(ErrorCode::Usage,
                "--metrics-address: \"" + host + "\" is not an IPv4 address (names are not looked up)", address);
        len = sizeof *a;
    }
    const int fd = ::socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return makeError(ErrorCode::Io, std::string("cannot make a socket: ") + std::strerror(errno), address);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), len) != 0 || ::listen(fd, 16) != 0) {
        const int err = errno;
        ::close(fd);
        return makeError(ErrorCode::Io, std::string("cannot listen for metrics: ") + std::strerror(err), address);
    }
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    char text[INET6_ADDRSTRLEN] = {};
    std::string bound;
    if (v6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&sa);
        ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
        bound = "[" + std::string(text) + "]:" + std::to_string(ntohs(a->sin6_port));
    } else {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&sa);
        ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        bound = std::string(text) + ":" + std::to_string(ntohs(a->sin_port));
    }
    const int wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake < 0) {
        ::close(fd);
        return makeError(ErrorCode::Io, std::string("cannot make an eventfd: ") + std::strerror(errno));
    }
    return std::unique_ptr<MetricsServer>(new MetricsServer(fd, wake, bound, mounts));
}

MetricsServer::MetricsServer(int listenFd, int wakeFd, std::string address, MountManager& mounts)
    : m_listen(listenFd)
    , m_wake(wakeFd)
    , m_address(std::move(address))
    , m_mounts(mounts)
{
    m_thread = std::thread([this] { serve(); });
}

MetricsServer::~MetricsServer()
{
    const std::uint64_t one = 1;
    (void)!::write(m_wake, &one, sizeof one);
    if (m_thread.joinable())
        m_thread.join();
    ::close(m_listen);
    ::close(m_wake);
}

void MetricsServer::serve()
{
    for (;;) {
        pollfd p[2] = { { m_listen, POLLIN, 0 }, { m_wake, POLLIN, 0 } };
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            log::warning(std::string("metrics: poll: ") + std::strerror(errno));
            return;
        }
        if (p[1].revents)
            return;
        const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            continue;
        answer(fd);
        ::close(fd);
    }
}

void MetricsServer::answer(int fd)
{
    // The request line and headers, up to the blank line; the body (none for GET) is not read.
    std::string request;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kIoTimeoutMs);
    while (request.find("\r\n\r\n") == std::string::npos && request.find("\n\n") == std::string::npos) {
        if (request.size() >= kMaxRequest) {
            writeAll(fd, "HTTP/1.0 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n");
            return;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0)
            return; // too slow: dropped
        pollfd p[2] = { { fd, POLLIN, 0 }, { m_wake, POLLIN, 0 } };
        if (::poll(p, 2, static_cast<int>(left)) <= 0 || p[1].revents)
            return;
        char buf[2048];
        const ssize_t n = ::recv(fd, buf, std::min(sizeof buf, kMaxRequest - request.size()), 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return;
        request.append(buf, static_cast<std::size_t>(n));
    }
    const std::string line = request.substr(0, request.find_first_of("\r\n"));
    const bool get = line.rfind("GET ", 0) == 0;
    const std::string target = get ? line.substr(4, line.find(' ', 4) - 4) : std::string();
    if (!get) {
        writeAll(fd, "HTTP/1.0 405 Method Not Allowed\r\nAllow: GET\r\nConnection: close\r\n\r\n");
        return;
    }
    if (target != "/metrics" && target.rfind("/metrics?", 0) != 0) {
        writeAll(fd, "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nonly /metrics here\n");
        return;
    }
    const std::string body = metricsText(m_mounts);
    writeAll(fd,
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: "
            + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

} // namespace sociscope::daemon
