// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "peer.h"
#include "util/fd.h"
#include "util/result.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>

namespace sociscope::daemon {

// A listening Unix socket file with the permissions set before anyone can
// connect. The file is removed again when this goes away (if still ours).
class UnixListener final {
public:
    // Binds path with mode (and group, if given). A socket file nobody answers
    // on is stale and replaced; Io error when a daemon answers there already.
    static Result<std::unique_ptr<UnixListener>> bind(
        const std::string& path, unsigned mode, std::optional<gid_t> group);
    // Removes the socket file if it is still ours.
    ~UnixListener();
    UnixListener(const UnixListener&) = delete;
    UnixListener& operator=(const UnixListener&) = delete;

    // The listening descriptor.
    [[nodiscard]] int fd() const { return m_fd.get(); }
    // Where the socket file is.
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    UnixListener(util::Fd fd, std::string path, dev_t dev, ino_t ino)
        : m_fd(std::move(fd))
        , m_path(std::move(path))
        , m_dev(dev)
        , m_ino(ino)
    {
    }
    util::Fd m_fd;
    std::string m_path;
    dev_t m_dev;
    ino_t m_ino;
};

// Accepts connections on its own thread, checks each peer's credentials
// against the policy, and hands accepted sockets (non-blocking) to onAccept,
// which owns them;
// refused peers are logged and disconnected.
class Acceptor final {
public:
    using OnAccept = std::function<void(int fd, const PeerCred& peer)>;
    Acceptor(const UnixListener& listener, AccessPolicy policy, OnAccept onAccept);
    // Stops accepting and joins the thread.
    ~Acceptor();
    Acceptor(const Acceptor&) = delete;
    Acceptor& operator=(const Acceptor&) = delete;

    // Starts the thread. Io error when the wake-up descriptor cannot be made.
    Status start();
    // Stops accepting and joins the thread; idempotent.
    void stop();

private:
    void run();

    int m_listenFd;
    AccessPolicy m_policy;
    OnAccept m_onAccept;
    util::Fd m_wake; // eventfd: stop() wakes the thread
    std::thread m_thread;
};

} // namespace sociscope::daemon
