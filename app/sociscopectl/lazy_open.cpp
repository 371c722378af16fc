// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy_open.h"

#include "util/strings.h"

#include <cstdio>

namespace sociscope::cli {

Result<OpenedSource> openSource(Context& ctx, const std::string& text)
{
    auto ref = Context::reference(text);
    if (!ref)
        return ref.error();
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    return OpenedSource{std::move(*ref), std::move(*src)};
}

Result<std::shared_ptr<lazy::LazyImage>> openImage(Context& ctx, const std::string& text, const std::string& at)
{
    auto opened = openSource(ctx, text);
    if (!opened)
        return opened.error();
    lazy::LazyOptions o;
    o.platform = ctx.globals().platform;
    return lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(opened->source)),
                                 at.empty() ? opened->ref.tagOrDigest() : at, o);
}

Json statsJson(lazy::LazyImage& img, std::chrono::steady_clock::time_point started)
{
    const auto& s = img.stats();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::int64_t imageBytes = 0;
    for (const auto& l : img.image().manifest.layers)
        imageBytes += l.size;
    // The least the command needed: each zTOC once, each layer without one
    // once, each span a read needed once, plus the manifests and indexes as fetched.
    const auto floor = img.floor();
    return {{"networkBytes", s.networkBytes()},
            {"floorBytes", floor.total() + s.indexBytes.load()},
            {"ztocFloorBytes", floor.ztocBytes},
            {"wholeLayerFloorBytes", floor.wholeLayerBytes},
            {"spanFloorBytes", floor.spanBytes},
            {"indexBytes", s.indexBytes.load()},
            {"ztocBytes", s.ztocBytes.load()},
            {"spanBytes", s.spanBytes.load()},
            {"wholeLayerBytes", s.wholeLayerBytes.load()},
            {"cachedBytes", s.cachedBytes.load()},
            {"inflatedHits", s.inflatedHits.load()},
            {"inflatedBytes", s.inflatedBytes.load()},
            {"imageBytes", imageBytes},
            {"requests", s.requests.load()},
            {"rangeRequests", s.rangeRequests.load()},
            {"spansFetched", s.spansFetched.load()},
            {"spansVerified", s.spansVerified.load()},
            {"spansFailed", s.spansFailed.load()},
            {"cacheHits", s.cacheHits.load()},
            {"cacheMisses", s.cacheMisses.load()},
            {"wallMillis", ms}};
}

void printStats(Context& ctx, lazy::LazyImage& img, std::chrono::steady_clock::time_point started)
{
    if (!ctx.globals().stats || ctx.globals().json)
        return;
    const Json j = statsJson(img, started);
    const auto b = [&](const char* k) { return str::humanBytes(j[k].get<std::uint64_t>()); };
    std::fprintf(stderr,
                 "fetched %s of a %s image (index %s, zTOC %s, spans %s, whole layers %s); %s from cache\n"
                 "floor %s (zTOCs %s, whole layers %s, spans read %s, index as fetched)\n"
                 "%llu requests (%llu range), %llu spans fetched and verified, %llu cache hits; %lld ms\n",
                 b("networkBytes").c_str(), b("imageBytes").c_str(), b("indexBytes").c_str(), b("ztocBytes").c_str(),
                 b("spanBytes").c_str(), b("wholeLayerBytes").c_str(), b("cachedBytes").c_str(),
                 b("floorBytes").c_str(), b("ztocFloorBytes").c_str(), b("wholeLayerFloorBytes").c_str(),
                 b("spanFloorBytes").c_str(),
                 static_cast<unsigned long long>(j["requests"].get<std::uint64_t>()),
                 static_cast<unsigned long long>(j["rangeRequests"].get<std::uint64_t>()),
                 static_cast<unsigned long long>(j["spansVerified"].get<std::uint64_t>()),
                 static_cast<unsigned long long>(j["cacheHits"].get<std::uint64_t>()),
                 static_cast<long long>(j["wallMillis"].get<std::int64_t>()));
}

} // namespace sociscope::cli
