// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace sociscope::ui {

class JobPool;

// Asks for a registry host and, optionally, credentials. The credentials are
// handed to the caller, which stores them through the user's Docker
// credential store (DockerConfig::store) on a job thread. With a check set,
// credentials are tried before the dialog closes: a wrong password is said
// in the dialog, and nothing is saved.
class AddRegistryDialog final : public QDialog {
    Q_OBJECT
public:
    // Tries credentials on a job thread: "" when they work, else what went wrong.
    using Check = std::function<QString(const QString& host, const QString& user, const QString& password,
                                        bool plainHttp, bool insecure)>;

    explicit AddRegistryDialog(QWidget* parent = nullptr);

    void setCheck(JobPool& jobs, Check check);
    // The user name stored for the host, when the field is still empty.
    void prefillUser(const QString& user);

    // Edits the credentials of a known registry: the host is fixed.
    void setHost(const QString& host, bool editable);
    void setFlags(bool plainHttp, bool insecure);

    [[nodiscard]] QString host() const;
    [[nodiscard]] QString username() const;
    [[nodiscard]] QString password() const;
    [[nodiscard]] bool plainHttp() const;
    [[nodiscard]] bool insecure() const;

    // What the last try of the credentials said ("" when none failed).
    [[nodiscard]] QString checkError() const;

private:
    void validate();
    void tryAndAccept();

    QLineEdit* m_host;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QCheckBox* m_plainHttp;
    QCheckBox* m_insecure;
    QLabel* m_note;
    QLabel* m_checkState; // "Trying …", or why the credentials were refused
    QDialogButtonBox* m_buttons;
    JobPool* m_jobs = nullptr;
    Check m_check;
    bool m_checking = false;
};

} // namespace sociscope::ui
