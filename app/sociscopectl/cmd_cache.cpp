// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// cache info|prune|clear
#include "cli.h"

#include "lazy/disk_cache.h"
#include "util/strings.h"

#include <cstdio>

namespace sociscope::cli {

namespace {

Json usageJson(const lazy::DiskCache& c, const lazy::DiskCache::Usage& u)
{
    return {{"path", c.root()},
            {"spanBytes", u.spanBytes},   {"spanFiles", u.spanFiles},
            {"objectBytes", u.objectBytes}, {"objectFiles", u.objectFiles},
            {"blobBytes", u.blobBytes},   {"blobFiles", u.blobFiles},
            {"localBytes", u.localBytes}, {"localFiles", u.localFiles},
            {"totalBytes", u.spanBytes + u.objectBytes + u.blobBytes + u.localBytes},
            {"capBytes", c.cap()},
            {"inflatedBytes", u.inflatedBytes}, {"inflatedFiles", u.inflatedFiles},
            {"inflatedCapBytes", c.inflatedCap()}};
}

void printUsage(const lazy::DiskCache& c, const lazy::DiskCache::Usage& u)
{
    std::printf("cache        %s\n", c.root().c_str());
    std::printf("spans        %s in %llu files (compressed, as fetched)\n", str::humanBytes(u.spanBytes).c_str(),
                static_cast<unsigned long long>(u.spanFiles));
    if (c.inflatedCap() == 0)
        std::printf("inflated     %s in %llu files, tier off (cap 0)\n", str::humanBytes(u.inflatedBytes).c_str(),
                    static_cast<unsigned long long>(u.inflatedFiles));
    else
        std::printf("inflated     %s in %llu files, cap %s (decompressed spans of recently read files)\n",
                    str::humanBytes(u.inflatedBytes).c_str(), static_cast<unsigned long long>(u.inflatedFiles),
                    str::humanBytes(c.inflatedCap()).c_str());
    std::printf("objects      %s in %llu files (manifests, indexes, zTOCs)\n", str::humanBytes(u.objectBytes).c_str(),
                static_cast<unsigned long long>(u.objectFiles));
    std::printf("whole layers %s in %llu files\n", str::humanBytes(u.blobBytes).c_str(),
                static_cast<unsigned long long>(u.blobFiles));
    std::printf("local        %s in %llu files (rewritten layers, local zTOCs)\n", str::humanBytes(u.localBytes).c_str(),
                static_cast<unsigned long long>(u.localFiles));
    std::printf("cap          %s for compressed spans, whole layers and local files together\n",
                str::humanBytes(c.cap()).c_str());
}

Result<std::optional<std::uint64_t>> bytesOption(Args& args, const char* name)
{
    auto v = args.option(name);
    if (!v)
        return v.error();
    if (!*v)
        return std::optional<std::uint64_t>();
    auto n = str::parseU64(**v);
    if (!n)
        return makeError(ErrorCode::Usage, std::string("--") + name + " takes a number of bytes, not " + **v);
    return std::optional<std::uint64_t>(*n);
}

Status runCache(Context& ctx, Args& args)
{
    auto size = bytesOption(args, "max-size");
    if (!size)
        return size.error();
    auto inflatedSize = bytesOption(args, "inflated-max-size");
    if (!inflatedSize)
        return inflatedSize.error();
    const auto sub = args.takeWord({"info", "prune", "clear"});
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (!sub || !pos->empty())
        return makeError(ErrorCode::Usage,
                         "usage: cache info | cache prune [--max-size BYTES] [--inflated-max-size BYTES] | cache clear");
    lazy::DiskCache cache(lazy::defaultCacheRoot(), lazy::defaultCacheCap());
    lazy::DiskCache::Usage u;
    if (*sub == "info") {
        u = cache.usage();
    } else if (*sub == "prune") {
        u = cache.prune(size->value_or(cache.cap()), inflatedSize->value_or(cache.inflatedCap()));
    } else {
        if (auto s = cache.clear(); !s)
            return s;
        u = cache.usage();
    }
    if (ctx.globals().json)
        ctx.printJson(usageJson(cache, u));
    else
        printUsage(cache, u);
    return {};
}

} // namespace

void addCacheCommands(std::vector<Command>& out)
{
    out.push_back({"cache", "the span and object cache, compressed and inflated: info, prune (least recently used first), clear",
                   "cache info | cache prune [--max-size BYTES] [--inflated-max-size BYTES] | cache clear", runCache});
}

} // namespace sociscope::cli
