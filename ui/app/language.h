// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QSettings;
class QTranslator;

namespace sociscope::ui {

// Which language the interface speaks, and the translators that make it so.
// The choice is the override stored in the settings ("ui/language": en, de,
// zh_CN) or, when there is none, the system's UI languages in order
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as QLocale::system() reads them).
// Sociscope's catalogue comes from :/i18n, Qt's own (qtbase_*.qm, the
// standard buttons and dialogs) from QLibraryInfo's translations folder.
// A change of the override applies at the next start: the widgets build
// their text once.
class Language final {
    Q_DECLARE_TR_FUNCTIONS(Language)
public:
    // The languages the app ships a catalogue for, as locale names.
    static QStringList available();
    // The stored override, or empty for the system's languages.
    static QString choice(const QSettings& settings);
    static void setChoice(QSettings& settings, const QString& name);
    // The locale a choice (or, when empty, the system) stands for.
    static QLocale localeFor(const QString& choice);
    // The catalogue that locale picks ("de", "zh_CN", "en"); English when
    // none of its UI languages has one.
    static QString catalogueFor(const QLocale& locale);
    // A language's own name for a menu ("Deutsch", "简体中文").
    static QString nativeName(const QString& name);
    // The locale numbers and dates follow: locale itself when it speaks the
    // catalogue's language (de_AT for "de"), else the catalogue's own
    // (LANGUAGE=de with LANG=en_US: "1.583 Einträge", not "1,583 Einträge").
    static QLocale numbersFor(const QLocale& locale, const QString& catalogue);

    // Loads and installs the translators for locale into the application
    // and makes it the default locale for numbers. Returns the catalogue
    // chosen. Safe to call again: earlier translators are removed first.
    static QString install(const QLocale& locale);
    // Removes what install() put in.
    static void uninstall();

private:
    static std::vector<std::unique_ptr<QTranslator>>& installed();
};

} // namespace sociscope::ui
