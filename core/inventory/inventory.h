// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/extract.h"
#include "fs/image_tree.h"
#include "inventory/package.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sociscope::inventory {

// A file that describes installed software, found by its name and place.
struct Candidate {
    enum class Format {
        DpkgStatus,      // /var/lib/dpkg/status, /var/lib/dpkg/status.d/*
        ApkInstalled,    // /lib/apk/db/installed
        RpmSqlite,       // .../rpm/rpmdb.sqlite
        PythonMetadata,  // *.dist-info/METADATA, *.egg-info/PKG-INFO, *.egg-info (a file)
        CondaMeta,       // conda-meta/*.json
        CudaVersionJson, // cuda*/version.json
        CudaVersionText, // cuda*/version.txt
        CudnnHeader,     // cudnn_version.h, cudnn.h
        NcclHeader,      // nccl.h
        LibraryName,     // libcudart.so.12.1.105: the name says it all, nothing is read
    };
    fs::Ino ino = 0;
    std::string path;
    Format format = Format::DpkgStatus;
    std::int64_t size = 0;
};

// Walks the tree's names (no file is read) for the files listed above.
// Python metadata counts only inside site-packages or dist-packages folders;
// conda's package cache (a "pkgs" folder beside "conda-meta") is skipped, as
// are RPM databases in the older BerkeleyDB and ndb formats (reported in
// `unsupported` with the reason). Stops early when *cancel turns true.
std::vector<Candidate> findCandidates(const fs::ImageTree& tree, const std::atomic<bool>* cancel = nullptr,
                                      std::vector<std::pair<std::string, std::string>>* unsupported = nullptr);

struct InventoryOptions {
    const std::atomic<bool>* cancel = nullptr;
    unsigned parallelReads = 8; // files read at once (each read may wait on the network)
    // Called from the reading threads as each file is done: its path, files done, files in all.
    std::function<void(const std::string& path, std::size_t done, std::size_t total)> progress;
};

struct Inventory {
    // Sorted by kind (deb, apk, rpm, python, conda, cuda), then name
    // (case-insensitive), version and path.
    std::vector<Package> packages;
    // Files that could not be read or parsed, with the reason.
    std::vector<std::pair<std::string, std::string>> problems;
    std::size_t filesRead = 0;
    std::uint64_t bytesRead = 0; // file bytes read (what was fetched is in the image's stats)
};

// Finds the candidate files, reads only those through `read` (at most a few
// MiB each; an RPM database up to 1 GiB, copied to a private file under
// $TMPDIR) and parses them. Files that cannot be read or parsed are listed in
// problems; the call fails only when cancelled (Cancelled). `read` must be
// thread-safe: several files are read at once.
Result<Inventory> readInventory(const fs::ImageTree& tree, const fs::FileReader& read, const InventoryOptions& options = {});

// The same over candidates found earlier.
Result<Inventory> readInventory(const fs::ImageTree& tree, const fs::FileReader& read,
                                const std::vector<Candidate>& candidates, const InventoryOptions& options = {});

} // namespace sociscope::inventory
