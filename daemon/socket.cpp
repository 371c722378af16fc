// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "socket.h"

#include "unix_socket.h"
#include "util/log.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace sociscope::daemon {

Result<std::unique_ptr<UnixListener>> UnixListener::bind(
    const std::string& path, unsigned mode, std::optional<gid_t> group)
{
    auto addr = client::unixAddress(path);
    if (!addr)
        return addr.error();
    struct stat st { };
    if (::lstat(path.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            return makeError(ErrorCode::Io, "something other than a socket is in the way; remove it", path);
        if (auto fd = client::connectUnix(path, std::chrono::milliseconds(500)); fd) {
            const util::Fd probe(*fd);
            return makeError(ErrorCode::Io, "another sociscoped answers on this socket; stop it first", path);
        }
        log::info("removing the stale socket " + path);
        ::unlink(path.c_str());
    }
    util::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return makeError(ErrorCode::Io, std::string("socket: ") + std::strerror(errno));
    // The file is created owner-only; group and mode are widened below, before listen().
    const mode_t old = ::umask(0177);
    const int bound = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr);
    const int bindErr = errno;
    ::umask(old);
    if (bound != 0)
        return makeError(ErrorCode::Io, std::string("cannot bind: ") + std::strerror(bindErr), path);
    auto fail = [&](const std::string& what) {
        const int err = errno;
        ::unlink(path.c_str());
        return makeError(ErrorCode::Io, what + ": " + std::strerror(err), path);
    };
    if (group && ::chown(path.c_str(), static_cast<uid_t>(-1), *group) != 0)
        return fail("cannot give the socket to its group");
    if (::chmod(path.c_str(), mode) != 0)
        return fail("cannot set the socket's mode");
    if (::lstat(path.c_str(), &st) != 0)
        return fail("cannot stat the socket");
    if (::listen(fd.get(), 128) != 0)
        return fail("cannot listen");
    return std::unique_ptr<UnixListener>(new UnixListener(std::move(fd), path, st.st_dev, st.st_ino));
}

UnixListener::~UnixListener()
{
    m_fd.reset();
    struct stat st { };
    // Only our own file: a newer daemon may have replaced it.
    if (::lstat(m_path.c_str(), &st) == 0 && st.st_dev == m_dev && st.st_ino == m_ino)
        ::unlink(m_path.c_str());
}

Acceptor::Acceptor(const UnixListener& listener, AccessPolicy policy, OnAccept onAccept)
    : m_listenFd(listener.fd())
    , m_policy(std::move(policy))
    , m_onAccept(std::move(onAccept))
{
}

Acceptor::~Acceptor()
{
    stop();
}

Status Acceptor::start()
{
    m_wake.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!m_wake)
        return makeError(ErrorCode::Io, std::string("eventfd: ") + std::strerror(errno));
    m_thread = std::thread([this] { run(); });
    return {};
}

void Acceptor::stop()
{
    if (!m_thread.joinable())
        return;
    const std::uint64_t one = 1;
    if (::write(m_wake.get(), &one, sizeof one) != sizeof one)
        log::warning("could not wake the accept thread");
    m_thread.join();
}

void Acceptor::run()
{
    for (;;) {
        pollfd fds[2] = { { m_listenFd, POLLIN, 0 }, { m_wake.get(), POLLIN, 0 } };
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            log::error(std::string("poll on the daemon socket failed: ") + std::strerror(errno));
            return;
        }
        if (fds[1].revents)
            return;
        if (!(fds[0].revents & POLLIN))
            continue;
        // gRPC needs a non-blocking socket.
        util::Fd fd(::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!fd)
            continue; // the peer went away already, or EMFILE: try the next one
        auto peer = peerCredentials(fd.get());
        if (!peer) {
            log::warning("refused a connection: " + peer.error().text());
            continue;
        }
        if (!m_policy.allows(*peer)) {
            log::warning("refused a connection from uid " + std::to_string(peer->uid) + " (pid "
                + std::to_string(peer->pid) + "): this daemon serves " + m_policy.describe());
            continue;
        }
        m_onAccept(fd.release(), *peer);
    }
}

} // namespace sociscope::daemon
