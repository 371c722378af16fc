// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What the GUI suites against a real registry set up alike: a private home
// for the window (settings, cache, credentials; no daemon), and an image
// pushed with a SOCI index of small spans.
#pragma once

#include "lazytest.h"
#include "servers.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMenu>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace sociscope::test {

// Settings, data, cache and credentials under home; SOCISCOPE_SOCKET names no
// daemon (nothing mounts; reads are the window's own).
inline void isolateWindowHome(const QString& home, const QString& appName)
{
    const QByteArray h = QFile::encodeName(home);
    qputenv("XDG_CONFIG_HOME", h + "/config");
    qputenv("XDG_DATA_HOME", h + "/data");
    qputenv("XDG_CACHE_HOME", h + "/cache");
    qputenv("DOCKER_CONFIG", h + "/docker");
    qputenv("SOCISCOPE_SOCKET", h + "/no-daemon.sock");
    QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
    QCoreApplication::setApplicationName(appName);
}

// Makes an image of layersJson (tests/tools/mkimage.py) under home, pushes it
// as repo:t and its SOCI index (64 KiB spans, every layer) as repo:t-soci.
// "" on success, else what failed.
inline QString pushSociImage(const QString& home, const QString& repo, const QByteArray& layersJson)
{
    const QString layout = makeImage(home, QStringLiteral("img"), layersJson);
    if (layout.isEmpty())
        return QStringLiteral("mkimage.py failed");
    auto r = ctl({QStringLiteral("copy"), QStringLiteral("oci:") + layout + QStringLiteral(":t"), repo + QStringLiteral(":t")});
    if (r.exitCode != 0)
        return QString::fromUtf8(r.err);
    r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + QStringLiteral(":t"), repo + QStringLiteral(":t-soci"),
             QStringLiteral("--span-size"), QStringLiteral("65536"), QStringLiteral("--min-layer-size"), QStringLiteral("0")});
    return r.exitCode == 0 ? QString() : QString::fromUtf8(r.err);
}

// Answers the modal dialog whose objectName is box once it shows (polled
// every 20 ms, bounded: 15 s), for the code that calls exec() on it.
inline void whenShown(const char* box, std::function<void(QWidget*)> answer)
{
    auto* poll = new QTimer;
    auto* clock = new QElapsedTimer;
    clock->start();
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, clock, box, answer] {
        QWidget* modal = QApplication::activeModalWidget();
        const bool found = modal && modal->objectName() == QLatin1String(box);
        if (found)
            answer(modal);
        if (found || clock->elapsed() > 15000) {
            poll->stop();
            poll->deleteLater();
            delete clock;
        }
    });
    poll->start();
}

// Opens view's custom context menu at row (as a right-click would), and
// returns its items' texts; triggers the item named trigger, if any.
inline QStringList contextMenuItems(QAbstractItemView* view, const QModelIndex& row, const QString& trigger = {})
{
    QStringList items;
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, [&poll, &items, &trigger] {
        if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
            poll.stop();
            for (QAction* a : menu->actions()) {
                items << a->text();
                if (!trigger.isEmpty() && a->text() == trigger)
                    a->trigger();
            }
            menu->close();
        }
    });
    poll.start();
    emit view->customContextMenuRequested(view->visualRect(row).center());
    return items;
}

} // namespace sociscope::test
