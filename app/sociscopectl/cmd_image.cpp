// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// inspect, copy
#include "cli.h"

#include "oci/mediatypes.h"
#include "image/demo_image.h"
#include "registry/copy.h"
#include "registry/inspect.h"
#include "util/strings.h"

#include <cstdio>
#include <iostream>

namespace sociscope::cli {

namespace {

Json configJson(const registry::PlatformImage& img)
{
    const auto& c = img.config;
    Json j;
    j["digest"] = img.manifest.config.digest.str();
    j["mediaType"] = img.manifest.config.mediaType;
    j["size"] = img.manifest.config.size;
    j["created"] = c.created;
    j["architecture"] = c.architecture;
    j["os"] = c.os;
    if (!c.variant.empty())
        j["variant"] = c.variant;
    j["user"] = c.user;
    j["workingDir"] = c.workingDir;
    j["entrypoint"] = stringList(c.entrypoint);
    j["cmd"] = stringList(c.cmd);
    j["env"] = stringList(c.env);
    j["labels"] = Json::object();
    for (const auto& [k, v] : c.labels)
        j["labels"][k] = v;
    j["exposedPorts"] = stringList(c.exposedPorts);
    j["volumes"] = stringList(c.volumes);
    return j;
}

Json imageJson(const registry::PlatformImage& img)
{
    Json j;
    j["platform"] = img.platform().str();
    j["digest"] = img.raw.digest.str();
    j["mediaType"] = img.raw.mediaType;
    j["size"] = static_cast<std::int64_t>(img.raw.bytes.size());
    j["config"] = configJson(img);
    Json layers = Json::array();
    for (size_t i = 0; i < img.manifest.layers.size(); ++i) {
        const auto& l = img.manifest.layers[i];
        Json lj;
        lj["index"] = i;
        lj["digest"] = l.digest.str();
        lj["mediaType"] = l.mediaType;
        lj["size"] = l.size;
        lj["compression"] = oci::mt::compressionName(oci::mt::layerCompression(l.mediaType));
        if (i < img.config.diffIds.size())
            lj["diffId"] = img.config.diffIds[i].str();
        layers.push_back(lj);
    }
    j["layers"] = layers;
    j["layersSize"] = img.layersSize();
    Json history = Json::array();
    size_t layer = 0;
    for (const auto& h : img.config.history) {
        Json hj;
        hj["created"] = h.created;
        hj["createdBy"] = h.createdBy;
        hj["emptyLayer"] = h.emptyLayer;
        if (!h.emptyLayer && layer < img.manifest.layers.size())
            hj["layer"] = layer++;
        else
            hj["layer"] = nullptr;
        history.push_back(hj);
    }
    j["history"] = history;
    return j;
}

void printImageText(const registry::PlatformImage& img)
{
    const auto& c = img.config;
    std::printf("\nPlatform  %s\n", img.platform().str().c_str());
    std::printf("Manifest  %s  %s  %zu B\n", img.raw.digest.str().c_str(), img.raw.mediaType.c_str(), img.raw.bytes.size());
    std::printf("Config    %s  %s\n", img.manifest.config.digest.str().c_str(), img.manifest.config.mediaType.c_str());
    // The config is the image author's text: escaped like names (docs/cli.md).
    if (!c.created.empty())
        std::printf("  created     %s\n", str::printable(c.created).c_str());
    if (!c.entrypoint.empty())
        std::printf("  entrypoint  %s\n", str::printable(str::join(c.entrypoint, " ")).c_str());
    if (!c.cmd.empty())
        std::printf("  cmd         %s\n", str::printable(str::join(c.cmd, " ")).c_str());
    if (!c.workingDir.empty())
        std::printf("  workdir     %s\n", str::printable(c.workingDir).c_str());
    if (!c.user.empty())
        std::printf("  user        %s\n", str::printable(c.user).c_str());
    for (const auto& e : c.env)
        std::printf("  env         %s\n", str::printable(e).c_str());
    for (const auto& [k, v] : c.labels)
        std::printf("  label       %s=%s\n", str::printable(k).c_str(), str::printable(v).c_str());
    for (const auto& p : c.exposedPorts)
        std::printf("  port        %s\n", str::printable(p).c_str());
    for (const auto& v : c.volumes)
        std::printf("  volume      %s\n", str::printable(v).c_str());
    std::printf("Layers    %zu, %s\n", img.manifest.layers.size(),
                str::humanBytes(static_cast<std::uint64_t>(img.layersSize())).c_str());
    for (size_t i = 0; i < img.manifest.layers.size(); ++i) {
        const auto& l = img.manifest.layers[i];
        std::printf("  %2zu  %s  %10s  %s\n", i, l.digest.str().c_str(),
                    str::humanBytes(static_cast<std::uint64_t>(l.size)).c_str(), l.mediaType.c_str());
    }
}

Status runInspect(Context& ctx, Args& args)
{
    const bool raw = args.flag("raw");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "inspect needs one image reference");
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    if (raw) {
        auto m = (*src)->fetchManifest(ref->tagOrDigest());
        if (!m)
            return m.error();
        std::fwrite(m->bytes.data(), 1, m->bytes.size(), stdout);
        return {};
    }
    auto info = registry::inspectImage(**src, ref->tagOrDigest(), ctx.globals().platform);
    if (!info)
        return info.error();
    if (ctx.globals().json) {
        Json j;
        j["reference"] = ref->str();
        j["digest"] = info->top.digest.str();
        j["mediaType"] = info->top.mediaType;
        j["size"] = static_cast<std::int64_t>(info->top.bytes.size());
        Json platforms = Json::array();
        if (info->index)
            for (const auto& d : info->index->manifests)
                if (!registry::isArtifactEntry(d))
                    platforms.push_back(descriptorJson(d));
        j["platforms"] = platforms;
        Json images = Json::array();
        for (const auto& img : info->images)
            images.push_back(imageJson(img));
        j["images"] = images;
        Json artifacts = Json::array();
        for (const auto& a : info->artifacts)
            artifacts.push_back(descriptorJson(a));
        j["artifacts"] = artifacts;
        ctx.printJson(j);
        return {};
    }
    std::printf("Reference %s\n", ref->str().c_str());
    std::printf("Digest    %s\n", info->top.digest.str().c_str());
    std::printf("Type      %s\n", info->top.mediaType.c_str());
    if (info->index) {
        std::printf("Platforms");
        for (const auto& d : info->index->manifests)
            if (!registry::isArtifactEntry(d) && d.platform)
                std::printf(" %s", d.platform->str().c_str());
        std::printf("\n");
        for (const auto& a : info->artifacts)
            std::printf("Artifact  %s  %s\n", a.digest.str().c_str(),
                        (a.artifactType.empty() ? a.mediaType : a.artifactType).c_str());
    }
    for (const auto& img : info->images)
        printImageText(img);
    return {};
}

Status runCopy(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 2)
        return makeError(ErrorCode::Usage, "copy needs a source and a destination reference");
    auto srcRef = Context::reference((*pos)[0]);
    if (!srcRef)
        return srcRef.error();
    auto dstRef = Context::reference((*pos)[1], false);
    if (!dstRef)
        return dstRef.error();
    if (!dstRef->digest.empty())
        return makeError(ErrorCode::Usage, "the destination must be named by a tag, not a digest");
    std::string tag = dstRef->tag;
    if (tag.empty())
        tag = srcRef->tag.empty() ? "latest" : srcRef->tag;
    auto src = ctx.open(*srcRef);
    if (!src)
        return src.error();
    auto dst = ctx.open(*dstRef, true);
    if (!dst)
        return dst.error();
    registry::CopyOptions options;
    options.platform = ctx.globals().platform;
    options.progress = [&ctx](const registry::CopyProgress& p) {
        ctx.progress("copying blob " + std::to_string(p.blobsDone + 1 > p.blobsTotal ? p.blobsTotal : p.blobsDone + 1) +
                     "/" + std::to_string(p.blobsTotal) + "  " + str::humanBytes(p.bytesDone) + " of " +
                     str::humanBytes(p.bytesTotal));
    };
    auto r = registry::copyImage(**src, srcRef->tagOrDigest(), **dst, tag, options);
    ctx.endProgress();
    if (!r)
        return r.error();
    if (ctx.globals().json) {
        Json j;
        j["source"] = srcRef->str();
        j["destination"] = dstRef->withTag(tag).str();
        j["digest"] = r->digest.str();
        j["mediaType"] = r->mediaType;
        j["size"] = r->size;
        j["blobsCopied"] = r->blobsCopied;
        j["blobsSkipped"] = r->blobsSkipped;
        j["blobsMounted"] = r->blobsMounted;
        j["bytesCopied"] = r->bytesCopied;
        ctx.printJson(j);
    } else if (!ctx.globals().quiet) {
        std::printf("%s -> %s\n%s (%d blobs copied, %d already there, %d mounted, %s)\n", srcRef->str().c_str(),
                    dstRef->withTag(tag).str().c_str(), r->digest.str().c_str(), r->blobsCopied, r->blobsSkipped,
                    r->blobsMounted, str::humanBytes(r->bytesCopied).c_str());
    }
    return {};
}

Status runDemo(Context& ctx, Args& args)
{
    auto busybox = args.option("busybox");
    if (!busybox)
        return busybox.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "demo needs a destination, e.g. oci:/tmp/demo:latest");
    auto ref = Context::reference((*pos)[0], false);
    if (!ref)
        return ref.error();
    const std::string tag = ref->tag.empty() ? "latest" : ref->tag;
    auto dst = ctx.open(*ref, true);
    if (!dst)
        return dst.error();
    image::DemoOptions o;
    if (*busybox)
        o.busybox = **busybox;
    auto d = image::buildDemoImage(**dst, tag, o);
    if (!d) {
        (*dst)->abandonWrites();
        return d.error();
    }
    if (ctx.globals().json)
        ctx.printJson({{"reference", ref->withTag(tag).str()}, {"digest", d->digest.str()}, {"size", d->size}});
    else if (!ctx.globals().quiet)
        std::printf("%s %s\n", ref->withTag(tag).str().c_str(), d->digest.str().c_str());
    return {};
}

} // namespace

void addImageCommands(std::vector<Command>& out)
{
    out.push_back({"inspect", "show an image: platforms, manifest, config, layers", "inspect REF [--raw]", runInspect});
    out.push_back({"copy", "copy an image between registries and oci: folders", "copy SRC DST", runCopy});
    out.push_back({"demo", "build the deterministic demo image (busybox based, runnable)",
                   "demo DST [--busybox PATH]", runDemo});
}

} // namespace sociscope::cli
