// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/files.h"

#include "util/fd.h"
#include "util/strings.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace sociscope::files {
namespace fs = std::filesystem;

namespace {
Error ioError(const std::string& what, const std::string& path, int err)
{
    return makeError(err == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, what + ": " + std::strerror(err), path);
}

std::string homeDir()
{
    const char* h = std::getenv("HOME");
    return h && *h ? h : "/root";
}
} // namespace

Result<std::string> readFile(const std::string& path, std::uint64_t maxBytes)
{
    const util::Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file)
        return ioError("cannot open file", path, errno);
    const int fd = file.get();
    const auto tooLarge = [&] {
        return makeError(ErrorCode::Malformed,
                         "file is larger than " + str::humanBytes(maxBytes) + ", the most this input may be", path);
    };
    std::string out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if (static_cast<std::uint64_t>(st.st_size) > maxBytes)
            return tooLarge();
        // The size of a sparse or growing file is only a hint: reserve little
        // more than a sane amount and let the string grow past it.
        out.reserve(static_cast<size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(st.st_size), 256ull << 20)));
    } else if (maxBytes < (1ull << 30)) {
        // A pipe or device of unknown length: reserve the cap once (address space only,
        // pages are touched as data comes) so growing never holds two copies at once.
        out.reserve(static_cast<size_t>(maxBytes) + 1);
    }
    char buf[65536];
    for (;;) {
        if (out.size() > maxBytes)
            return tooLarge();
        // At most one byte past the limit, so an endless source stops there.
        const std::uint64_t left = maxBytes - out.size();
        const size_t want = left >= sizeof buf ? sizeof buf : static_cast<size_t>(left) + 1;
        const ssize_t n = ::read(fd, buf, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError("cannot read file", path, errno);
        }
        if (n == 0)
            break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

std::string temporaryName(const std::string& prefix)
{
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[40];
    std::snprintf(buf, sizeof buf, ".tmp-%d-%016llx", static_cast<int>(::getpid()),
                  static_cast<unsigned long long>(rng()));
    return prefix + buf;
}

Status writeFileAtomic(const std::string& path, std::string_view data, unsigned mode, bool durable)
{
    const std::string tmp = temporaryName(path);
    util::Fd file(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!file)
        return ioError("cannot create file", tmp, errno);
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(file.get(), data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            file.reset();
            ::unlink(tmp.c_str());
            return ioError("cannot write file", tmp, err);
        }
        done += static_cast<size_t>(n);
    }
    // close(2) reports late write errors (NFS, quotas): this one is checked.
    if ((durable && ::fsync(file.get()) != 0) || ::close(file.release()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return ioError("cannot write file", tmp, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return ioError("cannot rename file into place", path, err);
    }
    return {};
}

Status makeDirs(const std::string& path, unsigned mode)
{
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec)
        return makeError(ErrorCode::Io, "cannot create folder: " + ec.message(), path);
    (void)mode;
    return {};
}

bool exists(const std::string& path)
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

bool isDirectory(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Status removeAll(const std::string& path)
{
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec)
        return makeError(ErrorCode::Io, "cannot remove: " + ec.message(), path);
    return {};
}

TempDir::TempDir(std::string_view prefix)
{
    const char* t = std::getenv("TMPDIR");
    std::string tmpl = std::string(t && *t ? t : "/tmp") + "/" + std::string(prefix) + "-XXXXXX";
    if (char* p = ::mkdtemp(tmpl.data()))
        m_path = p;
}

TempDir::~TempDir()
{
    if (!m_path.empty())
        (void)removeAll(m_path);
}

std::string selfDir()
{
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return ".";
    const std::string p(buf, static_cast<size_t>(n));
    return p.substr(0, p.rfind('/'));
}

std::string companionProgram(const std::string& name)
{
    const std::string dir = selfDir();
    for (const std::string& candidate : {dir + "/" + name, dir + "/../libexec/sociscope/" + name})
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    return {};
}

std::string cacheDir()
{
    if (const char* x = std::getenv("SOCISCOPE_CACHE_DIR"); x && *x)
        return x;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return std::string(x) + "/sociscope";
    return homeDir() + "/.cache/sociscope";
}

std::string dataDir()
{
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
        return std::string(x) + "/sociscope";
    return homeDir() + "/.local/share/sociscope";
}

std::string stateDir()
{
    if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x)
        return std::string(x) + "/sociscope";
    return homeDir() + "/.local/state/sociscope";
}

} // namespace sociscope::files
