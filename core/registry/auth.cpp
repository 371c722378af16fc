// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/auth.h"
#include "registry/limits.h"

#include "util/log.h"
#include "util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sociscope::registry {

std::vector<Challenge> parseWwwAuthenticate(std::string_view h)
{
    std::vector<Challenge> out;
    size_t i = 0;
    const auto skipSpace = [&] {
        while (i < h.size() && (h[i] == ' ' || h[i] == '\t'))
            ++i;
    };
    const auto token = [&] {
        const size_t s = i;
        while (i < h.size() && h[i] != ' ' && h[i] != '\t' && h[i] != '=' && h[i] != ',')
            ++i;
        return std::string(h.substr(s, i - s));
    };
    while (i < h.size()) {
        skipSpace();
        while (i < h.size() && h[i] == ',') {
            ++i;
            skipSpace();
        }
        if (i >= h.size())
            break;
        Challenge c;
        c.scheme = str::toLower(token());
        if (c.scheme.empty())
            break;
        // Parameters until the next scheme token (a token not followed by '=').
        for (;;) {
            skipSpace();
            while (i < h.size() && h[i] == ',') {
                ++i;
                skipSpace();
            }
            const size_t save = i;
            std::string name = token();
            skipSpace();
            if (name.empty() || i >= h.size() || h[i] != '=') {
                i = save;
                break;
            }
            ++i; // '='
            skipSpace();
            std::string value;
            if (i < h.size() && h[i] == '"') {
                ++i;
                while (i < h.size() && h[i] != '"') {
                    if (h[i] == '\\' && i + 1 < h.size())
                        ++i;
                    value += h[i++];
                }
                if (i < h.size())
                    ++i;
            } else {
                value = token();
            }
            c.params[str::toLower(name)] = value;
        }
        out.push_back(std::move(c));
    }
    return out;
}

Result<TokenAnswer> parseTokenAnswer(std::string_view body, const std::string& registry, const std::string& realm)
{
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object())
        return makeError(ErrorCode::Malformed, "the token server of " + registry + " answered with invalid JSON", realm);
    TokenAnswer a;
    if (auto it = j.find("token"); it != j.end() && it->is_string())
        a.token = it->get<std::string>();
    if (a.token.empty())
        if (auto it = j.find("access_token"); it != j.end() && it->is_string())
            a.token = it->get<std::string>();
    if (a.token.empty())
        return makeError(ErrorCode::Auth, "the token server of " + registry + " returned no token", realm);
    if (auto it = j.find("expires_in"); it != j.end() && it->is_number_integer())
        // At most a day: a server's 9e18 would overflow the steady_clock deadline.
        a.expiresInSec = std::clamp<long>(it->get<long>(), 1, kMaxTokenLifetimeSec);
    return a;
}

Authenticator::Authenticator(HttpClient& http, std::string registry, CredentialProvider credentials,
                             std::function<std::string(const std::string&)> credentialSource)
    : m_http(http), m_registry(std::move(registry)), m_provider(std::move(credentials)),
      m_source(std::move(credentialSource))
{
}

std::optional<std::string> Authenticator::cached(const std::string& scope)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_cache.find(scope);
    if (it == m_cache.end())
        return std::nullopt;
    if (Clock::now() >= it->second.expires) {
        m_cache.erase(it);
        return std::nullopt;
    }
    return it->second.value;
}

std::string Authenticator::state() const
{
    std::lock_guard lock(m_mutex);
    return m_state;
}

std::string Authenticator::credentialOrigin() const
{
    std::lock_guard lock(m_mutex);
    if (m_credentials && *m_credentials && !(*m_credentials)->origin.empty())
        return (*m_credentials)->origin;
    return "no credentials for " + m_registry + (m_source ? " in " + m_source(m_registry) : std::string()) +
           "; run: sociscopectl login " + m_registry;
}

Result<std::optional<Credentials>> Authenticator::credentials()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_credentials)
            return *m_credentials;
    }
    std::optional<Credentials> creds;
    if (m_provider) {
        auto r = m_provider(m_registry);
        if (!r)
            return r.error();
        creds = *r;
        if (creds && creds->empty())
            creds.reset();
    }
    std::lock_guard lock(m_mutex);
    m_credentials = creds;
    return creds;
}

Result<std::string> Authenticator::authorize(const HttpHeaders& responseHeaders, const std::string& scope)
{
    {
        std::lock_guard lock(m_mutex);
        m_cache.erase(scope);
    }
    std::vector<Challenge> challenges;
    for (const auto& h : responseHeaders.getAll("WWW-Authenticate")) {
        auto cs = parseWwwAuthenticate(h);
        challenges.insert(challenges.end(), cs.begin(), cs.end());
    }
    const Challenge* bearer = nullptr;
    const Challenge* basic = nullptr;
    for (const auto& c : challenges) {
        if (c.scheme == "bearer" && !bearer)
            bearer = &c;
        else if (c.scheme == "basic" && !basic)
            basic = &c;
    }
    if (bearer) {
        auto token = requestToken(*bearer, scope);
        if (!token)
            return token.error();
        return "Bearer " + *token;
    }
    if (basic) {
        auto creds = credentials();
        if (!creds)
            return creds.error();
        if (!*creds || (*creds)->username.empty())
            return makeError(ErrorCode::Auth, "registry " + m_registry + " requires a login: " + credentialOrigin(),
                             m_registry);
        const std::string value = "Basic " + str::base64Encode((*creds)->username + ":" + (*creds)->password);
        std::lock_guard lock(m_mutex);
        m_cache[scope] = Cached{value, Clock::now() + std::chrono::hours(24)};
        m_state = "basic as " + (*creds)->username;
        return value;
    }
    return makeError(ErrorCode::Auth,
                     "registry " + m_registry + " refused access (401) without a usable challenge", m_registry);
}

Result<std::string> Authenticator::requestToken(const Challenge& c, const std::string& scope)
{
    const auto realmIt = c.params.find("realm");
    if (realmIt == c.params.end() || realmIt->second.empty())
        return makeError(ErrorCode::Auth, "registry " + m_registry + " sent a Bearer challenge without a realm",
                         m_registry);
    const std::string realm = realmIt->second;
    const std::string service = c.params.count("service") ? c.params.at("service") : std::string();
    std::vector<std::string> scopes;
    for (const auto& s : str::split(scope, ' '))
        if (!s.empty())
            scopes.push_back(s);
    if (scopes.empty() && c.params.count("scope"))
        for (const auto& s : str::split(c.params.at("scope"), ' '))
            if (!s.empty())
                scopes.push_back(s);

    auto creds = credentials();
    if (!creds)
        return creds.error();

    HttpRequest req;
    if (*creds && !(*creds)->identityToken.empty()) {
        // OAuth2 refresh-token grant (docker config "identitytoken").
        req.method = "POST";
        req.url = realm;
        std::string form = "grant_type=refresh_token&client_id=sociscope&refresh_token=" +
                           str::urlEncode((*creds)->identityToken);
        if (!service.empty())
            form += "&service=" + str::urlEncode(service);
        if (!scopes.empty())
            form += "&scope=" + str::urlEncode(str::join(scopes, " "));
        req.body = form;
        req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else {
        std::string url = realm;
        char sep = realm.find('?') == std::string::npos ? '?' : '&';
        if (!service.empty()) {
            url += sep + std::string("service=") + str::urlEncode(service);
            sep = '&';
        }
        for (const auto& s : scopes) {
            url += sep + std::string("scope=") + str::urlEncode(s);
            sep = '&';
        }
        req.url = url;
        if (*creds && !(*creds)->username.empty())
            req.headers.emplace_back("Authorization",
                                     "Basic " + str::base64Encode((*creds)->username + ":" + (*creds)->password));
    }
    req.transferTimeoutSec = 60;
    log::debug("requesting a token from " + realm + " for scope '" + str::join(scopes, " ") + "'");
    BoundedBody body(limits::TokenAnswerBytes);
    req.onStart = body.startHook();
    auto resp = m_http.perform(req, &body.sink());
    if (body.exceeded())
        return body.tooLarge("the answer of the token server of " + m_registry, realm);
    if (!resp)
        return resp.error();
    if (resp->status >= 200 && resp->status < 300)
        resp->body = body.take();
    if (resp->status == 401 || resp->status == 403)
        return makeError(ErrorCode::Auth,
                         "the token server of " + m_registry + " refused " +
                             (*creds ? std::string("the credentials") : std::string("anonymous access")) + " (" +
                             std::to_string(resp->status) + "); check " + credentialOrigin(),
                         realm);
    if (resp->status < 200 || resp->status >= 300)
        return makeError(resp->status >= 500 ? ErrorCode::Network : ErrorCode::Auth,
                         "token request for " + m_registry + " failed with HTTP " + std::to_string(resp->status), realm);
    auto answer = parseTokenAnswer(resp->body, m_registry, realm);
    if (!answer)
        return answer.error();
    const long expiresIn = answer->expiresInSec;
    // Renew a little before the server's deadline.
    const auto lifetime = std::chrono::seconds(expiresIn > 20 ? expiresIn - 10 : expiresIn);
    std::lock_guard lock(m_mutex);
    m_cache[scope] = Cached{"Bearer " + answer->token, Clock::now() + lifetime};
    m_state = *creds && !(*creds)->username.empty() ? "token as " + (*creds)->username
              : *creds                             ? std::string("token (identity token)")
                                                   : std::string("token (anonymous)");
    return answer->token;
}

} // namespace sociscope::registry
