// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "jobs/layerexportjob.h"
#include "oci/reference.h"
#include "registry/inspect.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace sociscope::ui {

class Services;

// "Save layer as…" for the Layers tab: asks where (SaveLayerDialog), runs
// the LayerExportJob and shows its progress in a strip (bytes of total and a
// Cancel button, "layerSaveProgress", "layerSaveCancel") while it runs; says
// how it ended through messageRaised (the path, with a Copy button).
class LayerSaver final : public QWidget {
    Q_OBJECT
public:
    explicit LayerSaver(Services& services, QWidget* parent = nullptr);

    // Asks where to save layer index of image, then saves it.
    void save(const oci::Reference& ref, const registry::PlatformImage& image, int index);
    // Saves without asking (replace: the user agreed to replace path).
    void saveTo(const oci::Reference& ref, const registry::PlatformImage& image, int index, const QString& path,
                bool uncompressed, bool replace = true);
    void cancel() { m_job->cancel(); }
    [[nodiscard]] bool isSaving() const { return m_job->isRunning(); }

signals:
    void messageRaised(const sociscope::ui::UserMessage& message);
    void finished(const sociscope::ui::LayerExportOutcome& outcome);

private:
    void onProgress(quint64 received, quint64 total);
    void onFinished(const LayerExportOutcome& out);

    LayerExportJob* m_job;
    QLabel* m_label;
    QProgressBar* m_bar;
    QPushButton* m_cancel;
    QString m_folder; // where the last layer went, for the next dialog
    int m_index = -1;
};

} // namespace sociscope::ui
