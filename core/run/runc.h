// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/fd.h"
#include "util/result.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sociscope::run {

// runc (Debian's, found in PATH) with a state folder of its own (--root), so
// that its containers are ours alone and can be listed after a crash.
class Runc final {
public:
    explicit Runc(std::string root);
    // The --root state folder.
    [[nodiscard]] const std::string& root() const { return m_root; }
    // Full argv: runc --root ROOT args...; NotFound when runc is not installed.
    [[nodiscard]] Result<std::vector<std::string>> command(const std::vector<std::string>& args) const;
    // Container ids in the state folder (runc list -q); empty when there is none.
    [[nodiscard]] Result<std::vector<std::string>> list() const;
    // runc kill ID SIGNAL (every process of the container with all).
    Status kill(const std::string& id, int signal, bool all = false) const;
    // runc delete --force ID: kills what still runs and frees the cgroup.
    Status remove(const std::string& id) const;

private:
    std::string m_root;
};

// Starts argv (argv[0] absolute) with in, out and err as its standard
// descriptors, every other descriptor closed, no signal blocked, in a session
// of its own. Io error when it cannot be started.
Result<pid_t> spawnWith(const std::vector<std::string>& argv, int in, int out, int err);

// The exit code a shell would report for a wait(2) status: the code, or 128 +
// the signal that killed it.
int exitCodeOf(int waitStatus);

// The Unix socket that `runc run --console-socket PATH` connects to, to hand
// over the master side of the container's terminal (SCM_RIGHTS).
class ConsoleSocket final {
public:
    // Listens at path (a stale file there is replaced; mode 0600).
    static Result<std::unique_ptr<ConsoleSocket>> listen(const std::string& path);
    // Closes and removes the socket.
    ~ConsoleSocket();
    ConsoleSocket(const ConsoleSocket&) = delete;
    ConsoleSocket& operator=(const ConsoleSocket&) = delete;

    [[nodiscard]] const std::string& path() const { return m_path; }
    // Waits up to timeout for runc to connect and send the terminal's master;
    // gives up early (Io) once giveUp() says so (runc exited). The descriptor
    // is O_CLOEXEC.
    Result<util::Fd> receiveMaster(std::chrono::milliseconds timeout, const std::function<bool()>& giveUp);

private:
    ConsoleSocket(util::Fd fd, std::string path)
        : m_fd(std::move(fd))
        , m_path(std::move(path))
    {
    }
    util::Fd m_fd;
    std::string m_path;
};

} // namespace sociscope::run
