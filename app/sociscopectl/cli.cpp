// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "cli.h"

#include "registry/credentials.h"
#include "util/json_text.h"
#include "util/strings.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace sociscope::cli {

namespace {
bool matches(const std::string& w, std::string_view name, std::string_view shortName)
{
    return (w.size() > 2 && str::startsWith(w, "--") && std::string_view(w).substr(2) == name) ||
           (!shortName.empty() && w.size() > 1 && w[0] == '-' && w[1] != '-' && std::string_view(w).substr(1) == shortName);
}
} // namespace

bool Args::flag(std::string_view name, std::string_view shortName)
{
    bool found = false;
    for (size_t i = 0; i < m_words.size();) {
        if (m_words[i] == "--")
            break;
        if (matches(m_words[i], name, shortName)) {
            m_words.erase(m_words.begin() + static_cast<long>(i));
            found = true;
        } else {
            ++i;
        }
    }
    return found;
}

Result<std::optional<std::string>> Args::option(std::string_view name, std::string_view shortName)
{
    auto all = options(name, shortName);
    if (!all)
        return all.error();
    if (all->empty())
        return std::optional<std::string>{};
    return std::optional<std::string>(all->back());
}

Result<std::vector<std::string>> Args::options(std::string_view name, std::string_view shortName)
{
    std::vector<std::string> out;
    const std::string eq = "--" + std::string(name) + "=";
    for (size_t i = 0; i < m_words.size();) {
        const std::string& w = m_words[i];
        if (w == "--")
            break;
        if (str::startsWith(w, eq)) {
            out.push_back(w.substr(eq.size()));
            m_words.erase(m_words.begin() + static_cast<long>(i));
            continue;
        }
        if (matches(w, name, shortName)) {
            if (i + 1 >= m_words.size() || m_words[i + 1] == "--")
                return makeError(ErrorCode::Usage, "option --" + std::string(name) + " needs a value");
            out.push_back(m_words[i + 1]);
            m_words.erase(m_words.begin() + static_cast<long>(i), m_words.begin() + static_cast<long>(i) + 2);
            continue;
        }
        ++i;
    }
    return out;
}

std::optional<std::string> Args::takeWord(const std::vector<std::string>& names)
{
    for (auto it = m_words.begin(); it != m_words.end(); ++it) {
        if (*it == "--")
            break;
        for (const auto& n : names)
            if (*it == n) {
                std::string w = *it;
                m_words.erase(it);
                return w;
            }
    }
    return std::nullopt;
}

Status dispatchSub(Context& ctx, Args& args, const std::vector<SubCommand>& subs, const std::string& group)
{
    std::vector<std::string> names;
    for (const auto& s : subs)
        names.push_back(s.first);
    const auto word = args.takeWord(names);
    if (!word)
        return makeError(ErrorCode::Usage, group + " needs a subcommand: " + str::join(names, ", "));
    for (const auto& s : subs)
        if (s.first == *word)
            return s.second(ctx, args);
    return makeError(ErrorCode::Usage, group + " needs a subcommand: " + str::join(names, ", "));
}

Result<std::vector<std::string>> Args::positionals()
{
    std::vector<std::string> out;
    bool rest = false;
    for (const auto& w : m_words) {
        if (!rest && w == "--") {
            rest = true;
            continue;
        }
        if (!rest && w.size() > 1 && w[0] == '-')
            return makeError(ErrorCode::Usage, "unknown option " + w);
        out.push_back(w);
    }
    m_words.clear();
    return out;
}

Context::Context(Globals g) : m_globals(std::move(g)), m_tty(::isatty(STDERR_FILENO) == 1)
{
    registry::ClientOptions o;
    o.plainHttp = m_globals.plainHttp;
    o.insecure = m_globals.insecure;
    o.credentials = registry::dockerConfigCredentials();
    o.credentialSource = [](const std::string& registry) {
        auto cfg = registry::DockerConfig::load();
        return cfg ? cfg->originOf(registry) : registry::DockerConfig::path();
    };
    // Retry knobs, mainly so tests need not sleep (documented in docs/cli.md).
    o.retry = registry::retryPolicyFromEnvironment(o.retry);
    o.http = registry::httpOptionsFromEnvironment(o.http);
    if (m_globals.lowSpeedTimeSec)
        o.http.lowSpeedTimeSec = *m_globals.lowSpeedTimeSec;
    if (m_globals.lowSpeedLimitBytes)
        o.http.lowSpeedLimitBytes = *m_globals.lowSpeedLimitBytes;
    if (const char* v = std::getenv("SOCISCOPE_UPLOAD_CHUNK_BYTES"); v && *v)
        if (auto n = str::parseU64(v); n && *n > 0)
            o.chunkSize = *n;
    m_session = std::make_unique<registry::Session>(o);
}

Result<oci::Reference> Context::reference(const std::string& text, bool defaultTag)
{
    return oci::Reference::parse(text, defaultTag);
}

Result<std::unique_ptr<registry::Source>> Context::open(const oci::Reference& ref, bool createLayout)
{
    return m_session->open(ref, createLayout);
}

void Context::printJson(Json j) const
{
    Json out;
    out["schemaVersion"] = JsonSchemaVersion;
    for (auto& [k, v] : j.items())
        if (k != "schemaVersion")
            out[k] = std::move(v);
    // Names from an image are bytes: jsontext writes the ones that are not
    // UTF-8 with a base64 twin instead of letting nlohmann abort.
    std::cout << jsontext::dump(std::move(out), 2) << std::endl;
}

void Context::progress(const std::string& line) const
{
    if (!m_tty || m_globals.quiet)
        return;
    // Progress lines name files of the image: escaped like every name.
    std::fprintf(stderr, "\r\033[K%s", str::printable(line).c_str());
    std::fflush(stderr);
}

void Context::endProgress() const
{
    if (!m_tty || m_globals.quiet)
        return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

Json descriptorJson(const oci::Descriptor& d)
{
    Json j;
    j["digest"] = d.digest.str();
    j["mediaType"] = d.mediaType;
    j["size"] = d.size;
    if (!d.artifactType.empty())
        j["artifactType"] = d.artifactType;
    if (d.platform)
        j["platform"] = d.platform->str();
    if (!d.annotations.empty())
        j["annotations"] = d.annotations;
    return j;
}

Json stringList(const std::vector<std::string>& v)
{
    Json a = Json::array();
    for (const auto& s : v)
        a.push_back(s);
    return a;
}

} // namespace sociscope::cli
