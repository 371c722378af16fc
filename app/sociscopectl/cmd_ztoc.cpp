// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ztoc info FILE|REF --layer N|DIGEST, ztoc build LAYER -o FILE
#include "cli.h"

#include "registry/inspect.h"
#include "soci/index.h"
#include "soci/spans.h"
#include "soci/ztoc.h"
#include "soci/ztoc_builder.h"
#include "soci/ztoc_limits.h"
#include "util/files.h"
#include "util/strings.h"

#include <cstdio>
#include <sys/stat.h>

namespace sociscope::cli {

namespace {

// "/etc/os-release" from a raw tar name ("./etc/os-release", "etc/", ...).
std::string absolutePath(std::string_view name)
{
    std::vector<std::string> parts;
    for (const auto& p : str::split(name, '/')) {
        if (p.empty() || p == ".")
            continue;
        if (p == "..") {
            if (!parts.empty())
                parts.pop_back();
            continue;
        }
        parts.push_back(p);
    }
    return "/" + str::join(parts, "/");
}

// A zTOC file: a regular file up to the zTOC ceiling by its size, or a pipe
// read until one byte past it. Devices (/dev/zero) are refused unread.
Result<std::string> readZtocFile(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)))
        return makeError(ErrorCode::Malformed, "'" + path + "' is a device or socket, not a zTOC file");
    auto bytes = files::readFile(path, soci::MaxZtocFileSize);
    if (!bytes && bytes.error().code == ErrorCode::Malformed)
        return makeError(ErrorCode::Malformed,
                         "'" + path + "' is larger than 128 MiB, the most a zTOC may be; it is not a zTOC");
    return bytes;
}

// zTOC bytes from a file, or from the SOCI index of an image for one layer.
Result<std::string> loadZtoc(Context& ctx, const std::string& what, const std::optional<std::string>& layerArg)
{
    if (files::exists(what) && !files::isDirectory(what))
        return readZtocFile(what);
    if (!layerArg)
        return makeError(ErrorCode::Usage, "'" + what + "' is not a file; for an image give --layer N|DIGEST");
    auto ref = Context::reference(what);
    if (!ref)
        return ref.error();
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    auto img = registry::resolvePlatformImage(**src, ref->tagOrDigest(), ctx.globals().platform);
    if (!img)
        return img.error();
    const oci::Descriptor* layer = nullptr;
    if (auto n = str::parseU64(*layerArg)) {
        if (*n >= img->manifest.layers.size())
            return makeError(ErrorCode::NotFound, "the image has " + std::to_string(img->manifest.layers.size()) +
                                                      " layers (counted from 0)");
        layer = &img->manifest.layers[*n];
    } else {
        for (const auto& l : img->manifest.layers)
            if (l.digest.str() == *layerArg || l.digest.hex().rfind(*layerArg, 0) == 0)
                layer = &l;
        if (!layer)
            return makeError(ErrorCode::NotFound, "the image has no layer " + *layerArg);
    }
    auto found = soci::findIndex(**src, *img);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(ErrorCode::NotFound, "the image has no SOCI index", ref->str());
    const auto* z = (*found)->index.ztocFor(layer->digest);
    if (!z)
        return makeError(ErrorCode::NotFound, "the SOCI index has no zTOC for layer " + layer->digest.str());
    if (auto s = soci::checkZtocSize(*z, *layer); !s)
        return s.error();
    return (*src)->fetchBlobBytes(*z, soci::maxZtocSize(layer->size));
}

Status runZtocInfo(Context& ctx, Args& args)
{
    auto layer = args.option("layer");
    if (!layer)
        return layer.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "usage: ztoc info FILE.ztoc | REF --layer N|DIGEST");
    auto bytes = loadZtoc(ctx, (*pos)[0], *layer);
    if (!bytes)
        return bytes.error();
    auto z = soci::parseZtoc(*bytes);
    if (!z)
        return z.error();
    auto spans = soci::SpanIndex::create(*z);
    if (!spans)
        return spans.error();
    int multi = 0;
    Json fileList = Json::array();
    for (const auto& e : z->entries) {
        std::int32_t first = spans->spanOf(e.uncompressedOffset);
        std::int32_t last = first;
        if (auto r = spans->spansFor(e.uncompressedOffset, e.uncompressedSize)) {
            first = r->first;
            last = r->second;
        }
        if (last != first)
            ++multi;
        if (!ctx.globals().json)
            continue;
        Json f;
        f["path"] = absolutePath(e.name);
        f["name"] = e.name;
        f["type"] = e.type;
        f["offset"] = e.uncompressedOffset;
        f["size"] = e.uncompressedSize;
        f["mode"] = e.mode;
        f["uid"] = e.uid;
        f["gid"] = e.gid;
        f["uname"] = e.uname;
        f["gname"] = e.gname;
        f["mtime"] = e.modTime;
        f["linkTarget"] = e.linkname;
        if (e.kind() == soci::EntryType::CharDevice || e.kind() == soci::EntryType::BlockDevice) {
            f["devMajor"] = e.devmajor;
            f["devMinor"] = e.devminor;
        }
        f["firstSpan"] = first;
        f["lastSpan"] = last;
        Json x = Json::array();
        for (const auto& [k, v] : e.xattrs)
            x.push_back({{"key", k}, {"value", v}});
        f["paxRecords"] = x;
        fileList.push_back(f);
    }
    if (ctx.globals().json) {
        Json cps = Json::array();
        for (std::int32_t i = 0; i < spans->spanCount(); ++i) {
            const auto& r = spans->range(i);
            Json c{{"span", i},
                   {"compressedStart", r.compressedStart},
                   {"compressedEnd", r.compressedEnd},
                   {"uncompressedStart", r.uncompressedStart},
                   {"uncompressedEnd", r.uncompressedEnd},
                   {"digest", i < static_cast<std::int32_t>(z->spanDigests.size()) ? z->spanDigests[static_cast<size_t>(i)] : ""}};
            if (spans->algorithm() == soci::CompressionAlgorithm::Gzip) {
                c["in"] = spans->checkpoint(i).in;
                c["out"] = spans->checkpoint(i).out;
                c["bits"] = spans->checkpoint(i).bits;
            }
            cps.push_back(c);
        }
        ctx.printJson({{"version", z->version},
                       {"buildTool", z->buildToolIdentifier},
                       {"size", static_cast<std::int64_t>(bytes->size())},
                       {"digest", oci::Digest::sha256Of(*bytes).str()},
                       {"compression", soci::compressionAlgorithmName(z->algorithm)},
                       {"compressedArchiveSize", z->compressedArchiveSize},
                       {"uncompressedArchiveSize", z->uncompressedArchiveSize},
                       {"spanSize", spans->spanSize()},
                       {"numSpans", spans->spanCount()},
                       {"numFiles", static_cast<std::int64_t>(z->entries.size())},
                       {"numMultiSpanFiles", multi},
                       {"spans", cps},
                       {"files", fileList}});
        return {};
    }
    std::printf("version          %s\nbuild tool       %s\nsize             %zu B\ncompression      %s\n",
                z->version.c_str(), z->buildToolIdentifier.c_str(), bytes->size(),
                soci::compressionAlgorithmName(z->algorithm));
    std::printf("layer            %s compressed, %s uncompressed\n",
                str::humanBytes(static_cast<std::uint64_t>(z->compressedArchiveSize)).c_str(),
                str::humanBytes(static_cast<std::uint64_t>(z->uncompressedArchiveSize)).c_str());
    std::printf("spans            %d of %s\nfiles            %zu\nmulti-span files %d\n", spans->spanCount(),
                str::humanBytes(static_cast<std::uint64_t>(spans->spanSize())).c_str(), z->entries.size(), multi);
    return {};
}

Status runZtocBuild(Context& ctx, Args& args)
{
    auto span = args.option("span-size");
    auto tool = args.option("build-tool-id");
    auto output = args.option("output", "o");
    if (!span)
        return span.error();
    if (!tool)
        return tool.error();
    if (!output)
        return output.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1 || !*output)
        return makeError(ErrorCode::Usage, "usage: ztoc build LAYER.tar[.gz] -o FILE.ztoc");
    soci::BuildOptions o;
    o.buildToolIdentifier = *tool ? **tool : std::string("sociscope ") + SOCISCOPE_VERSION;
    if (*span) {
        auto n = str::parseI64(**span);
        if (!n || *n <= 0)
            return makeError(ErrorCode::Usage, "--span-size must be a positive number of bytes");
        o.spanSize = *n;
    }
    const std::string& input = (*pos)[0];
    std::string magic;
    {
        FILE* f = std::fopen(input.c_str(), "rb");
        if (!f)
            return makeError(ErrorCode::NotFound, "cannot open layer file", input);
        char m[2] = {0, 0};
        const size_t n = std::fread(m, 1, 2, f);
        std::fclose(f);
        magic.assign(m, n);
    }
    const bool gzip = magic.size() == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
                      static_cast<unsigned char>(magic[1]) == 0x8b;
    auto z = soci::buildZtocFromFile(input, gzip ? soci::CompressionAlgorithm::Gzip : soci::CompressionAlgorithm::Uncompressed, o);
    if (!z)
        return z.error();
    auto bytes = soci::serializeZtoc(*z);
    if (!bytes)
        return bytes.error();
    if (auto s = files::writeFileAtomic(**output, *bytes); !s)
        return s;
    const std::string digest = oci::Digest::sha256Of(*bytes).str();
    if (ctx.globals().json)
        ctx.printJson({{"path", **output}, {"digest", digest}, {"size", static_cast<std::int64_t>(bytes->size())},
                       {"numSpans", z->maxSpanId + 1}, {"numFiles", static_cast<std::int64_t>(z->entries.size())}});
    else if (!ctx.globals().quiet)
        std::printf("%s %s (%zu B, %d spans, %zu files)\n", (**output).c_str(), digest.c_str(), bytes->size(),
                    z->maxSpanId + 1, z->entries.size());
    return {};
}

} // namespace

void addZtocCommands(std::vector<Command>& out)
{
    out.push_back({"ztoc", "zTOCs: info (of a file or an image layer), build (from a layer file)",
                   "ztoc info FILE.ztoc | ztoc info REF --layer N|DIGEST | ztoc build LAYER.tar[.gz] [--span-size N] "
                   "[--build-tool-id S] -o FILE.ztoc",
                   [](Context& ctx, Args& args) {
                       return dispatchSub(ctx, args, {{"info", runZtocInfo}, {"build", runZtocBuild}}, "ztoc");
                   }});
}

} // namespace sociscope::cli
