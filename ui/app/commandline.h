// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace sociscope::ui {

// The arguments of `sociscope`, parsed without a QApplication so that
// --help and --version work without a display.
//
//   sociscope [REF...]              REF as in the CLI, incl. oci:PATH[:TAG],
//                                   a layout folder's path or file:// URL
//   sociscope --help | --version
//
// Pictures of the views are the sociscope-screenshots tool's job, not an
// option here.
struct CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
public:
    bool help = false;
    bool version = false;
    QStringList references; // in the order given; the last one is shown
    QString error; // a usage error, for stderr

    // args without the program name. Qt's own options (-platform, -style …)
    // are left for QApplication and ignored here.
    static CommandLine parse(const QStringList& args);
    static QString helpText();
    static QString versionText();
};

} // namespace sociscope::ui
