// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "app/language.h"

#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace sociscope::ui {

namespace {

const QString settingsKey = QStringLiteral("ui/language");

} // namespace

QStringList Language::available() { return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")}; }

QString Language::choice(const QSettings& settings)
{
    const QString name = settings.value(settingsKey).toString();
    return available().contains(name) ? name : QString();
}

void Language::setChoice(QSettings& settings, const QString& name)
{
    if (name.isEmpty() || !available().contains(name))
        settings.remove(settingsKey);
    else
        settings.setValue(settingsKey, name);
}

QLocale Language::localeFor(const QString& choice)
{
    return choice.isEmpty() ? QLocale::system() : QLocale(choice);
}

QString Language::catalogueFor(const QLocale& locale)
{
    // uiLanguages() lists the user's choices in order ("de-AT", "de", …; for
    // the system locale LANGUAGE=fr:de first): the first we have wins.
    for (QString ui : locale.uiLanguages()) {
        ui.replace(QLatin1Char('-'), QLatin1Char('_'));
        const QString lang = ui.section(QLatin1Char('_'), 0, 0);
        if (lang == QLatin1String("en"))
            return QStringLiteral("en");
        if (lang == QLatin1String("de"))
            return QStringLiteral("de");
        // Simplified Chinese: zh, zh_CN, zh_SG, zh_Hans…; not zh_TW or zh_HK (Traditional).
        if (lang == QLatin1String("zh")) {
            const QLocale l(ui);
            if (l.script() == QLocale::SimplifiedHanScript || l.territory() == QLocale::China ||
                l.territory() == QLocale::Singapore ||
                (l.script() == QLocale::AnyScript && l.territory() == QLocale::AnyTerritory))
                return QStringLiteral("zh_CN");
        }
    }
    return QStringLiteral("en");
}

QString Language::nativeName(const QString& name)
{
    if (name == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    const QLocale l(name);
    QString n = l.nativeLanguageName();
    if (!n.isEmpty())
        n[0] = n[0].toUpper();
    return n.isEmpty() ? name : n;
}

QLocale Language::numbersFor(const QLocale& locale, const QString& catalogue)
{
    const QLocale spoken(catalogue);
    return locale.language() == spoken.language() ? locale : spoken;
}

std::vector<std::unique_ptr<QTranslator>>& Language::installed()
{
    static std::vector<std::unique_ptr<QTranslator>> translators;
    return translators;
}

QString Language::install(const QLocale& locale)
{
    uninstall();
    const QString catalogue = catalogueFor(locale);
    QLocale::setDefault(numbersFor(locale, catalogue));

    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(catalogue), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        installed().push_back(std::move(qt));
    // English has a catalogue too: the plural forms of "%n layer(s)".
    auto own = std::make_unique<QTranslator>();
    if (own->load(QStringLiteral(":/i18n/sociscope_") + catalogue + QStringLiteral(".qm")))
        installed().push_back(std::move(own));
    for (const auto& t : installed())
        QCoreApplication::installTranslator(t.get());
    return catalogue;
}

void Language::uninstall()
{
    for (const auto& t : installed())
        QCoreApplication::removeTranslator(t.get());
    installed().clear();
}

} // namespace sociscope::ui
