// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QString>

#include <optional>

class QWidget;

namespace sociscope::ui {

// Desktop notifications (org.freedesktop.Notifications over the session
// bus) for long jobs that end while the user looks elsewhere: an extraction,
// a run. Without a session bus, or without a notification service on it,
// nothing is shown and nothing fails: the message bar still says it.
// Calls are asynchronous; the GUI thread never waits for the bus.
class Notifier final : public QObject {
    Q_OBJECT
public:
    // Jobs shorter than this are watched to the end: no notification.
    static constexpr qint64 defaultMinimumMs = 10000;

    // The session bus, connected on first use (only when an address is known:
    // no dbus-launch autolaunch).
    explicit Notifier(QObject* parent = nullptr);
    // A given bus, e.g. a private dbus-daemon of a test.
    explicit Notifier(const QDBusConnection& bus, QObject* parent = nullptr);

    // Whether a job that ran elapsedMs and ended while its window was active
    // (the user looking at it) or not deserves a notification.
    static bool worthNotifying(qint64 elapsedMs, bool windowActive, qint64 minimumMs = defaultMinimumMs);
    // Whether the user looks at window: it is the active window and not
    // minimised. A null window is never looked at.
    static bool isWatched(const QWidget* window);

    // Sends summary/body when worthNotifying() for window (any widget in
    // it: its top-level counts). Returns whether it was sent.
    bool notifyIfUnattended(const QWidget* window, qint64 elapsedMs, const QString& summary, const QString& body);
    // Sends it now. Returns false, silently, when there is no bus.
    bool notify(const QString& summary, const QString& body);
    // Whether a session bus is reachable (connecting to it on first call).
    bool hasBus();

    void setMinimumMs(qint64 ms) { m_minimumMs = ms; }
    // Another bus from now on (a test's private dbus-daemon).
    void setBus(const QDBusConnection& bus) { m_bus = bus; }

signals:
    // The notification service answered with the notification's id.
    void notified(uint id);
    // It answered with an error (no such service, …). For tests and logs.
    void notifyFailed(const QString& error);

private:
    std::optional<QDBusConnection> m_bus;
    qint64 m_minimumMs = defaultMinimumMs;
};

} // namespace sociscope::ui
