// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// catalog, tags
#include "cli.h"

#include <cstdio>

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

Status runTags(Context& ctx, Args& args)
{
    const bool families = args.flag("families");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1)
        return makeError(ErrorCode::Usage, "tags needs one repository, e.g. 127.0.0.1:5000/library/busybox");
    auto ref = Context::reference((*pos)[0], false);
    if (!ref)
        return ref.error();
    if (families)
        return makeError(ErrorCode::Unsupported, "tags --families is not available in this build yet");
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
    out.push_back({"tags", "list the tags of a repository", "tags REPOSITORY [--families]", runTags});
}

} // namespace sociscope::cli
