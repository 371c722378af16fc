// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/image_fs.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct fuse_session;

namespace sociscope::daemon {

// How a mount is made.
struct FuseMountOptions {
    // Others may use the mount (the system daemon mounts for group members);
    // then the kernel checks modes and owners itself (default_permissions).
    bool allowOther = false;
    unsigned maxThreads = 32; // FUSE worker threads at most
};

// One FUSE mount of a lazy::ImageFs, served by libfuse's multi-threaded loop on a
// thread of its own. Mounted read-only, nosuid, nodev; as root with mount(2),
// otherwise through fusermount3 (libfuse does that by itself).
class FuseMount final {
public:
    // Mounts fs at mountpoint (absolute, canonical) and starts serving it.
    // target, when set, is the path given to mount(2) instead (a
    // /proc/self/fd/N pinning the checked folder). Io error when the kernel or
    // fusermount3 refuses.
    static Result<std::unique_ptr<FuseMount>> start(std::shared_ptr<lazy::ImageFs> fs, std::string mountpoint,
        const FuseMountOptions& options, const std::string& target = {});
    // Stops serving (see stop), waiting a bounded time; a mount still busy then
    // is aborted, and as a last resort left to the process's exit.
    ~FuseMount();
    FuseMount(const FuseMount&) = delete;
    FuseMount& operator=(const FuseMount&) = delete;

    // Detaches the mount (lazily: files still open keep working) and waits up
    // to `wait` for the kernel to end the connection. True when serving ended;
    // false while the detached mount is still busy.
    bool stop(std::chrono::milliseconds wait);
    // Waits up to `wait` for the serving loop to end; true when it has.
    bool waitFinished(std::chrono::milliseconds wait);
    // True once the loop ended (unmounted by us, by umount, or aborted).
    [[nodiscard]] bool finished() const { return m_finished.load(); }
    // Ends a busy, detached mount: pending and later requests fail (ENOTCONN).
    Status abort();

    // The canonical path mounted on.
    [[nodiscard]] const std::string& mountpoint() const { return m_mountpoint; }
    // What the mount serves.
    [[nodiscard]] lazy::ImageFs& fs() { return *m_fs; }

private:
    FuseMount() = default;
    void serve();

    std::shared_ptr<lazy::ImageFs> m_fs;
    std::string m_mountpoint;
    fuse_session* m_session = nullptr;
    unsigned m_maxThreads = 32;
    unsigned m_connection = 0; // minor device number = fusectl connection
    std::thread m_thread;
    std::atomic<bool> m_finished { false };
    std::atomic<bool> m_detached { false };
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

} // namespace sociscope::daemon
