// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// A million-entry image tree for the benchmarks, generated deterministically.
#pragma once

#include "soci/ztoc.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sociscope::bench {

// Layers shaped like a big ML image: deep site-packages trees, many small
// files per folder, a few huge folders, shared libraries with versions.
inline std::vector<soci::Ztoc> generateLayers(std::size_t entries, int layers)
{
    std::vector<soci::Ztoc> out(static_cast<size_t>(layers));
    const char* exts[] = {".py", ".pyc", ".so", ".h", ".txt", ".json", ".so.12.1.105", ".md"};
    std::uint64_t x = 0x9e3779b97f4a7c15ull;
    const auto rnd = [&] {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        return x * 2685821657736338717ull;
    };
    std::int64_t offset = 512;
    for (std::size_t i = 0; i < entries; ++i) {
        const int layer = static_cast<int>(i * static_cast<size_t>(layers) / entries);
        const std::uint64_t r = rnd();
        std::string path;
        switch (r % 4) {
        case 0: path = "usr/lib/python3.11/site-packages/pkg" + std::to_string(r % 997) + "/sub" + std::to_string((r >> 10) % 31); break;
        case 1: path = "opt/conda/lib/python3.11/site-packages/mod" + std::to_string(r % 431); break;
        case 2: path = "usr/share/doc/d" + std::to_string(r % 5000); break;
        default: path = "usr/local/cuda-12.1/targets/x86_64-linux/include/big"; break; // one folder with ~250k files
        }
        path += "/file-" + std::to_string(i) + exts[(r >> 20) % 8];
        soci::TocEntry e;
        e.name = path;
        e.type = "reg";
        e.uncompressedSize = static_cast<std::int64_t>((r >> 24) % 200000);
        e.uncompressedOffset = offset;
        offset += 512 + (e.uncompressedSize + 511) / 512 * 512;
        e.mode = 0644;
        e.modTime = "2024-06-10T19:32:22Z";
        out[static_cast<size_t>(layer)].entries.push_back(e);
    }
    for (auto& z : out)
        z.entries.releaseIndex(); // as the zTOC reader leaves them
    return out;
}


} // namespace sociscope::bench
