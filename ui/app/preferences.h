// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>

class QSettings;

namespace sociscope::ui {

// What Settings → Preferences sets besides the language, as stored in the
// settings, and the checks a value passes before it is stored. Services
// applies them (the cache and the proxy of every session it makes), FileExport
// and MainWindow read theirs when they need them. Empty values mean "the
// default", so a user who never opened the dialog follows the environment as
// the CLI does ($SOCISCOPE_CACHE_DIR, $SOCISCOPE_CACHE_MAX_BYTES, http_proxy).
struct Preferences {
    Q_DECLARE_TR_FUNCTIONS(Preferences)

public:
    enum class Proxy { System, None, Manual };

    QString cacheFolder; // "": defaultCacheFolder()
    std::uint64_t cacheMaxBytes = 0; // 0: defaultCacheCap()
    Proxy proxy = Proxy::System;
    QString proxyUrl; // for Proxy::Manual
    QString extractFolder; // "": the folder used last, else Downloads, else home
    QString mountBackground; // "": the daemon's default; else "off", "all" or a budget ("256MiB")

    static Preferences load(const QSettings& settings);
    void save(QSettings& settings) const;

    // The cache folder and cap in force.
    [[nodiscard]] QString effectiveCacheFolder() const;
    [[nodiscard]] std::uint64_t effectiveCacheCap() const;
    // HttpOptions::proxy for the choice: nullopt (environment), "" (none) or the URL.
    [[nodiscard]] std::optional<std::string> curlProxy() const;

    // Where the cache is without a choice (the CLI's: lazy::defaultCacheRoot()).
    static QString defaultCacheFolder();
    static std::uint64_t defaultCacheCap();

    // "" when folder can hold the cache: it is created if missing, and a file
    // is written in it and removed. Else what is wrong and what to do. Touches
    // the disk.
    static QString checkCacheFolder(const QString& folder);
    // "" for an absolute http, https or socks URL with a host; else why not.
    static QString checkProxyUrl(const QString& url);
    // "" for "" or an existing folder; else why not. Touches the disk.
    static QString checkExtractFolder(const QString& folder);
    // "" for "", "off", "all" or a byte budget; else why not.
    static QString checkBackground(const QString& policy);
};

} // namespace sociscope::ui
