// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/startup_profile.h"

#include "lazy/lazy_image.h"
#include "oci/digest.h"
#include "util/files.h"
#include "util/json_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

namespace sociscope::lazy {

namespace {
using Json = nlohmann::ordered_json;

constexpr const char* kKind = "sociscope-startup-profile";

Json rangesJson(const std::vector<soci::PrefetchSpan>& spans)
{
    Json out = Json::array();
    for (const auto& s : spans)
        out.push_back(Json::array({ s.start, s.end }));
    return out;
}

Error bad(const std::string& what) { return makeError(ErrorCode::Malformed, "startup profile: " + what); }

constexpr const char* kLastRun = "last-run.json";

// Keeps the newest kKeptProfiles profiles (by modification time).
void pruneProfiles(const std::string& dir)
{
    namespace fs = std::filesystem;
    std::vector<std::pair<fs::file_time_type, fs::path>> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".json" && it->path().filename() != kLastRun)
            found.emplace_back(it->last_write_time(ec), it->path());
    if (found.size() <= kKeptProfiles)
        return;
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = kKeptProfiles; i < found.size(); ++i)
        fs::remove(found[i].second, ec);
}
} // namespace

std::string profilesDir() { return files::stateDir() + "/profiles"; }

std::string lastRunProfilePath() { return profilesDir() + "/" + kLastRun; }

Result<std::string> saveProfile(const StartupProfile& profile, const std::string& name)
{
    const std::string dir = profilesDir();
    if (auto s = files::makeDirs(dir, 0700); !s)
        return s.error();
    const std::string text = profile.toJson(2) + "\n";
    const std::string path = dir + "/" + name + ".json";
    if (auto s = files::writeFileAtomic(path, text, 0600, false); !s)
        return s.error();
    if (auto s = files::writeFileAtomic(lastRunProfilePath(), text, 0600, false); !s)
        return s.error();
    pruneProfiles(dir);
    return path;
}

std::string StartupProfile::toJson(int indent) const
{
    Json j;
    j["schemaVersion"] = 1;
    j["kind"] = kKind;
    j["reference"] = reference;
    j["digest"] = digest;
    j["platform"] = platform;
    j["index"] = index.empty() ? Json(nullptr) : Json(index);
    j["command"] = command;
    j["until"] = record.until;
    j["seconds"] = record.seconds ? Json(record.seconds) : Json(nullptr);
    j["firstOutputMs"] = record.firstOutputMs >= 0 ? Json(record.firstOutputMs) : Json(nullptr);
    j["recordedMs"] = record.recordedMs;
    j["imageBytes"] = imageBytes;
    j["neededBytes"] = neededBytes;
    j["neededPercent"] = imageBytes ? static_cast<double>(neededBytes) * 100.0 / static_cast<double>(imageBytes) : 0.0;
    Json layerList = Json::array();
    for (const auto& l : layers) {
        Json lj;
        lj["index"] = l.index;
        lj["digest"] = l.digest;
        lj["size"] = l.size;
        lj["spanCount"] = l.spanCount;
        lj["spans"] = rangesJson(l.spans);
        lj["bytes"] = l.bytes;
        Json files = Json::array();
        for (const auto& f : l.files)
            files.push_back({ { "span", f.span }, { "files", f.files }, { "more", f.more } });
        lj["files"] = files;
        layerList.push_back(std::move(lj));
    }
    j["layers"] = layerList;
    return jsontext::dump(std::move(j), indent);
}

Result<StartupProfile> StartupProfile::parse(std::string_view json)
{
    if (json.size() > kMaxBytes)
        return bad("over " + std::to_string(kMaxBytes >> 20) + " MiB; not a profile this program wrote");
    const auto j = Json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return bad("not JSON");
    if (j.value("kind", std::string()) != kKind || j.value("schemaVersion", 0) != 1)
        return bad("not a startup profile (kind \"" + std::string(kKind) + "\", schemaVersion 1)");
    StartupProfile p;
    p.reference = jsontext::textOf(j, "reference").value_or("");
    p.digest = j.value("digest", std::string());
    if (!oci::Digest::parse(p.digest))
        return bad("its digest \"" + p.digest + "\" is not an image digest");
    p.platform = j.value("platform", std::string());
    if (j.contains("index") && j["index"].is_string())
        p.index = j["index"].get<std::string>();
    p.record.until = j.value("until", std::string());
    if (j.contains("firstOutputMs") && j["firstOutputMs"].is_number_integer())
        p.record.firstOutputMs = j["firstOutputMs"].get<std::int64_t>();
    p.record.recordedMs = j.value("recordedMs", std::int64_t(0));
    p.imageBytes = j.value("imageBytes", std::uint64_t(0));
    p.neededBytes = j.value("neededBytes", std::uint64_t(0));
    const auto layers = j.find("layers");
    if (layers == j.end() || !layers->is_array())
        return bad("it has no list of layers");
    for (const auto& lj : *layers) {
        if (!lj.is_object())
            return bad("a layer entry is not an object");
        StartupLayer l;
        l.index = lj.value("index", -1);
        l.digest = lj.value("digest", std::string());
        if (!oci::Digest::parse(l.digest))
            return bad("layer " + std::to_string(l.index) + " has no valid digest");
        l.size = lj.value("size", std::int64_t(0));
        l.spanCount = lj.value("spanCount", 0);
        l.bytes = lj.value("bytes", std::uint64_t(0));
        const auto spans = lj.find("spans");
        if (spans == lj.end() || !spans->is_array() || spans->size() > soci::kMaxPrefetchRanges)
            return bad("layer " + l.digest + " has no list of span ranges (or more than " +
                       std::to_string(soci::kMaxPrefetchRanges) + ")");
        for (const auto& r : *spans) {
            if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_number_integer())
                return bad("layer " + l.digest + ": a span range is not [first, last]");
            const auto a = r[0].get<std::int64_t>(), b = r[1].get<std::int64_t>();
            if (a < 0 || b < a || b > std::numeric_limits<std::int32_t>::max())
                return bad("layer " + l.digest + ": span range [" + std::to_string(a) + ", " + std::to_string(b) +
                           "] is not a range of span ids");
            l.spans.push_back({ static_cast<std::int32_t>(a), static_cast<std::int32_t>(b), 0 });
        }
        l.spans = soci::mergePrefetchSpans(std::move(l.spans));
        // The files behind each span, as written (for the GUI's Startup tab);
        // bounded by the span ranges' own cap and kMaxFilesPerSpan.
        if (const auto files = lj.find("files"); files != lj.end() && files->is_array()) {
            for (const auto& fj : *files) {
                if (!fj.is_object() || l.files.size() >= soci::kMaxPrefetchRanges)
                    break;
                StartupFiles f;
                f.span = fj.value("span", 0);
                f.more = fj.value("more", std::size_t(0));
                if (const auto names = fj.find("files"); names != fj.end() && names->is_array())
                    for (const auto& n : *names)
                        if (auto name = n.is_string() ? std::optional(n.get<std::string>()) : std::nullopt;
                            name && f.files.size() < StartupProfile::kMaxFilesPerSpan)
                            f.files.push_back(std::move(*name));
                l.files.push_back(std::move(f));
            }
        }
        p.layers.push_back(std::move(l));
    }
    return p;
}

Result<StartupProfile> describeStartup(LazyImage& image, const StartupRecord& record)
{
    StartupProfile p;
    const auto& img = image.image();
    p.digest = img.raw.digest.str();
    p.platform = img.platform().str();
    if (image.index())
        p.index = image.index()->index.digest.str();
    p.record = record;
    p.record.spans.clear();
    const auto& layers = img.manifest.layers;
    for (const auto& l : layers)
        p.imageBytes += static_cast<std::uint64_t>(std::max<std::int64_t>(l.size, 0));
    for (std::size_t i = 0; i < record.spans.size() && i < layers.size(); ++i) {
        if (record.spans[i].empty())
            continue;
        auto reader = image.layer(i);
        if (!reader)
            return reader.error();
        const auto& index = (*reader)->spans();
        StartupLayer l;
        l.index = static_cast<int>(i);
        l.digest = layers[i].digest.str();
        l.size = layers[i].size;
        l.spanCount = index.spanCount();
        std::vector<bool> read(static_cast<std::size_t>(index.spanCount()), false);
        for (const auto s : record.spans[i]) {
            if (s < 0 || s >= index.spanCount())
                return makeError(ErrorCode::Malformed, "the record names span " + std::to_string(s) + " of layer " +
                                                           std::to_string(i) + ", which has " +
                                                           std::to_string(index.spanCount()) + " spans");
            if (read[static_cast<std::size_t>(s)])
                continue;
            read[static_cast<std::size_t>(s)] = true;
            l.bytes += static_cast<std::uint64_t>(index.range(s).compressedEnd - index.range(s).compressedStart);
        }
        l.spans = soci::prefetchSpansOf(record.spans[i]);
        // The files behind each span: the layer's own files (overwritten
        // ones included: the span holds their bytes all the same).
        auto tree = image.layerTree(i);
        if (!tree)
            return tree.error();
        std::map<std::int32_t, StartupFiles> bySpan;
        for (fs::Ino ino = (*tree)->root(); ino <= (*tree)->size(); ++ino) {
            if (!(*tree)->valid(ino) || (*tree)->inode(ino).type != fs::FileType::Regular ||
                (*tree)->inode(ino).size <= 0)
                continue;
            const auto spans = image.spansOf(**tree, ino);
            if (!spans)
                continue;
            for (std::int32_t s = spans->first; s <= spans->second; ++s) {
                if (s < 0 || s >= index.spanCount() || !read[static_cast<std::size_t>(s)])
                    continue;
                auto& f = bySpan[s];
                f.span = s;
                if (f.files.size() < StartupProfile::kMaxFilesPerSpan)
                    f.files.push_back((*tree)->pathOf(ino));
                else
                    ++f.more;
            }
        }
        for (auto& [s, f] : bySpan)
            l.files.push_back(std::move(f));
        p.neededBytes += l.bytes;
        p.layers.push_back(std::move(l));
    }
    return p;
}

Result<soci::PublishedPrefetch> publishProfile(registry::Source& source, const std::string& ref, const std::string& tag,
    const registry::PlatformImage& image, const StartupProfile& profile)
{
    auto found = soci::findIndex(source, image);
    if (!found)
        return found.error();
    if (!*found)
        return makeError(ErrorCode::NotFound,
            "the image has no SOCI index to add prefetch artifacts to; make one with `sociscopectl index convert` "
            "(v2) or `index push` (v1) first",
            ref);
    std::vector<soci::LayerSpans> layers;
    for (const auto& l : profile.layers) {
        auto d = oci::Digest::parse(l.digest);
        if (!d)
            return bad(d.error().message);
        layers.push_back({ *d, l.spans });
    }
    return soci::publishPrefetch(source, ref, tag, image, **found, layers);
}

} // namespace sociscope::lazy
