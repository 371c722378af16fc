// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/extract.h"

#include "fs/beneath.h"
#include "util/files.h"
#include "util/strings.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <random>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace sociscope::fs {

namespace {

constexpr std::size_t kChunk = 4u << 20;
constexpr int kTempNameTries = 100;

// Why one step failed, with the errno behind it (0 when none).
struct Problem {
    std::string why;
    int err = 0;
    explicit operator bool() const { return !why.empty(); }
};

Problem problem(const std::string& what)
{
    const int e = errno;
    return {what + ": " + std::strerror(e), e};
}

// Causes that would hit every later entry too: these stop the extraction
// instead of being listed once per entry.
bool stopsEverything(int err)
{
    return err == ENOSPC || err == EDQUOT || err == EROFS || err == EIO;
}

bool plainName(const std::string& p)
{
    return !p.empty() && p != "." && p != ".." && p.find('/') == std::string::npos;
}

// A regular file being written: an O_TMPFILE (no name until linked) or a
// short temporary name.
struct Temp {
    util::Fd fd;
    std::string name;
};

// Where a file with more names was first written: its folder below the root and its name.
struct FirstName {
    std::vector<std::string> dir;
    std::string name;
};

class Extractor final {
public:
    Extractor(const ImageTree& t, const FileReader& r, const ExtractOptions& o, std::string dest)
        : m_tree(t), m_read(r), m_options(o), m_dest(std::move(dest)), m_isRoot(::geteuid() == 0),
          m_rng(std::random_device{}())
    {
    }

    Status open()
    {
        if (auto s = files::makeDirs(m_dest); !s)
            return s;
        m_root = util::Fd(::open(m_dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!m_root)
            return makeError(ErrorCode::Io, problem("cannot open the target folder").why, m_dest);
        // An O_TMPFILE gets its name by linkat through /proc/self/fd.
        m_tmpfile = ::access("/proc/self/fd", X_OK) == 0;
        return {};
    }

    Status run(const std::string& imagePath)
    {
        const std::string clean = ImageTree::cleanPath(imagePath);
        const std::string shown = "/" + clean;
        auto ino = m_tree.resolve(shown, false);
        if (!ino) {
            if (ino.error().code == ErrorCode::NotFound)
                result.notFound.push_back(shown);
            else
                result.failed.emplace_back(shown, ino.error().message);
            return {};
        }
        std::vector<std::string> parts;
        if (!clean.empty())
            parts = str::split(clean, '/');
        const std::uint64_t writtenBefore = written();
        const std::size_t failedBefore = result.failed.size(), skippedBefore = result.skipped.size(),
                          devicesBefore = result.devicesSkipped.size();
        if (auto s = start(*ino, parts); !s)
            return s;
        if (written() != writtenBefore || result.failed.size() != failedBefore)
            return {};
        std::string why = "there is nothing in it";
        if (result.devicesSkipped.size() != devicesBefore)
            why = "device nodes are skipped (use --devices to create them)";
        else if (result.skipped.size() != skippedBefore)
            why = result.skipped.back().second;
        else if (!parts.empty() && stripped(parts))
            why = "--strip-components " + std::to_string(m_options.stripComponents) + " removes all of it";
        result.failed.emplace_back(shown, "nothing written: " + why);
        return {};
    }

    ExtractResult result;

private:
    [[nodiscard]] std::uint64_t written() const
    {
        return result.files + result.folders + result.links + result.nodes;
    }

    [[nodiscard]] bool stripped(const std::vector<std::string>& parts) const
    {
        return static_cast<int>(parts.size()) <= m_options.stripComponents;
    }

    // The folder, below the root, that an entry at parts goes into.
    [[nodiscard]] std::vector<std::string> targetDir(const std::vector<std::string>& parts) const
    {
        return {parts.begin() + m_options.stripComponents, parts.end() - 1};
    }

    // Records an entry that was not written, or stops everything when the
    // cause (a full disk, ...) would hit every later entry too.
    Status failed(const std::string& shown, const Problem& p)
    {
        if (stopsEverything(p.err))
            return makeError(ErrorCode::Io, p.why + " (writing " + shown + ")", m_dest);
        result.failed.emplace_back(shown, p.why);
        return {};
    }

    [[nodiscard]] bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }

    // The folders above the asked path are made when missing; one that is a
    // symlink or a file in the target fails the path (never followed).
    Status start(Ino ino, const std::vector<std::string>& parts)
    {
        util::Fd above;
        int parent = m_root.get();
        if (parts.size() > static_cast<size_t>(m_options.stripComponents) + 1) {
            auto d = openDirBeneath(m_root.get(), targetDir(parts), true);
            if (!d)
                return failed("/" + str::join(parts, "/"), {d.error().message, errno});
            above = std::move(*d);
            parent = above.get();
        }
        std::vector<std::string> p = parts;
        return walk(ino, p, parent);
    }

    // Writes the entry at parts into the open folder dir (the root while its
    // parents are stripped away), and a folder's children below it.
    Status walk(Ino ino, std::vector<std::string>& parts, int dir)
    {
        if (cancelled())
            return makeError(ErrorCode::Cancelled, "extraction cancelled");
        const Inode& n = m_tree.inode(ino);
        const std::string shown = "/" + str::join(parts, "/");
        if (!parts.empty() && !plainName(parts.back()))
            return failed(shown, {"not a plain file name", 0});
        if (n.unsafeName) {
            result.skipped.emplace_back(shown, "its tar name was absolute or climbed out with \"..\"");
            return {};
        }
        if (n.type == FileType::Directory) {
            util::Fd self;
            int here = m_root.get();
            if (!stripped(parts)) {
                auto d = folderAt(dir, parts.back());
                if (!d)
                    return failed(shown, {d.error().message, errno});
                self = std::move(*d);
                here = self.get();
                ++result.folders;
            }
            auto kids = m_tree.readdir(ino);
            if (!kids)
                return kids.error();
            for (const auto& k : *kids) {
                parts.push_back(k.name);
                auto s = walk(k.ino, parts, here);
                parts.pop_back();
                if (!s)
                    return s;
            }
            if (self)
                setMetadata(self.get(), n);
            return {};
        }
        if (stripped(parts))
            return {}; // like tar
        if (n.whiteout) {
            result.skipped.emplace_back(shown, "a whiteout");
            return {};
        }
        switch (n.type) {
        case FileType::Regular: return writeFile(ino, n, dir, parts);
        case FileType::Symlink: return writeSymlink(ino, n, dir, parts.back(), shown);
        case FileType::CharDevice:
        case FileType::BlockDevice:
        case FileType::Fifo: return writeNode(n, dir, parts.back(), shown);
        case FileType::Directory: break;
        }
        return {};
    }

    // An image folder replaces a file or symlink of its name (as tar does for
    // a directory member; the link's target is not touched), then is opened
    // without following anything.
    Result<util::Fd> folderAt(int dir, const std::string& name)
    {
        struct stat st {};
        if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
            ::unlinkat(dir, name.c_str(), 0);
        return openDirBeneath(dir, {name}, true);
    }

    [[nodiscard]] std::uint32_t modeBits(const Inode& n) const { return n.mode & (m_isRoot ? 07777u : 01777u); }

    // Ownership first: chown clears setuid/setgid, even for root.
    void setMetadata(int fd, const Inode& n) const
    {
        if (m_options.keepOwnership && m_isRoot)
            (void)::fchown(fd, n.uid, n.gid);
        ::fchmod(fd, modeBits(n));
        const timespec times[2] = {{0, UTIME_OMIT}, {n.mtimeSec, static_cast<long>(n.mtimeNsec)}};
        ::futimens(fd, times);
    }

    // The same for a symlink or node, by name, never following a link.
    void setMetadataAt(int dir, const std::string& name, const Inode& n, bool chmod) const
    {
        if (m_options.keepOwnership && m_isRoot)
            (void)::fchownat(dir, name.c_str(), n.uid, n.gid, AT_SYMLINK_NOFOLLOW);
        if (chmod)
            ::fchmodat(dir, name.c_str(), modeBits(n), AT_SYMLINK_NOFOLLOW);
        const timespec times[2] = {{0, UTIME_OMIT}, {n.mtimeSec, static_cast<long>(n.mtimeNsec)}};
        ::utimensat(dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW);
    }

    // ".sx-" and six random letters: short, so any name of up to 255 bytes fits beside it.
    std::string tempName()
    {
        static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        std::string s = ".sx-";
        for (int i = 0; i < 6; ++i)
            s += kLetters[m_rng() % (sizeof kLetters - 1)];
        return s;
    }

    // Calls make(name) with fresh temporary names until one is free.
    template <class Make>
    Problem underTempName(std::string& name, const Make& make, const std::string& what)
    {
        for (int i = 0; i < kTempNameTries; ++i) {
            name = tempName();
            if (make(name.c_str()))
                return {};
            if (errno != EEXIST)
                break;
        }
        name.clear();
        return problem(what);
    }

    // Renames tmp over name, unless a folder is there; tmp is removed on failure.
    static Problem replace(int dir, const std::string& tmp, const std::string& name)
    {
        struct stat st {}, made {};
        if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            const bool sameFile = ::fstatat(dir, tmp.c_str(), &made, AT_SYMLINK_NOFOLLOW) == 0 &&
                                  made.st_ino == st.st_ino && made.st_dev == st.st_dev;
            if (S_ISDIR(st.st_mode) || sameFile) {
                // rename() between two names of one file does nothing and would leave tmp.
                ::unlinkat(dir, tmp.c_str(), 0);
                return sameFile ? Problem{} : Problem{"a folder is in the way", 0};
            }
        }
        if (::renameat(dir, tmp.c_str(), dir, name.c_str()) != 0) {
            Problem p = problem("cannot move into place");
            ::unlinkat(dir, tmp.c_str(), 0);
            return p;
        }
        return {};
    }

    // Makes an entry by make(name); when the name is taken, under a temporary
    // name and renamed over what was there (tar's unlink-first, atomically).
    template <class Make>
    Problem place(int dir, const std::string& name, const Make& make, const std::string& what)
    {
        if (make(name.c_str()))
            return {};
        if (errno != EEXIST)
            return problem(what);
        std::string tmp;
        if (Problem p = underTempName(tmp, make, what))
            return p;
        return replace(dir, tmp, name);
    }

    Problem createTemp(int dir, Temp& t)
    {
        if (m_tmpfile) {
            t.fd = util::Fd(::openat(dir, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
            if (bool(t.fd))
                return {};
            if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
                return problem("cannot create file");
            m_tmpfile = false; // this filesystem has no O_TMPFILE
        }
        return underTempName(
            t.name,
            [&](const char* tmp) {
                t.fd = util::Fd(::openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
                return bool(t.fd);
            },
            "cannot create file");
    }

    static void dropTemp(int dir, const Temp& t)
    {
        if (!t.name.empty())
            ::unlinkat(dir, t.name.c_str(), 0);
    }

    // Gives the finished file its name; whatever had it (not a folder) is replaced.
    Problem publish(int dir, Temp& t, const std::string& name)
    {
        if (t.name.empty()) {
            const std::string proc = "/proc/self/fd/" + std::to_string(t.fd.get());
            const auto link = [&](const char* n) {
                return ::linkat(AT_FDCWD, proc.c_str(), dir, n, AT_SYMLINK_FOLLOW) == 0;
            };
            if (link(name.c_str()))
                return {};
            if (errno != EEXIST)
                return problem("cannot link the new file into place");
            if (Problem p = underTempName(t.name, link, "cannot link the new file into place"))
                return p;
        }
        return replace(dir, t.name, name);
    }

    // Another name of a file this extraction wrote: a hard link to it, found
    // beneath the root. False when that cannot be done (the caller writes a copy).
    bool hardlink(const FirstName& first, int dir, const std::string& name)
    {
        auto from = openDirBeneath(m_root.get(), first.dir, false);
        if (!from)
            return false;
        return !place(dir, name,
                      [&](const char* n) { return ::linkat(from->get(), first.name.c_str(), dir, n, 0) == 0; },
                      "cannot make a hard link");
    }

    Status writeFile(Ino ino, const Inode& n, int dir, const std::vector<std::string>& parts)
    {
        const std::string& name = parts.back();
        const std::string shown = "/" + str::join(parts, "/");
        if (n.nlink > 1)
            if (auto it = m_linked.find(ino); it != m_linked.end() && hardlink(it->second, dir, name)) {
                ++result.links;
                return {};
            }
        Temp t;
        if (Problem p = createTemp(dir, t))
            return failed(shown, p);
        std::int64_t off = 0;
        while (off < n.size) {
            if (cancelled()) {
                dropTemp(dir, t);
                return makeError(ErrorCode::Cancelled, "extraction cancelled");
            }
            const std::size_t want = static_cast<std::size_t>(std::min<std::int64_t>(kChunk, n.size - off));
            auto data = m_read(ino, off, want);
            if (!data || data->size() != want) {
                dropTemp(dir, t);
                if (!data)
                    return makeError(data.error().code, data.error().message, shown);
                return makeError(ErrorCode::Integrity, "short read from the image", shown);
            }
            for (size_t done = 0; done < data->size();) {
                const ssize_t w = ::write(t.fd.get(), data->data() + done, data->size() - done);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w < 0) {
                    const Problem p = problem("cannot write");
                    dropTemp(dir, t);
                    return failed(shown, p);
                }
                done += static_cast<size_t>(w);
            }
            off += static_cast<std::int64_t>(want);
        }
        setMetadata(t.fd.get(), n);
        if (Problem p = publish(dir, t, name))
            return failed(shown, p);
        const auto below = targetDir(parts);
        if (n.nlink > 1)
            m_linked.emplace(ino, FirstName{below, name});
        ++result.files;
        result.bytes += static_cast<std::uint64_t>(n.size);
        if (m_options.progress)
            m_options.progress("/" + str::join(below, "/") + (below.empty() ? "" : "/") + name,
                               static_cast<std::uint64_t>(n.size));
        return {};
    }

    // Made as the image has it, whatever the target: it is never followed
    // while writing, so where it points does not matter here.
    Status writeSymlink(Ino ino, const Inode& n, int dir, const std::string& name, const std::string& shown)
    {
        auto target = m_tree.readlink(ino);
        if (!target)
            return failed(shown, {target.error().message, 0});
        if (Problem p = place(
                dir, name, [&](const char* nm) { return ::symlinkat(target->c_str(), dir, nm) == 0; },
                "cannot create symlink"))
            return failed(shown, p);
        setMetadataAt(dir, name, n, false);
        ++result.links;
        return {};
    }

    // Made with no permissions, then given the image's: never more open than the image says.
    Status writeNode(const Inode& n, int dir, const std::string& name, const std::string& shown)
    {
        const bool fifo = n.type == FileType::Fifo;
        if (!fifo && !m_options.devices) {
            result.devicesSkipped.push_back(shown);
            return {};
        }
        if (!fifo && !m_isRoot)
            return failed(shown, {"device nodes can only be made by root", 0});
        const mode_t type = fifo ? S_IFIFO : n.type == FileType::CharDevice ? S_IFCHR : S_IFBLK;
        const dev_t dev = fifo ? 0 : makedev(n.rdevMajor, n.rdevMinor);
        if (Problem p = place(
                dir, name, [&](const char* nm) { return ::mknodat(dir, nm, type, dev) == 0; },
                fifo ? "cannot make FIFO" : "cannot make device node"))
            return failed(shown, p);
        setMetadataAt(dir, name, n, true);
        ++result.nodes;
        return {};
    }

    const ImageTree& m_tree;
    const FileReader& m_read;
    const ExtractOptions& m_options;
    std::string m_dest;
    const bool m_isRoot; // running as root
    util::Fd m_root;     // the target folder
    bool m_tmpfile = true;
    std::mt19937 m_rng;
    std::map<Ino, FirstName> m_linked;
};

} // namespace

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
