// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;

namespace sociscope::ui {

// Settings → Preferences: the interface language. The choice is stored
// (Language::setChoice) when the dialog is accepted and applies at the next
// start; the dialog says so.
class PreferencesDialog final : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    // "" for the system's languages, else one of Language::available().
    [[nodiscard]] QString language() const;
    void setLanguage(const QString& name);
    // Writes the choice to the settings; true when it differs from the
    // language the app runs in now.
    bool save() const;

private:
    void updateNote();

    QComboBox* m_language;
    QLabel* m_note;
    QString m_initial;
};

} // namespace sociscope::ui
