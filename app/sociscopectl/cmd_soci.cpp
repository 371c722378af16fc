// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// index create|convert|push|info, ztoc info|build
#include "cli.h"
#include "prefetch_cli.h"

#include "oci/mediatypes.h"
#include "registry/copy.h"
#include "registry/inspect.h"
#include "soci/index.h"
#include "soci/spans.h"
#include "soci/ztoc.h"
#include "soci/ztoc_builder.h"
#include "util/files.h"
#include "util/strings.h"

#include <cstdio>

namespace sociscope::cli {

namespace {

std::string defaultBuildTool() { return std::string("sociscope ") + SOCISCOPE_VERSION; }

Result<soci::IndexBuildOptions> buildOptions(Context& ctx, Args& args)
{
    soci::IndexBuildOptions o;
    o.ztocBuildTool = defaultBuildTool();
    o.indexBuildTool = defaultBuildTool();
    auto span = args.option("span-size");
    if (!span)
        return span.error();
    if (*span) {
        auto n = str::parseI64(**span);
        if (!n || *n <= 0)
            return makeError(ErrorCode::Usage, "--span-size must be a positive number of bytes");
        o.spanSize = *n;
    }
    auto min = args.option("min-layer-size");
    if (!min)
        return min.error();
    if (*min) {
        auto n = str::parseI64(**min);
        if (!n || *n < 0)
            return makeError(ErrorCode::Usage, "--min-layer-size must be a number of bytes");
        o.minLayerSize = *n;
    }
    auto tool = args.option("build-tool-id");
    if (!tool)
        return tool.error();
    if (*tool) {
        o.ztocBuildTool = **tool;
        o.indexBuildTool = **tool;
    }
    o.progress = [&ctx](int layer, int layers, std::int64_t done, std::int64_t total) {
        ctx.progress("indexing layer " + std::to_string(layer + 1) + "/" + std::to_string(layers) + "  " +
                     str::humanBytes(static_cast<std::uint64_t>(done)) + " of " +
                     str::humanBytes(static_cast<std::uint64_t>(std::max<std::int64_t>(total, 0))));
    };
    return o;
}

Json coverageJson(const soci::LayerCoverage& c)
{
    Json j;
    j["index"] = c.index;
    j["digest"] = c.layer.digest.str();
    j["mediaType"] = c.layer.mediaType;
    j["size"] = c.layer.size;
    j["coverage"] = soci::coverageName(c.kind);
    j["lazy"] = c.lazy();
    j["reason"] = c.reason;
    if (c.ztoc)
        j["ztoc"] = {{"digest", c.ztoc->digest.str()}, {"size", c.ztoc->size}, {"spanSize", c.spanSize}};
    else
        j["ztoc"] = nullptr;
    return j;
}

void printCoverage(const std::vector<soci::LayerCoverage>& cov)
{
    for (const auto& c : cov)
        std::printf("  %2d  %s  %10s  %-8s %s\n", c.index, c.layer.digest.str().c_str(),
                    str::humanBytes(static_cast<std::uint64_t>(c.layer.size)).c_str(), c.lazy() ? "lazy" : "whole",
                    c.reason.c_str());
}

// Platform images selected by --platform / --all-platforms (default: this host's).
Result<std::vector<registry::PlatformImage>> selectImages(Context& ctx, registry::Source& src, const std::string& ref,
                                                          bool all)
{
    std::vector<registry::PlatformImage> out;
    if (all) {
        auto info = registry::inspectImage(src, ref, std::nullopt);
        if (!info)
            return info.error();
        return std::move(info->images);
    }
    auto img = registry::resolvePlatformImage(src, ref, ctx.globals().platform);
    if (!img)
        return img.error();
    out.push_back(std::move(*img));
    return out;
}

Status runIndexCreate(Context& ctx, Args& args)
{
    auto o = buildOptions(ctx, args);
    if (!o)
        return o.error();
    const bool all = args.flag("all-platforms");
    auto output = args.option("output", "o");
    if (!output)
        return output.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1 || !*output)
        return makeError(ErrorCode::Usage, "usage: index create SRC -o oci:DIR");
    auto srcRef = Context::reference((*pos)[0]);
    auto dstRef = Context::reference(**output, false);
    if (!srcRef)
        return srcRef.error();
    if (!dstRef)
        return dstRef.error();
    if (!dstRef->isLayout)
        return makeError(ErrorCode::Usage, "index create writes to an OCI layout folder: -o oci:DIR");
    auto src = ctx.open(*srcRef);
    if (!src)
        return src.error();
    auto dst = ctx.open(*dstRef, true);
    if (!dst)
        return dst.error();
    const std::string tag = !dstRef->tag.empty() ? dstRef->tag : (!srcRef->tag.empty() ? srcRef->tag : "latest");
    // The image itself, so the folder holds the subject of each index.
    auto copied = registry::copyImage(**src, srcRef->tagOrDigest(), **dst, tag);
    if (!copied)
        return copied.error();
    auto images = selectImages(ctx, **dst, tag, all);
    if (!images)
        return images.error();
    Json list = Json::array();
    for (const auto& img : *images) {
        auto built = soci::buildIndex(**dst, img, 1, *o);
        ctx.endProgress();
        if (!built) {
            (*dst)->abandonWrites();
            return built.error();
        }
        if (auto s = soci::pushIndexV1(**dst, *built); !s) {
            (*dst)->abandonWrites();
            return s;
        }
        Json cov = Json::array();
        for (const auto& c : built->coverage)
            cov.push_back(coverageJson(c));
        list.push_back({{"platform", img.platform().str()}, {"manifest", img.raw.digest.str()},
                        {"index", built->index.digest.str()}, {"version", 1}, {"layers", cov}});
        if (!ctx.globals().json) {
            std::printf("%s  %s -> SOCI index v1 %s\n", img.platform().str().c_str(), img.raw.digest.str().c_str(),
                        built->index.digest.str().c_str());
            printCoverage(built->coverage);
        }
    }
    if (ctx.globals().json)
        ctx.printJson({{"destination", dstRef->withTag(tag).str()}, {"indexes", list}});
    return {};
}

Status runIndexConvert(Context& ctx, Args& args)
{
    auto o = buildOptions(ctx, args);
    if (!o)
        return o.error();
    const bool all = args.flag("all-platforms");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 2)
        return makeError(ErrorCode::Usage, "usage: index convert SRC DST");
    auto srcRef = Context::reference((*pos)[0]);
    auto dstRef = Context::reference((*pos)[1], false);
    if (!srcRef)
        return srcRef.error();
    if (!dstRef)
        return dstRef.error();
    if (!dstRef->digest.empty())
        return makeError(ErrorCode::Usage, "the destination must be a tag, not a digest");
    const std::string tag = !dstRef->tag.empty() ? dstRef->tag : "latest";
    auto src = ctx.open(*srcRef);
    if (!src)
        return src.error();
    auto dst = ctx.open(*dstRef, true);
    if (!dst)
        return dst.error();
    soci::ConvertOptions co;
    co.build = *o;
    // Like soci convert: every platform unless one is asked for.
    if (!all && ctx.globals().platform)
        co.platform = ctx.globals().platform;
    auto r = soci::convertImage(**src, srcRef->tagOrDigest(), **dst, tag, co);
    ctx.endProgress();
    if (!r) {
        (*dst)->abandonWrites();
        return r.error();
    }
    if (ctx.globals().json) {
        Json plats = Json::array();
        for (const auto& p : r->platforms) {
            Json cov = Json::array();
            for (const auto& c : p.coverage)
                cov.push_back(coverageJson(c));
            plats.push_back({{"platform", p.platform.str()}, {"manifest", p.manifest.str()}, {"index", p.index.str()},
                             {"version", 2}, {"layers", cov}});
        }
        ctx.printJson({{"source", srcRef->str()}, {"destination", dstRef->withTag(tag).str()},
                       {"digest", r->digest.str()}, {"size", r->size}, {"platforms", plats}});
    } else {
        std::printf("%s -> %s\n%s (SOCI-enabled, index v2)\n", srcRef->str().c_str(), dstRef->withTag(tag).str().c_str(),
                    r->digest.str().c_str());
        for (const auto& p : r->platforms) {
            std::printf("%s  manifest %s  index %s\n", p.platform.str().c_str(), p.manifest.str().c_str(),
                        p.index.str().c_str());
            printCoverage(p.coverage);
        }
    }
    return {};
}

Status runIndexPush(Context& ctx, Args& args)
{
    auto o = buildOptions(ctx, args);
    if (!o)
        return o.error();
    const bool all = args.flag("all-platforms");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "usage: index push REF");
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    auto images = selectImages(ctx, **src, ref->tagOrDigest(), all);
    if (!images)
        return images.error();
    Json list = Json::array();
    for (const auto& img : *images) {
        auto built = soci::buildIndex(**src, img, 1, *o);
        ctx.endProgress();
        if (!built)
            return built.error();
        if (auto s = soci::pushIndexV1(**src, *built); !s)
            return s;
        list.push_back({{"platform", img.platform().str()}, {"subject", img.raw.digest.str()},
                        {"index", built->index.digest.str()}, {"version", 1}});
        if (!ctx.globals().json && !ctx.globals().quiet)
            std::printf("pushed SOCI index v1 %s for %s (%s)\n", built->index.digest.str().c_str(),
                        img.raw.digest.str().c_str(), img.platform().str().c_str());
    }
    if (ctx.globals().json)
        ctx.printJson({{"reference", ref->str()}, {"indexes", list}});
    return {};
}

Status runIndexInfo(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "usage: index info REF");
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    auto info = registry::inspectImage(**src, ref->tagOrDigest(), ctx.globals().platform);
    if (!info)
        return info.error();
    Json images = Json::array();
    for (const auto& img : info->images) {
        auto found = soci::findIndex(**src, img);
        if (!found)
            return found.error();
        const soci::SociIndex* index = *found ? &(*found)->index : nullptr;
        const auto cov = soci::coverageOf(img, index);
        std::int64_t covered = 0, total = 0;
        Json layers = Json::array();
        for (const auto& c : cov) {
            total += c.layer.size;
            if (c.lazy())
                covered += c.layer.size;
            layers.push_back(coverageJson(c));
        }
        Json ij;
        ij["platform"] = img.platform().str();
        ij["manifest"] = img.raw.digest.str();
        if (index) {
            ij["index"] = {{"version", index->version},
                           {"digest", index->digest.str()},
                           {"size", static_cast<std::int64_t>(index->bytes.size())},
                           {"via", (*found)->via},
                           {"buildTool", index->buildTool()},
                           {"ztocs", static_cast<std::int64_t>(index->ztocCount())}};
        } else {
            ij["index"] = nullptr;
        }
        ij["layers"] = layers;
        ij["coveredBytes"] = covered;
        ij["totalBytes"] = total;
        ij["prefetch"] = index ? prefetchInfo(**src, img, *index) : Json::array();
        images.push_back(ij);
        if (!ctx.globals().json) {
            std::printf("%s  %s\n", img.platform().str().c_str(), img.raw.digest.str().c_str());
            if (index)
                std::printf("  SOCI index v%d %s (found through the %s, built by %s)\n", index->version,
                            index->digest.str().c_str(), (*found)->via.c_str(), index->buildTool().c_str());
            else
                std::printf("  no SOCI index: every layer is read whole\n");
            printCoverage(cov);
            printPrefetch(ij["prefetch"]);
            std::printf("  %s of %s covered by SOCI\n", str::humanBytes(static_cast<std::uint64_t>(covered)).c_str(),
                        str::humanBytes(static_cast<std::uint64_t>(total)).c_str());
        }
    }
    if (ctx.globals().json)
        ctx.printJson({{"reference", ref->str()}, {"digest", info->top.digest.str()}, {"images", images}});
    return {};
}

} // namespace

void addSociCommands(std::vector<Command>& out)
{
    out.push_back({"index",
                   "SOCI indexes: create (v1, to an oci: folder), convert (SOCI-enabled image, v2), push (v1), info, prefetch add",
                   "index create SRC -o oci:DIR | index convert SRC DST | index push REF | index info REF\n"
                   "  [--span-size N] [--min-layer-size N] [--build-tool-id S] [--platform P | --all-platforms]\n"
                   "index prefetch add REF --from PROFILE | --from-last-run\n"
                   "  a new index with one prefetch artifact per layer the profile (run --record-startup) read",
                   [](Context& ctx, Args& args) {
                       return dispatchSub(ctx, args,
                                          {{"create", runIndexCreate},
                                           {"convert", runIndexConvert},
                                           {"push", runIndexPush},
                                           {"info", runIndexInfo},
                                           {"prefetch", runIndexPrefetch}},
                                          "index");
                   }});
    addZtocCommands(out);
}

} // namespace sociscope::cli
