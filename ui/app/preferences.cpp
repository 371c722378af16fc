// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/preferences.h"

#include "common/qtformat.h"

#include "lazy/background_fetcher.h"
#include "lazy/disk_cache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryFile>
#include <QUrl>

namespace sociscope::ui {

namespace {
const QString kCacheFolder = QStringLiteral("cache/folder");
const QString kCacheMax = QStringLiteral("cache/maxBytes");
const QString kProxy = QStringLiteral("network/proxy");
const QString kProxyUrl = QStringLiteral("network/proxyUrl");
const QString kExtract = QStringLiteral("files/defaultExtractFolder");
const QString kBackground = QStringLiteral("mounts/background");

QString proxyName(Preferences::Proxy p)
{
    switch (p) {
    case Preferences::Proxy::None:
        return QStringLiteral("none");
    case Preferences::Proxy::Manual:
        return QStringLiteral("manual");
    case Preferences::Proxy::System:
        break;
    }
    return QStringLiteral("system");
}

void setOrRemove(QSettings& s, const QString& key, const QVariant& value, bool isDefault)
{
    if (isDefault)
        s.remove(key);
    else
        s.setValue(key, value);
}
} // namespace

Preferences Preferences::load(const QSettings& s)
{
    Preferences p;
    p.cacheFolder = s.value(kCacheFolder).toString();
    p.cacheMaxBytes = s.value(kCacheMax).toULongLong();
    const QString proxy = s.value(kProxy).toString();
    p.proxy = proxy == QLatin1String("none") ? Proxy::None
        : proxy == QLatin1String("manual")   ? Proxy::Manual
                                             : Proxy::System;
    p.proxyUrl = s.value(kProxyUrl).toString();
    // A hand-edited file with a bad URL must not send requests to it.
    if (p.proxy == Proxy::Manual && !checkProxyUrl(p.proxyUrl).isEmpty())
        p.proxy = Proxy::System;
    p.extractFolder = s.value(kExtract).toString();
    p.mountBackground = s.value(kBackground).toString();
    if (!checkBackground(p.mountBackground).isEmpty())
        p.mountBackground.clear();
    return p;
}

void Preferences::save(QSettings& s) const
{
    setOrRemove(s, kCacheFolder, cacheFolder, cacheFolder.isEmpty());
    setOrRemove(s, kCacheMax, QVariant::fromValue<qulonglong>(cacheMaxBytes), cacheMaxBytes == 0);
    setOrRemove(s, kProxy, proxyName(proxy), proxy == Proxy::System);
    setOrRemove(s, kProxyUrl, proxyUrl, proxyUrl.isEmpty());
    setOrRemove(s, kExtract, extractFolder, extractFolder.isEmpty());
    setOrRemove(s, kBackground, mountBackground, mountBackground.isEmpty());
}

QString Preferences::defaultCacheFolder()
{
    return qs(lazy::defaultCacheRoot());
}

std::uint64_t Preferences::defaultCacheCap()
{
    return lazy::defaultCacheCap();
}

QString Preferences::effectiveCacheFolder() const
{
    return cacheFolder.isEmpty() ? defaultCacheFolder() : QDir::cleanPath(cacheFolder);
}

std::uint64_t Preferences::effectiveCacheCap() const
{
    return cacheMaxBytes ? cacheMaxBytes : defaultCacheCap();
}

std::optional<std::string> Preferences::curlProxy() const
{
    switch (proxy) {
    case Proxy::None:
        return std::string();
    case Proxy::Manual:
        return proxyUrl.trimmed().toStdString();
    case Proxy::System:
        break;
    }
    return std::nullopt;
}

QString Preferences::checkCacheFolder(const QString& folder)
{
    if (!QDir::isAbsolutePath(folder))
        return tr("The cache folder “%1” is not an absolute path; choose a folder with Browse….").arg(folder);
    if (!QDir().mkpath(folder))
        return tr("The cache folder “%1” cannot be created; choose a folder you may write to.").arg(folder);
    // Writable for real (permissions, a read-only file system, a full disk).
    QTemporaryFile probe(folder + QStringLiteral("/.sociscope-probe-XXXXXX"));
    if (!probe.open() || probe.write("x", 1) != 1 || !probe.flush())
        return tr("Sociscope cannot write in the cache folder “%1” (%2); choose a folder you may write to.")
            .arg(folder, probe.errorString());
    return {};
}

QString Preferences::checkProxyUrl(const QString& url)
{
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    static const QStringList schemes = { QStringLiteral("http"), QStringLiteral("https"), QStringLiteral("socks4"),
        QStringLiteral("socks4a"), QStringLiteral("socks5"), QStringLiteral("socks5h") };
    const bool ok = u.isValid() && schemes.contains(u.scheme().toLower()) && !u.host().isEmpty()
        && (u.path().isEmpty() || u.path() == QLatin1String("/")) && !u.hasQuery() && !u.hasFragment();
    if (ok)
        return {};
    return tr("“%1” is not a proxy URL; type SCHEME://HOST:PORT, e.g. http://proxy.example.com:3128 "
              "(http, https, socks4, socks4a, socks5 or socks5h).")
        .arg(url.trimmed());
}

QString Preferences::checkExtractFolder(const QString& folder)
{
    if (folder.isEmpty() || (QDir::isAbsolutePath(folder) && QFileInfo(folder).isDir()))
        return {};
    return tr("The extract folder “%1” does not exist; create it first or choose another.").arg(folder);
}

QString Preferences::checkBackground(const QString& policy)
{
    if (policy.isEmpty())
        return {};
    auto p = lazy::parseBackgroundPolicy(policy.toStdString());
    return p ? QString() : qs(p.error().message);
}

} // namespace sociscope::ui
