// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "dialogs/savelayerdialog.h"

#include "common/qtformat.h"

#include "oci/mediatypes.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace sociscope::ui {

namespace {

QString extensionOf(const oci::Descriptor& layer, bool uncompressed)
{
    if (uncompressed)
        return QStringLiteral(".tar");
    switch (oci::mt::layerCompression(layer.mediaType)) {
    case oci::mt::LayerCompression::Gzip: return QStringLiteral(".tar.gz");
    case oci::mt::LayerCompression::Zstd: return QStringLiteral(".tar.zst");
    case oci::mt::LayerCompression::None: return QStringLiteral(".tar");
    default: return QStringLiteral(".blob");
    }
}

} // namespace

QString SaveLayerDialog::defaultFileName(const oci::Descriptor& layer, bool uncompressed)
{
    return qs(layer.digest.algorithm()) + QLatin1Char('-') + qs(layer.digest.hex()).left(12) +
           extensionOf(layer, uncompressed);
}

SaveLayerDialog::SaveLayerDialog(const oci::Descriptor& layer, int index, const QString& folder, QWidget* parent)
    : QDialog(parent), m_layer(layer), m_path(new QLineEdit(this)), m_uncompressed(new QCheckBox(this))
{
    setObjectName(QStringLiteral("saveLayerDialog"));
    setWindowTitle(tr("Save Layer %1").arg(index));
    m_path->setObjectName(QStringLiteral("layerPath"));
    m_uncompressed->setObjectName(QStringLiteral("layerUncompressed"));
    m_uncompressed->setText(tr("&Uncompressed tar (verified against the diff_id)"));
    const bool compressed = oci::mt::layerCompression(layer.mediaType) != oci::mt::LayerCompression::None;
    m_uncompressed->setEnabled(compressed);
    m_path->setText(QDir(folder).filePath(defaultFileName(layer, false)));
    m_path->setMinimumWidth(420);

    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto* about = new QLabel(tr("Layer %1 · %2 · %3\nThe blob is streamed to the file and checked against its digest; "
                                "a file that does not match is removed.")
                                 .arg(index)
                                 .arg(Format::shortDigest(layer.digest), Format::bytes(layer.size)),
                             this);
    about->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout(this);
    form->addRow(about);
    form->addRow(tr("&File:"), pathRow);
    form->addRow(QString(), m_uncompressed);
    form->addRow(buttons);
    qobject_cast<QLabel*>(form->labelForField(pathRow))->setBuddy(m_path);

    connect(browse, &QPushButton::clicked, this, &SaveLayerDialog::browse);
    connect(m_uncompressed, &QCheckBox::toggled, this, &SaveLayerDialog::followExtension);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_path, &QLineEdit::textChanged, this,
            [this, buttons] { buttons->button(QDialogButtonBox::Save)->setEnabled(!path().isEmpty()); });
}

QString SaveLayerDialog::path() const { return m_path->text().trimmed(); }

bool SaveLayerDialog::uncompressed() const { return m_uncompressed->isChecked(); }

void SaveLayerDialog::followExtension()
{
    // Only a name that still has the other choice's extension is changed.
    const QString from = extensionOf(m_layer, !uncompressed());
    const QString to = extensionOf(m_layer, uncompressed());
    QString p = path();
    if (p.endsWith(from))
        m_path->setText(p.left(p.size() - from.size()) + to);
}

void SaveLayerDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(this, windowTitle(), path());
    if (chosen.isEmpty())
        return;
    m_browsed = chosen;
    m_path->setText(chosen);
}

} // namespace sociscope::ui
