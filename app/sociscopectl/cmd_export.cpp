// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// export-layer: one layer blob (or its tar) streamed to a file and verified.
#include "cli.h"
#include "lazy_open.h"

#include "registry/inspect.h"
#include "registry/layer_export.h"
#include "util/strings.h"

#include <chrono>
#include <cstdio>

namespace sociscope::cli {

namespace {

Status runExportLayer(Context& ctx, Args& args)
{
    const bool uncompressed = args.flag("uncompressed");
    const bool force = args.flag("force", "f");
    auto output = args.option("output", "o");
    if (!output)
        return output.error();
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 2 || !*output || (*output)->empty())
        return makeError(ErrorCode::Usage, "usage: export-layer REF N|DIGEST -o FILE [--uncompressed] [--force]");
    auto src = openSource(ctx, (*pos)[0]);
    if (!src)
        return src.error();
    auto image = registry::resolvePlatformImage(*src->source, src->ref.tagOrDigest(), ctx.globals().platform);
    if (!image)
        return image.error();
    auto index = registry::findLayer(*image, (*pos)[1]);
    if (!index)
        return index.error();
    const oci::Descriptor& layer = image->manifest.layers[*index];

    registry::LayerExportOptions o;
    o.uncompressed = uncompressed;
    o.replace = force;
    auto last = std::chrono::steady_clock::time_point();
    o.progress = [&](std::uint64_t received, std::uint64_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::milliseconds(100) && received < total)
            return;
        last = now;
        const int percent = total ? static_cast<int>(received * 100 / total) : 0;
        ctx.progress("layer " + std::to_string(*index) + ": " + str::humanBytes(received) + " of " +
                     str::humanBytes(total) + " (" + std::to_string(percent) + "%)");
    };
    const auto started = std::chrono::steady_clock::now();
    auto r = registry::exportLayer(*src->source, *image, *index, **output, o);
    ctx.endProgress();
    if (!r)
        return r.error();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (ctx.globals().json) {
        ctx.printJson({{"reference", (*pos)[0]},
                       {"layer", *index},
                       {"digest", layer.digest.str()},
                       {"mediaType", layer.mediaType},
                       {"uncompressed", uncompressed},
                       {"verifiedAgainst", uncompressed ? "diff_id" : "digest"},
                       {"verifiedDigest", r->verified.str()},
                       {"path", **output},
                       {"bytesWritten", r->bytesWritten},
                       {"layerBytes", layer.size},
                       {"wallMillis", ms}});
    } else if (!ctx.globals().quiet) {
        std::fprintf(stderr, "layer %zu: %s written to %s, verified against its %s %s\n", *index,
                     str::humanBytes(r->bytesWritten).c_str(), (*output)->c_str(), uncompressed ? "diff_id" : "digest",
                     r->verified.str().c_str());
    }
    return {};
}

} // namespace

void addExportCommands(std::vector<Command>& out)
{
    out.push_back({"export-layer",
                   "write one layer blob (or with --uncompressed its tar) to a file, streamed and verified against its "
                   "digest (or diff_id)",
                   "export-layer REF N|DIGEST -o FILE [--uncompressed] [--force]", runExportLayer});
}

} // namespace sociscope::cli
