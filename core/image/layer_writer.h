// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::image {

enum class Compression { Gzip, Zstd, None };

// One entry to put in a layer tar.
struct TarEntry {
    enum class Type { File, Dir, Symlink, Hardlink, CharDevice, BlockDevice, Fifo };
    Type type = Type::File;
    std::string path;     // inside the image, without a leading "/"
    std::string data;     // file contents
    std::string linkTarget;
    unsigned mode = 0644; // permission bits (and setuid/setgid/sticky)
    unsigned uid = 0, gid = 0;
    std::string uname, gname;
    std::int64_t mtime = 1700000000; // seconds since the epoch; fixed so builds are reproducible
    unsigned devMajor = 0, devMinor = 0;
    std::vector<std::pair<std::string, std::string>> xattrs; // name -> value
};

// Builds a layer tar in memory with libarchive (ustar, PAX records only where
// needed), then compresses it deterministically (gzip header with mtime 0).
class LayerWriter final {
public:
    LayerWriter();
    ~LayerWriter();
    LayerWriter(const LayerWriter&) = delete;
    LayerWriter& operator=(const LayerWriter&) = delete;

    Status add(const TarEntry& entry);
    // A regular file, from text.
    Status file(std::string path, std::string data, unsigned mode = 0644);
    Status dir(std::string path, unsigned mode = 0755);
    Status symlink(std::string path, std::string target);
    // OCI whiteout of path (".wh.<name>"), or an opaque marker for a folder.
    Status whiteout(const std::string& path);
    Status opaque(const std::string& dirPath);

    // Ends the tar. Returns the uncompressed tar bytes.
    Result<std::string> finishTar();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A finished layer blob.
struct Layer {
    std::string blob;     // compressed bytes
    std::string mediaType;
    oci::Digest digest;   // of blob
    oci::Digest diffId;   // of the uncompressed tar
};

// Compresses a tar: gzip (zlib, level given, header mtime 0, OS unix), zstd or none.
Result<Layer> compressLayer(std::string tar, Compression compression, int level = 6);

// gzip of data as one member (deterministic header).
Result<std::string> gzip(std::string_view data, int level = 6);

} // namespace sociscope::image
