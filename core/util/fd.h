// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// File descriptors that close themselves: Fd (one descriptor), Pipe (both
// ends of a pipe) and pidfds. Use these instead of closing by hand.
#pragma once

#include "util/result.h"

#include <sys/types.h>
#include <utility>

namespace sociscope::util {

// Owns one file descriptor (-1: none) and closes it when destroyed or reset.
// Move-only.
class Fd final {
public:
    Fd() = default;
    // Takes ownership of fd (a negative value means none).
    explicit Fd(int fd) noexcept
        : m_fd(fd < 0 ? -1 : fd)
    {
    }
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept
        : m_fd(o.release())
    {
    }
    Fd& operator=(Fd&& o) noexcept
    {
        if (this != &o)
            reset(o.release());
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    // The descriptor, still owned (-1 when none).
    [[nodiscard]] int get() const noexcept { return m_fd; }
    // Gives the descriptor up without closing it; the caller owns it.
    [[nodiscard]] int release() noexcept { return std::exchange(m_fd, -1); }
    // Closes the descriptor held (if any) and takes fd instead.
    void reset(int fd = -1) noexcept;
    // True when a descriptor is held.
    explicit operator bool() const noexcept { return m_fd >= 0; }

private:
    int m_fd = -1;
};

// Both ends of a pipe, close-on-exec.
struct Pipe {
    Fd read;
    Fd write;
    // pipe2(O_CLOEXEC); Io error naming errno when it fails.
    static Result<Pipe> open();
};

// A pidfd for pid (pidfd_open, Linux 5.3+): readable once the process
// exited. An invalid Fd when it fails, errno set.
Fd pidfdOpen(pid_t pid);

// Sets O_NONBLOCK on fd.
void setNonBlocking(int fd);

} // namespace sociscope::util
