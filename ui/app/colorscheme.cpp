// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/colorscheme.h"

#include "jobs/jobpool.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QStyle>

namespace sociscope::ui {

namespace {

const QString PortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString PortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString SettingsInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString Namespace = QStringLiteral("org.freedesktop.appearance");
const QString Key = QStringLiteral("color-scheme");

// Read() answers v, which older portals wrap once more.
QVariant unwrap(QVariant v)
{
    for (int i = 0; i < 3 && v.canConvert<QDBusVariant>() && v.userType() == qMetaTypeId<QDBusVariant>(); ++i)
        v = v.value<QDBusVariant>().variant();
    return v;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe6, 0xe6, 0xe6);
    const QColor highlight(0x3d, 0xae, 0xe9), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa0));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x33, 0x36, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

ColorSchemeWatcher::ColorSchemeWatcher(JobPool& jobs, QObject* parent) : QObject(parent), m_jobs(jobs) {}

ColorSchemeWatcher::Scheme ColorSchemeWatcher::fromPortalValue(uint value)
{
    return value == 1 ? Scheme::Dark : value == 2 ? Scheme::Light : Scheme::Unknown;
}

ColorSchemeWatcher::Scheme ColorSchemeWatcher::fromPalette(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? Scheme::Dark : Scheme::Light;
}

void ColorSchemeWatcher::apply(Scheme scheme)
{
    const Scheme current = fromPalette(QApplication::palette());
    if (scheme == Scheme::Dark && current != Scheme::Dark) {
        QApplication::setPalette(darkPalette());
    } else if (scheme == Scheme::Light && current != Scheme::Light) {
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
}

void ColorSchemeWatcher::start()
{
    // Connecting may mean spawning or waiting for a bus: do it off the GUI thread.
    m_jobs.run(
        this, [] { return QDBusConnection::sessionBus().isConnected(); },
        [this](bool connected) {
            if (!connected) {
                settle(fromPalette(QApplication::palette()), false);
                return;
            }
            askPortal();
        });
}

void ColorSchemeWatcher::askPortal()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    bus.connect(PortalService, PortalPath, SettingsInterface, QStringLiteral("SettingChanged"), this,
                SLOT(onSettingChanged(QString, QString, QDBusVariant)));
    QDBusMessage call = QDBusMessage::createMethodCall(PortalService, PortalPath, SettingsInterface,
                                                      QStringLiteral("Read"));
    call << Namespace << Key;
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 3000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) {
            settle(fromPalette(QApplication::palette()), false); // no portal: the palette decides
            return;
        }
        const Scheme s = fromPortalValue(unwrap(reply.arguments().constFirst()).toUInt());
        settle(s == Scheme::Unknown ? fromPalette(QApplication::palette()) : s, s != Scheme::Unknown);
    });
}

void ColorSchemeWatcher::onSettingChanged(const QString& ns, const QString& key, const QDBusVariant& value)
{
    if (ns != Namespace || key != Key)
        return;
    const Scheme s = fromPortalValue(unwrap(value.variant()).toUInt());
    settle(s == Scheme::Unknown ? fromPalette(QApplication::palette()) : s, s != Scheme::Unknown);
}

void ColorSchemeWatcher::settle(Scheme scheme, bool fromPortal)
{
    m_fromPortal = fromPortal;
    m_scheme = scheme;
    emit schemeChanged(scheme);
}

} // namespace sociscope::ui
