// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/mountdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sociscope::ui {

MountDialog::MountDialog(const QString& image, const QString& folder, QWidget* parent)
    : QDialog(parent)
    , m_folder(new QLineEdit(folder, this))
    , m_whole(new QCheckBox(tr("Fetch the &whole image in the background"), this))
{
    setWindowTitle(tr("Mount Image"));
    auto* text = new QLabel(tr("Mount %1 read-only as a folder. Files are fetched lazily, span by span, as they are "
                               "read; the folder opens in your file manager.")
                                .arg(image),
        this);
    text->setWordWrap(true);
    auto* label = new QLabel(tr("&Folder:"), this);
    label->setBuddy(m_folder);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(m_folder, 1);
    row->addWidget(browse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Mount"));
    auto* l = new QVBoxLayout(this);
    l->addWidget(text);
    l->addLayout(row);
    m_whole->setObjectName(QStringLiteral("wholeImage"));
    m_whole->setToolTip(tr("While nothing reads the folder, the daemon fills its cache with the image's spans, "
                           "reads first. Otherwise it fetches ahead as much as Settings → Preferences → "
                           "Background fetch allows (the daemon's default: 64 MiB)."));
    l->addWidget(m_whole);
    l->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_folder, &QLineEdit::textChanged, this, [this, buttons](const QString& t) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(QDir::isAbsolutePath(t.trimmed()));
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Mount Into Folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    resize(560, sizeHint().height());
}

QString MountDialog::folder() const
{
    return QDir::cleanPath(m_folder->text().trimmed());
}

QString MountDialog::background() const
{
    return m_whole->isChecked() ? QStringLiteral("all") : QString();
}

} // namespace sociscope::ui
