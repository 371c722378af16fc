// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/services.h"

#include "registry/credentials.h"

#include <QSettings>

namespace sociscope::ui {

Services::Services(QObject* parent)
    : QObject(parent),
      m_jobs(std::make_unique<JobPool>(8)),
      m_tagCache(std::make_shared<registry::TagDigestCache>())
{
    applyPreferences(Preferences::load(QSettings()));
}

void Services::applyPreferences(const Preferences& preferences)
{
    const QString folder = preferences.effectiveCacheFolder();
    const std::uint64_t cap = preferences.effectiveCacheCap();
    // Images open now keep the cache they were opened with.
    if (!m_cache || m_cache->root() != folder.toStdString() || m_cache->cap() != cap)
        m_cache = std::make_shared<lazy::DiskCache>(folder.toStdString(), cap);
    m_preferences = preferences;
    resetSessions();
}

// The pool goes first: its jobs hold sessions and may still be running.
Services::~Services() { m_jobs.reset(); }

registry::ClientOptions Services::baseOptions() const
{
    registry::ClientOptions o;
    o.credentials = registry::dockerConfigCredentials();
    o.credentialSource = [](const std::string& registry) {
        auto cfg = registry::DockerConfig::load();
        return cfg ? cfg->originOf(registry) : registry::DockerConfig::path();
    };
    // A person is waiting: give up on an unreachable registry within seconds.
    o.retry.maxAttempts = 3;
    o.retry.totalBudget = std::chrono::milliseconds(20000);
    o.http.connectTimeoutMs = 8000;
    o.http.userAgent = "sociscope-gui";
    o.http = registry::httpOptionsFromEnvironment(o.http); // the low-speed limit, as the CLI reads it
    o.http.proxy = m_preferences.curlProxy();
    return o;
}

std::shared_ptr<registry::Session> Services::makeSession(bool plainHttp, bool insecure) const
{
    auto o = baseOptions();
    o.plainHttp = plainHttp;
    o.insecure = insecure;
    o.http.insecure = insecure;
    return std::make_shared<registry::Session>(o);
}

void Services::resetSessions()
{
    m_default = makeSession(false, false);
    m_plain = makeSession(true, false);
    m_insecure = makeSession(false, true);
}

std::shared_ptr<registry::Session> Services::session(const QString& host) const
{
    if (m_plainHosts.contains(host))
        return m_plain;
    if (m_insecureHosts.contains(host))
        return m_insecure;
    return m_default;
}

void Services::setHostFlags(const QString& host, bool plainHttp, bool insecure)
{
    if (plainHttp)
        m_plainHosts.insert(host);
    else
        m_plainHosts.remove(host);
    if (insecure)
        m_insecureHosts.insert(host);
    else
        m_insecureHosts.remove(host);
}

Result<std::unique_ptr<registry::Source>> Services::open(const std::shared_ptr<registry::Session>& session,
                                                         const oci::Reference& ref)
{
    return session->open(ref);
}

registry::RegistryStatus Services::statusOf(const QString& host) const
{
    if (host.isEmpty() || !m_usedHosts.contains(host))
        return {};
    return session(host)->client(host.toStdString())->status();
}

void Services::noteActivity(const QString& host)
{
    if (host.isEmpty())
        return;
    m_usedHosts.insert(host);
    emit registryActivity(host);
}

} // namespace sociscope::ui
