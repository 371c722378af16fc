// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/image.h"

#include "oci/gojson.h"
#include "oci/mediatypes.h"
#include "util/strings.h"

#include <sys/utsname.h>

namespace sociscope::oci {

using nlohmann::json;

namespace {

Error fieldError(const std::string& path, const std::string& what)
{
    return makeError(ErrorCode::Malformed, path + ": " + what);
}

std::string typeName(const json& j)
{
    return std::string(j.type_name());
}

Result<std::string> getString(const json& obj, const char* key, const std::string& path, bool required)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required)
            return fieldError(path, std::string("field '") + key + "' is missing");
        return std::string();
    }
    if (!it->is_string())
        return fieldError(path, std::string("field '") + key + "' must be a string, not " + typeName(*it));
    return it->get<std::string>();
}

Result<std::vector<std::string>> getStringList(const json& obj, const char* key, const std::string& path)
{
    std::vector<std::string> out;
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return out;
    if (!it->is_array())
        return fieldError(path, std::string("field '") + key + "' must be an array of strings");
    for (const auto& e : *it) {
        if (!e.is_string())
            return fieldError(path, std::string("field '") + key + "' must hold only strings");
        out.push_back(e.get<std::string>());
    }
    return out;
}

Result<std::map<std::string, std::string>> getStringMap(const json& obj, const char* key, const std::string& path)
{
    std::map<std::string, std::string> out;
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return out;
    if (!it->is_object())
        return fieldError(path, std::string("field '") + key + "' must be an object of strings");
    for (const auto& [k, v] : it->items()) {
        if (!v.is_string())
            return fieldError(path, std::string("field '") + key + "." + k + "' must be a string");
        out[k] = v.get<std::string>();
    }
    return out;
}

// Keys of an object whose values are {} (ExposedPorts, Volumes).
std::vector<std::string> getKeySet(const json& obj, const char* key)
{
    std::vector<std::string> out;
    const auto it = obj.find(key);
    if (it != obj.end() && it->is_object())
        for (const auto& [k, v] : it->items())
            out.push_back(k);
    return out;
}

Result<json> parseObject(std::string_view bytes, const std::string& what)
{
    json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (j.is_discarded())
        return makeError(ErrorCode::Malformed, what + " is not valid JSON");
    if (!j.is_object())
        return makeError(ErrorCode::Malformed, what + " must be a JSON object, not " + typeName(j));
    return j;
}

Result<int> getSchemaVersion(const json& j, const std::string& what)
{
    const auto it = j.find("schemaVersion");
    if (it == j.end())
        return fieldError(what, "field 'schemaVersion' is missing");
    if (!it->is_number_integer())
        return fieldError(what, "field 'schemaVersion' must be an integer");
    const int v = it->get<int>();
    if (v != 2)
        return makeError(ErrorCode::Unsupported, what + ": schemaVersion " + std::to_string(v) + " is not supported (only 2)");
    return v;
}

Result<std::optional<Platform>> parsePlatform(const json& obj, const std::string& path)
{
    const auto it = obj.find("platform");
    if (it == obj.end() || it->is_null())
        return std::optional<Platform>{};
    if (!it->is_object())
        return fieldError(path, "field 'platform' must be an object");
    Platform p;
    auto arch = getString(*it, "architecture", path + ".platform", true);
    if (!arch)
        return arch.error();
    auto os = getString(*it, "os", path + ".platform", true);
    if (!os)
        return os.error();
    auto ver = getString(*it, "os.version", path + ".platform", false);
    auto var = getString(*it, "variant", path + ".platform", false);
    auto feats = getStringList(*it, "os.features", path + ".platform");
    if (!ver)
        return ver.error();
    if (!var)
        return var.error();
    if (!feats)
        return feats.error();
    p.architecture = *arch;
    p.os = *os;
    p.osVersion = *ver;
    p.variant = *var;
    p.osFeatures = *feats;
    return std::optional<Platform>(p);
}

void appendPlatform(std::string& out, const Platform& p)
{
    gojson::ObjectWriter w(out);
    w.string("architecture", p.architecture);
    w.string("os", p.os);
    w.stringIfNotEmpty("os.version", p.osVersion);
    if (!p.osFeatures.empty()) {
        std::string& o = w.key("os.features");
        o += '[';
        for (size_t i = 0; i < p.osFeatures.size(); ++i) {
            if (i)
                o += ',';
            gojson::appendString(o, p.osFeatures[i]);
        }
        o += ']';
    }
    w.stringIfNotEmpty("variant", p.variant);
}

Result<std::optional<Descriptor>> parseOptionalDescriptor(const json& obj, const char* key, const std::string& path)
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return std::optional<Descriptor>{};
    auto d = parseDescriptor(*it, path + "." + key);
    if (!d)
        return d.error();
    return std::optional<Descriptor>(std::move(d.value()));
}

Result<std::vector<Descriptor>> parseDescriptorList(const json& obj, const char* key, const std::string& path,
                                                    bool required)
{
    std::vector<Descriptor> out;
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required)
            return fieldError(path, std::string("field '") + key + "' is missing");
        return out;
    }
    if (!it->is_array())
        return fieldError(path, std::string("field '") + key + "' must be an array");
    size_t i = 0;
    for (const auto& e : *it) {
        auto d = parseDescriptor(e, path + "." + key + "[" + std::to_string(i++) + "]");
        if (!d)
            return d.error();
        out.push_back(std::move(d.value()));
    }
    return out;
}

std::string normaliseArch(std::string machine)
{
    if (machine == "x86_64")
        return "amd64";
    if (machine == "aarch64" || machine == "arm64")
        return "arm64";
    if (str::startsWith(machine, "armv"))
        return "arm";
    if (machine == "i686" || machine == "i386")
        return "386";
    return machine;
}
} // namespace

Result<Platform> Platform::parse(std::string_view text)
{
    const auto parts = str::split(text, '/');
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty())
        return makeError(ErrorCode::Usage, "platform must be os/arch[/variant], e.g. linux/amd64", std::string(text));
    Platform p;
    p.os = parts[0];
    p.architecture = parts[1];
    if (parts.size() == 3)
        p.variant = parts[2];
    return p;
}

Platform Platform::host()
{
    Platform p;
    p.os = "linux";
    struct utsname u {};
    std::string machine = ::uname(&u) == 0 ? u.machine : "x86_64";
    p.architecture = normaliseArch(machine);
    if (p.architecture == "arm64")
        p.variant = "v8";
    else if (p.architecture == "arm")
        p.variant = str::startsWith(machine, "armv6") ? "v6" : "v7";
    return p;
}

std::string Platform::str() const
{
    std::string s = os + "/" + architecture;
    if (!variant.empty())
        s += "/" + variant;
    return s;
}

bool Platform::matches(const Platform& wanted) const
{
    if (os != wanted.os || architecture != wanted.architecture)
        return false;
    if (wanted.variant.empty())
        return true;
    const auto norm = [this](const std::string& v) { return v.empty() && architecture == "arm64" ? std::string("v8") : v; };
    return norm(variant) == norm(wanted.variant);
}

std::string Descriptor::annotation(const std::string& key) const
{
    const auto it = annotations.find(key);
    return it == annotations.end() ? std::string() : it->second;
}

Result<Descriptor> parseDescriptor(const json& j, const std::string& path)
{
    if (!j.is_object())
        return fieldError(path, "descriptor must be an object");
    Descriptor d;
    auto mt = getString(j, "mediaType", path, true);
    if (!mt)
        return mt.error();
    d.mediaType = *mt;
    auto dg = getString(j, "digest", path, true);
    if (!dg)
        return dg.error();
    auto parsed = Digest::parse(*dg);
    if (!parsed)
        return fieldError(path, "field 'digest': " + parsed.error().message);
    d.digest = *parsed;
    const auto size = j.find("size");
    if (size == j.end())
        return fieldError(path, "field 'size' is missing");
    if (!size->is_number_integer() || size->get<std::int64_t>() < 0)
        return fieldError(path, "field 'size' must be a non-negative integer");
    d.size = size->get<std::int64_t>();
    auto urls = getStringList(j, "urls", path);
    if (!urls)
        return urls.error();
    d.urls = *urls;
    auto ann = getStringMap(j, "annotations", path);
    if (!ann)
        return ann.error();
    d.annotations = *ann;
    if (auto it = j.find("data"); it != j.end() && it->is_string())
        d.data = it->get<std::string>();
    auto plat = parsePlatform(j, path);
    if (!plat)
        return plat.error();
    d.platform = *plat;
    auto at = getString(j, "artifactType", path, false);
    if (!at)
        return at.error();
    d.artifactType = *at;
    return d;
}

void appendGoJson(std::string& out, const Platform& p) { appendPlatform(out, p); }

void appendGoJson(std::string& out, const Descriptor& d)
{
    gojson::ObjectWriter w(out);
    w.string("mediaType", d.mediaType);
    w.string("digest", d.digest.str());
    w.integer("size", d.size);
    if (!d.urls.empty()) {
        std::string& o = w.key("urls");
        o += '[';
        for (size_t i = 0; i < d.urls.size(); ++i) {
            if (i)
                o += ',';
            gojson::appendString(o, d.urls[i]);
        }
        o += ']';
    }
    w.stringMapIfNotEmpty("annotations", d.annotations);
    if (d.data && !d.data->empty())
        w.string("data", *d.data);
    if (d.platform)
        appendPlatform(w.key("platform"), *d.platform);
    w.stringIfNotEmpty("artifactType", d.artifactType);
}

Result<Manifest> Manifest::parse(std::string_view bytes, std::string_view mediaTypeHint)
{
    const std::string what = "image manifest";
    auto j = parseObject(bytes, what);
    if (!j)
        return j.error();
    Manifest m;
    auto sv = getSchemaVersion(*j, what);
    if (!sv)
        return sv.error();
    m.schemaVersion = *sv;
    auto mt = getString(*j, "mediaType", what, false);
    if (!mt)
        return mt.error();
    m.mediaType = mt->empty() ? std::string(mediaTypeHint) : *mt;
    if (m.mediaType.empty())
        m.mediaType = std::string(mt::OciManifest);
    if (mt::isIndex(m.mediaType) || j->contains("manifests"))
        return makeError(ErrorCode::Malformed, what + ": this is an image index (" + m.mediaType + "), not a manifest");
    if (!mt::isManifest(m.mediaType))
        return makeError(ErrorCode::Unsupported, what + ": unknown media type " + m.mediaType);
    auto at = getString(*j, "artifactType", what, false);
    if (!at)
        return at.error();
    m.artifactType = *at;
    const auto cfg = j->find("config");
    if (cfg == j->end())
        return fieldError(what, "field 'config' is missing");
    auto cd = parseDescriptor(*cfg, what + ".config");
    if (!cd)
        return cd.error();
    m.config = *cd;
    auto layers = parseDescriptorList(*j, "layers", what, true);
    if (!layers)
        return layers.error();
    m.layers = std::move(*layers);
    auto subject = parseOptionalDescriptor(*j, "subject", what);
    if (!subject)
        return subject.error();
    m.subject = *subject;
    auto ann = getStringMap(*j, "annotations", what);
    if (!ann)
        return ann.error();
    m.annotations = *ann;
    m.json = std::move(*j);
    return m;
}

std::string Manifest::toGoJson() const
{
    std::string out;
    {
        gojson::ObjectWriter w(out);
        w.integer("schemaVersion", schemaVersion);
        w.stringIfNotEmpty("mediaType", mediaType);
        w.stringIfNotEmpty("artifactType", artifactType);
        appendGoJson(w.key("config"), config);
        std::string& o = w.key("layers");
        o += '[';
        for (size_t i = 0; i < layers.size(); ++i) {
            if (i)
                o += ',';
            appendGoJson(o, layers[i]);
        }
        o += ']';
        if (subject)
            appendGoJson(w.key("subject"), *subject);
        w.stringMapIfNotEmpty("annotations", annotations);
    }
    return out;
}

Result<Index> Index::parse(std::string_view bytes, std::string_view mediaTypeHint)
{
    const std::string what = "image index";
    auto j = parseObject(bytes, what);
    if (!j)
        return j.error();
    Index x;
    auto sv = getSchemaVersion(*j, what);
    if (!sv)
        return sv.error();
    x.schemaVersion = *sv;
    auto mt = getString(*j, "mediaType", what, false);
    if (!mt)
        return mt.error();
    x.mediaType = mt->empty() ? std::string(mediaTypeHint) : *mt;
    if (x.mediaType.empty())
        x.mediaType = std::string(mt::OciIndex);
    if (!mt::isIndex(x.mediaType))
        return makeError(ErrorCode::Malformed, what + ": media type " + x.mediaType + " is not an image index");
    auto at = getString(*j, "artifactType", what, false);
    if (!at)
        return at.error();
    x.artifactType = *at;
    auto ms = parseDescriptorList(*j, "manifests", what, true);
    if (!ms)
        return ms.error();
    x.manifests = std::move(*ms);
    auto subject = parseOptionalDescriptor(*j, "subject", what);
    if (!subject)
        return subject.error();
    x.subject = *subject;
    auto ann = getStringMap(*j, "annotations", what);
    if (!ann)
        return ann.error();
    x.annotations = *ann;
    x.json = std::move(*j);
    return x;
}

std::string Index::toGoJson() const
{
    std::string out;
    {
        gojson::ObjectWriter w(out);
        w.integer("schemaVersion", schemaVersion);
        w.stringIfNotEmpty("mediaType", mediaType);
        w.stringIfNotEmpty("artifactType", artifactType);
        std::string& o = w.key("manifests");
        o += '[';
        for (size_t i = 0; i < manifests.size(); ++i) {
            if (i)
                o += ',';
            appendGoJson(o, manifests[i]);
        }
        o += ']';
        if (subject)
            appendGoJson(w.key("subject"), *subject);
        w.stringMapIfNotEmpty("annotations", annotations);
    }
    return out;
}

Result<ImageConfig> ImageConfig::parse(std::string_view bytes)
{
    const std::string what = "image config";
    auto j = parseObject(bytes, what);
    if (!j)
        return j.error();
    ImageConfig c;
    const auto str = [&](const nlohmann::json& o, const char* k, const std::string& p, std::string& dst) -> Status {
        auto v = getString(o, k, p, false);
        if (!v)
            return v.error();
        dst = *v;
        return {};
    };
    for (auto [k, dst] : {std::pair{"architecture", &c.architecture}, {"os", &c.os}, {"variant", &c.variant},
                          {"os.version", &c.osVersion}, {"created", &c.created}, {"author", &c.author}})
        if (auto s = str(*j, k, what, *dst); !s)
            return s.error();
    if (auto it = j->find("config"); it != j->end() && !it->is_null()) {
        if (!it->is_object())
            return fieldError(what, "field 'config' must be an object");
        const std::string p = what + ".config";
        for (auto [k, dst] : {std::pair{"User", &c.user}, {"WorkingDir", &c.workingDir}, {"StopSignal", &c.stopSignal}})
            if (auto s = str(*it, k, p, *dst); !s)
                return s.error();
        for (auto [k, dst] : {std::pair{"Env", &c.env}, {"Entrypoint", &c.entrypoint}, {"Cmd", &c.cmd}}) {
            auto v = getStringList(*it, k, p);
            if (!v)
                return v.error();
            *dst = *v;
        }
        auto labels = getStringMap(*it, "Labels", p);
        if (!labels)
            return labels.error();
        c.labels = *labels;
        c.exposedPorts = getKeySet(*it, "ExposedPorts");
        c.volumes = getKeySet(*it, "Volumes");
    }
    if (auto it = j->find("rootfs"); it != j->end() && it->is_object()) {
        auto ids = getStringList(*it, "diff_ids", what + ".rootfs");
        if (!ids)
            return ids.error();
        for (size_t i = 0; i < ids->size(); ++i) {
            auto d = Digest::parse((*ids)[i]);
            if (!d)
                return fieldError(what, "rootfs.diff_ids[" + std::to_string(i) + "]: " + d.error().message);
            c.diffIds.push_back(*d);
        }
    }
    if (auto it = j->find("history"); it != j->end() && it->is_array()) {
        for (const auto& h : *it) {
            if (!h.is_object())
                continue;
            // History is only shown: a field of another type reads as absent
            // (json::value would throw on it).
            const auto text = [&h](const char* key) {
                const auto f = h.find(key);
                return f != h.end() && f->is_string() ? f->get<std::string>() : std::string();
            };
            HistoryEntry e;
            e.created = text("created");
            e.createdBy = text("created_by");
            e.author = text("author");
            e.comment = text("comment");
            const auto empty = h.find("empty_layer");
            e.emptyLayer = empty != h.end() && empty->is_boolean() && empty->get<bool>();
            c.history.push_back(std::move(e));
        }
    }
    c.json = std::move(*j);
    return c;
}

Platform ImageConfig::platform() const
{
    Platform p;
    p.architecture = architecture;
    p.os = os;
    p.variant = variant;
    p.osVersion = osVersion;
    return p;
}

std::string sniffMediaType(std::string_view bytes)
{
    json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (j.is_object()) {
        if (auto it = j.find("mediaType"); it != j.end() && it->is_string())
            return it->get<std::string>();
        if (j.contains("manifests"))
            return std::string(mt::OciIndex);
        if (j.contains("layers"))
            return std::string(mt::OciManifest);
    }
    return {};
}

} // namespace sociscope::oci
