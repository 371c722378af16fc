// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// inventory: what software an image holds, from a few small files read lazily.
#include "cli.h"
#include "lazy_open.h"

#include "inventory/inventory.h"
#include "util/strings.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace sociscope::cli {

namespace {

Json packageJson(const inventory::Package& p)
{
    return {{"kind", inventory::kindName(p.kind)},
            {"name", p.name},
            {"version", p.version},
            {"path", p.path},
            {"architecture", p.architecture},
            {"origin", p.origin},
            {"summary", p.summary},
            {"license", p.license},
            {"installedSize", p.installedSize >= 0 ? Json(p.installedSize) : Json(nullptr)}};
}

void printTable(const std::vector<inventory::Package>& packages)
{
    size_t kind = 4, name = 4, version = 7;
    for (const auto& p : packages) {
        name = std::max(name, p.name.size());
        version = std::max(version, p.version.size());
    }
    name = std::min<size_t>(name, 40);
    version = std::min<size_t>(version, 32);
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(kind + 2), "KIND", static_cast<int>(name), "NAME",
                static_cast<int>(version), "VERSION", "FROM");
    // Every field comes from a file in the image: escaped (docs/cli.md).
    for (const auto& p : packages)
        std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(kind + 2), inventory::kindName(p.kind),
                    static_cast<int>(name), str::printable(p.name).c_str(), static_cast<int>(version),
                    str::printable(p.version).c_str(), str::printable(p.path).c_str());
}

Status runInventory(Context& ctx, Args& args)
{
    const auto started = std::chrono::steady_clock::now();
    auto kinds = args.options("kind");
    if (!kinds)
        return kinds.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "usage: inventory REF [--kind deb|apk|rpm|python|conda|cuda]...");
    std::vector<inventory::Kind> only;
    for (const auto& list : *kinds)
        for (const auto& k : str::split(list, ',')) {
            auto kind = inventory::kindFromName(k);
            if (!kind)
                return makeError(ErrorCode::Usage, "--kind takes deb, apk, rpm, python, conda or cuda, not \"" + k + "\"");
            only.push_back(*kind);
        }
    auto img = openImage(ctx, (*pos)[0]);
    if (!img)
        return img.error();
    ctx.progress("reading the file list");
    auto tree = (*img)->tree();
    if (!tree)
        return tree.error();
    auto image = *img;
    auto t = *tree;
    const fs::FileReader reader = [image, t](fs::Ino ino, std::int64_t off, std::size_t len) {
        return image->read(*t, ino, off, len);
    };
    inventory::InventoryOptions o;
    o.progress = [&](const std::string& path, std::size_t done, std::size_t total) {
        ctx.progress("reading " + std::to_string(done) + " of " + std::to_string(total) + "  " + path);
    };
    auto inv = inventory::readInventory(**tree, reader, o);
    ctx.endProgress();
    if (!inv)
        return inv.error();
    std::vector<inventory::Package> shown;
    for (auto& p : inv->packages)
        if (only.empty() || std::find(only.begin(), only.end(), p.kind) != only.end())
            shown.push_back(std::move(p));
    for (const auto& [path, why] : inv->problems)
        std::fprintf(stderr, "sociscopectl: %s: %s\n", str::printable(path).c_str(), str::printable(why).c_str());
    if (ctx.globals().json) {
        Json packages = Json::array();
        for (const auto& p : shown)
            packages.push_back(packageJson(p));
        Json problems = Json::array();
        for (const auto& [path, why] : inv->problems)
            problems.push_back({{"path", path}, {"reason", why}});
        Json j{{"reference", (*pos)[0]}, {"packages", packages}, {"problems", problems},
               {"filesRead", inv->filesRead}, {"bytesRead", inv->bytesRead}};
        if (ctx.globals().stats)
            j["stats"] = statsJson(**img, started);
        ctx.printJson(j);
    } else {
        printTable(shown);
        if (!ctx.globals().quiet) {
            std::map<inventory::Kind, int> counts; // in kind order: deb first, cuda last
            for (const auto& p : shown)
                ++counts[p.kind];
            std::string line;
            for (const auto& [k, n] : counts)
                line += (line.empty() ? "" : ", ") + std::to_string(n) + " " + inventory::kindName(k);
            std::fprintf(stderr, "%s from %zu files (%s read)\n", line.empty() ? "nothing found" : line.c_str(),
                         inv->filesRead, str::humanBytes(inv->bytesRead).c_str());
        }
    }
    printStats(ctx, **img, started);
    return {};
}

} // namespace

void addInventoryCommands(std::vector<Command>& out)
{
    out.push_back({"inventory",
                   "list the software an image holds (deb, apk, rpm, Python, conda, CUDA), reading only a few small files",
                   "inventory REF [--kind KIND[,KIND...]]", runInventory});
}

} // namespace sociscope::cli
