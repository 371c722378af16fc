// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/comparedialog.h"

#include "common/qtformat.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace sociscope::ui {

CompareDialog::CompareDialog(const oci::Reference& image, const QStringList& tags, QWidget* parent)
    : QDialog(parent), m_image(image), m_other(new QComboBox(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare With"));
    m_other->setObjectName(QStringLiteral("compareWith"));
    m_other->setEditable(true);
    m_other->setInsertPolicy(QComboBox::NoInsert);
    m_other->addItems(tags);
    m_other->setCurrentIndex(-1);
    m_other->lineEdit()->setPlaceholderText(tr("A tag of %1, or any image reference").arg(qs(image.name())));
    m_other->setMinimumWidth(420);
    m_error->setForegroundRole(QPalette::PlaceholderText);
    auto* label = new QLabel(tr("Compare %1 &with:").arg(qs(image.str())), this);
    label->setBuddy(m_other);
    label->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Co&mpare"));
    auto* l = new QVBoxLayout(this);
    l->addWidget(label);
    l->addWidget(m_other);
    l->addWidget(m_error);
    l->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (other())
            accept();
        else
            m_error->setText(tr("“%1” is not a tag or an image reference.").arg(m_other->currentText()));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

std::optional<oci::Reference> CompareDialog::other() const
{
    const QString text = m_other->currentText().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    // A name without a slash is a tag of this repository ("2.9", "nightly").
    if (!text.contains(QLatin1Char('/')) && !text.contains(QLatin1Char('@'))) {
        static const QRegularExpression tag(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
        if (!tag.match(text).hasMatch())
            return std::nullopt;
        return m_image.withTag(text.toStdString());
    }
    auto r = oci::Reference::parse(text.toStdString());
    if (!r)
        return std::nullopt;
    return *r;
}

} // namespace sociscope::ui
