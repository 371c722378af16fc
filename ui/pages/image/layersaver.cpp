// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/layersaver.h"

#include "common/qtformat.h"
#include "dialogs/savelayerdialog.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace sociscope::ui {

LayerSaver::LayerSaver(Services& services, QWidget* parent)
    : QWidget(parent),
      m_job(new LayerExportJob(services, this)),
      m_label(new QLabel(this)),
      m_bar(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_folder(QDir::homePath())
{
    setObjectName(QStringLiteral("layerSaver"));
    m_bar->setObjectName(QStringLiteral("layerSaveProgress"));
    m_cancel->setObjectName(QStringLiteral("layerSaveCancel"));
    // Permille: a layer's bytes do not fit the bar's int range.
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_label, 1);
    l->addWidget(m_bar, 1);
    l->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &LayerSaver::cancel);
    connect(m_job, &LayerExportJob::progressed, this, &LayerSaver::onProgress);
    connect(m_job, &LayerExportJob::finished, this, &LayerSaver::onFinished);
    hide();
}

void LayerSaver::save(const oci::Reference& ref, const registry::PlatformImage& image, int index)
{
    if (index < 0 || index >= static_cast<int>(image.manifest.layers.size()))
        return;
    SaveLayerDialog dialog(image.manifest.layers[static_cast<size_t>(index)], index, m_folder, this);
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty())
        return;
    saveTo(ref, image, index, dialog.path(), dialog.uncompressed(), dialog.replaceConfirmed());
}

void LayerSaver::saveTo(const oci::Reference& ref, const registry::PlatformImage& image, int index,
                        const QString& path, bool uncompressed, bool replace)
{
    m_index = index;
    m_folder = QFileInfo(path).absolutePath();
    m_label->setText(tr("Saving layer %1…").arg(index));
    m_bar->setValue(0);
    show();
    m_job->start(ref, image, index, path, uncompressed, replace);
}

void LayerSaver::onProgress(quint64 received, quint64 total)
{
    m_label->setText(tr("Saving layer %1: %2 of %3").arg(m_index).arg(Format::bytes(static_cast<std::int64_t>(received)),
                                                                       Format::bytes(static_cast<std::int64_t>(total))));
    m_bar->setValue(total ? static_cast<int>(received * 1000 / total) : 0);
}

void LayerSaver::onFinished(const LayerExportOutcome& out)
{
    hide();
    if (out.cancelled) {
        UserMessage m;
        m.kind = UserMessage::Kind::Information;
        m.text = tr("Saving layer %1 was cancelled; nothing was written.").arg(m_index);
        emit messageRaised(m);
    } else if (out.ok) {
        UserMessage m;
        m.kind = UserMessage::Kind::Information;
        m.text = tr("Saved layer %1 to %2 (%3, verified against %4).")
                     .arg(m_index)
                     .arg(out.path, Format::bytes(static_cast<std::int64_t>(out.bytesWritten)), out.verified.left(19));
        m.copyText = out.path;
        emit messageRaised(m);
    } else {
        emit messageRaised(out.error);
    }
    emit finished(out);
}

} // namespace sociscope::ui
