// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The interface in German and Chinese: the catalogue a locale picks, the main
// window's menus, tool bar, tabs and buttons after Language::install, plural
// forms, Qt's own strings from qtbase_*.qm, the system's LANGUAGE/LANG and
// the override from Preferences, seen from the real binary (--help).
#include "app/language.h"
#include "app/mainwindow.h"
#include "app/services.h"
#include "common/qtformat.h"
#include "dialogs/preferencesdialog.h"
#include "findchild.h"
#include "servers.h"
#include "testenv.h"
#include "util/files.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QToolBar>
#include <QtTest>

using namespace sociscope;
using namespace sociscope::test;
using namespace sociscope::ui;

namespace {

QStringList menuTitles(const QMainWindow& w)
{
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles;
}

QStringList buttonTexts(const QWidget& w)
{
    QStringList texts;
    for (const QAbstractButton* b : w.findChildren<QAbstractButton*>())
        texts << b->text();
    return texts;
}

// What the main window shows in one language.
struct Expected {
    QString language;
    QStringList menus;
    QString back;
    QString overviewTab;
    QString demoButton;
    QString cancel; // Qt's own, from qtbase_*.qm
    QString images1, images3;
    QString size; // Format::bytes(1.5 MiB): the locale's decimal separator
};

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestUiI18n final : public QObject {
    Q_OBJECT
private:
    files::TempDir m_home{"sociscope-ui-i18n"};
    QString home() const { return QString::fromStdString(m_home.path()); }
    static QString gui() { return QString::fromStdString(binDir()) + QStringLiteral("/sociscope"); }

    // sociscope --help in a clean environment plus vars; its stdout.
    QByteArray help(const QStringList& vars, const QString& config = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"LANGUAGE", "LANG", "LC_ALL", "LC_MESSAGES", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(v));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.isEmpty() ? home() + QStringLiteral("/no-config") : config);
        for (const QString& v : vars)
            env.insert(v.section(QLatin1Char('='), 0, 0), v.section(QLatin1Char('='), 1));
        const auto r = run(gui(), {QStringLiteral("--help")}, 10000, env);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.out;
    }

private slots:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(home() + QStringLiteral("/config")));
        qputenv("XDG_DATA_HOME", QFile::encodeName(home() + QStringLiteral("/data")));
        qputenv("XDG_CACHE_HOME", QFile::encodeName(home() + QStringLiteral("/cache")));
        qputenv("DBUS_SESSION_BUS_ADDRESS", QFile::encodeName(QStringLiteral("unix:path=") + home() + QStringLiteral("/no-bus")));
        QCoreApplication::setOrganizationName(QStringLiteral("Sociscope"));
        QCoreApplication::setApplicationName(QStringLiteral("Sociscope"));
    }

    void cleanup() { Language::uninstall(); }

    void catalogueForLocale_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("catalogue");
        QTest::newRow("de_DE") << "de_DE" << "de";
        QTest::newRow("de_AT") << "de_AT" << "de";
        QTest::newRow("de_CH") << "de_CH" << "de";
        QTest::newRow("zh_CN") << "zh_CN" << "zh_CN";
        QTest::newRow("zh_SG") << "zh_SG" << "zh_CN";
        QTest::newRow("zh") << "zh" << "zh_CN";
        QTest::newRow("zh_TW is Traditional") << "zh_TW" << "en";
        QTest::newRow("en_GB") << "en_GB" << "en";
        QTest::newRow("fr_FR") << "fr_FR" << "en";
        QTest::newRow("C") << "C" << "en";
    }
    void catalogueForLocale()
    {
        QFETCH(QString, locale);
        QFETCH(QString, catalogue);
        QCOMPARE(Language::catalogueFor(QLocale(locale)), catalogue);
    }

    void mainWindowSpeaksTheLanguage_data()
    {
        QTest::addColumn<Expected>("e");
        QTest::newRow("de") << Expected{QStringLiteral("de"),
                                        {QStringLiteral("&Datei"), QStringLiteral("&Ansicht"),
                                         QStringLiteral("&Einstellungen"), QStringLiteral("&Hilfe")},
                                        QStringLiteral("&Zurück"),
                                        QStringLiteral("&Übersicht"),
                                        QStringLiteral("&Demo-Image öffnen"),
                                        QStringLiteral("Abbrechen"),
                                        QStringLiteral("1 Image"),
                                        QStringLiteral("3 Images"),
                                        QStringLiteral("1,50 MiB")};
        QTest::newRow("zh_CN") << Expected{QStringLiteral("zh_CN"),
                                           {QStringLiteral("文件(&F)"), QStringLiteral("视图(&V)"),
                                            QStringLiteral("设置(&S)"), QStringLiteral("帮助(&H)")},
                                           QStringLiteral("后退(&B)"),
                                           QStringLiteral("概览(&O)"),
                                           QStringLiteral("打开演示镜像(&D)"),
                                           QStringLiteral("取消"),
                                           QStringLiteral("1 个镜像"),
                                           QStringLiteral("3 个镜像"),
                                           QStringLiteral("1.50 MiB")};
        QTest::newRow("en") << Expected{QStringLiteral("en"),
                                        {QStringLiteral("&File"), QStringLiteral("&View"),
                                         QStringLiteral("&Settings"), QStringLiteral("&Help")},
                                        QStringLiteral("&Back"),
                                        QStringLiteral("&Overview"),
                                        QStringLiteral("Open the &Demo Image"),
                                        QStringLiteral("Cancel"),
                                        QStringLiteral("1 image"),
                                        QStringLiteral("3 images"),
                                        QStringLiteral("1.50 MiB")};
    }
    void mainWindowSpeaksTheLanguage()
    {
        QFETCH(Expected, e);
        QCOMPARE(Language::install(QLocale(e.language)), e.language);

        Services services;
        MainWindow window(services);
        window.resize(1280, 800); // the first start's size
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(menuTitles(window), e.menus);
        auto* bar = window.findChild<QToolBar*>(QStringLiteral("mainToolBar"));
        QVERIFY(bar);
        QCOMPARE(bar->actions().front()->text(), e.back);
        auto* tabs = child<QTabWidget>(window, "imageTabs");
        QCOMPARE(tabs->tabText(0), e.overviewTab);
        QVERIFY2(buttonTexts(window).contains(e.demoButton), qPrintable(buttonTexts(window).join(QLatin1Char('|'))));
        // Nothing cut off at the first start's size: the layouts' minimum
        // (longer German words, wider Chinese glyphs) fits in it, the menus
        // fit the bar, the tool bar needs no overflow menu, no tab title is
        // elided.
        for (QAction* a : window.menuBar()->actions())
            QVERIFY2(window.menuBar()->rect().contains(window.menuBar()->actionGeometry(a)), qPrintable(a->text()));
        QVERIFY2(window.minimumSizeHint().width() <= 1280 && window.minimumSizeHint().height() <= 800,
                 qPrintable(QStringLiteral("%1x%2").arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height())));
        const auto* overflow = bar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
        QVERIFY(!overflow || !overflow->isVisible());
        for (int i = 0; i < tabs->count(); ++i) {
            const QString title = tabs->tabText(i).remove(QLatin1Char('&'));
            QVERIFY2(tabs->tabBar()->tabRect(i).width() >= tabs->tabBar()->fontMetrics().horizontalAdvance(title),
                     qPrintable(title));
        }

        // Plural forms of the catalogue.
        QCOMPARE(QCoreApplication::translate("sociscope::ui::TagsPage", "%n image(s)", nullptr, 1), e.images1);
        QCOMPARE(QCoreApplication::translate("sociscope::ui::TagsPage", "%n image(s)", nullptr, 3), e.images3);
        QCOMPARE(Format::bytes(3 << 19), e.size);
        // Qt's own buttons, from qtbase_*.qm.
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')), e.cancel);
        window.close();
    }

    void preferencesStoreTheChoice()
    {
        Language::install(QLocale(QStringLiteral("de")));
        {
            QSettings settings;
            Language::setChoice(settings, {});
        }
        Services services;
        PreferencesDialog dialog(services);
        auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("languageCombo"));
        QVERIFY(combo);
        QCOMPARE(combo->count(), 1 + Language::available().size());
        QVERIFY(combo->itemText(0).startsWith(QStringLiteral("Systemvorgabe")));
        QCOMPARE(combo->itemText(combo->findData(QStringLiteral("zh_CN"))), QStringLiteral("简体中文"));
        QCOMPARE(combo->itemText(combo->findData(QStringLiteral("de"))), QStringLiteral("Deutsch"));
        QCOMPARE(dialog.language(), QString());
        dialog.setLanguage(QStringLiteral("zh_CN"));
        QVERIFY(dialog.save()); // changed: applies at the next start
        QCOMPARE(Language::choice(QSettings()), QStringLiteral("zh_CN"));
        QCOMPARE(Language::localeFor(QStringLiteral("zh_CN")).name(), QStringLiteral("zh_CN"));
        // Unknown values in the file are ignored.
        QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("tlh"));
        QCOMPARE(Language::choice(QSettings()), QString());
        dialog.setLanguage({});
        dialog.save();
        QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
    }

    void theBinaryFollowsTheSystemAndTheOverride()
    {
        QVERIFY(help({}).startsWith("Usage: sociscope"));
        QVERIFY(help({QStringLiteral("LANGUAGE=de")}).startsWith("Aufruf: sociscope"));
        QVERIFY(help({QStringLiteral("LANGUAGE=zh_CN")}).startsWith("用法：sociscope"));
        // The first language of the list that has a catalogue.
        QVERIFY(help({QStringLiteral("LANGUAGE=fr:de:en")}).startsWith("Aufruf: sociscope"));
        QVERIFY(help({QStringLiteral("LANG=de_AT.UTF-8")}).startsWith("Aufruf: sociscope"));
        QVERIFY(help({QStringLiteral("LC_ALL=zh_CN.UTF-8")}).startsWith("用法：sociscope"));
        QVERIFY(help({QStringLiteral("LANG=fr_FR.UTF-8")}).startsWith("Usage: sociscope"));

        // The override from Preferences wins over the environment.
        const QString config = home() + QStringLiteral("/override");
        QVERIFY(QDir().mkpath(config + QStringLiteral("/Sociscope")));
        {
            QSettings s(config + QStringLiteral("/Sociscope/Sociscope.conf"), QSettings::IniFormat);
            s.setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));
        }
        QVERIFY(help({QStringLiteral("LANGUAGE=de")}, config).startsWith("用法：sociscope"));
    }
};

QTEST_MAIN(TestUiI18n)
#include "test_ui_i18n.moc"
