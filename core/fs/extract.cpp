// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/extract.h"

#include "util/files.h"
#include "util/strings.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace sociscope::fs {

namespace {

constexpr std::size_t kChunk = 4u << 20;

// An fd that closes itself.
class Fd final {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(Fd&& o) noexcept : m_fd(o.m_fd) { o.m_fd = -1; }
    Fd& operator=(Fd&& o) noexcept
    {
        std::swap(m_fd, o.m_fd);
        return *this;
    }
    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

Error sysError(const std::string& what, const std::string& path)
{
    return makeError(errno == ENOSPC ? ErrorCode::Io : ErrorCode::Io, what + ": " + std::strerror(errno), path);
}

class Extractor final {
public:
    Extractor(const ImageTree& t, const FileReader& r, const ExtractOptions& o, std::string dest)
        : m_tree(t), m_read(r), m_options(o), m_dest(std::move(dest))
    {
    }

    Status open()
    {
        if (auto s = files::makeDirs(m_dest); !s)
            return s;
        m_root = Fd(::open(m_dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!m_root.valid())
            return sysError("cannot open the target folder", m_dest);
        return {};
    }

    Status run(const std::string& imagePath)
    {
        const std::string clean = ImageTree::cleanPath(imagePath);
        auto ino = m_tree.resolve("/" + clean, false);
        if (!ino)
            return makeError(ErrorCode::NotFound, "no such file in the image: /" + clean);
        std::vector<std::string> parts;
        if (!clean.empty())
            parts = str::split(clean, '/');
        return walk(*ino, parts);
    }

    ExtractResult result;

private:
    // Opens (creating) the folder at parts[0..n) below the root, never following symlinks.
    Result<Fd> openDir(const std::vector<std::string>& parts, size_t n, bool create)
    {
        Fd cur(::dup(m_root.get()));
        std::string where = m_dest;
        for (size_t i = 0; i < n; ++i) {
            where += "/" + parts[i];
            int fd = ::openat(cur.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT && create) {
                if (::mkdirat(cur.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST)
                    return sysError("cannot create folder", where);
                fd = ::openat(cur.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            }
            if (fd < 0) {
                if (errno == ELOOP || errno == ENOTDIR)
                    return makeError(ErrorCode::Io, "refusing to write through a symlink or non-folder", where);
                return sysError("cannot open folder", where);
            }
            cur = Fd(fd);
        }
        return cur;
    }

    std::vector<std::string> target(const std::vector<std::string>& parts) const
    {
        if (static_cast<int>(parts.size()) <= m_options.stripComponents)
            return {};
        return {parts.begin() + m_options.stripComponents, parts.end()};
    }

    void skip(const std::vector<std::string>& parts, const std::string& why)
    {
        result.skipped.emplace_back("/" + str::join(parts, "/"), why);
    }

    Status walk(Ino ino, std::vector<std::string>& parts)
    {
        if (m_options.cancel && m_options.cancel->load())
            return makeError(ErrorCode::Cancelled, "extraction cancelled");
        const Inode& n = m_tree.inode(ino);
        for (const auto& p : parts)
            if (p.empty() || p == "." || p == ".." || p.find('/') != std::string::npos)
                return makeError(ErrorCode::Malformed, "unsafe path in the image", str::join(parts, "/"));
        const auto out = target(parts);
        if (n.unsafeName) {
            skip(parts, "its tar name was absolute or climbed out with \"..\"");
            return {};
        }
        if (n.type == FileType::Directory) {
            if (!out.empty()) {
                auto d = openDir(out, out.size(), true);
                if (!d)
                    return d.error();
                ++result.folders;
            }
            auto kids = m_tree.readdir(ino);
            if (!kids)
                return kids.error();
            for (const auto& k : *kids) {
                parts.push_back(k.name);
                auto s = walk(k.ino, parts);
                parts.pop_back();
                if (!s)
                    return s;
            }
            if (!out.empty())
                finishDir(out, n);
            return {};
        }
        if (out.empty())
            return {}; // stripped away, like tar
        if (n.whiteout) {
            skip(parts, "a whiteout");
            return {};
        }
        auto dir = openDir(out, out.size() - 1, true);
        if (!dir)
            return dir.error();
        const std::string& name = out.back();
        const std::string where = m_dest + "/" + str::join(out, "/");
        switch (n.type) {
        case FileType::Regular: return writeFile(ino, n, dir->get(), name, out, where);
        case FileType::Symlink: return writeSymlink(ino, dir->get(), name, out, where, parts);
        case FileType::CharDevice:
        case FileType::BlockDevice:
        case FileType::Fifo: return writeSpecial(n, dir->get(), name, where, parts);
        case FileType::Directory: break;
        }
        return {};
    }

    void finishDir(const std::vector<std::string>& out, const Inode& n)
    {
        auto d = openDir(out, out.size(), false);
        if (!d)
            return;
        ::fchmod(d->get(), n.mode & (::geteuid() == 0 ? 07777u : 01777u));
        if (m_options.keepOwnership && ::geteuid() == 0)
            (void)::fchown(d->get(), n.uid, n.gid);
        const timespec times[2] = {{0, UTIME_OMIT}, {n.mtimeSec, static_cast<long>(n.mtimeNsec)}};
        ::futimens(d->get(), times);
    }

    Status placeTemp(int dir, const std::string& tmp, const std::string& name, const std::string& where)
    {
        struct stat st {};
        if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
            ::unlinkat(dir, tmp.c_str(), 0);
            return makeError(ErrorCode::Io, "a folder is in the way", where);
        }
        if (::renameat(dir, tmp.c_str(), dir, name.c_str()) != 0) {
            const Error e = sysError("cannot move into place", where);
            ::unlinkat(dir, tmp.c_str(), 0);
            return e;
        }
        return {};
    }

    Status writeFile(Ino ino, const Inode& n, int dir, const std::string& name, const std::vector<std::string>& out,
                     const std::string& where)
    {
        const std::string rel = str::join(out, "/");
        if (n.nlink > 1) {
            // Later names of a hardlinked file become hard links to the first.
            if (auto it = m_linked.find(ino); it != m_linked.end()) {
                const std::string tmp = ".sociscope-" + std::to_string(::getpid()) + "-" + name;
                if (::linkat(m_root.get(), it->second.c_str(), dir, tmp.c_str(), 0) == 0) {
                    if (auto s = placeTemp(dir, tmp, name, where); !s)
                        return s;
                    ++result.links;
                    return {};
                }
            }
        }
        const std::string tmp = files::temporaryName("." + name);
        Fd fd(::openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!fd.valid())
            return sysError("cannot create file", where);
        std::int64_t off = 0;
        while (off < n.size) {
            if (m_options.cancel && m_options.cancel->load()) {
                ::unlinkat(dir, tmp.c_str(), 0);
                return makeError(ErrorCode::Cancelled, "extraction cancelled");
            }
            const std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(kChunk, n.size - off));
            auto data = m_read(ino, off, want);
            if (!data || data->size() != want) {
                ::unlinkat(dir, tmp.c_str(), 0);
                if (!data)
                    return makeError(data.error().code, data.error().message, where);
                return makeError(ErrorCode::Integrity, "short read from the image", where);
            }
            size_t done = 0;
            while (done < data->size()) {
                const ssize_t w = ::write(fd.get(), data->data() + done, data->size() - done);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w < 0) {
                    const Error e = sysError("cannot write", where);
                    ::unlinkat(dir, tmp.c_str(), 0);
                    return e;
                }
                done += static_cast<size_t>(w);
            }
            off += static_cast<std::int64_t>(want);
        }
        ::fchmod(fd.get(), n.mode & (::geteuid() == 0 ? 07777u : 01777u));
        if (m_options.keepOwnership && ::geteuid() == 0)
            (void)::fchown(fd.get(), n.uid, n.gid);
        const timespec times[2] = {{0, UTIME_OMIT}, {n.mtimeSec, static_cast<long>(n.mtimeNsec)}};
        ::futimens(fd.get(), times);
        fd = Fd();
        if (auto s = placeTemp(dir, tmp, name, where); !s)
            return s;
        if (n.nlink > 1)
            m_linked.emplace(ino, rel);
        ++result.files;
        result.bytes += static_cast<std::uint64_t>(n.size);
        if (m_options.progress)
            m_options.progress("/" + rel, static_cast<std::uint64_t>(n.size));
        return {};
    }

    Status writeSymlink(Ino ino, int dir, const std::string& name, const std::vector<std::string>& out,
                        const std::string& where, const std::vector<std::string>& parts)
    {
        auto target = m_tree.readlink(ino);
        if (!target)
            return target.error();
        const std::vector<std::string> linkDir(out.begin(), out.end() - 1);
        if (!symlinkStaysInside(linkDir, *target)) {
            skip(parts, "symlink to \"" + *target + "\" leads outside the target folder");
            return {};
        }
        const std::string tmp = files::temporaryName("." + name);
        if (::symlinkat(target->c_str(), dir, tmp.c_str()) != 0)
            return sysError("cannot create symlink", where);
        if (auto s = placeTemp(dir, tmp, name, where); !s)
            return s;
        const Inode& n = m_tree.inode(ino);
        const timespec times[2] = {{0, UTIME_OMIT}, {n.mtimeSec, static_cast<long>(n.mtimeNsec)}};
        ::utimensat(dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
        ++result.links;
        return {};
    }

    Status writeSpecial(const Inode& n, int dir, const std::string& name, const std::string& where,
                        const std::vector<std::string>& parts)
    {
        const bool fifo = n.type == FileType::Fifo;
        if (!fifo && ::geteuid() != 0) {
            skip(parts, "device nodes can only be made by root");
            return {};
        }
        const mode_t type = fifo ? S_IFIFO : n.type == FileType::CharDevice ? S_IFCHR : S_IFBLK;
        ::unlinkat(dir, name.c_str(), 0);
        if (::mknodat(dir, name.c_str(), type | (n.mode & 0777), makedev(n.rdevMajor, n.rdevMinor)) != 0) {
            skip(parts, std::string("cannot make node: ") + std::strerror(errno));
            return {};
        }
        (void)where;
        ++result.files;
        return {};
    }

    const ImageTree& m_tree;
    const FileReader& m_read;
    const ExtractOptions& m_options;
    std::string m_dest;
    Fd m_root;
    std::map<Ino, std::string> m_linked;
};

} // namespace

bool symlinkStaysInside(const std::vector<std::string>& linkDir, const std::string& target)
{
    if (target.empty() || target.front() == '/')
        return false;
    std::int64_t depth = static_cast<std::int64_t>(linkDir.size());
    for (const auto& p : str::split(target, '/')) {
        if (p.empty() || p == ".")
            continue;
        if (p == "..") {
            if (--depth < 0)
                return false;
        } else {
            ++depth;
        }
    }
    return true;
}

Result<ExtractResult> extract(const ImageTree& tree, const FileReader& read, const std::vector<std::string>& paths,
                              const std::string& dest, const ExtractOptions& options)
{
    Extractor x(tree, read, options, dest);
    if (auto s = x.open(); !s)
        return s.error();
    for (const auto& p : paths)
        if (auto s = x.run(p); !s)
            return s.error();
    return std::move(x.result);
}

} // namespace sociscope::fs
