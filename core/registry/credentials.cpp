// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/credentials.h"

#include "util/files.h"
#include "util/log.h"
#include "util/strings.h"
#include "util/subprocess.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace sociscope::registry {

using nlohmann::json;

namespace {

// "https://host/v1/" -> "host"; Docker's ConvertToHostname.
std::string keyHost(std::string key)
{
    if (str::startsWith(key, "http://"))
        key = key.substr(7);
    else if (str::startsWith(key, "https://"))
        key = key.substr(8);
    return key.substr(0, key.find('/'));
}

bool isDockerHub(const std::string& r)
{
    return r == "docker.io" || r == "index.docker.io" || r == "registry-1.docker.io";
}

bool sameRegistry(const std::string& key, const std::string& registry)
{
    const std::string h = keyHost(key);
    if (isDockerHub(registry))
        return isDockerHub(h);
    return h == registry;
}

Result<std::optional<Credentials>> helperGet(const std::string& helper, const std::string& serverUrl)
{
    auto out = proc::run({"docker-credential-" + helper, "get"}, serverUrl, std::chrono::seconds(30));
    if (!out) {
        if (out.error().code == ErrorCode::NotFound)
            return makeError(ErrorCode::Auth,
                             "the credential helper docker-credential-" + helper +
                                 " configured in " + DockerConfig::path() + " is not installed",
                             serverUrl);
        return out.error();
    }
    if (out->exitCode != 0) {
        // "credentials not found in native keychain" means: none stored.
        if (out->out.find("credentials not found") != std::string::npos ||
            out->err.find("credentials not found") != std::string::npos)
            return std::optional<Credentials>{};
        return makeError(ErrorCode::Auth,
                         "docker-credential-" + helper + " get failed: " + std::string(str::trim(out->err.empty() ? out->out : out->err)),
                         serverUrl);
    }
    const auto j = json::parse(out->out, nullptr, false);
    if (!j.is_object())
        return makeError(ErrorCode::Malformed, "docker-credential-" + helper + " answered with invalid JSON", serverUrl);
    // A field of another type is an answer we do not understand, not a crash.
    const auto field = [&j](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    Credentials c;
    const std::string user = field("Username");
    const std::string secret = field("Secret");
    if (user == "<token>")
        c.identityToken = secret;
    else {
        c.username = user;
        c.password = secret;
    }
    c.origin = "credential helper docker-credential-" + helper;
    if (c.empty())
        return std::optional<Credentials>{};
    return std::optional<Credentials>(c);
}

} // namespace

std::string dockerConfigKey(const std::string& registry)
{
    return isDockerHub(registry) ? std::string("https://index.docker.io/v1/") : registry;
}

std::string DockerConfig::path()
{
    if (const char* d = std::getenv("DOCKER_CONFIG"); d && *d)
        return std::string(d) + "/config.json";
    const char* h = std::getenv("HOME");
    return std::string(h && *h ? h : "/root") + "/.docker/config.json";
}

Result<DockerConfig> DockerConfig::load(const std::string& p)
{
    DockerConfig c;
    c.m_path = p;
    // A Docker config holds a few logins; 4 MiB is far beyond any real one.
    auto bytes = files::readFile(p, 4ull << 20);
    if (!bytes) {
        if (bytes.error().code == ErrorCode::NotFound) {
            c.m_json = "{}";
            return c;
        }
        if (bytes.error().code == ErrorCode::Malformed)
            return makeError(ErrorCode::Malformed, "the Docker config is larger than 4 MiB; refused", p);
        return bytes.error();
    }
    const auto j = json::parse(*bytes, nullptr, false);
    if (!j.is_object())
        return makeError(ErrorCode::Malformed, "the Docker config is not a JSON object", p);
    c.m_json = *bytes;
    return c;
}

std::string DockerConfig::helperFor(const std::string& registry) const
{
    const auto j = json::parse(m_json, nullptr, false);
    if (auto h = j.find("credHelpers"); h != j.end() && h->is_object())
        for (const auto& [k, v] : h->items())
            if (v.is_string() && sameRegistry(k, registry))
                return v.get<std::string>();
    if (auto s = j.find("credsStore"); s != j.end() && s->is_string())
        return s->get<std::string>();
    return {};
}

std::string DockerConfig::originOf(const std::string& registry) const
{
    if (const std::string h = helperFor(registry); !h.empty())
        return "credential helper docker-credential-" + h + " (from " + m_path + ")";
    return "\"auths\" in " + m_path;
}

Result<std::optional<Credentials>> DockerConfig::lookup(const std::string& registry) const
{
    const auto j = json::parse(m_json, nullptr, false);
    // A per-registry helper wins, then "auths", then the default store (as Docker).
    if (auto h = j.find("credHelpers"); h != j.end() && h->is_object())
        for (const auto& [k, v] : h->items())
            if (v.is_string() && sameRegistry(k, registry))
                return helperGet(v.get<std::string>(), k);
    if (auto a = j.find("auths"); a != j.end() && a->is_object()) {
        for (const auto& [k, v] : a->items()) {
            if (!sameRegistry(k, registry) || !v.is_object())
                continue;
            Credentials c;
            c.origin = "\"auths\" in " + m_path;
            if (auto it = v.find("auth"); it != v.end() && it->is_string() && !it->get<std::string>().empty()) {
                auto decoded = str::base64Decode(it->get<std::string>());
                const size_t colon = decoded ? decoded->find(':') : std::string::npos;
                if (!decoded || colon == std::string::npos)
                    return makeError(ErrorCode::Malformed,
                                     "the \"auth\" entry for " + k + " in the Docker config is not base64 of user:password",
                                     m_path);
                c.username = decoded->substr(0, colon);
                c.password = decoded->substr(colon + 1);
            }
            if (auto it = v.find("username"); c.username.empty() && it != v.end() && it->is_string())
                c.username = it->get<std::string>();
            if (auto it = v.find("password"); c.password.empty() && it != v.end() && it->is_string())
                c.password = it->get<std::string>();
            if (auto it = v.find("identitytoken"); it != v.end() && it->is_string())
                c.identityToken = it->get<std::string>();
            if (!c.empty())
                return std::optional<Credentials>(c);
        }
    }
    if (auto s = j.find("credsStore"); s != j.end() && s->is_string() && !s->get<std::string>().empty())
        return helperGet(s->get<std::string>(), isDockerHub(registry) ? dockerConfigKey(registry) : registry);
    return std::optional<Credentials>{};
}

Status DockerConfig::save() const
{
    const size_t slash = m_path.rfind('/');
    if (slash != std::string::npos)
        if (auto s = files::makeDirs(m_path.substr(0, slash), 0700); !s)
            return s;
    return files::writeFileAtomic(m_path, m_json, 0600);
}

Status DockerConfig::store(const std::string& registry, const Credentials& c)
{
    auto j = json::parse(m_json, nullptr, false);
    const std::string key = dockerConfigKey(registry);
    if (const std::string helper = helperFor(registry); !helper.empty()) {
        json payload = {{"ServerURL", key},
                        {"Username", c.identityToken.empty() ? c.username : std::string("<token>")},
                        {"Secret", c.identityToken.empty() ? c.password : c.identityToken}};
        auto out = proc::run({"docker-credential-" + helper, "store"}, payload.dump(), std::chrono::seconds(30));
        if (!out)
            return out.error();
        if (out->exitCode != 0)
            return makeError(ErrorCode::Auth,
                             "docker-credential-" + helper + " store failed: " + std::string(str::trim(out->err.empty() ? out->out : out->err)),
                             registry);
        // Docker keeps an empty entry in "auths" so the registry is listed.
        j["auths"][key] = json::object();
    } else {
        json entry = json::object();
        if (!c.username.empty() || !c.password.empty())
            entry["auth"] = str::base64Encode(c.username + ":" + c.password);
        if (!c.identityToken.empty())
            entry["identitytoken"] = c.identityToken;
        j["auths"][key] = entry;
    }
    m_json = j.dump(1, '\t');
    return save();
}

Status DockerConfig::erase(const std::string& registry)
{
    auto j = json::parse(m_json, nullptr, false);
    const std::string key = dockerConfigKey(registry);
    if (const std::string helper = helperFor(registry); !helper.empty()) {
        auto out = proc::run({"docker-credential-" + helper, "erase"}, key, std::chrono::seconds(30));
        if (!out)
            return out.error();
        if (out->exitCode != 0 && out->out.find("not found") == std::string::npos &&
            out->err.find("not found") == std::string::npos)
            return makeError(ErrorCode::Auth, "docker-credential-" + helper + " erase failed", registry);
    }
    bool removed = false;
    if (auto a = j.find("auths"); a != j.end() && a->is_object()) {
        for (auto it = a->begin(); it != a->end();) {
            if (sameRegistry(it.key(), registry)) {
                it = a->erase(it);
                removed = true;
            } else {
                ++it;
            }
        }
    }
    if (!removed && helperFor(registry).empty())
        return makeError(ErrorCode::NotFound, "not logged in to " + registry, m_path);
    m_json = j.dump(1, '\t');
    return save();
}

CredentialProvider dockerConfigCredentials()
{
    return [](const std::string& registry) -> Result<std::optional<Credentials>> {
        auto cfg = DockerConfig::load();
        if (!cfg)
            return cfg.error();
        auto c = cfg->lookup(registry);
        if (c && *c)
            log::debug("using credentials for " + registry + " from " + (*c)->origin);
        return c;
    };
}

} // namespace sociscope::registry
