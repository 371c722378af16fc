// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace sociscope::ui {

// Asks for a registry host and, optionally, credentials. The credentials are
// handed to the caller, which stores them through the user's Docker
// credential store (DockerConfig::store) on a job thread.
class AddRegistryDialog final : public QDialog {
    Q_OBJECT
public:
    explicit AddRegistryDialog(QWidget* parent = nullptr);

    // Edits the credentials of a known registry: the host is fixed.
    void setHost(const QString& host, bool editable);
    void setFlags(bool plainHttp, bool insecure);

    [[nodiscard]] QString host() const;
    [[nodiscard]] QString username() const;
    [[nodiscard]] QString password() const;
    [[nodiscard]] bool plainHttp() const;
    [[nodiscard]] bool insecure() const;

private:
    void validate();

    QLineEdit* m_host;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QCheckBox* m_plainHttp;
    QCheckBox* m_insecure;
    QLabel* m_note;
    QDialogButtonBox* m_buttons;
};

} // namespace sociscope::ui
