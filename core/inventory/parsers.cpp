// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "inventory/parsers.h"

#include "util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace sociscope::inventory {

const char* kindName(Kind kind)
{
    switch (kind) {
    case Kind::Deb: return "deb";
    case Kind::Apk: return "apk";
    case Kind::Rpm: return "rpm";
    case Kind::Python: return "python";
    case Kind::Conda: return "conda";
    case Kind::Cuda: return "cuda";
    }
    return "deb";
}

std::optional<Kind> kindFromName(std::string_view name)
{
    for (Kind k : {Kind::Deb, Kind::Apk, Kind::Rpm, Kind::Python, Kind::Conda, Kind::Cuda})
        if (name == kindName(k))
            return k;
    return std::nullopt;
}

namespace {

// Lines, without their line ends ("\r\n" too).
std::vector<std::string_view> lines(std::string_view text)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view l = text.substr(start, end - start);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        out.push_back(l);
        if (end == text.size())
            break;
        start = end + 1;
    }
    return out;
}

// RFC 822-style stanzas: "Key: value" with indented continuation lines;
// keys lower-cased. Stanzas end at blank lines. onStanza gets each one.
template <typename F>
void stanzas(std::string_view text, bool stopAtFirstBlank, F onStanza)
{
    std::map<std::string, std::string> fields;
    std::string last;
    const auto flush = [&] {
        if (!fields.empty())
            onStanza(fields);
        fields.clear();
        last.clear();
    };
    for (std::string_view l : lines(text)) {
        if (str::trim(l).empty()) {
            flush();
            if (stopAtFirstBlank)
                return;
            continue;
        }
        if ((l.front() == ' ' || l.front() == '\t')) {
            if (!last.empty())
                fields[last] += "\n" + std::string(str::trim(l));
            continue;
        }
        const size_t colon = l.find(':');
        if (colon == std::string_view::npos || colon == 0)
            continue;
        last = str::toLower(str::trim(l.substr(0, colon)));
        // The first occurrence wins (METADATA repeats Classifier, not Name).
        fields.emplace(last, std::string(str::trim(l.substr(colon + 1))));
    }
    flush();
}

std::string field(const std::map<std::string, std::string>& f, const char* key)
{
    const auto it = f.find(key);
    return it == f.end() ? std::string() : it->second;
}

std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

std::string jsonString(const nlohmann::json& j, const char* key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool isVersion(std::string_view v, int minParts)
{
    if (v.empty() || v.front() == '.' || v.back() == '.')
        return false;
    int parts = 1;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '.') {
            if (v[i - 1] == '.')
                return false;
            ++parts;
        } else if (!std::isdigit(static_cast<unsigned char>(v[i]))) {
            return false;
        }
    }
    return parts >= minParts;
}

} // namespace

std::vector<Package> parseDpkgStatus(std::string_view text, const std::string& path)
{
    std::vector<Package> out;
    stanzas(text, false, [&](const std::map<std::string, std::string>& f) {
        const std::string name = field(f, "package");
        const std::string version = field(f, "version");
        if (name.empty() || version.empty())
            return;
        // status.d files (distroless) have no Status: they list installed packages only.
        if (f.count("status")) {
            const auto words = str::split(field(f, "status"), ' ');
            if (words.empty() || words.back() != "installed")
                return;
        }
        Package p;
        p.kind = Kind::Deb;
        p.name = name;
        p.version = version;
        p.path = path;
        p.architecture = field(f, "architecture");
        p.origin = field(f, "source");
        p.origin = p.origin.substr(0, p.origin.find(' ')); // "glibc (2.36-9)" -> "glibc"
        p.summary = firstLine(field(f, "description"));
        if (auto kib = str::parseI64(field(f, "installed-size")))
            p.installedSize = *kib * 1024;
        out.push_back(std::move(p));
    });
    return out;
}

std::vector<Package> parseApkInstalled(std::string_view text, const std::string& path)
{
    std::vector<Package> out;
    Package p;
    const auto flush = [&] {
        if (!p.name.empty() && !p.version.empty()) {
            p.kind = Kind::Apk;
            p.path = path;
            out.push_back(p);
        }
        p = Package();
    };
    for (std::string_view l : lines(text)) {
        if (l.empty()) {
            flush();
            continue;
        }
        if (l.size() < 2 || l[1] != ':')
            continue;
        const std::string v(l.substr(2));
        switch (l[0]) {
        case 'P': p.name = v; break;
        case 'V': p.version = v; break;
        case 'A': p.architecture = v; break;
        case 'T': p.summary = v; break;
        case 'L': p.license = v; break;
        case 'o': p.origin = v; break;
        case 'I':
            if (auto n = str::parseI64(v))
                p.installedSize = *n;
            break;
        default: break;
        }
    }
    flush();
    return out;
}

std::optional<Package> parsePythonMetadata(std::string_view text, const std::string& path)
{
    std::optional<Package> out;
    stanzas(text, true, [&](const std::map<std::string, std::string>& f) {
        const std::string name = field(f, "name");
        const std::string version = field(f, "version");
        if (name.empty() || version.empty())
            return;
        Package p;
        p.kind = Kind::Python;
        p.name = name;
        p.version = version;
        p.path = path;
        p.summary = firstLine(field(f, "summary"));
        p.license = f.count("license-expression") ? field(f, "license-expression") : firstLine(field(f, "license"));
        if (p.license == "UNKNOWN")
            p.license.clear();
        out = std::move(p);
    });
    return out;
}

Result<Package> parseCondaMeta(std::string_view text, const std::string& path)
{
    // Only top-level scalars are read; the long "files" and "paths_data" lists
    // (up to 32 MiB of text) are skipped while parsing, never built as a tree
    // several times their size.
    const nlohmann::json::parser_callback_t topLevelOnly = [](int depth, nlohmann::json::parse_event_t event,
                                                              nlohmann::json&) {
        return !(depth >= 1 && (event == nlohmann::json::parse_event_t::object_start ||
                                event == nlohmann::json::parse_event_t::array_start));
    };
    const auto j = nlohmann::json::parse(text, topLevelOnly, false);
    if (j.is_discarded() || !j.is_object())
        return makeError(ErrorCode::Malformed, "not a JSON object", path);
    Package p;
    p.kind = Kind::Conda;
    p.name = jsonString(j, "name");
    p.version = jsonString(j, "version");
    if (p.name.empty() || p.version.empty())
        return makeError(ErrorCode::Malformed, "a conda record without name or version", path);
    p.path = path;
    p.architecture = jsonString(j, "subdir");
    // "https://conda.anaconda.org/conda-forge/linux-64" -> "conda-forge".
    std::string channel = jsonString(j, "channel");
    if (!p.architecture.empty() && str::endsWith(channel, "/" + p.architecture))
        channel.resize(channel.size() - p.architecture.size() - 1);
    if (const auto slash = channel.rfind('/'); slash != std::string::npos && str::startsWith(channel, "http"))
        channel = channel.substr(slash + 1);
    p.origin = channel;
    if (const std::string build = jsonString(j, "build"); !build.empty())
        p.summary = "build " + build;
    p.license = jsonString(j, "license");
    if (const auto it = j.find("size"); it != j.end() && it->is_number_integer())
        p.installedSize = it->get<std::int64_t>();
    return p;
}

std::vector<Package> parseCudaVersionJson(std::string_view text, const std::string& path)
{
    std::vector<Package> out;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return out;
    const struct {
        const char* key;
        const char* name;
    } wanted[] = {{"cuda", "cuda"}, {"libcudnn", "cudnn"}, {"cudnn", "cudnn"}, {"nccl", "nccl"}, {"libnccl", "nccl"}};
    for (const auto& w : wanted) {
        const auto it = j.find(w.key);
        if (it == j.end() || !it->is_object())
            continue;
        const std::string version = jsonString(*it, "version");
        if (version.empty())
            continue;
        Package p;
        p.kind = Kind::Cuda;
        p.name = w.name;
        p.version = version;
        p.path = path;
        p.summary = jsonString(*it, "name");
        p.origin = "version.json";
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<Package> parseCudaVersionText(std::string_view text, const std::string& path)
{
    for (std::string_view l : lines(text)) {
        l = str::trim(l);
        constexpr std::string_view Prefix = "CUDA Version ";
        if (!str::startsWith(l, Prefix))
            continue;
        const std::string_view v = str::trim(l.substr(Prefix.size()));
        if (!isVersion(v, 2))
            return std::nullopt;
        Package p;
        p.kind = Kind::Cuda;
        p.name = "cuda";
        p.version = std::string(v);
        p.path = path;
        p.summary = "CUDA Toolkit";
        p.origin = "version.txt";
        return p;
    }
    return std::nullopt;
}

std::optional<Package> parseVersionHeader(std::string_view text, const std::string& path, const std::string& prefix,
                                          const std::string& name)
{
    std::map<std::string, std::string> defines;
    for (std::string_view l : lines(text)) {
        l = str::trim(l);
        if (!str::startsWith(l, "#"))
            continue;
        l = str::trim(l.substr(1));
        if (!str::startsWith(l, "define"))
            continue;
        l = str::trim(l.substr(6));
        const size_t sp = l.find_first_of(" \t");
        if (sp == std::string_view::npos)
            continue;
        const std::string key(l.substr(0, sp));
        std::string_view value = str::trim(l.substr(sp));
        if (const size_t comment = value.find("/"); comment != std::string_view::npos)
            value = str::trim(value.substr(0, comment));
        defines.emplace(key, std::string(value));
    }
    const auto number = [&](const std::string& key) -> std::optional<std::string> {
        const auto it = defines.find(prefix + "_" + key);
        if (it == defines.end() || !str::parseU64(it->second))
            return std::nullopt;
        return it->second;
    };
    const auto major = number("MAJOR"), minor = number("MINOR");
    auto patch = number("PATCHLEVEL");
    if (!patch)
        patch = number("PATCH");
    if (!major || !minor)
        return std::nullopt;
    Package p;
    p.kind = Kind::Cuda;
    p.name = name;
    p.version = *major + "." + *minor + (patch ? "." + *patch : std::string());
    p.path = path;
    p.origin = "header";
    p.summary = name == "cudnn" ? "NVIDIA cuDNN" : name == "nccl" ? "NVIDIA NCCL" : std::string();
    return p;
}

std::optional<Package> packageFromLibraryName(std::string_view fileName, const std::string& path)
{
    static const std::array<std::pair<const char*, const char*>, 15> known = {{
        {"cudart", "CUDA runtime"},
        {"cudnn", "NVIDIA cuDNN"},
        {"nccl", "NVIDIA NCCL"},
        {"cublas", "cuBLAS"},
        {"cublasLt", "cuBLASLt"},
        {"cufft", "cuFFT"},
        {"curand", "cuRAND"},
        {"cusolver", "cuSOLVER"},
        {"cusparse", "cuSPARSE"},
        {"nvrtc", "NVRTC"},
        {"nvJitLink", "nvJitLink"},
        {"cupti", "CUPTI"},
        {"nvinfer", "TensorRT"},
        {"nvToolsExt", "NVTX"},
        {"cuda", "CUDA driver API (stub or driver)"},
    }};
    if (!str::startsWith(fileName, "lib"))
        return std::nullopt;
    const size_t so = fileName.find(".so.");
    if (so == std::string_view::npos)
        return std::nullopt;
    const std::string_view base = fileName.substr(3, so - 3);
    const std::string_view version = fileName.substr(so + 4);
    if (!isVersion(version, 2))
        return std::nullopt;
    for (const auto& [name, summary] : known) {
        if (base != name)
            continue;
        Package p;
        p.kind = Kind::Cuda;
        p.name = name;
        p.version = std::string(version);
        p.path = path;
        p.summary = summary;
        p.origin = "library";
        return p;
    }
    return std::nullopt;
}

Result<Package> parseRpmHeader(std::string_view blob, const std::string& path)
{
    const auto be32 = [&](size_t at) {
        return (static_cast<std::uint32_t>(static_cast<std::uint8_t>(blob[at])) << 24) |
               (static_cast<std::uint32_t>(static_cast<std::uint8_t>(blob[at + 1])) << 16) |
               (static_cast<std::uint32_t>(static_cast<std::uint8_t>(blob[at + 2])) << 8) |
               static_cast<std::uint32_t>(static_cast<std::uint8_t>(blob[at + 3]));
    };
    const auto bad = [&](const std::string& why) { return makeError(ErrorCode::Malformed, "RPM header: " + why, path); };
    if (blob.size() < 8)
        return bad("too short");
    const std::uint64_t il = be32(0), dl = be32(4);
    // rpm's own limits: 0xffff index entries, 256 MiB of data.
    if (il == 0 || il > 0xffff || dl > (256u << 20))
        return bad("impossible entry count or data size");
    const std::uint64_t dataStart = 8 + il * 16;
    if (dataStart + dl > blob.size())
        return bad("shorter than its entry table says");
    const std::string_view data = blob.substr(static_cast<size_t>(dataStart), static_cast<size_t>(dl));

    constexpr std::uint32_t TypeInt32 = 4, TypeString = 6, TypeI18n = 9, TypeStringArray = 8;
    const auto stringAt = [&](std::uint32_t off) -> std::optional<std::string> {
        if (off >= data.size())
            return std::nullopt;
        const size_t end = data.find('\0', off);
        if (end == std::string_view::npos)
            return std::nullopt;
        return std::string(data.substr(off, end - off));
    };
    Package p;
    p.kind = Kind::Rpm;
    p.path = path;
    std::string release;
    std::optional<std::uint32_t> epoch;
    for (std::uint64_t i = 0; i < il; ++i) {
        const size_t at = static_cast<size_t>(8 + i * 16);
        const std::uint32_t tag = be32(at), type = be32(at + 4), off = be32(at + 8), count = be32(at + 12);
        const bool isString = type == TypeString || type == TypeI18n || type == TypeStringArray;
        std::optional<std::string> s;
        if (isString && count > 0)
            s = stringAt(off);
        switch (tag) {
        case 1000: if (s) p.name = *s; break;
        case 1001: if (s) p.version = *s; break;
        case 1002: if (s) release = *s; break;
        case 1003:
            if (type == TypeInt32 && count >= 1 && static_cast<std::uint64_t>(off) + 4 <= data.size())
                epoch = be32(static_cast<size_t>(dataStart) + off);
            break;
        case 1004: if (s) p.summary = *s; break;
        case 1009:
            if (type == TypeInt32 && count >= 1 && static_cast<std::uint64_t>(off) + 4 <= data.size())
                p.installedSize = be32(static_cast<size_t>(dataStart) + off);
            break;
        case 1014: if (s) p.license = *s; break;
        case 1022: if (s) p.architecture = *s; break;
        case 1044: if (s) p.origin = *s; break;
        default: break;
        }
    }
    if (p.name.empty() || p.version.empty())
        return bad("no name or version");
    p.version = (epoch && *epoch ? std::to_string(*epoch) + ":" : std::string()) + p.version +
                (release.empty() ? std::string() : "-" + release);
    return p;
}

} // namespace sociscope::inventory
