// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/commandline.h"
#include "app/language.h"
#include "app/mainwindow.h"
#include "app/services.h"
#include "app/singleinstance.h"
#include "common/icons.h"
#include "testing/screenshotrunner.h"
#include "widgets/referenceinput.h"

#include <QApplication>
#include <QDir>
#include <QSettings>

#include <cstdio>

using namespace sociscope::ui;

namespace {

void setUpApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Sociscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCISCOPE_VERSION));
    // The language chosen in Preferences, else the system's (LANGUAGE, LC_MESSAGES, LANG).
    Language::install(Language::localeFor(Language::choice(QSettings())));
}

} // namespace

int main(int argc, char** argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (const CommandLine first = CommandLine::parse(args); first.help || first.version || !first.error.isEmpty()) {
        // --help and --version must work without a display: no QApplication,
        // but a QCoreApplication for the translators.
        QCoreApplication core(argc, argv);
        setUpApplication();
        const CommandLine cmd = CommandLine::parse(args); // its errors, translated
        if (cmd.help) {
            std::fputs(qPrintable(CommandLine::helpText()), stdout);
            return 0;
        }
        if (cmd.version) {
            std::printf("%s\n", qPrintable(CommandLine::versionText()));
            return 0;
        }
        std::fprintf(stderr, "sociscope: %s\n", qPrintable(cmd.error));
        return 1;
    }
    const CommandLine cmd = CommandLine::parse(args);

    QApplication app(argc, argv);
    setUpApplication();
    QApplication::setDesktopFileName(QStringLiteral("io.github.sociscope.Sociscope"));
    Icons::setUp();

    // Folders and relative oci: paths are made absolute here: a running
    // instance may have another working directory.
    QStringList references;
    for (const QString& r : cmd.references)
        references << ReferenceInput::fromArgument(r, QDir::currentPath());

    // One window per user: a later start hands its references over and exits.
    // Screenshot runs are independent of any window the user has open.
    SingleInstance instance;
    if (cmd.screenshotDir.isEmpty()) {
        const SingleInstance::Role role = instance.claim(references);
        if (role == SingleInstance::Role::HandedOver)
            return 0;
        if (role == SingleInstance::Role::Alone)
            std::fprintf(stderr, "sociscope: running without the single-instance socket: %s\n",
                         qPrintable(instance.error()));
    }

    Services services;
    MainWindow window(services);
    QObject::connect(&instance, &SingleInstance::referencesReceived, &window, [&window](const QStringList& refs) {
        for (const QString& r : refs)
            window.openReference(r);
        window.present();
    });
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
    window.start(references.isEmpty() ? QString() : references.front(), shots != nullptr);
    for (qsizetype i = 1; i < references.size(); ++i)
        window.openReference(references[i]);
    const int rc = QApplication::exec();
    // Cancel every job, wait for them a bounded time (JobPool::ShutdownLimit).
    services.jobs().shutdown();
    return rc;
}
