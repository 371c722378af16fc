// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QObject>
#include <QPalette>

#include <QDBusVariant>

namespace sociscope::ui {

class JobPool;

// Follows the desktop's dark/light preference. Qt 6.4 has no
// QStyleHints::colorScheme, so this reads the freedesktop portal's
// org.freedesktop.appearance color-scheme (Settings.Read, asynchronously)
// and listens for its SettingChanged signal. Without a session bus or a
// portal it settles on the palette's own lightness. Never blocks: even
// connecting to the session bus happens on a job thread.
class ColorSchemeWatcher final : public QObject {
    Q_OBJECT
public:
    enum class Scheme { Unknown, Light, Dark };
    Q_ENUM(Scheme)

    explicit ColorSchemeWatcher(JobPool& jobs, QObject* parent = nullptr);

    // Asks the portal; schemeChanged follows (once settled, and on changes).
    void start();
    [[nodiscard]] Scheme scheme() const { return m_scheme; }
    [[nodiscard]] bool fromPortal() const { return m_fromPortal; }

    // The portal's value: 1 prefers dark, 2 prefers light, 0 (or anything else) no preference.
    static Scheme fromPortalValue(uint value);
    // Light or Dark from a palette's window colour.
    static Scheme fromPalette(const QPalette& palette);
    // Makes the application's palette match: a dark palette for Dark when the
    // current one is light, the style's standard palette for Light when it is dark.
    static void apply(Scheme scheme);

signals:
    void schemeChanged(sociscope::ui::ColorSchemeWatcher::Scheme scheme);

private slots:
    void onSettingChanged(const QString& ns, const QString& key, const QDBusVariant& value);

private:
    void askPortal();
    void settle(Scheme scheme, bool fromPortal);

    JobPool& m_jobs;
    Scheme m_scheme = Scheme::Unknown;
    bool m_fromPortal = false;
};

} // namespace sociscope::ui
