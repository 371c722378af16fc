// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "app/preferences.h"
#include "jobs/jobpool.h"

#include "lazy/disk_cache.h"
#include "oci/reference.h"
#include "registry/client.h"
#include "registry/source.h"
#include "registry/tag_resolver.h"
#include "util/result.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <mutex>

namespace sociscope::ui {

// What every page shares: the job pool, the registry sessions (one
// RegistryClient per host, so auth tokens and connections are reused), the
// tag digest cache, the disk cache images open with, and the preferences
// they follow (read from the settings when made). Lives on the GUI thread; the session itself is
// thread-safe and is handed to jobs as a shared_ptr.
class Services final : public QObject {
    Q_OBJECT
public:
    explicit Services(QObject* parent = nullptr);
    ~Services() override;

    JobPool& jobs() { return *m_jobs; }
    // The session for a registry host; hosts the user marked plain-HTTP or
    // insecure get their own (ClientOptions are per session).
    std::shared_ptr<registry::Session> session(const QString& host = {}) const;
    std::shared_ptr<registry::TagDigestCache> tagCache() const { return m_tagCache; }

    // Per-host connection flags, as set in the sources sidebar.
    void setHostFlags(const QString& host, bool plainHttp, bool insecure);
    [[nodiscard]] bool isPlainHttp(const QString& host) const { return m_plainHosts.contains(host); }
    [[nodiscard]] bool isInsecure(const QString& host) const { return m_insecureHosts.contains(host); }
    // Drops the clients of every session so that the next request reads the
    // user's credentials again (after they were stored or erased).
    void resetSessions();

    // The preferences in force, and new ones: sessions made from now on use
    // their proxy (the old ones finish their requests), images opened from
    // now on their cache folder and cap.
    [[nodiscard]] const Preferences& preferences() const { return m_preferences; }
    void applyPreferences(const Preferences& preferences);
    // The disk cache for images opened now (LazyOptions::cache). Thread-safe
    // object; hand it to jobs as is.
    [[nodiscard]] std::shared_ptr<lazy::DiskCache> cache() const { return m_cache; }

    // Opens the source of a reference. Call on a job thread only: opening a
    // layout folder touches the disk.
    static Result<std::unique_ptr<registry::Source>> open(const std::shared_ptr<registry::Session>& session,
                                                          const oci::Reference& ref);

    // Auth state and rate-limit headers of a host's client; empty when no
    // request has been made to it. In memory, no I/O.
    registry::RegistryStatus statusOf(const QString& host) const;

    // Pages call this after a job that talked to a registry returned, so the
    // status bar can refresh.
    void noteActivity(const QString& host);

signals:
    void registryActivity(const QString& host);

private:
    registry::ClientOptions baseOptions() const;
    std::shared_ptr<registry::Session> makeSession(bool plainHttp, bool insecure) const;

    Preferences m_preferences;
    std::shared_ptr<lazy::DiskCache> m_cache;
    std::unique_ptr<JobPool> m_jobs;
    std::shared_ptr<registry::TagDigestCache> m_tagCache;
    std::shared_ptr<registry::Session> m_default;
    std::shared_ptr<registry::Session> m_plain;
    std::shared_ptr<registry::Session> m_insecure;
    QSet<QString> m_plainHosts;
    QSet<QString> m_insecureHosts;
    QSet<QString> m_usedHosts;
};

} // namespace sociscope::ui
