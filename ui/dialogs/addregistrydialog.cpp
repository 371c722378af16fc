// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/addregistrydialog.h"

#include "common/icons.h"

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
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Registry"));
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
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_host, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    connect(m_user, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    connect(m_password, &QLineEdit::textChanged, this, &AddRegistryDialog::validate);
    setMinimumWidth(460);
    validate();
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
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(hostOk && credsOk);
}

} // namespace sociscope::ui
