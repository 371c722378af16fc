// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "mainwindow.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sociscope"));
    QApplication::setApplicationVersion(QStringLiteral(SOCISCOPE_VERSION));
    sociscope::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
