// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/notifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFileInfo>
#include <QGuiApplication>
#include <QWidget>
#include <QLoggingCategory>
#include <QVariantMap>

namespace sociscope::ui {

namespace {

Q_LOGGING_CATEGORY(lcNotify, "sociscope.notify", QtWarningMsg)

const QString service = QStringLiteral("org.freedesktop.Notifications");
const QString path = QStringLiteral("/org/freedesktop/Notifications");
const QString appId = QStringLiteral("io.github.sociscope.Sociscope");

// libdbus would otherwise autolaunch a bus through X11 when no address is set.
bool sessionBusKnown()
{
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus"));
}

} // namespace

Notifier::Notifier(QObject* parent) : QObject(parent) {}

Notifier::Notifier(const QDBusConnection& bus, QObject* parent) : QObject(parent), m_bus(bus) {}

bool Notifier::worthNotifying(qint64 elapsedMs, bool windowActive, qint64 minimumMs)
{
    return !windowActive && elapsedMs >= minimumMs;
}

bool Notifier::isWatched(const QWidget* window)
{
    if (!window)
        return false;
    const QWidget* top = window->window();
    return top->isVisible() && top->isActiveWindow() && !top->isMinimized();
}

bool Notifier::hasBus()
{
    if (!m_bus)
        m_bus = sessionBusKnown() ? QDBusConnection::sessionBus()
                                  : QDBusConnection(QStringLiteral("sociscope-no-session-bus"));
    return m_bus->isConnected();
}

bool Notifier::notifyIfUnattended(const QWidget* window, qint64 elapsedMs, const QString& summary, const QString& body)
{
    if (!worthNotifying(elapsedMs, isWatched(window), m_minimumMs))
        return false;
    return notify(summary, body);
}

bool Notifier::notify(const QString& summary, const QString& body)
{
    if (!hasBus()) {
        qCDebug(lcNotify) << "no session bus; not shown:" << summary;
        return false;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(service, path, service, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), appId);
    call << QGuiApplication::applicationDisplayName() << uint(0) << appId << summary << body << QStringList() << hints
         << int(-1);
    auto* watcher = new QDBusPendingCallWatcher(m_bus->asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError()) {
            qCDebug(lcNotify) << "notification refused:" << reply.error().message();
            emit notifyFailed(reply.error().message());
        } else {
            emit notified(reply.value());
        }
    });
    return true;
}

} // namespace sociscope::ui
