// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// diff: two images compared file by file from their zTOCs, without pulling either.
#include "cli.h"
#include "lazy_open.h"

#include "diff/package_diff.h"
#include "diff/tree_diff.h"
#include "inventory/inventory.h"
#include "util/strings.h"

#include <cstdio>
#include <iostream>

namespace sociscope::cli {

namespace {

std::string octal(std::uint32_t mode)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
    return buf;
}

Json sideJson(const diff::Side& s)
{
    Json j{{"type", fs::fileTypeName(s.type)},
           {"mode", s.mode},
           {"uid", s.uid},
           {"gid", s.gid},
           {"size", s.size},
           {"linkTarget", s.type == fs::FileType::Symlink ? Json(s.target) : Json(nullptr)},
           {"layer", s.layer >= 0 ? Json(s.layer) : Json(nullptr)}};
    if (s.type == fs::FileType::CharDevice || s.type == fs::FileType::BlockDevice)
        j["device"] = std::to_string(s.rdevMajor) + ":" + std::to_string(s.rdevMinor);
    return j;
}

// "size 10 → 12, mode 0644 → 0755"
std::string describeChanges(const diff::Entry& e)
{
    const diff::Side& a = *e.a;
    const diff::Side& b = *e.b;
    std::string out;
    const auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
    for (const auto& c : e.changes) {
        if (c == "type")
            add(std::string("type ") + fs::fileTypeName(a.type) + " → " + fs::fileTypeName(b.type));
        else if (c == "mode")
            add("mode " + octal(a.mode) + " → " + octal(b.mode));
        else if (c == "owner")
            add("owner " + std::to_string(a.uid) + ":" + std::to_string(a.gid) + " → " + std::to_string(b.uid) + ":" +
                std::to_string(b.gid));
        else if (c == "size")
            add("size " + std::to_string(a.size) + " → " + std::to_string(b.size));
        else if (c == "target")
            add("target " + a.target + " → " + b.target);
        else if (c == "device")
            add("device " + std::to_string(a.rdevMajor) + ":" + std::to_string(a.rdevMinor) + " → " +
                std::to_string(b.rdevMajor) + ":" + std::to_string(b.rdevMinor));
        else
            add(c);
    }
    if (e.content == diff::Content::Unknown)
        add("content not compared; --content reads it");
    return out;
}

char letter(diff::Kind k)
{
    switch (k) {
    case diff::Kind::Added: return 'A';
    case diff::Kind::Removed: return 'D';
    case diff::Kind::Changed: return 'M';
    case diff::Kind::Unknown: return '?';
    case diff::Kind::Same: return '=';
    }
    return ' ';
}

std::string versions(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

// Both inventories, read lazily (this needs the whole merged trees).
Result<std::vector<diff::PackageChange>> packageChanges(Context& ctx, lazy::LazyImage& a, lazy::LazyImage& b)
{
    std::vector<inventory::Package> lists[2];
    lazy::LazyImage* images[2] = {&a, &b};
    for (int side = 0; side < 2; ++side) {
        lazy::LazyImage& img = *images[side];
        ctx.progress(std::string("reading the file list of image ") + (side ? "B" : "A"));
        inventory::InventoryOptions o;
        o.progress = [&](const std::string& path, std::size_t done, std::size_t total) {
            ctx.progress(std::string("inventory of image ") + (side ? "B" : "A") + ": " + std::to_string(done) +
                         " of " + std::to_string(total) + "  " + path);
        };
        auto inv = diff::readImageInventory(img, o);
        if (!inv)
            return inv.error();
        for (const auto& [path, why] : inv->problems)
            std::fprintf(stderr, "sociscopectl: image %s: %s: %s\n", side ? "B" : "A", path.c_str(), why.c_str());
        lists[side] = std::move(inv->packages);
    }
    ctx.endProgress();
    return diff::diffPackages(lists[0], lists[1]);
}

// digest: what the reference names (an index for a multi-platform image).
Json imageJson(const std::string& ref, const oci::Digest& digest, std::optional<std::size_t> layers)
{
    return {{"reference", ref}, {"digest", digest.str()}, {"layers", layers ? Json(*layers) : Json(nullptr)}};
}

// Both references name one manifest: no differences, and nothing else fetched.
Status printSame(Context& ctx, const std::vector<std::string>& refs, const oci::Digest& digest, const std::string& path,
                 bool withInventory)
{
    if (ctx.globals().json) {
        Json summary;
        for (auto k : {diff::Kind::Added, diff::Kind::Removed, diff::Kind::Changed, diff::Kind::Unknown, diff::Kind::Same})
            summary[diff::kindName(k)] = 0;
        Json out{{"a", imageJson(refs[0], digest, std::nullopt)},
                 {"b", imageJson(refs[1], digest, std::nullopt)},
                 {"path", path},
                 {"sameImage", true},
                 {"sharedLayers", nullptr},
                 {"sharedLayersRead", false},
                 {"changes", Json::array()},
                 {"summary", summary},
                 {"contentBytesRead", 0}};
        if (withInventory)
            out["packages"] = Json::array();
        ctx.printJson(out);
        return {};
    }
    if (!ctx.globals().quiet)
        std::fprintf(stderr, "no differences: both name the same image %s\n", digest.str().c_str());
    if (ctx.globals().stats)
        std::fprintf(stderr, "fetched nothing but the two manifest digests\n");
    return {};
}

Status runDiff(Context& ctx, Args& args)
{
    const auto started = std::chrono::steady_clock::now();
    const bool content = args.flag("content");
    const bool withInventory = args.flag("inventory");
    const bool exitCode = args.flag("exit-code");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() < 2 || pos->size() > 3)
        return makeError(ErrorCode::Usage, "usage: diff REF_A REF_B [PATH] [--content] [--inventory] [--exit-code]");
    diff::Options o;
    if (pos->size() == 3) {
        o.path = (*pos)[2];
        if (o.path.empty() || o.path[0] != '/')
            return makeError(ErrorCode::Usage, "PATH must be absolute (\"/usr/lib\"), not \"" + o.path + "\"");
        o.path = "/" + fs::ImageTree::cleanPath(o.path);
    }
    o.compareContent = content;
    o.progress = [&](const std::string& stage, std::size_t done, std::size_t total) {
        ctx.progress(stage + " " + std::to_string(done) + " of " + std::to_string(total));
    };
    // The same manifest on both sides: nothing else is fetched.
    std::pair<oci::Descriptor, oci::Descriptor> tops;
    {
        auto sa = openSource(ctx, (*pos)[0]);
        if (!sa)
            return sa.error();
        auto sb = openSource(ctx, (*pos)[1]);
        if (!sb)
            return sb.error();
        auto both = diff::resolveBoth(*sa->source, sa->ref.tagOrDigest(), *sb->source, sb->ref.tagOrDigest());
        if (!both)
            return both.error();
        tops = std::move(*both);
    }
    if (tops.first.digest == tops.second.digest)
        return printSame(ctx, *pos, tops.first.digest, o.path, withInventory);
    auto a = openImage(ctx, (*pos)[0]);
    if (!a)
        return a.error();
    auto b = openImage(ctx, (*pos)[1]);
    if (!b)
        return b.error();
    auto d = diff::diffImages(**a, **b, o);
    ctx.endProgress();
    if (!d)
        return d.error();
    std::optional<std::vector<diff::PackageChange>> packages;
    if (withInventory) {
        auto p = packageChanges(ctx, **a, **b);
        if (!p)
            return p.error();
        packages = std::move(*p);
    }

    std::size_t counts[5] = {};
    for (const auto& e : d->entries)
        ++counts[static_cast<int>(e.kind)];
    counts[static_cast<int>(diff::Kind::Same)] = d->same;
    const bool different = !d->entries.empty() || (packages && !packages->empty());

    if (ctx.globals().json) {
        Json changes = Json::array();
        for (const auto& e : d->entries) {
            Json j{{"path", e.path}, {"change", diff::kindName(e.kind)}, {"fields", stringList(e.changes)},
                   {"content", diff::contentName(e.content)}};
            j["a"] = e.a ? sideJson(*e.a) : Json(nullptr);
            j["b"] = e.b ? sideJson(*e.b) : Json(nullptr);
            changes.push_back(std::move(j));
        }
        Json summary;
        for (auto k : {diff::Kind::Added, diff::Kind::Removed, diff::Kind::Changed, diff::Kind::Unknown, diff::Kind::Same})
            summary[diff::kindName(k)] = counts[static_cast<int>(k)];
        Json out;
        out["schemaVersion"] = JsonSchemaVersion;
        out["a"] = imageJson((*pos)[0], tops.first.digest, (*a)->layerCount());
        out["b"] = imageJson((*pos)[1], tops.second.digest, (*b)->layerCount());
        out["path"] = o.path;
        out["sameImage"] = d->sameImage;
        out["sharedLayers"] = d->sharedLayers;
        out["sharedLayersRead"] = d->baseRead;
        out["changes"] = std::move(changes);
        out["summary"] = std::move(summary);
        out["contentBytesRead"] = d->contentBytesRead;
        if (packages) {
            Json list = Json::array();
            for (const auto& p : *packages)
                list.push_back({{"change", diff::packageChangeName(p.kind)},
                                {"kind", inventory::kindName(p.packageKind)},
                                {"name", p.name},
                                {"architecture", p.architecture},
                                {"versionsA", stringList(p.versionsA)},
                                {"versionsB", stringList(p.versionsB)}});
            out["packages"] = std::move(list);
        }
        if (ctx.globals().stats)
            out["stats"] = {{"a", statsJson(**a, started)}, {"b", statsJson(**b, started)}};
        ctx.printJson(out);
    } else {
        for (const auto& e : d->entries) {
            // Names from an image are escaped, as ls prints them.
            std::string line = std::string(1, letter(e.kind)) + " " + str::printable(e.path);
            if (e.kind == diff::Kind::Changed || e.kind == diff::Kind::Unknown)
                line += " (" + str::printable(describeChanges(e)) + ")";
            std::printf("%s\n", line.c_str());
        }
        if (packages)
            for (const auto& p : *packages) {
                const char* sign = p.kind == diff::PackageChange::Kind::Added     ? "+"
                                   : p.kind == diff::PackageChange::Kind::Removed ? "-"
                                                                                  : "~";
                std::string line = std::string(sign) + " " + inventory::kindName(p.packageKind) + " " + str::printable(p.name);
                if (p.kind == diff::PackageChange::Kind::Changed)
                    line += " " + versions(p.versionsA) + " → " + versions(p.versionsB);
                else
                    line += " " + versions(p.kind == diff::PackageChange::Kind::Added ? p.versionsB : p.versionsA);
                std::printf("%s\n", line.c_str());
            }
        if (!ctx.globals().quiet) {
            // The summary goes to stderr, so that stdout holds only the list.
            const auto n = [&](diff::Kind k) { return std::to_string(counts[static_cast<int>(k)]); };
            std::string line;
            if (d->sameImage) {
                line = "no differences: both name the same image manifest " + (*a)->image().descriptor.digest.str();
            } else {
                line = n(diff::Kind::Added) + " added, " + n(diff::Kind::Removed) + " removed, " +
                       n(diff::Kind::Changed) + " changed, " + n(diff::Kind::Unknown) + " with content not compared, " +
                       n(diff::Kind::Same) + " equal";
                if (packages)
                    line += "; " + std::to_string(packages->size()) +
                            (packages->size() == 1 ? " package change" : " package changes");
                line += "; " + std::to_string(d->sharedLayers) + (d->sharedLayers == 1 ? " shared layer" : " shared layers") +
                        " skipped";
                if (d->baseRead)
                    line += " (their file lists were read to place the other changes)";
                if (content)
                    line += "; " + str::humanBytes(d->contentBytesRead) + " of file contents compared";
            }
            std::fprintf(stderr, "%s\n", line.c_str());
        }
    }
    if (ctx.globals().stats && !ctx.globals().json) {
        std::fprintf(stderr, "image A:\n");
        printStats(ctx, **a, started);
        std::fprintf(stderr, "image B:\n");
        printStats(ctx, **b, started);
    }
    if (exitCode && different)
        ctx.setExitCode(1);
    return {};
}

} // namespace

void addDiffCommands(std::vector<Command>& out)
{
    out.push_back({"diff",
                   "compare two images file by file from their zTOCs (A added, D removed, M changed, ? content not "
                   "compared), without pulling either",
                   "diff REF_A REF_B [PATH] [--content] [--inventory] [--exit-code]", runDiff});
}

} // namespace sociscope::cli
