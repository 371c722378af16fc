// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/commandline.h"

namespace sociscope::ui {

namespace {

// Qt's own options that take a value (QGuiApplication's documented list).
bool isQtOptionWithValue(const QString& a)
{
    static const QStringList withValue = {
        QStringLiteral("-platform"), QStringLiteral("-platformpluginpath"), QStringLiteral("-platformtheme"),
        QStringLiteral("-plugin"),   QStringLiteral("-qmljsdebugger"),     QStringLiteral("-qwindowgeometry"),
        QStringLiteral("-geometry"), QStringLiteral("-qwindowtitle"),     QStringLiteral("-title"),
        QStringLiteral("-qwindowicon"), QStringLiteral("-icon"),          QStringLiteral("-style"),
        QStringLiteral("-stylesheet"), QStringLiteral("-display"),        QStringLiteral("-name"),
    };
    return withValue.contains(a);
}

bool isQtFlag(const QString& a)
{
    static const QStringList flags = {QStringLiteral("-reverse"), QStringLiteral("-session"),
                                      QStringLiteral("-nograb"), QStringLiteral("-dograb"),
                                      QStringLiteral("-sync"), QStringLiteral("-widgetcount")};
    return flags.contains(a);
}

} // namespace

CommandLine CommandLine::parse(const QStringList& args)
{
    CommandLine c;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            c.help = true;
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            c.version = true;
        } else if (isQtOptionWithValue(a)) {
            ++i;
        } else if (isQtFlag(a)) {
            continue;
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            c.error = tr("unknown option %1 (see --help)").arg(a);
        } else {
            c.references << a; // a file manager passes every folder selected (Exec=sociscope %U)
        }
    }
    return c;
}

QString CommandLine::helpText()
{
    return tr("Usage: sociscope [REF...]\n"
              "\n"
              "Look inside huge container images without pulling them.\n"
              "\n"
              "  REF           an image to open: HOST/REPO[:TAG|@DIGEST], a Docker Hub name\n"
              "                (ubuntu:24.04), or an OCI layout folder oci:PATH[:TAG] or PATH\n"
              "  -h, --help    show this help and exit\n"
              "  -v, --version show the version and exit\n"
              "\n"
              "Without REF, Sociscope reopens where you left off, or the demo image it builds\n"
              "on first start under $XDG_DATA_HOME/sociscope/demo. When Sociscope already runs,\n"
              "REF opens in its window.\n");
}

QString CommandLine::versionText() { return QStringLiteral("sociscope ") + QStringLiteral(SOCISCOPE_VERSION); }

} // namespace sociscope::ui
