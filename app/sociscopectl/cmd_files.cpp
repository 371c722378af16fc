// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ls, cat, extract: the image's files, read lazily.
#include "cli.h"
#include "lazy_open.h"

#include "fs/extract.h"
#include "lazy/lazy_image.h"
#include "soci/rfc3339.h"
#include "util/strings.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace sociscope::cli {

namespace {

// The merged tree, or one layer's (--layer N|DIGEST).
Result<std::shared_ptr<const fs::ImageTree>> pickTree(lazy::LazyImage& img, const std::optional<std::string>& layer)
{
    if (!layer)
        return img.tree();
    if (auto n = str::parseU64(*layer)) {
        if (*n >= img.layerCount())
            return makeError(ErrorCode::NotFound,
                             "the image has " + std::to_string(img.layerCount()) + " layers (counted from 0)");
        return img.layerTree(*n);
    }
    for (size_t i = 0; i < img.layerCount(); ++i) {
        const auto& d = img.image().manifest.layers[i].digest;
        if (d.str() == *layer || str::startsWith(d.hex(), *layer))
            return img.layerTree(i);
    }
    return makeError(ErrorCode::NotFound, "the image has no layer " + *layer);
}

std::string modeString(const fs::Attr& a)
{
    std::string s = "-rwxrwxrwx";
    switch (a.type) {
    case fs::FileType::Directory: s[0] = 'd'; break;
    case fs::FileType::Symlink: s[0] = 'l'; break;
    case fs::FileType::CharDevice: s[0] = 'c'; break;
    case fs::FileType::BlockDevice: s[0] = 'b'; break;
    case fs::FileType::Fifo: s[0] = 'p'; break;
    default: break;
    }
    for (int i = 0; i < 9; ++i)
        if (!(a.mode & (1u << (8 - i))))
            s[static_cast<size_t>(1 + i)] = '-';
    if (a.mode & 04000)
        s[3] = (a.mode & 0100) ? 's' : 'S';
    if (a.mode & 02000)
        s[6] = (a.mode & 010) ? 's' : 'S';
    if (a.mode & 01000)
        s[9] = (a.mode & 01) ? 't' : 'T';
    return s;
}

std::string timeText(std::int64_t sec, std::uint32_t nsec)
{
    auto t = soci::timestampFromUnix(sec, nsec);
    return t ? soci::formatRfc3339Nano(*t) : std::string();
}

Json entryJson(lazy::LazyImage& img, const fs::ImageTree& tree, fs::Ino ino, const std::string& path, bool spans)
{
    const auto a = tree.getattr(ino);
    const fs::Inode& n = tree.inode(ino);
    Json j;
    j["path"] = path;
    j["type"] = n.whiteout ? "whiteout" : fs::fileTypeName(n.type);
    j["size"] = a->size;
    j["mode"] = a->mode & 07777;
    j["uid"] = a->uid;
    j["gid"] = a->gid;
    j["mtime"] = timeText(a->mtimeSec, a->mtimeNsec);
    j["linkTarget"] = n.type == fs::FileType::Symlink ? tree.readlink(ino).valueOr({}) : std::string();
    j["nlink"] = a->nlink;
    j["layer"] = n.layer >= 0 ? Json(n.layer) : Json(nullptr);
    // Span numbers need the layer's checkpoints, i.e. its whole zTOC.
    auto range = spans && n.type == fs::FileType::Regular && n.size > 0 ? img.spansOf(tree, ino) : std::nullopt;
    j["firstSpan"] = range ? Json(range->first) : Json(nullptr);
    j["lastSpan"] = range ? Json(range->second) : Json(nullptr);
    if (n.type == fs::FileType::CharDevice || n.type == fs::FileType::BlockDevice)
        j["device"] = std::to_string(n.rdevMajor) + ":" + std::to_string(n.rdevMinor);
    return j;
}

void listTree(lazy::LazyImage& img, const fs::ImageTree& tree, fs::Ino dir, const std::string& path, bool recursive,
              bool json, bool spans, Json& out)
{
    auto kids = tree.readdir(dir);
    if (!kids)
        return;
    for (const auto& k : *kids) {
        const std::string p = (path == "/" ? "" : path) + "/" + k.name;
        if (json) {
            out.push_back(entryJson(img, tree, k.ino, p, spans));
        } else {
            const auto a = tree.getattr(k.ino);
            const fs::Inode& n = tree.inode(k.ino);
            std::string line = modeString(*a) + " " + std::to_string(a->uid) + "/" + std::to_string(a->gid);
            char size[32];
            std::snprintf(size, sizeof size, " %12lld ", static_cast<long long>(a->size));
            line += size;
            // Names are bytes from the image: escaped, so none can move the
            // cursor, recolour the terminal or fake a line (docs/cli.md).
            line += timeText(a->mtimeSec, a->mtimeNsec) + "  " + str::printable(p);
            if (n.type == fs::FileType::Symlink)
                line += " -> " + str::printable(tree.readlink(k.ino).valueOr({}));
            if (n.whiteout)
                line += "  (whiteout)";
            std::printf("%s\n", line.c_str());
        }
        if (recursive && k.type == fs::FileType::Directory)
            listTree(img, tree, k.ino, p, recursive, json, spans, out);
    }
}

Status runLs(Context& ctx, Args& args)
{
    const auto started = std::chrono::steady_clock::now();
    const bool recursive = args.flag("recursive", "R");
    const bool noSpans = args.flag("no-spans");
    auto layer = args.option("layer");
    if (!layer)
        return layer.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->empty() || pos->size() > 2)
        return makeError(ErrorCode::Usage, "usage: ls REF [PATH] [-R] [--layer N|DIGEST]");
    auto img = openImage(ctx, (*pos)[0]);
    if (!img)
        return img.error();
    auto tree = pickTree(**img, *layer);
    if (!tree)
        return tree.error();
    const std::string path = "/" + fs::ImageTree::cleanPath(pos->size() == 2 ? (*pos)[1] : "/");
    auto ino = (*tree)->resolve(path, true);
    if (!ino)
        return ino.error();
    Json entries = Json::array();
    if ((*tree)->inode(*ino).type == fs::FileType::Directory) {
        listTree(**img, **tree, *ino, path, recursive, ctx.globals().json, !noSpans, entries);
    } else if (ctx.globals().json) {
        entries.push_back(entryJson(**img, **tree, *ino, path, !noSpans));
    } else {
        std::printf("%s\n", str::printable(path).c_str());
    }
    if (ctx.globals().json) {
        Json j{{"reference", (*pos)[0]}, {"path", path}, {"entries", entries}};
        if (ctx.globals().stats)
            j["stats"] = statsJson(**img, started);
        ctx.printJson(j);
    }
    printStats(ctx, **img, started);
    return {};
}

Status runCat(Context& ctx, Args& args)
{
    const auto started = std::chrono::steady_clock::now();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 2)
        return makeError(ErrorCode::Usage, "usage: cat REF PATH");
    auto img = openImage(ctx, (*pos)[0]);
    if (!img)
        return img.error();
    auto tree = (*img)->tree();
    if (!tree)
        return tree.error();
    auto ino = (*tree)->resolve("/" + fs::ImageTree::cleanPath((*pos)[1]), true);
    if (!ino)
        return ino.error();
    const fs::Inode& n = (*tree)->inode(*ino);
    if (n.type != fs::FileType::Regular)
        return makeError(ErrorCode::Usage, (*pos)[1] + " is not a regular file (" + fs::fileTypeName(n.type) + ")");
    constexpr std::size_t Chunk = 8u << 20;
    for (std::int64_t off = 0; off < n.size; off += Chunk) {
        auto data = (*img)->read(**tree, *ino, off, Chunk);
        if (!data)
            return data.error();
        if (std::fwrite(data->data(), 1, data->size(), stdout) != data->size())
            return makeError(ErrorCode::Io, "cannot write to standard output");
    }
    std::fflush(stdout);
    // stdout holds the file, so with --json the stats go to stderr, one line
    // (as `run --stats --json` does): bench/span-sizes reads them.
    if (ctx.globals().json && ctx.globals().stats)
        std::fprintf(stderr, "%s\n",
                     Json{{"schemaVersion", JsonSchemaVersion}, {"stats", statsJson(**img, started)}}.dump().c_str());
    printStats(ctx, **img, started);
    return {};
}

// "1 file" / "2 files".
std::string quantity(std::uint64_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

Json pathReasons(const std::vector<std::pair<std::string, std::string>>& list)
{
    Json out = Json::array();
    for (const auto& [p, why] : list)
        out.push_back({{"path", p}, {"reason", why}});
    return out;
}

Status runExtract(Context& ctx, Args& args)
{
    const auto started = std::chrono::steady_clock::now();
    auto output = args.option("output", "o");
    auto strip = args.option("strip-components");
    if (!output)
        return output.error();
    if (!strip)
        return strip.error();
    fs::ExtractOptions o;
    o.devices = args.flag("devices");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() < 2 || !*output)
        return makeError(ErrorCode::Usage, "usage: extract REF PATH... -o DIR [--strip-components N] [--devices]");
    if (*strip) {
        auto n = str::parseU64(**strip);
        if (!n || *n > 1000)
            return makeError(ErrorCode::Usage, "--strip-components takes a number");
        o.stripComponents = static_cast<int>(*n);
    }
    o.keepOwnership = ::geteuid() == 0;
    if (o.devices && ::geteuid() != 0)
        return makeError(ErrorCode::Usage, "--devices needs root: only root can make device nodes");
    auto img = openImage(ctx, (*pos)[0]);
    if (!img)
        return img.error();
    auto tree = (*img)->tree();
    if (!tree)
        return tree.error();
    std::uint64_t done = 0;
    o.progress = [&](const std::string& path, std::uint64_t bytes) {
        done += bytes;
        ctx.progress("extracting " + str::humanBytes(done) + "  " + path);
    };
    const std::vector<std::string> paths(pos->begin() + 1, pos->end());
    auto image = *img;
    auto t = *tree;
    const fs::FileReader reader = [image, t](fs::Ino ino, std::int64_t off, std::size_t len) {
        return image->read(*t, ino, off, len);
    };
    auto r = fs::extract(**tree, reader, paths, **output, o);
    ctx.endProgress();
    if (!r)
        return r.error();
    for (const auto& [p, why] : r->skipped)
        std::fprintf(stderr, "sociscopectl: skipped %s: %s\n", str::printable(p).c_str(), str::printable(why).c_str());
    for (const auto& [p, why] : r->failed)
        std::fprintf(stderr, "sociscopectl: not written: %s: %s\n", str::printable(p).c_str(), str::printable(why).c_str());
    for (const auto& p : r->notFound)
        std::fprintf(stderr, "sociscopectl: not found in the image: %s\n", str::printable(p).c_str());
    if (ctx.globals().json) {
        Json j{{"reference", (*pos)[0]},
               {"destination", **output},
               {"files", r->files},
               {"folders", r->folders},
               {"links", r->links},
               {"nodes", r->nodes},
               {"bytes", r->bytes},
               {"skipped", pathReasons(r->skipped)},
               {"devicesSkipped", stringList(r->devicesSkipped)},
               {"failed", pathReasons(r->failed)},
               {"notFound", stringList(r->notFound)}};
        if (ctx.globals().stats)
            j["stats"] = statsJson(**img, started);
        ctx.printJson(j);
    } else if (!ctx.globals().quiet) {
        std::string line = quantity(r->files, "file", "files") + ", " + quantity(r->folders, "folder", "folders") + ", " +
                           quantity(r->links, "link", "links");
        if (r->nodes)
            line += ", " + quantity(r->nodes, "device node or FIFO", "device nodes and FIFOs");
        std::printf("%s, %s written to %s\n", line.c_str(), str::humanBytes(r->bytes).c_str(), (**output).c_str());
        if (!r->devicesSkipped.empty())
            std::printf("%s skipped (use --devices to create them)\n",
                        quantity(r->devicesSkipped.size(), "device node", "device nodes").c_str());
    }
    printStats(ctx, **img, started);
    // Not found outranks the rest, as for a single missing path; devices skipped by rule are not an error.
    if (!r->notFound.empty())
        return makeError(ErrorCode::NotFound, quantity(r->notFound.size(), "asked path", "asked paths") +
                                                  " not found in the image: " + str::join(r->notFound, ", "));
    if (!r->failed.empty())
        return makeError(ErrorCode::Io, quantity(r->failed.size(), "entry", "entries") + " could not be written (listed above)",
                         **output);
    return {};
}

} // namespace

void addFileCommands(std::vector<Command>& out)
{
    out.push_back({"ls", "list the image's files (merged tree, or one layer), fetching only zTOCs",
                   "ls REF [PATH] [-R] [--layer N|DIGEST] [--no-spans]", runLs});
    out.push_back({"cat", "print one file of the image, fetching only its spans", "cat REF PATH", runCat});
    out.push_back({"extract", "write files or folders of the image to disk, safely",
                   "extract REF PATH... -o DIR [--strip-components N] [--devices]", runExtract});
}

} // namespace sociscope::cli
