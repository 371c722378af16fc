// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "usermessage.h"

namespace sociscope::ui {

UserMessage UserMessages::fromError(const Error& error, const QString& what, const QString& host)
{
    UserMessage m;
    QString cause = QString::fromStdString(error.message);
    // The first line of the cause is enough for the bar; the context (a URL,
    // a digest) helps when it is short.
    cause = cause.section(QLatin1Char('\n'), 0, 0);
    if (!error.context.empty() && error.context.size() < 80)
        cause += QStringLiteral(" (") + QString::fromStdString(error.context) + QLatin1Char(')');
    m.text = tr("Could not %1: %2").arg(what, cause);
    const QString where = host.isEmpty() ? tr("the registry") : host;
    switch (error.code) {
    case ErrorCode::Network:
        m.hint = tr("Check the network connection or proxy settings for %1, then retry (F5).").arg(where);
        m.retry = true;
        break;
    case ErrorCode::Auth:
        m.hint = tr("Add credentials for %1 with Sources → Add Registry…, or run “docker login %1”.").arg(where);
        m.retry = true;
        break;
    case ErrorCode::NotFound:
        m.hint = tr("Check the repository, tag or folder name.");
        break;
    case ErrorCode::Integrity:
        m.hint = tr("%1 sent bytes that do not match their digest; retry later.").arg(where);
        m.retry = true;
        break;
    case ErrorCode::Malformed:
    case ErrorCode::Unsupported:
        m.hint = tr("This content uses a format Sociscope cannot read.");
        break;
    case ErrorCode::Io:
        m.hint = tr("Check that the folder exists and that you may read and write it.");
        m.retry = true;
        break;
    case ErrorCode::Usage:
        m.hint = tr("Check what you typed.");
        break;
    case ErrorCode::Cancelled:
        m.kind = UserMessage::Kind::Information;
        break;
    case ErrorCode::Internal:
        m.hint = tr("This is a bug in Sociscope; please report it.");
        break;
    }
    return m;
}

} // namespace sociscope::ui
