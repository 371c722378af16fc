// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fuse_adaptor.h"

#include "lazy/image_fs.h"
#include "util/log.h"

#include <cerrno>
#include <memory>
#include <new>
#include <vector>

namespace sociscope::daemon {

namespace {

lazy::ImageFs& fsOf(fuse_req_t req)
{
    return *static_cast<lazy::ImageFs*>(fuse_req_userdata(req));
}

// Runs one callback body; an exception becomes an error reply (the body
// replies last, so nothing was sent yet when it throws).
template <typename F> void guarded(fuse_req_t req, const char* op, F&& body) noexcept
{
    try {
        body();
    } catch (const std::bad_alloc&) {
        fuse_reply_err(req, ENOMEM);
    } catch (const std::exception& e) {
        log::error(std::string("fuse ") + op + ": " + e.what());
        fuse_reply_err(req, EIO);
    } catch (...) {
        log::error(std::string("fuse ") + op + ": unknown exception");
        fuse_reply_err(req, EIO);
    }
}

fuse_entry_param entryOf(const struct stat& st)
{
    fuse_entry_param e {};
    e.ino = st.st_ino;
    e.generation = 1;
    e.attr = st;
    e.attr_timeout = kFuseCacheSeconds;
    e.entry_timeout = kFuseCacheSeconds;
    return e;
}

void opInit(void* /*userdata*/, fuse_conn_info* conn)
{
    // Symlink targets never change: let the kernel keep them. Attributes never
    // change either, so no invalidation on mtime changes is needed.
    if (conn->capable & FUSE_CAP_CACHE_SYMLINKS)
        conn->want |= FUSE_CAP_CACHE_SYMLINKS;
    conn->want &= ~static_cast<unsigned>(FUSE_CAP_AUTO_INVAL_DATA);
}

void opLookup(fuse_req_t req, fuse_ino_t parent, const char* name)
{
    guarded(req, "lookup", [&] {
        auto r = fsOf(req).lookup(parent, name);
        if (!r && r.error() == ENOENT) {
            // A negative entry: the kernel remembers that the name is absent.
            fuse_entry_param e {};
            e.entry_timeout = kFuseCacheSeconds;
            fuse_reply_entry(req, &e);
            return;
        }
        if (!r) {
            fuse_reply_err(req, r.error());
            return;
        }
        const fuse_entry_param e = entryOf(*r);
        fuse_reply_entry(req, &e);
    });
}

void opGetattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info* /*fi*/)
{
    guarded(req, "getattr", [&] {
        auto r = fsOf(req).getattr(ino);
        if (!r) {
            fuse_reply_err(req, r.error());
            return;
        }
        fuse_reply_attr(req, &*r, kFuseCacheSeconds);
    });
}

void opReadlink(fuse_req_t req, fuse_ino_t ino)
{
    guarded(req, "readlink", [&] {
        auto r = fsOf(req).readlink(ino);
        if (!r) {
            fuse_reply_err(req, r.error());
            return;
        }
        fuse_reply_readlink(req, r->c_str());
    });
}

void opOpen(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi)
{
    guarded(req, "open", [&] {
        auto r = fsOf(req).open(ino, fi->flags);
        if (!r) {
            fuse_reply_err(req, r.error());
            return;
        }
        fi->keep_cache = 1; // the bytes of an inode never change: keep its pages
        fi->noflush = 1;
        fuse_reply_open(req, fi);
    });
}

void opRead(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, fuse_file_info* /*fi*/)
{
    guarded(req, "read", [&] {
        auto r = fsOf(req).read(ino, off, size);
        if (!r) {
            fuse_reply_err(req, r.error());
            return;
        }
        fuse_reply_buf(req, r->data(), r->size());
    });
}

using Listing = std::shared_ptr<const std::vector<fs::DirListEntry>>;

void opOpendir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi)
{
    guarded(req, "opendir", [&] {
        auto r = fsOf(req).listDir(ino);
        if (!r) {
            fuse_reply_err(req, r.error());
            return;
        }
        auto holder = std::make_unique<Listing>(std::move(*r));
        fi->fh = reinterpret_cast<std::uint64_t>(holder.get());
        fi->keep_cache = 1;
        fi->cache_readdir = 1;
        if (fuse_reply_open(req, fi) == 0)
            (void)holder.release(); // owned by the kernel's handle until releasedir
    });
}

// Fills one readdir(plus) answer from entry `off` on, as many as fit in size.
void readdirCommon(fuse_req_t req, size_t size, off_t off, fuse_file_info* fi, bool plus)
{
    const Listing& list = *reinterpret_cast<Listing*>(fi->fh);
    std::vector<char> buf(size);
    size_t used = 0;
    for (size_t i = static_cast<size_t>(std::max<off_t>(off, 0)); i < list->size(); ++i) {
        const fs::DirListEntry& d = (*list)[i];
        const auto next = static_cast<off_t>(i + 1);
        size_t need = 0;
        if (plus) {
            auto st = fsOf(req).getattr(d.ino);
            fuse_entry_param e {};
            if (st)
                e = entryOf(*st);
            else
                e.attr.st_ino = d.ino, e.attr.st_mode = d.typeBits;
            need = fuse_add_direntry_plus(req, buf.data() + used, size - used, d.name.c_str(), &e, next);
        } else {
            struct stat st { };
            st.st_ino = d.ino;
            st.st_mode = d.typeBits;
            need = fuse_add_direntry(req, buf.data() + used, size - used, d.name.c_str(), &st, next);
        }
        if (need > size - used)
            break;
        used += need;
    }
    fuse_reply_buf(req, buf.data(), used);
}

void opReaddir(fuse_req_t req, fuse_ino_t /*ino*/, size_t size, off_t off, fuse_file_info* fi)
{
    guarded(req, "readdir", [&] { readdirCommon(req, size, off, fi, false); });
}

void opReaddirplus(fuse_req_t req, fuse_ino_t /*ino*/, size_t size, off_t off, fuse_file_info* fi)
{
    guarded(req, "readdirplus", [&] { readdirCommon(req, size, off, fi, true); });
}

void opReleasedir(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi)
{
    guarded(req, "releasedir", [&] {
        delete reinterpret_cast<Listing*>(fi->fh);
        fi->fh = 0;
        fuse_reply_err(req, 0);
    });
}

void opStatfs(fuse_req_t req, fuse_ino_t /*ino*/)
{
    guarded(req, "statfs", [&] {
        const struct statvfs s = fsOf(req).statfs();
        fuse_reply_statfs(req, &s);
    });
}

void replyXattr(fuse_req_t req, const fs::FsResult<fs::XattrAnswer>& r)
{
    if (!r)
        fuse_reply_err(req, r.error());
    else if (r->sizeOnly)
        fuse_reply_xattr(req, r->size);
    else
        fuse_reply_buf(req, r->bytes.data(), r->bytes.size());
}

void opGetxattr(fuse_req_t req, fuse_ino_t ino, const char* name, size_t size)
{
    guarded(req, "getxattr", [&] { replyXattr(req, fsOf(req).getxattr(ino, name, size)); });
}

void opListxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
    guarded(req, "listxattr", [&] { replyXattr(req, fsOf(req).listxattr(ino, size)); });
}

fuse_lowlevel_ops makeOps()
{
    fuse_lowlevel_ops ops {};
    ops.init = opInit;
    ops.lookup = opLookup;
    // Inodes live as long as the mount: forget has nothing to free.
    ops.forget = [](fuse_req_t req, fuse_ino_t, uint64_t) { fuse_reply_none(req); };
    ops.forget_multi = [](fuse_req_t req, size_t, fuse_forget_data*) { fuse_reply_none(req); };
    ops.getattr = opGetattr;
    ops.readlink = opReadlink;
    ops.open = opOpen;
    ops.read = opRead;
    ops.opendir = opOpendir;
    ops.readdir = opReaddir;
    ops.readdirplus = opReaddirplus;
    ops.releasedir = opReleasedir;
    ops.statfs = opStatfs;
    ops.getxattr = opGetxattr;
    ops.listxattr = opListxattr;
    return ops;
}

} // namespace

const fuse_lowlevel_ops& imageFsOperations()
{
    static const fuse_lowlevel_ops ops = makeOps();
    return ops;
}

} // namespace sociscope::daemon
