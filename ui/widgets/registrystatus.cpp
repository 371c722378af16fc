// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/registrystatus.h"

#include "app/services.h"
#include "common/qtformat.h"

namespace sociscope::ui {

RegistryStatus::RegistryStatus(Services& services, QWidget* parent) : QLabel(parent), m_services(services)
{
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(&m_services, &Services::registryActivity, this, [this](const QString& host) {
        if (host == m_host)
            refresh();
    });
}

void RegistryStatus::setHost(const QString& host, bool localFolder)
{
    m_host = host;
    m_local = localFolder;
    refresh();
}

void RegistryStatus::refresh()
{
    if (m_local) {
        setText(tr("Local folder · no network"));
        setToolTip({});
        return;
    }
    if (m_host.isEmpty()) {
        setText({});
        return;
    }
    const auto s = m_services.statusOf(m_host);
    QString auth = qs(s.authState);
    // Core's (English) words for how the client authenticated, in the user's language.
    if (auth.isEmpty())
        auth = tr("not contacted yet");
    else if (auth == QLatin1String("anonymous"))
        auth = tr("anonymous");
    else if (auth.startsWith(QLatin1String("basic as ")))
        auth = tr("basic as %1").arg(auth.mid(9));
    else if (auth.startsWith(QLatin1String("token as ")))
        auth = tr("token as %1").arg(auth.mid(9));
    else if (auth == QLatin1String("token (identity token)"))
        auth = tr("token (identity token)");
    else if (auth == QLatin1String("token (anonymous)"))
        auth = tr("token (anonymous)");
    QString text = m_host + QStringLiteral(" · ") + auth;
    if (!s.rateLimitLimit.empty() || !s.rateLimitRemaining.empty()) {
        text += QStringLiteral(" · ") + tr("rate limit %1, %2 left")
                                            .arg(qs(s.rateLimitLimit.empty() ? std::string("?") : s.rateLimitLimit),
                                                 qs(s.rateLimitRemaining.empty() ? std::string("?")
                                                                                 : s.rateLimitRemaining));
    }
    setText(text);
    setToolTip(tr("Authentication and the rate-limit headers of the last answer from %1").arg(m_host));
}

} // namespace sociscope::ui
