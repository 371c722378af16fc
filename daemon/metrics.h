// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "mount_manager.h"
#include "util/result.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace sociscope::daemon {

// The daemon's fetch counters in Prometheus's text format (version 0.0.4),
// every mount's (the snapshotter's image mounts included). Where a counter
// means what one of soci-snapshotter's does, it has that name and labels
// (SOCI-FORMAT.md 6.6): soci_fs_layer_size_bytes and
// soci_fs_layer_fetched_size_bytes per layer. The rest are sociscope_mount_*
// per mount, labelled with its mountpoint and image reference.
std::string metricsText(MountManager& mounts);

// `--metrics-address HOST:PORT`: GET /metrics over plain HTTP/1.0, one
// connection at a time, each bounded (a request of at most 8 KiB within 5 s,
// the answer written within 5 s), so a slow or hostile scraper holds nothing
// up for long. Off unless asked for.
class MetricsServer final {
public:
    // Binds (IPv4 "127.0.0.1:9101", IPv6 "[::1]:9101") and starts serving.
    static Result<std::unique_ptr<MetricsServer>> start(const std::string& address, MountManager& mounts);
    // Stops accepting and waits for the serving thread (bounded by the limits above).
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // The address bound, with the port chosen when 0 was asked for.
    [[nodiscard]] const std::string& address() const { return m_address; }

private:
    MetricsServer(int listenFd, int wakeFd, std::string address, MountManager& mounts);
    void serve();
    void answer(int fd);

    int m_listen;
    int m_wake; // eventfd: written once to stop
    std::string m_address;
    MountManager& m_mounts;
    std::thread m_thread;
};

} // namespace sociscope::daemon
