// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/addregistrydialog.h"

#include "common/icons.h"
#include "jobs/jobpool.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sociscope::ui {

AddRegistryDialog::AddRegistryDialog(QWidget* parent)
    : QDialog(parent),
      m_host(new QLineEdit(this)),
      m_user(new QLineEdit(this)),
      m_password(new QLineEdit(this)),
      m_plainHttp(new QCheckBox(tr("Use plain &HTTP (loopback registries always do)"), this)),
      m_insecure(new QCheckBox(tr("Do not &verify the TLS certificate"), this)),
      m_note(new QLabel(this)),
      m_checkState(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Registry"));
    setObjectName(QStringLiteral("addRegistryDialog"));
    m_host->setObjectName(QStringLiteral("registryHost"));
    m_user->setObjectName(QStringLiteral("registryUser"));
    m_password->setObjectName(QStringLiteral("registryPassword"));
    m_checkState->setObjectName(QStringLiteral("credentialsCheck"));
    m_checkState->setWordWrap(true);
    m_checkState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checkState->hide();
    m_host->setPlaceholderText(tr("registry.example.com or 127.0.0.1:5000"));
    m_user->setPlaceholderText(tr("optional"));
    m_password->setPlaceholderText(tr("optional: password or access token"));
    m_password->setEchoMode(QLineEdit::Password);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setText(tr("Credentials are stored the way “docker login” stores them: through your Docker "
                       "credential helper or credential store when one is configured in ~/.docker/config.json."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Registry:"), m_host);
    form->addRow(tr("&Username:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_plainHttp);
    form->addRow(QString(), m_insecure);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_checkState);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddRegistryDialog::tryAndAccept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_host, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    connect(m_user, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    connect(m_password, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    setMinimumWidth(460);
    validate();
}

void AddRegistryDialog::setCheck(JobPool& jobs, Check check)
{
    m_jobs = &jobs;
    m_check = std::move(check);
}

void AddRegistryDialog::prefillUser(const QString& user)
{
    if (m_user->text().isEmpty() && !user.isEmpty()) {
        m_user->setText(user);
        m_password->setFocus();
    }
}

QString AddRegistryDialog::checkError() const
{
    return m_checking || m_checkState->isHidden() ? QString() : m_checkState->text();
}

void AddRegistryDialog::tryAndAccept()
{
    if (m_checking)
        return;
    if (username().isEmpty() || !m_check || !m_jobs) {
        accept();
        return;
    }
    m_checking = true;
    m_checkState->setForegroundRole(QPalette::PlaceholderText);
    m_checkState->setText(tr("Trying the credentials with %1…").arg(host()));
    m_checkState->show();
    validate();
    // The dialog is the receiver: closed before the answer, the answer is dropped.
    m_jobs->run(
        this,
        [check = m_check, h = host(), u = username(), p = password(), plain = plainHttp(), insecure = insecure()] {
            return check(h, u, p, plain, insecure);
        },
        [this](QString error) {
            m_checking = false;
            validate();
            if (error.isEmpty()) {
                accept();
                return;
            }
            QPalette p = m_checkState->palette();
            p.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
            m_checkState->setPalette(p);
            m_checkState->setForegroundRole(QPalette::WindowText);
            m_checkState->setText(error);
            m_password->setFocus();
            m_password->selectAll();
        });
}

void AddRegistryDialog::setHost(const QString& host, bool editable)
{
    m_host->setText(host);
    m_host->setReadOnly(!editable);
    if (!editable) {
        setWindowTitle(tr("Credentials for %1").arg(host));
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
        m_user->setFocus();
    }
}

void AddRegistryDialog::setFlags(bool plainHttp, bool insecure)
{
    m_plainHttp->setChecked(plainHttp);
    m_insecure->setChecked(insecure);
}

QString AddRegistryDialog::host() const
{
    QString h = m_host->text().trimmed();
    for (const auto& scheme : {QStringLiteral("https://"), QStringLiteral("http://")})
        if (h.startsWith(scheme))
            h = h.mid(scheme.size());
    while (h.endsWith(QLatin1Char('/')))
        h.chop(1);
    return h;
}

QString AddRegistryDialog::username() const { return m_user->text().trimmed(); }
QString AddRegistryDialog::password() const { return m_password->text(); }
bool AddRegistryDialog::plainHttp() const { return m_plainHttp->isChecked(); }
bool AddRegistryDialog::insecure() const { return m_insecure->isChecked(); }

void AddRegistryDialog::validate()
{
    const bool hostOk = !host().isEmpty() && !host().contains(QLatin1Char(' ')) && !host().contains(QLatin1Char('/'));
    // Both or neither: a user without a password cannot log in.
    const bool credsOk = username().isEmpty() == password().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(hostOk && credsOk && !m_checking);
}

} // namespace sociscope::ui
