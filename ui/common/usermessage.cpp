// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "common/usermessage.h"

#include <QRegularExpression>

namespace sociscope::ui {

UserMessage UserMessages::fromError(const Error& error, const QString& what, const QString& host)
{
    UserMessage m;
    m.text = tr("Could not %1").arg(what);
    m.details = QString::fromStdString(error.text());
    QString cause = QString::fromStdString(error.message).section(QLatin1Char('\n'), 0, 0);
    // Core appends the URL it asked in parentheses: the tooltip has it.
    static const QRegularExpression url(QStringLiteral("\\s*\\(https?://[^)]*\\)\\s*$"));
    cause.remove(url);
    const std::string& ctx = error.context;
    if (!ctx.empty() && ctx.size() < 80 && ctx.rfind("http", 0) != 0)
        cause += QStringLiteral(" (") + QString::fromStdString(ctx) + QLatin1Char(')');
    m.cause = cause;
    const QString where = host.isEmpty() ? tr("the registry") : host;
    switch (error.code) {
    case ErrorCode::Network:
        m.hint = tr("Check the network connection or proxy settings for %1, then retry (F5).").arg(where);
        m.retry = true;
        break;
    case ErrorCode::Auth:
        m.hint = tr("Add credentials for %1: right-click it under Registries and choose Set Credentials…, or use "
                    "File → Add Registry….").arg(where);
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
    // Core's messages end in "; what to do" — the hint says that here.
    if (!m.hint.isEmpty() && m.cause.contains(QStringLiteral("; ")))
        m.cause = m.cause.section(QStringLiteral("; "), 0, 0);
    return m;
}

} // namespace sociscope::ui
