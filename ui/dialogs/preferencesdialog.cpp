// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/preferencesdialog.h"

#include "app/language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace sociscope::ui {

PreferencesDialog::PreferencesDialog(QWidget* parent)
    : QDialog(parent),
      m_language(new QComboBox(this)),
      m_note(new QLabel(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("System default (%1)").arg(Language::nativeName(Language::catalogueFor(QLocale::system()))),
                        QString());
    for (const QString& name : Language::available())
        m_language->addItem(Language::nativeName(name), name);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addStretch(1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_language, &QComboBox::currentIndexChanged, this, &PreferencesDialog::updateNote);

    m_initial = Language::choice(QSettings());
    setLanguage(m_initial);
    setMinimumWidth(420);
}

QString PreferencesDialog::language() const { return m_language->currentData().toString(); }

void PreferencesDialog::setLanguage(const QString& name)
{
    const int i = m_language->findData(name);
    m_language->setCurrentIndex(i < 0 ? 0 : i);
    updateNote();
}

bool PreferencesDialog::save() const
{
    QSettings settings;
    Language::setChoice(settings, language());
    return language() != m_initial;
}

void PreferencesDialog::updateNote()
{
    m_note->setText(language() == m_initial ? QString()
                                            : tr("The new language applies when Sociscope is started again."));
}

} // namespace sociscope::ui
