// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/appsetup.h"
#include "app/commandline.h"
#include "app/mainwindow.h"
#include "app/services.h"
#include "app/singleinstance.h"
#include "common/icons.h"
#include "widgets/referenceinput.h"

#include <QApplication>
#include <QDir>

#include <cstdio>

using namespace sociscope::ui;

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
    SingleInstance instance;
    const SingleInstance::Role role = instance.claim(references);
    if (role == SingleInstance::Role::HandedOver)
        return 0;
    if (role == SingleInstance::Role::Alone)
        std::fprintf(stderr, "sociscope: running without the single-instance socket: %s\n",
                     qPrintable(instance.error()));

    Services services;
    MainWindow window(services);
    QObject::connect(&instance, &SingleInstance::referencesReceived, &window, [&window](const QStringList& refs) {
        for (const QString& r : refs)
            window.openReference(r);
        window.present();
    });
    window.show();
    window.start(references.isEmpty() ? QString() : references.front());
    for (qsizetype i = 1; i < references.size(); ++i)
        window.openReference(references[i]);
    const int rc = QApplication::exec();
    // Cancel every job, wait for them a bounded time (JobPool::ShutdownLimit).
    services.jobs().shutdown();
    return rc;
}
