// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// sociscope-screenshots: the GUI's main views as PNGs, for docs/screenshots
// (tools/screenshots) and test_ui_app. The window of sociscope, driven by
// the ScreenshotRunner of ui/testing, which the product binary does not
// carry. Not installed.
#include "app/appsetup.h"
#include "app/mainwindow.h"
#include "app/services.h"
#include "common/icons.h"
#include "testing/screenshotrunner.h"
#include "widgets/referenceinput.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

using namespace sociscope::ui;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    setUpApplication();
    QApplication::setDesktopFileName(QStringLiteral("io.github.sociscope.Sociscope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Opens the Sociscope window, grabs each main view into DIR once it has loaded, prints the files "
        "written and exits. Without REF the demo image is shot, as on a first start; the settings of an "
        "earlier start are ignored and no other Sociscope window is asked."));
    parser.addHelpOption();
    const QCommandLineOption tags(QStringLiteral("tags"),
                                  QStringLiteral("the repository or oci: folder for the tag families shot "
                                                 "(default: the folder of the image shown)"),
                                  QStringLiteral("REPO"));
    parser.addOption(tags);
    parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("where the PNGs go (made if missing)"));
    parser.addPositionalArgument(QStringLiteral("REF"), QStringLiteral("the image to shoot"), QStringLiteral("[REF]"));
    parser.process(app);
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || positional.size() > 2) {
        std::fprintf(stderr, "sociscope-screenshots: %s\n",
                     positional.isEmpty() ? "DIR is missing (see --help)" : "too many arguments (see --help)");
        return 2;
    }
    const QString reference =
        positional.size() > 1 ? ReferenceInput::fromArgument(positional[1], QDir::currentPath()) : QString();

    Icons::setUp();
    Services services;
    MainWindow window(services);
    ScreenshotRunner shots(window, positional[0], parser.value(tags));
    QObject::connect(&shots, &ScreenshotRunner::finished, &app, [&shots](bool ok, const QString& error) {
        if (!ok)
            std::fprintf(stderr, "sociscope-screenshots: %s\n", qPrintable(error));
        for (const QString& f : shots.written())
            std::printf("%s\n", qPrintable(f));
        QApplication::exit(ok ? 0 : 1);
    });
    shots.start();
    window.show();
    window.start(reference, true);
    const int rc = QApplication::exec();
    services.jobs().waitForDone();
    return rc;
}
