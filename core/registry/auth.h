// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/http.h"
#include "util/result.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::registry {

// One challenge of a WWW-Authenticate header: scheme (lowercase) and parameters.
struct Challenge {
    std::string scheme;
    std::map<std::string, std::string> params; // keys lowercase
};

// Parses a WWW-Authenticate value, which may hold several challenges
// ("Bearer realm=\"…\",service=\"…\", Basic realm=\"…\"").
std::vector<Challenge> parseWwwAuthenticate(std::string_view header);

// A token server's answer (Distribution token spec): the token ("token", else
// "access_token") and its lifetime ("expires_in", 1 s to a day, 60 s when absent).
inline constexpr long kMaxTokenLifetimeSec = 86400;
struct TokenAnswer {
    std::string token;
    long expiresInSec = 60;
};

// Parses a token server's 2xx body. Malformed when it is not a JSON object, Auth when
// it holds no token; registry and realm name them in the messages.
Result<TokenAnswer> parseTokenAnswer(std::string_view body, const std::string& registry, const std::string& realm);

// What the user gave us for one registry. Never logged or printed.
struct Credentials {
    std::string username;
    std::string password;
    std::string identityToken; // OAuth2 refresh token (docker config "identitytoken")
    // Where they came from, for messages: "~/.docker/config.json auths", "docker-credential-pass".
    std::string origin;
    [[nodiscard]] bool empty() const { return username.empty() && password.empty() && identityToken.empty(); }
};

// Looks up credentials for a registry host (as written in references, e.g.
// "docker.io", "127.0.0.1:5000"). nullopt = none configured.
using CredentialProvider = std::function<Result<std::optional<Credentials>>(const std::string& registry)>;

// Obtains and caches Authorization header values for one registry, per scope.
// Thread-safe.
class Authenticator final {
public:
    using Clock = std::chrono::steady_clock;

    // credentialSource names where credentials for a registry are looked up,
    // for messages ("credential helper docker-credential-pass").
    Authenticator(HttpClient& http, std::string registry, CredentialProvider credentials,
                  std::function<std::string(const std::string&)> credentialSource = {});

    // A cached Authorization value for the scope that has not expired, if any.
    std::optional<std::string> cached(const std::string& scope);

    // After a 401: answers the challenge in the response headers for the scope
    // (a Bearer token request, or Basic credentials). Drops any cached value for
    // the scope first. Auth error when the registry or token server refuses.
    Result<std::string> authorize(const HttpHeaders& responseHeaders, const std::string& scope);

    // "anonymous", "basic as USER", "token as USER", "token (anonymous)": for the status bar.
    std::string state() const;

    // Where credentials for this registry come from, for error messages.
    std::string credentialOrigin() const;

private:
    Result<std::string> requestToken(const Challenge& c, const std::string& scope);
    Result<std::optional<Credentials>> credentials();

    struct Cached {
        std::string value;
        Clock::time_point expires;
    };
    HttpClient& m_http;
    std::string m_registry;
    CredentialProvider m_provider;
    std::function<std::string(const std::string&)> m_source;
    mutable std::mutex m_mutex;
    std::map<std::string, Cached> m_cache; // scope -> value
    std::optional<std::optional<Credentials>> m_credentials;
    std::string m_state = "anonymous";
};

} // namespace sociscope::registry
