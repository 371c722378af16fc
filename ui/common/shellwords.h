// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace sociscope::ui {

// Command lines as a POSIX shell splits them, for the run console's
// editable command and environment: words separated by blanks, 'single'
// and "double" quotes, backslash escapes. No expansion of any kind.
class ShellWords final {
    Q_DECLARE_TR_FUNCTIONS(ShellWords)

public:
    struct Split {
        QStringList words;
        QString error; // "" when the line was well formed
    };
    // Splits line; an unterminated quote or a trailing backslash is an error.
    static Split split(const QString& line);
    // Joins words so that split() gives them back; quotes only where needed.
    static QString join(const QStringList& words);
};

} // namespace sociscope::ui
