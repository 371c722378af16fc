// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "commandline.h"
#include "icons.h"
#include "mainwindow.h"
#include "screenshotrunner.h"
#include "services.h"

#include <QApplication>
#include <QTranslator>

#include <cstdio>

using namespace sociscope::ui;

int main(int argc, char** argv)
{
    // --help and --version must work without a display: parse before QApplication.
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const CommandLine cmd = CommandLine::parse(args);
    if (cmd.help) {
        std::fputs(qPrintable(CommandLine::helpText()), stdout);
        return 0;
    }
    if (cmd.version) {
        std::printf("%s\n", qPrintable(CommandLine::versionText()));
        return 0;
    }
    if (!cmd.error.isEmpty()) {
        std::fprintf(stderr, "sociscope: %s\n", qPrintable(cmd.error));
        return 1;
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Sociscope"));
    QApplication::setApplicationName(QStringLiteral("Sociscope"));
    QApplication::setApplicationVersion(QStringLiteral(SOCISCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sociscope.Sociscope"));
    Icons::setUp();
    // The English catalogue carries the plural forms of "%n layer(s)" and friends.
    QTranslator english;
    if (english.load(QStringLiteral(":/i18n/sociscope_en.qm")))
        QApplication::installTranslator(&english);

    Services services;
    MainWindow window(services);
    std::unique_ptr<ScreenshotRunner> shots;
    if (!cmd.screenshotDir.isEmpty()) {
        shots = std::make_unique<ScreenshotRunner>(window, cmd.screenshotDir, cmd.screenshotTags);
        QObject::connect(shots.get(), &ScreenshotRunner::finished, &app, [&](bool ok, const QString& error) {
            if (!ok)
                std::fprintf(stderr, "sociscope: screenshots failed: %s\n", qPrintable(error));
            for (const QString& f : shots->written())
                std::printf("%s\n", qPrintable(f));
            QApplication::exit(ok ? 0 : 1);
        });
        shots->start();
    }
    window.show();
    window.start(cmd.reference, shots != nullptr);
    const int rc = QApplication::exec();
    services.jobs().waitForDone();
    return rc;
}
