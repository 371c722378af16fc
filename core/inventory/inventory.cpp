// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "inventory/inventory.h"

#include "inventory/parsers.h"
#include "inventory/rpmdb.h"
#include "util/files.h"
#include "util/strings.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>

namespace sociscope::inventory {

namespace {

using Format = Candidate::Format;

bool isSitePackages(std::string_view name) { return name == "site-packages" || name == "dist-packages"; }

// The most of a file each format reads, and whether it needs the whole file.
struct Limit {
    std::uint64_t bytes;
    bool whole;
};

Limit limitOf(Format f)
{
    switch (f) {
    case Format::DpkgStatus: return {64u << 20, true};
    case Format::ApkInstalled: return {64u << 20, true};
    case Format::RpmSqlite: return {1u << 30, true};
    case Format::PythonMetadata: return {64u << 10, false}; // the header block comes first
    case Format::CondaMeta: return {32u << 20, true};
    case Format::CudaVersionJson: return {1u << 20, true};
    case Format::CudaVersionText: return {64u << 10, false};
    case Format::CudnnHeader: return {256u << 10, false};
    case Format::NcclHeader: return {256u << 10, false};
    case Format::LibraryName: return {0, false};
    }
    return {0, false};
}

int kindRank(Kind k) { return static_cast<int>(k); }

std::string lower(std::string_view s) { return str::toLower(s); }

struct Outcome {
    std::vector<Package> packages;
    std::string problem;
    std::uint64_t bytes = 0;
    bool read = false;
};

Result<std::string> readUpTo(const fs::FileReader& read, fs::Ino ino, std::uint64_t size)
{
    std::string out;
    constexpr std::uint64_t Chunk = 8u << 20;
    for (std::uint64_t off = 0; off < size; off += Chunk) {
        auto part = read(ino, static_cast<std::int64_t>(off), static_cast<std::size_t>(std::min(Chunk, size - off)));
        if (!part)
            return part.error();
        if (part->empty())
            break;
        out += *part;
    }
    return out;
}

// Copies a file of the image to a local file, in chunks.
Status copyOut(const fs::FileReader& read, fs::Ino ino, std::uint64_t size, const std::string& dest, std::uint64_t& bytes)
{
    std::FILE* f = std::fopen(dest.c_str(), "wb");
    if (!f)
        return makeError(ErrorCode::Io, "cannot write a private copy of the RPM database", dest);
    constexpr std::uint64_t Chunk = 8u << 20;
    Status status;
    for (std::uint64_t off = 0; off < size && status; off += Chunk) {
        auto part = read(ino, static_cast<std::int64_t>(off), static_cast<std::size_t>(std::min(Chunk, size - off)));
        if (!part) {
            status = part.error();
            break;
        }
        bytes += part->size();
        if (std::fwrite(part->data(), 1, part->size(), f) != part->size())
            status = makeError(ErrorCode::Io, "cannot write a private copy of the RPM database", dest);
        if (part->empty())
            break;
    }
    if (std::fclose(f) != 0 && status)
        status = makeError(ErrorCode::Io, "cannot write a private copy of the RPM database", dest);
    return status;
}

Outcome readRpm(const fs::ImageTree& tree, const fs::FileReader& read, const Candidate& c)
{
    Outcome out;
    files::TempDir dir("sociscope-rpmdb");
    if (!dir.valid()) {
        out.problem = "no temporary folder for a private copy of the RPM database";
        return out;
    }
    const std::string db = dir.path() + "/rpmdb.sqlite";
    if (auto s = copyOut(read, c.ino, static_cast<std::uint64_t>(c.size), db, out.bytes); !s) {
        out.problem = s.error().message;
        return out;
    }
    // A write-ahead log beside it holds the latest transactions.
    const auto slash = c.path.rfind('/');
    if (auto wal = tree.resolve(c.path.substr(0, slash) + "/rpmdb.sqlite-wal", false);
        wal && tree.inode(*wal).type == fs::FileType::Regular && tree.inode(*wal).size > 0) {
        if (auto s = copyOut(read, *wal, static_cast<std::uint64_t>(tree.inode(*wal).size), db + "-wal", out.bytes); !s) {
            out.problem = s.error().message;
            return out;
        }
    }
    out.read = true;
    int skipped = 0;
    auto packages = readRpmSqlite(db, c.path, &skipped);
    if (!packages) {
        out.problem = packages.error().message;
        return out;
    }
    out.packages = std::move(*packages);
    if (skipped)
        out.problem = std::to_string(skipped) + " package headers could not be read";
    return out;
}

Outcome process(const fs::ImageTree& tree, const fs::FileReader& read, const Candidate& c)
{
    Outcome out;
    if (c.format == Format::LibraryName) {
        const std::string name = c.path.substr(c.path.rfind('/') + 1);
        if (auto p = packageFromLibraryName(name, c.path))
            out.packages.push_back(std::move(*p));
        return out;
    }
    if (c.format == Format::RpmSqlite)
        return readRpm(tree, read, c);
    const Limit limit = limitOf(c.format);
    const auto size = static_cast<std::uint64_t>(std::max<std::int64_t>(c.size, 0));
    if (limit.whole && size > limit.bytes) {
        out.problem = "too large to read (" + str::humanBytes(size) + ")";
        return out;
    }
    auto text = readUpTo(read, c.ino, std::min(size, limit.bytes));
    if (!text) {
        out.problem = text.error().message;
        return out;
    }
    out.read = true;
    out.bytes = text->size();
    switch (c.format) {
    case Format::DpkgStatus: out.packages = parseDpkgStatus(*text, c.path); break;
    case Format::ApkInstalled: out.packages = parseApkInstalled(*text, c.path); break;
    case Format::PythonMetadata:
        if (auto p = parsePythonMetadata(*text, c.path))
            out.packages.push_back(std::move(*p));
        else
            out.problem = "no Name and Version in the package metadata";
        break;
    case Format::CondaMeta:
        if (auto p = parseCondaMeta(*text, c.path))
            out.packages.push_back(std::move(*p));
        else
            out.problem = p.error().message;
        break;
    case Format::CudaVersionJson: out.packages = parseCudaVersionJson(*text, c.path); break;
    case Format::CudaVersionText:
        if (auto p = parseCudaVersionText(*text, c.path))
            out.packages.push_back(std::move(*p));
        break;
    case Format::CudnnHeader:
        if (auto p = parseVersionHeader(*text, c.path, "CUDNN", "cudnn"))
            out.packages.push_back(std::move(*p));
        break;
    case Format::NcclHeader:
        if (auto p = parseVersionHeader(*text, c.path, "NCCL", "nccl"))
            out.packages.push_back(std::move(*p));
        break;
    case Format::RpmSqlite:
    case Format::LibraryName: break;
    }
    return out;
}

} // namespace

std::vector<Candidate> findCandidates(const fs::ImageTree& tree, const std::atomic<bool>* cancel,
                                      std::vector<std::pair<std::string, std::string>>* unsupported)
{
    std::vector<Candidate> out;
    struct Frame {
        fs::Ino dir;
        std::string name; // the folder's own name
        const fs::Child* next;
        std::size_t pathLength;
    };
    std::string path;
    std::vector<Frame> stack;
    stack.push_back({tree.root(), std::string(), tree.children(tree.root()).begin(), 0});
    std::uint64_t visited = 0;
    while (!stack.empty()) {
        Frame& f = stack.back();
        const fs::ChildList dir = tree.children(f.dir);
        if (f.next == dir.end()) {
            stack.pop_back();
            continue;
        }
        const auto& [name, ino] = *f.next;
        ++f.next;
        if ((++visited & 4095) == 0 && cancel && cancel->load(std::memory_order_relaxed))
            break;
        path.resize(f.pathLength);
        path += '/';
        path += name;
        const fs::Inode& n = tree.inode(ino);
        const std::string& parent = f.name;
        const std::string grandparent = stack.size() >= 2 ? stack[stack.size() - 2].name : std::string();
        if (n.type == fs::FileType::Directory) {
            // Conda's package cache holds packages that are not installed.
            if (name == "pkgs" && dir.contains("conda-meta"))
                continue;
            if (const fs::ChildList kids = tree.children(ino); !kids.empty())
                stack.push_back({ino, std::string(name), kids.begin(), path.size()});
            continue;
        }
        if (n.type != fs::FileType::Regular)
            continue;
        const auto add = [&](Format format) { out.push_back({ino, path, format, n.size}); };
        if (path == "/var/lib/dpkg/status")
            add(Format::DpkgStatus);
        else if (parent == "status.d" && str::startsWith(path, "/var/lib/dpkg/status.d/") && !str::endsWith(name, ".md5sums"))
            add(Format::DpkgStatus);
        else if (path == "/lib/apk/db/installed" || path == "/usr/lib/apk/db/installed")
            add(Format::ApkInstalled);
        else if (name == "rpmdb.sqlite" && parent == "rpm")
            add(Format::RpmSqlite);
        else if ((name == "Packages" || name == "Packages.db") && parent == "rpm" && !dir.contains("rpmdb.sqlite")) {
            if (unsupported)
                unsupported->emplace_back(path, name == "Packages" ? "an RPM database in the BerkeleyDB format, which is not read"
                                                                   : "an RPM database in the ndb format, which is not read");
        } else if (name == "METADATA" && str::endsWith(parent, ".dist-info") && isSitePackages(grandparent))
            add(Format::PythonMetadata);
        else if (name == "PKG-INFO" && str::endsWith(parent, ".egg-info") && isSitePackages(grandparent))
            add(Format::PythonMetadata);
        else if (str::endsWith(name, ".egg-info") && isSitePackages(parent))
            add(Format::PythonMetadata);
        else if (parent == "conda-meta" && str::endsWith(name, ".json"))
            add(Format::CondaMeta);
        else if (name == "version.json" && str::startsWith(parent, "cuda"))
            add(Format::CudaVersionJson);
        else if (name == "version.txt" && str::startsWith(parent, "cuda"))
            add(Format::CudaVersionText);
        else if (name == "cudnn_version.h" || (name == "cudnn.h" && !dir.contains("cudnn_version.h")))
            add(Format::CudnnHeader);
        else if (name == "nccl.h")
            add(Format::NcclHeader);
        else if (str::startsWith(name, "lib") && name.find(".so.") != std::string::npos && packageFromLibraryName(name, path))
            add(Format::LibraryName);
    }
    return out;
}

Result<Inventory> readInventory(const fs::ImageTree& tree, const fs::FileReader& read, const InventoryOptions& options)
{
    std::vector<std::pair<std::string, std::string>> unsupported;
    auto candidates = findCandidates(tree, options.cancel, &unsupported);
    if (options.cancel && options.cancel->load())
        return makeError(ErrorCode::Cancelled, "the inventory was cancelled");
    auto inv = readInventory(tree, read, candidates, options);
    if (inv)
        inv->problems.insert(inv->problems.end(), unsupported.begin(), unsupported.end());
    return inv;
}

Result<Inventory> readInventory(const fs::ImageTree& tree, const fs::FileReader& read,
                                const std::vector<Candidate>& candidates, const InventoryOptions& options)
{
    std::vector<Outcome> outcomes(candidates.size());
    std::atomic<std::size_t> next{0}, done{0};
    const auto work = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= candidates.size())
                return;
            if (options.cancel && options.cancel->load())
                return;
            outcomes[i] = process(tree, read, candidates[i]);
            const std::size_t d = done.fetch_add(1) + 1;
            if (options.progress)
                options.progress(candidates[i].path, d, candidates.size());
        }
    };
    // Reads that fetch nothing (library names) are instant; the pool only
    // pays off when there are files to read.
    const std::size_t toRead = static_cast<std::size_t>(std::count_if(
        candidates.begin(), candidates.end(), [](const Candidate& c) { return c.format != Format::LibraryName; }));
    const unsigned threads =
        static_cast<unsigned>(std::min<std::size_t>(std::max(options.parallelReads, 1u), std::max<std::size_t>(toRead, 1)));
    {
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t)
            pool.emplace_back(work);
        work();
        for (auto& t : pool)
            t.join();
    }
    if (options.cancel && options.cancel->load())
        return makeError(ErrorCode::Cancelled, "the inventory was cancelled");

    Inventory inv;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        Outcome& o = outcomes[i];
        if (o.read)
            ++inv.filesRead;
        inv.bytesRead += o.bytes;
        if (!o.problem.empty())
            inv.problems.emplace_back(candidates[i].path, o.problem);
        for (auto& p : o.packages)
            inv.packages.push_back(std::move(p));
    }
    std::sort(inv.packages.begin(), inv.packages.end(), [](const Package& a, const Package& b) {
        if (a.kind != b.kind)
            return kindRank(a.kind) < kindRank(b.kind);
        const std::string an = lower(a.name), bn = lower(b.name);
        if (an != bn)
            return an < bn;
        if (a.version != b.version)
            return a.version < b.version;
        return a.path < b.path;
    });
    inv.packages.erase(std::unique(inv.packages.begin(), inv.packages.end()), inv.packages.end());
    return inv;
}

} // namespace sociscope::inventory
