// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// catalog, tags (and tags --families)
#include "cli.h"

#include "soci/index.h"

#include <algorithm>

#include "registry/families.h"
#include "registry/tag_resolver.h"
#include "util/strings.h"

#include <cstdio>
#include <ctime>

namespace sociscope::cli {

namespace {

Status runCatalog(Context& ctx, Args& args)
{
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "catalog needs one registry host, e.g. 127.0.0.1:5000");
    auto client = ctx.session().client((*pos)[0]);
    auto repos = client->catalog();
    if (!repos)
        return repos.error();
    if (ctx.globals().json) {
        Json list = Json::array();
        for (const auto& r : *repos)
            list.push_back({{"registry", (*pos)[0]}, {"repository", r}});
        ctx.printJson({{"repositories", list}});
    } else {
        for (const auto& r : *repos)
            std::printf("%s\n", r.c_str());
    }
    return {};
}

Json nullable(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

std::string isoTime(std::chrono::system_clock::time_point t)
{
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Json dlcJson(const registry::DlcTag& d)
{
    Json j;
    j["line"] = d.line;
    j["frameworkVersion"] = d.version;
    j["device"] = d.device;
    j["python"] = d.python;
    j["cuda"] = nullable(d.cuda);
    j["neuronSdk"] = nullable(d.neuronSdk);
    j["os"] = nullable(d.os);
    j["platform"] = nullable(d.platform);
    j["release"] = nullable(d.release);
    j["timestamp"] = nullable(d.timestamp);
    j["extras"] = stringList(d.extras);
    return j;
}

Json familyJson(const registry::TagFamily& f)
{
    Json j;
    j["digest"] = f.digest.str();
    j["mediaType"] = f.mediaType;
    j["size"] = f.size;
    j["kind"] = registry::familyKindName(f.kind);
    j["tags"] = stringList(f.tags);
    j["dlc"] = f.dlc ? dlcJson(*f.dlc) : Json(nullptr);
    j["rolling"] = f.rolling;
    j["pinned"] = f.pinned;
    if (f.kind == registry::FamilyKind::SociTwin)
        j["twinOf"] = {{"digest", f.twinOf ? Json(f.twinOf->str()) : Json(nullptr)}, {"tags", stringList(f.twinOfTags)}};
    else
        j["twinOf"] = nullptr;
    Json twins = Json::array();
    for (const auto& d : f.sociTwins)
        twins.push_back(d.str());
    j["sociTwins"] = twins;
    j["sociIndexVersion"] = f.sociIndexVersion;
    j["seenAt"] = isoTime(f.seenAt);
    return j;
}

void printFamiliesText(const std::vector<registry::TagFamily>& families,
                       const std::vector<registry::UnresolvedTag>& unresolved)
{
    bool first = true;
    for (const auto& f : families) {
        std::string head = f.digest.algorithm() + ":" + f.digest.shortHex() + "  " + registry::familyKindName(f.kind);
        if (f.dlc)
            head += "  " + f.dlc->line;
        if (f.kind == registry::FamilyKind::SociTwin)
            head += f.twinOf ? "  twin of " + f.twinOf->algorithm() + ":" + f.twinOf->shortHex()
                             : "  twin of " + f.twinOfTags.front() + " (not in the repository)";
        if (f.kind == registry::FamilyKind::SociTwin || f.sociIndexVersion == "v1")
            head += "  SOCI " + f.sociIndexVersion;
        if (f.rolling)
            head += "  rolling";
        if (f.pinned)
            head += "  pinned";
        std::printf("%s%s\n", first ? "" : "\n", head.c_str());
        first = false;
        for (const auto& t : f.tags)
            std::printf("  %s\n", t.c_str());
    }
    if (!unresolved.empty()) {
        std::printf("%sunresolved\n", first ? "" : "\n");
        for (const auto& u : unresolved)
            std::printf("  %s  (%s: %s)\n", u.tag.c_str(), errorCodeName(u.error.code), u.error.text().c_str());
    }
}

bool isReferrersTag(const std::string& tag)
{
    if (tag.size() != 7 + 64 || tag.rfind("sha256-", 0) != 0)
        return false;
    return std::all_of(tag.begin() + 7, tag.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Resolves every tag (HEAD requests in parallel), groups them and prints.
Status runTagFamilies(Context& ctx, const oci::Reference& ref, int parallel)
{
    registry::TagBackend backend;
    registry::TagResolverOptions options;
    options.workers = parallel;
    if (ref.isLayout) {
        auto src = ctx.open(ref);
        if (!src)
            return src.error();
        backend = registry::sourceTagBackend(std::shared_ptr<registry::Source>(std::move(*src)));
        options.workers = 1; // local reads: nothing to gain
    } else {
        backend = registry::registryTagBackend(ctx.session().client(ref.registry), ref.repository);
    }
    registry::TagResolver resolver(std::move(backend), options);
    resolver.start();
    registry::FamilyBuilder builder;
    std::vector<std::string> referrerTags;
    size_t listed = 0;
    for (;;) {
        registry::ResolverBatch b = resolver.next(std::chrono::milliseconds(200));
        listed += b.listed.size();
        for (const auto& r : b.resolved) {
            // "sha256-<hex>" tags hold referrers (OCI 1.1 fallback), not images.
            if (isReferrersTag(r.tag))
                referrerTags.push_back(r.tag);
            else
                builder.add(r);
        }
        for (const auto& f : b.failed)
            builder.addFailed(f);
        ctx.progress("resolving tags: " + std::to_string(builder.resolvedCount() + builder.failedCount()) + "/" +
                     std::to_string(listed));
        if (b.finished) {
            ctx.endProgress();
            if (!b.status)
                return b.status.error();
            break;
        }
    }
    const auto unresolved = builder.unresolved();
    // Nothing resolved at all: say why instead of printing an empty list.
    if (builder.resolvedCount() == 0 && !unresolved.empty())
        return unresolved.front().error;
    auto families = builder.families();
    // Label each -soci twin with the index it really carries, and each image
    // whose referrers fallback tag (sha256-<hex>) is listed with the v1 index
    // it may have there; images without one stay "unknown" (not looked up:
    // one referrers request per image is too many for thousands of tags).
    const auto hasReferrersTag = [&](const registry::TagFamily& f) {
        return std::binary_search(referrerTags.begin(), referrerTags.end(),
                                  f.digest.algorithm() + "-" + f.digest.hex());
    };
    std::sort(referrerTags.begin(), referrerTags.end());
    const auto needsLookup = [&](const registry::TagFamily& f) {
        return f.kind == registry::FamilyKind::SociTwin || (f.kind == registry::FamilyKind::Image && hasReferrersTag(f));
    };
    if (std::any_of(families.begin(), families.end(), needsLookup)) {
        auto src = ctx.open(ref);
        if (src)
            for (auto& f : families)
                if (needsLookup(f)) {
                    auto v = soci::sociVersionOf(**src, f.digest);
                    f.sociIndexVersion = v ? *v : std::string("unknown");
                }
    }
    if (ctx.globals().json) {
        Json list = Json::array();
        for (const auto& f : families)
            list.push_back(familyJson(f));
        Json failed = Json::array();
        for (const auto& u : unresolved)
            failed.push_back({{"tag", u.tag},
                              {"error", {{"code", errorCodeName(u.error.code)}, {"message", u.error.message},
                                         {"context", u.error.context}}}});
        Json refs = Json::array();
        for (const auto& t : referrerTags)
            refs.push_back({{"tag", t}});
        ctx.printJson({{"repository", ref.name()}, {"families", list}, {"unresolved", failed}, {"referrerTags", refs}});
    } else {
        printFamiliesText(families, unresolved);
    }
    return {};
}

Status runTags(Context& ctx, Args& args)
{
    const bool families = args.flag("families");
    auto parallelOpt = args.option("parallel");
    if (!parallelOpt)
        return parallelOpt.error();
    int parallel = 8;
    if (*parallelOpt) {
        const auto n = str::parseU64(**parallelOpt);
        if (!n || *n < 1 || *n > 64)
            return makeError(ErrorCode::Usage, "--parallel takes a number from 1 to 64, not " + **parallelOpt);
        parallel = static_cast<int>(*n);
    }
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "tags needs one repository, e.g. 127.0.0.1:5000/library/busybox");
    auto ref = Context::reference((*pos)[0], false);
    if (!ref)
        return ref.error();
    if (families)
        return runTagFamilies(ctx, *ref, parallel);
    if (*parallelOpt)
        return makeError(ErrorCode::Usage, "--parallel goes with --families");
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    auto tags = (*src)->listTags();
    if (!tags)
        return tags.error();
    if (ctx.globals().json) {
        Json list = Json::array();
        for (const auto& t : *tags)
            list.push_back({{"repository", ref->name()}, {"tag", t}});
        ctx.printJson({{"tags", list}});
    } else {
        for (const auto& t : *tags)
            std::printf("%s\n", t.c_str());
    }
    return {};
}

} // namespace

void addRegistryCommands(std::vector<Command>& out)
{
    out.push_back({"catalog", "list the repositories of a registry", "catalog HOST[:PORT]", runCatalog});
    out.push_back({"tags", "list the tags of a repository, or its images grouped into tag families",
                   "tags REPOSITORY [--families [--parallel N]]\n\n"
                   "  --families     resolve every tag to its digest (HEAD requests) and group the tags\n"
                   "                 into images, SOCI twins (T-soci) and Deep Learning Containers lines\n"
                   "  --parallel N   HEAD requests at once with --families (1-64, default 8)",
                   runTags});
}

} // namespace sociscope::cli
