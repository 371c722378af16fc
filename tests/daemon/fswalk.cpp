// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// fswalk: looks at a mounted image through the kernel only (lstat, readlink,
// llistxattr/lgetxattr, open/read), in a child process of the tests, so a
// hung FUSE request can never hang the test itself.
//
//   fswalk walk DIR             every entry below DIR, as a JSON array
//   fswalk read FILE...         [{"path", "sha256" | null, "errno", "size"}]
//   fswalk hammer N FILE...     N threads each read every file (own order and
//                               chunk size): the same objects, one per read
// Names are bytes: a path, link target or xattr value that is not UTF-8 gets
// a base64 "…Bytes" twin (util/json_text.h), as sociscopectl's JSON does.
#include "oci/digest.h"
#include "util/fd.h"
#include "util/json_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <thread>
#include <unistd.h>
#include <vector>

using Json = nlohmann::ordered_json;

namespace {

const char* typeOf(mode_t m)
{
    if (S_ISDIR(m))
        return "dir";
    if (S_ISLNK(m))
        return "symlink";
    if (S_ISREG(m))
        return "reg";
    if (S_ISCHR(m))
        return "char";
    if (S_ISBLK(m))
        return "block";
    return "fifo";
}

// The file's bytes in chunks of `chunk`, hashed; errno on failure.
Json readFile(const std::string& path, size_t chunk)
{
    Json j;
    j["path"] = path;
    const sociscope::util::Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) {
        j["sha256"] = nullptr;
        j["errno"] = errno;
        return j;
    }
    std::string data;
    std::vector<char> buf(chunk);
    int err = 0;
    for (;;) {
        const ssize_t n = ::read(file.get(), buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        if (n == 0)
            break;
        data.append(buf.data(), static_cast<size_t>(n));
    }
    j["sha256"] = err ? Json(nullptr) : Json(sociscope::oci::Digest::sha256Of(data).hex());
    j["errno"] = err;
    j["size"] = data.size();
    return j;
}

Json xattrsOf(const std::string& path)
{
    Json out = Json::object();
    std::vector<char> names(65536);
    const ssize_t n = ::llistxattr(path.c_str(), names.data(), names.size());
    if (n <= 0)
        return out;
    std::vector<std::string> list;
    for (ssize_t i = 0; i < n;) {
        std::string name(names.data() + i);
        i += static_cast<ssize_t>(name.size()) + 1;
        list.push_back(name);
    }
    std::sort(list.begin(), list.end());
    for (const auto& name : list) {
        std::vector<char> value(65536);
        const ssize_t v = ::lgetxattr(path.c_str(), name.c_str(), value.data(), value.size());
        out[name] = v >= 0 ? std::string(value.data(), static_cast<size_t>(v))
                           : std::string("<errno ") + std::to_string(errno) + ">";
    }
    return out;
}

void walk(const std::string& root, const std::string& rel, Json& out)
{
    const std::string dirPath = root + rel;
    DIR* d = ::opendir(dirPath.empty() ? "/" : dirPath.c_str());
    if (!d) {
        out.push_back({ { "path", rel.empty() ? "/" : rel }, { "error", errno } });
        return;
    }
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(d)) {
        const std::string n = e->d_name;
        if (n != "." && n != "..")
            names.push_back(n);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    for (const auto& n : names) {
        const std::string r = rel + "/" + n;
        const std::string full = root + r;
        struct stat st { };
        Json j;
        j["path"] = r;
        if (::lstat(full.c_str(), &st) != 0) {
            j["error"] = errno;
            out.push_back(j);
            continue;
        }
        const std::string type = typeOf(st.st_mode);
        j["type"] = type;
        j["mode"] = st.st_mode & 07777;
        j["uid"] = st.st_uid;
        j["gid"] = st.st_gid;
        j["size"] = (type == "reg" || type == "symlink") ? st.st_size : 0;
        j["nlink"] = st.st_nlink;
        j["ino"] = st.st_ino;
        j["blocks"] = st.st_blocks;
        j["mtime"] = st.st_mtim.tv_sec;
        j["rdev"] = (type == "char" || type == "block")
            ? std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev))
            : std::string();
        std::string target;
        if (type == "symlink") {
            std::vector<char> buf(8192);
            const ssize_t len = ::readlink(full.c_str(), buf.data(), buf.size());
            if (len >= 0)
                target.assign(buf.data(), static_cast<size_t>(len));
        }
        j["linkTarget"] = target;
        j["xattrs"] = xattrsOf(full);
        if (type == "reg") {
            const Json data = readFile(full, 65536);
            j["sha256"] = data["sha256"];
            j["errno"] = data["errno"];
        }
        out.push_back(j);
        if (type == "dir")
            walk(root, r, out);
    }
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 2 && args[0] == "walk") {
        Json out = Json::array();
        std::string root = args[1];
        while (root.size() > 1 && root.back() == '/')
            root.pop_back();
        walk(root, "", out);
        std::printf("%s\n", sociscope::jsontext::dump(std::move(out)).c_str());
        return 0;
    }
    if (args.size() >= 2 && args[0] == "read") {
        Json out = Json::array();
        for (size_t i = 1; i < args.size(); ++i) {
            // Tells a test waiting on stderr that this read is about to start.
            std::fprintf(stderr, "reading %s\n", args[i].c_str());
            std::fflush(stderr);
            out.push_back(readFile(args[i], 65536));
        }
        std::printf("%s\n", sociscope::jsontext::dump(std::move(out)).c_str());
        return 0;
    }
    if (args.size() >= 3 && args[0] == "hammer") {
        const int threads = std::stoi(args[1]);
        const std::vector<std::string> paths(args.begin() + 2, args.end());
        Json out = Json::array();
        std::mutex mutex;
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                // Each thread starts at another file and reads with another chunk size.
                const size_t chunk = 4096u << (t % 6);
                for (size_t k = 0; k < paths.size(); ++k) {
                    Json r = readFile(paths[(k + static_cast<size_t>(t)) % paths.size()], chunk);
                    std::lock_guard lock(mutex);
                    out.push_back(std::move(r));
                }
            });
        }
        for (auto& th : pool)
            th.join();
        std::printf("%s\n", sociscope::jsontext::dump(std::move(out)).c_str());
        return 0;
    }
    std::fprintf(stderr, "usage: fswalk walk DIR | read FILE... | hammer N FILE...\n");
    return 1;
}
