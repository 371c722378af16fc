// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "app/preferences.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sociscope::ui {

class Services;

// Settings → Preferences: the interface language (stored, applies at the
// next start; the dialog says so), and the Preferences the window applies at
// once through Services: the cache folder and its size limit (with its usage
// and Clear Cache), the HTTP(S) proxy, the default extract folder and the
// background fetch of mounts. OK checks every value first: a cache folder
// that cannot be created or written, a bad proxy URL or extract folder is
// named in the dialog, which stays open, and nothing is stored.
class PreferencesDialog final : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(Services& services, QWidget* parent = nullptr);

    // "" for the system's languages, else one of Language::available().
    [[nodiscard]] QString language() const;
    void setLanguage(const QString& name);
    // The preferences as the fields hold them (unchecked).
    [[nodiscard]] Preferences preferences() const;
    // What is wrong with the fields, "" when nothing. Touches the disk (the
    // cache folder is created and written to).
    [[nodiscard]] QString check() const;
    // Writes the language and the preferences to the settings and applies the
    // preferences; true when the language differs from the one the app runs
    // in now. Call after check() found nothing (accept() does both).
    bool save() const;
    // Why the cache may not be cleared now (an extraction running in this
    // window), "" when it may.
    void setCacheBusy(const QString& reason) { m_cacheBusy = reason; }

    void accept() override;

signals:
    // The usage of the cache folder shown was read (after opening, a change
    // of folder, or Clear Cache).
    void cacheUsageShown();

private:
    void updateNote();
    void updateEnabled();
    void setFields(const Preferences& p);
    // The cache folder the fields name (the default when empty).
    [[nodiscard]] QString cacheFolder() const;
    void showUsage();
    void clearCache();

    Services& m_services;
    QComboBox* m_language;
    QLineEdit* m_cacheFolder;
    QDoubleSpinBox* m_cacheLimit;
    QLabel* m_cacheUsage;
    QPushButton* m_clearCache;
    QComboBox* m_proxy;
    QLineEdit* m_proxyUrl;
    QLineEdit* m_extractFolder;
    QComboBox* m_background;
    QSpinBox* m_backgroundBudget;
    QLabel* m_note;
    QLabel* m_error;
    QString m_initial;
    QString m_cacheBusy;
};

} // namespace sociscope::ui
