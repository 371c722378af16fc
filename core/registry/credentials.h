// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/auth.h"
#include "util/result.h"

#include <optional>
#include <string>

namespace sociscope::registry {

// Docker's client configuration ($DOCKER_CONFIG/config.json, else
// ~/.docker/config.json): "auths" (base64 user:password, identitytoken),
// "credHelpers" per registry and "credsStore", which run
// docker-credential-<name> get|store|erase as Docker does. Credentials are
// never logged.
class DockerConfig final {
public:
    // The config file path in use.
    static std::string path();
    // Loads the file (an absent file is an empty config). Malformed on bad JSON.
    static Result<DockerConfig> load(const std::string& path = DockerConfig::path());

    // Credentials for a registry host as written in references ("docker.io",
    // "127.0.0.1:5000"); nullopt when none are configured.
    Result<std::optional<Credentials>> lookup(const std::string& registry) const;
    // Stores credentials the way `docker login` does: through the registry's
    // credHelper or the credsStore when configured, else base64 in "auths".
    Status store(const std::string& registry, const Credentials& credentials);
    // Removes them again (`docker logout`).
    Status erase(const std::string& registry);
    // Where credentials for this registry come from, for messages
    // ("credential helper docker-credential-pass", "auths in /root/.docker/config.json").
    std::string originOf(const std::string& registry) const;

private:
    std::string helperFor(const std::string& registry) const;
    Status save() const;

    std::string m_path;
    std::string m_json; // the whole document, kept so unknown fields survive a store
};

// The key Docker uses for a registry in config.json ("https://index.docker.io/v1/"
// for Docker Hub, the host otherwise).
std::string dockerConfigKey(const std::string& registry);

// A CredentialProvider over the user's Docker config (reloaded on each call).
CredentialProvider dockerConfigCredentials();

} // namespace sociscope::registry
