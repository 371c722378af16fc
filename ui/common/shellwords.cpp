// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "common/shellwords.h"

namespace sociscope::ui {

ShellWords::Split ShellWords::split(const QString& line)
{
    Split out;
    QString word;
    bool inWord = false;
    enum { Plain, Single, Double } mode = Plain;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (mode == Single) {
            if (c == QLatin1Char('\''))
                mode = Plain;
            else
                word += c;
            continue;
        }
        if (mode == Double) {
            if (c == QLatin1Char('"')) {
                mode = Plain;
            } else if (c == QLatin1Char('\\') && i + 1 < line.size()
                && QStringLiteral("\"\\$`").contains(line[i + 1])) {
                word += line[++i];
            } else {
                word += c;
            }
            continue;
        }
        if (c.isSpace()) {
            if (inWord)
                out.words << word;
            word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == QLatin1Char('\''))
            mode = Single;
        else if (c == QLatin1Char('"'))
            mode = Double;
        else if (c == QLatin1Char('\\')) {
            if (i + 1 >= line.size()) {
                out.error = tr("The line ends with a backslash that escapes nothing.");
                return out;
            }
            word += line[++i];
        } else
            word += c;
    }
    if (mode != Plain) {
        out.error = mode == Single ? tr("A single quote (') is not closed.") : tr("A double quote (\") is not closed.");
        return out;
    }
    if (inWord)
        out.words << word;
    return out;
}

QString ShellWords::join(const QStringList& words)
{
    QStringList quoted;
    for (const QString& w : words) {
        bool plain = !w.isEmpty();
        for (const QChar c : w)
            if (!(c.isLetterOrNumber() || QStringLiteral("-_./=:,+@%^").contains(c)))
                plain = false;
        if (plain)
            quoted << w;
        else
            quoted << QLatin1Char('\'') + QString(w).replace(QStringLiteral("'"), QStringLiteral("'\\''"))
                    + QLatin1Char('\'');
    }
    return quoted.join(QLatin1Char(' '));
}

} // namespace sociscope::ui
