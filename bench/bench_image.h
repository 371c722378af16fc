// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What the lazy benchmarks share: their arguments, opening an image of a registry with its own
// cache folder, and a fresh (emptied) folder to put such a cache in.
#pragma once

#include "lazy/lazy_image.h"
#include "registry/source.h"
#include "util/files.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace sociscope::bench {

using Clock = std::chrono::steady_clock;
inline double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
inline double mb(std::uint64_t b) { return static_cast<double>(b) / 1e6; }

// The --key value pairs of a command line.
struct Args {
    std::map<std::string, std::string> v;
    static Args parse(int argc, char** argv)
    {
        Args a;
        for (int i = 1; i + 1 < argc; i += 2)
            if (std::strncmp(argv[i], "--", 2) == 0)
                a.v[argv[i] + 2] = argv[i + 1];
        return a;
    }
    [[nodiscard]] std::string get(const std::string& k, const std::string& def = {}) const
    {
        auto it = v.find(k);
        return it == v.end() ? def : it->second;
    }
};

// REPO:TAG of the registry at HOST:PORT, opened with a disk cache in `cache`;
// fast: previewTree() reads TOC regions only; inflatedCap: the cache's
// inflated tier (nullopt: its default; 0: off). Exits with a message on error
// (a benchmark has nothing to measure without its image).
inline std::shared_ptr<lazy::LazyImage> openImage(const std::string& registryHost, const std::string& repo,
                                                  const std::string& tag, const std::string& cache, bool fast = true,
                                                  std::optional<std::uint64_t> inflatedCap = std::nullopt)
{
    static registry::Session session;
    auto src = registry::makeRegistrySource(session.client(registryHost), repo);
    lazy::LazyOptions o;
    o.cache = std::make_shared<lazy::DiskCache>(cache, lazy::defaultCacheCap(), inflatedCap);
    o.fastToc = fast;
    auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(src)), tag, o);
    if (!img) {
        std::fprintf(stderr, "bench: %s:%s: %s\n", repo.c_str(), tag.c_str(), img.error().text().c_str());
        std::exit(1);
    }
    return *img;
}

// work/name, emptied and created.
inline std::string freshDir(const std::string& work, const std::string& name)
{
    const std::string d = work + "/" + name;
    (void)files::removeAll(d);
    (void)files::makeDirs(d);
    return d;
}

} // namespace sociscope::bench
