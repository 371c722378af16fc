// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// index prefetch add; the prefetch artifacts of `index info`.
#include "prefetch_cli.h"

#include "lazy_open.h"

#include "soci/prefetch_publish.h"
#include "soci/spans.h"
#include "soci/ztoc.h"
#include "util/files.h"
#include "util/strings.h"

#include <algorithm>
#include <cstdio>

namespace sociscope::cli {

namespace {

// "0-1,3" for [[0,1],[3,3]].
std::string rangesText(const std::vector<soci::PrefetchSpan>& spans)
{
    std::string out;
    for (const auto& s : spans) {
        if (!out.empty())
            out += ",";
        out += s.start == s.end ? std::to_string(s.start) : std::to_string(s.start) + "-" + std::to_string(s.end);
    }
    return out;
}

Json rangesJson(const std::vector<soci::PrefetchSpan>& spans)
{
    Json out = Json::array();
    for (const auto& s : spans)
        out.push_back(Json::array({ s.start, s.end }));
    return out;
}

Status runPrefetchAdd(Context& ctx, Args& args)
{
    auto from = args.option("from");
    if (!from)
        return from.error();
    const bool last = args.flag("from-last-run");
    auto pos = args.positionals();
    if (!pos)
        return pos.error();
    if (pos->size() != 1 || (*from && last) || (!*from && !last))
        return makeError(ErrorCode::Usage, "usage: index prefetch add REF --from PROFILE | --from-last-run");
    const std::string path = *from ? **from : lazy::lastRunProfilePath();
    auto text = files::readFile(path, lazy::StartupProfile::kMaxBytes + 1);
    if (!text)
        return makeError(text.error().code,
                         last ? "no last run to take the profile from: record one with `sociscopectl run "
                                "--record-startup REF -- CMD` first (" + text.error().message + ")"
                              : text.error().message,
                         path);
    auto profile = lazy::StartupProfile::parse(*text);
    if (!profile)
        return makeError(profile.error().code, profile.error().message, path);
    auto ref = Context::reference((*pos)[0]);
    if (!ref)
        return ref.error();
    auto src = ctx.open(*ref);
    if (!src)
        return src.error();
    // The platform the profile was recorded on, unless --platform says otherwise.
    std::optional<oci::Platform> platform = ctx.globals().platform;
    if (!platform && !profile->platform.empty())
        if (auto p = oci::Platform::parse(profile->platform))
            platform = *p;
    auto img = registry::resolvePlatformImage(**src, ref->tagOrDigest(), platform);
    if (!img)
        return img.error();
    const std::string tag = ref->digest.empty() ? ref->tagOrDigest() : std::string();
    auto published = lazy::publishProfile(**src, ref->tagOrDigest(), tag, *img, *profile);
    if (!published)
        return published.error();
    Json artifacts = Json::array();
    for (const auto& [d, a] : published->artifacts)
    {
        Json aj;
        aj["layer"] = d.annotation(soci::ann::ImageLayerDigest);
        aj["digest"] = d.digest.str();
        aj["size"] = d.size;
        aj["spans"] = rangesJson(a.spans);
        artifacts.push_back(std::move(aj));
    }
    if (ctx.globals().json) {
        Json j;
        j["reference"] = ref->str();
        j["profile"] = path;
        j["profileDigest"] = profile->digest;
        j["version"] = published->index.version;
        j["oldIndex"] = published->oldIndex.str();
        j["index"] = published->index.digest.str();
        j["manifest"] = published->manifest ? Json(published->manifest->str()) : Json(nullptr);
        j["digest"] = published->top ? Json(published->top->str()) : Json(nullptr);
        j["artifacts"] = artifacts;
        ctx.printJson(std::move(j));
        return {};
    }
    if (profile->digest != img->raw.digest.str() && !ctx.globals().quiet)
        std::fprintf(stderr, "note: the profile was recorded on %s; its layers are those of %s\n",
                     profile->digest.c_str(), img->raw.digest.str().c_str());
    std::printf("SOCI index v%d %s with %zu prefetch artifacts (was %s)\n", published->index.version,
                published->index.digest.str().c_str(), published->artifacts.size(), published->oldIndex.str().c_str());
    for (const auto& [d, a] : published->artifacts)
        std::printf("  layer %s  spans %s  artifact %s\n", d.annotation(soci::ann::ImageLayerDigest).c_str(),
                    rangesText(a.spans).c_str(), d.digest.str().c_str());
    if (published->index.version == 2)
        std::printf("%s now names image %s (manifest %s)\n", tag.empty() ? "nothing" : ref->str().c_str(),
                    published->top ? published->top->str().c_str() : "-",
                    published->manifest ? published->manifest->str().c_str() : "-");
    else
        std::printf("pushed as a referrer of %s, listed first\n", img->raw.digest.str().c_str());
    return {};
}

} // namespace

Json prefetchInfo(registry::Source& source, const registry::PlatformImage& image, const soci::SociIndex& index)
{
    Json list = Json::array();
    const auto& layers = image.manifest.layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto* d = index.prefetchFor(layers[i].digest);
        if (!d)
            continue;
        Json j;
        j["layer"] = static_cast<int>(i);
        j["layerDigest"] = layers[i].digest.str();
        j["digest"] = d->digest.str();
        j["size"] = d->size;
        auto a = soci::fetchPrefetchArtifact(source, *d);
        std::string problem;
        if (!a) {
            problem = a.error().message;
        } else {
            j["ranges"] = rangesJson(a->spans);
            j["spans"] = a->spanCount();
            // The bytes they stand for, from the layer's zTOC.
            std::uint64_t bytes = 0;
            const auto* z = index.ztocFor(layers[i].digest);
            auto zbytes = z ? source.fetchBlobBytes(*z) : Result<std::string>(makeError(ErrorCode::NotFound, "no zTOC"));
            auto ztoc = zbytes ? soci::parseZtoc(*zbytes) : Result<soci::Ztoc>(zbytes.error());
            auto spans = ztoc ? soci::SpanIndex::create(*ztoc) : Result<soci::SpanIndex>(ztoc.error());
            if (!spans) {
                problem = "its layer's zTOC: " + spans.error().message;
            } else if (auto s = a->checkRange(spans->spanCount() - 1, "the artifact"); !s) {
                problem = s.error().message;
            } else {
                for (const auto& r : soci::mergePrefetchSpans(a->spans))
                    for (std::int32_t k = r.start; k <= r.end; ++k)
                        bytes += static_cast<std::uint64_t>(spans->range(k).compressedEnd -
                                                            spans->range(k).compressedStart);
                j["bytes"] = bytes;
            }
        }
        j["error"] = problem.empty() ? Json(nullptr) : Json(problem);
        list.push_back(std::move(j));
    }
    return list;
}

void printPrefetch(const Json& list)
{
    for (const auto& j : list) {
        const int layer = j["layer"].get<int>();
        const std::string digest = j["digest"].get<std::string>();
        if (!j["error"].is_null()) {
            std::printf("  prefetch  layer %2d  artifact %s: %s\n", layer, digest.c_str(),
                        j["error"].get<std::string>().c_str());
            continue;
        }
        std::vector<soci::PrefetchSpan> ranges;
        for (const auto& r : j["ranges"])
            ranges.push_back({ r[0].get<std::int32_t>(), r[1].get<std::int32_t>(), 0 });
        std::printf("  prefetch  layer %2d  spans %s (%lld spans, %s)  artifact %s\n", layer, rangesText(ranges).c_str(),
                    static_cast<long long>(j["spans"].get<std::int64_t>()),
                    str::humanBytes(j["bytes"].get<std::uint64_t>()).c_str(), digest.c_str());
    }
}

std::string percentText(std::uint64_t part, std::uint64_t whole)
{
    if (whole == 0)
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return buf;
}

std::optional<std::pair<lazy::StartupProfile, std::string>> saveStartup(Context& ctx, const oci::Reference& ref,
    const std::string& digest, const lazy::StartupRecord& record, const std::vector<std::string>& command,
    const std::string& name, const std::string& alsoTo)
{
    const auto fail = [&](const Error& e) {
        std::fprintf(stderr, "sociscopectl: the startup profile could not be made: %s\n", e.text().c_str());
        return std::nullopt;
    };
    auto img = openImage(ctx, ref.str(), digest);
    if (!img)
        return fail(img.error());
    auto p = lazy::describeStartup(**img, record);
    if (!p)
        return fail(p.error());
    p->reference = ref.str();
    p->command = command;
    auto path = lazy::saveProfile(*p, name);
    if (!path)
        return fail(path.error());
    if (!alsoTo.empty()) {
        if (auto s = files::writeFileAtomic(alsoTo, p->toJson(2) + "\n", 0600, false); !s)
            return fail(s.error());
        *path = alsoTo;
    }
    return std::make_pair(std::move(*p), std::move(*path));
}

void printStartup(const lazy::StartupProfile& p, const std::string& path, const std::string& ref)
{
    std::size_t spans = 0;
    for (const auto& l : p.layers)
        for (const auto& r : l.spans)
            spans += static_cast<std::size_t>(r.end - r.start + 1);
    std::fprintf(stderr, "startup (until %s%s): %zu spans of %zu layers, %s of a %s image (%s)%s\n",
        p.record.until.c_str(), p.record.until == "time" ? (", " + std::to_string(p.record.seconds) + " s").c_str() : "",
        spans, p.layers.size(), str::humanBytes(p.neededBytes).c_str(), str::humanBytes(p.imageBytes).c_str(),
        percentText(p.neededBytes, p.imageBytes).c_str(),
        p.record.firstOutputMs >= 0 ? ("; first output after " + std::to_string(p.record.firstOutputMs) + " ms").c_str()
                                    : "; no output");
    for (const auto& l : p.layers) {
        std::string files;
        std::size_t n = 0;
        for (const auto& f : l.files) {
            for (const auto& name : f.files)
                if (n++ < 4)
                    files += (files.empty() ? "" : ", ") + str::printable(name);
            n += f.more;
        }
        if (n > 4)
            files += ", … (" + std::to_string(n) + " files)";
        std::fprintf(stderr, "  layer %2d  %s  %s  %s\n", l.index, str::humanBytes(l.bytes).c_str(),
            l.digest.c_str(), files.c_str());
    }
    std::fprintf(stderr, "profile saved to %s; publish it with `sociscopectl index prefetch add %s --from-last-run`\n",
        path.c_str(), ref.c_str());
}

Status runIndexPrefetch(Context& ctx, Args& args)
{
    return dispatchSub(ctx, args, { { "add", runPrefetchAdd } }, "index prefetch");
}

} // namespace sociscope::cli
