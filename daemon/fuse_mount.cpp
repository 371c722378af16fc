// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fuse_mount.h"

#include "fuse_adaptor.h"
#include "mount_table.h"
#include "util/log.h"

#include <fuse_lowlevel.h>

#include <cstdlib>
#include <new>
#include <unistd.h>
#include <vector>

namespace sociscope::daemon {

Result<std::unique_ptr<FuseMount>> FuseMount::start(
    std::shared_ptr<lazy::ImageFs> fs, std::string mountpoint, const FuseMountOptions& options, const std::string& target)
{
    std::unique_ptr<FuseMount> m(new FuseMount());
    m->m_fs = std::move(fs);
    m->m_mountpoint = std::move(mountpoint);
    m->m_maxThreads = options.maxThreads;

    // fsname and subtype make mountinfo say "fuse.sociscope sociscope", which is
    // how a later daemon recognises a mount this one left behind.
    std::string opts = "ro,nosuid,nodev,fsname=sociscope,subtype=sociscope";
    if (options.allowOther)
        opts += ",allow_other,default_permissions";
    std::vector<std::string> words = { "sociscoped", "-o", opts };
    if (log::enabled(log::Level::Debug) && std::getenv("SOCISCOPE_FUSE_DEBUG"))
        words.emplace_back("-d");
    std::vector<char*> argv;
    for (auto& w : words)
        argv.push_back(w.data());
    fuse_args args = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());
    const fuse_lowlevel_ops& ops = imageFsOperations();
    m->m_session = fuse_session_new(&args, &ops, sizeof ops, m->m_fs.get());
    fuse_opt_free_args(&args);
    if (!m->m_session)
        return makeError(ErrorCode::Internal, "libfuse refused the session options " + opts);
    // fusermount3 opens /dev/fuse as the user: where the device is root-only
    // (0600), unprivileged FUSE is off, and saying so beats libfuse's message.
    if (::geteuid() != 0 && ::access("/dev/fuse", R_OK | W_OK) != 0) {
        fuse_session_destroy(m->m_session);
        m->m_session = nullptr;
        return makeError(ErrorCode::Unsupported,
            "this user may not open /dev/fuse, so mounts without root are off on this machine (Debian ships "
            "/dev/fuse with mode 0666); use the system daemon (as root, or as a member of its group)",
            m->m_mountpoint);
    }
    const std::string where = target.empty() ? m->m_mountpoint : target;
    if (fuse_session_mount(m->m_session, where.c_str()) != 0) {
        fuse_session_destroy(m->m_session);
        m->m_session = nullptr;
        return makeError(ErrorCode::Io,
            ::geteuid() == 0 ? "the kernel refused the FUSE mount (is /dev/fuse there?)"
                             : "fusermount3 refused the mount (is it installed and setuid root?)",
            m->m_mountpoint);
    }
    if (const auto entry = findMount(readMountTable(), m->m_mountpoint); entry && entry->fsType == kFuseFsType)
        m->m_connection = entry->minor;
    m->m_thread = std::thread([self = m.get()] { self->serve(); });
    return m;
}

void FuseMount::serve()
{
    fuse_loop_config* cfg = fuse_loop_cfg_create();
    fuse_loop_cfg_set_max_threads(cfg, m_maxThreads);
    fuse_loop_cfg_set_clone_fd(cfg, 0);
    const int r = fuse_session_loop_mt(m_session, cfg);
    fuse_loop_cfg_destroy(cfg);
    if (r != 0)
        log::warning("the FUSE loop of " + m_mountpoint + " ended with " + std::to_string(r));
    else
        log::info("no longer serving " + m_mountpoint);
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_cv.notify_all();
}

bool FuseMount::waitFinished(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, wait, [&] { return m_finished.load(); });
}

bool FuseMount::stop(std::chrono::milliseconds wait)
{
    if (finished())
        return true;
    // Never fuse_session_unmount() here: it closes the session's fd under the
    // workers' feet. Detaching makes the kernel end the connection once the
    // mount is unused, and the loop then returns by itself.
    if (!m_detached.exchange(true))
        if (auto s = lazyUnmount(m_mountpoint); !s)
            log::warning(s.error().text());
    return waitFinished(wait);
}

Status FuseMount::abort()
{
    if (finished())
        return {};
    if (m_connection == 0)
        return makeError(ErrorCode::Unsupported, "the FUSE connection of this mount is not known", m_mountpoint);
    return abortFuseConnection(m_connection);
}

FuseMount::~FuseMount()
{
    if (!m_session)
        return;
    if (m_thread.joinable()) {
        if (!stop(std::chrono::seconds(2))) {
            log::warning(m_mountpoint + " is still in use; aborting its FUSE connection");
            if (auto s = abort(); !s)
                log::warning(s.error().text());
        }
        if (!waitFinished(std::chrono::seconds(5))) {
            // Nothing else can end it: leave the loop (and what it uses) to the
            // process's exit, which closes /dev/fuse and so the connection.
            log::error("could not end the FUSE session of " + m_mountpoint + "; leaving it to the process exit");
            m_thread.detach();
            (void)new (std::nothrow) std::shared_ptr<lazy::ImageFs>(std::move(m_fs)); // deliberately kept alive
            return;
        }
        m_thread.join();
    }
    // The connection is gone: this only closes the session's fd.
    fuse_session_unmount(m_session);
    fuse_session_destroy(m_session);
}

} // namespace sociscope::daemon
