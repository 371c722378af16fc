// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/appsetup.h"

#include "app/language.h"

#include <QCoreApplication>
#include <QSettings>

namespace sociscope::ui {

void setUpApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Sociscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCISCOPE_VERSION));
    // The language chosen in Preferences, else the system's (LANGUAGE, LC_MESSAGES, LANG).
    Language::install(Language::localeFor(Language::choice(QSettings())));
}

} // namespace sociscope::ui
