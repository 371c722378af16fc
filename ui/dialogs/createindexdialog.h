// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/createindexjob.h"
#include "oci/reference.h"

#include <QDialog>

#include <optional>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;

namespace sociscope::ui {

class Services;

// "Create SOCI Index…" for an image without one: span size and minimum
// layer size (the CLI's defaults), and either a SOCI-enabled copy pushed as a
// -soci twin (index v2, `sociscopectl index convert`) or only a v1 index
// pushed beside the image (`sociscopectl index push`). The build runs as a
// CreateIndexJob with its progress here (layer of layers, bytes read) and
// Cancel; it ends on a result page (per layer: zTOC size, spans, files, or
// why it has none; the new digest) with a button that opens the twin. An
// error shows here, with the settings kept for another try.
// Tests find "spanSize" (KiB), "minLayerSize" (KiB), "targetTag",
// "pushTwin", "pushIndexOnly", "createIndexError", "createIndexStage",
// "createIndexProgress", "createIndexResult", "createIndexSummary",
// "openCreated", and the button box's Ok ("Create").
class CreateIndexDialog final : public QDialog {
    Q_OBJECT
public:
    CreateIndexDialog(Services& services, const oci::Reference& image, QWidget* parent = nullptr);

    // Shows the dialog; the twin to open when the user asked for it at the end.
    static std::optional<oci::Reference> ask(Services& services, const oci::Reference& image, QWidget* parent);

    // "TAG-soci", as `index convert` names the twin (digest only: "soci-<12 hex>").
    static QString defaultTarget(const oci::Reference& image);
    [[nodiscard]] CreateIndexJob* job() const { return m_job; }
    [[nodiscard]] const std::optional<CreateIndexOutcome>& outcome() const { return m_outcome; }
    [[nodiscard]] const std::optional<oci::Reference>& openRequested() const { return m_open; }

signals:
    // The job ended (done, failed or cancelled) and the dialog shows it.
    void jobEnded(const sociscope::ui::CreateIndexOutcome& outcome);

protected:
    void reject() override;

private:
    void create();
    void onProgress(int layer, int layers, qint64 read, qint64 size);
    void onFinished(const CreateIndexOutcome& outcome);
    void showResult(const CreateIndexOutcome& outcome);
    [[nodiscard]] std::optional<CreateIndexRequest> request();

    oci::Reference m_image;
    CreateIndexJob* m_job;
    QStackedWidget* m_pages;
    QSpinBox* m_span;
    QSpinBox* m_min;
    QRadioButton* m_twin;
    QRadioButton* m_indexOnly;
    QLineEdit* m_target;
    QLabel* m_error;
    QLabel* m_stage;
    QProgressBar* m_progress;
    QLabel* m_summary;
    QTreeWidget* m_result;
    QPushButton* m_create;
    QPushButton* m_cancel;
    QPushButton* m_openTwin;
    std::optional<CreateIndexOutcome> m_outcome;
    std::optional<oci::Reference> m_open;
    bool m_cancelling = false;
};

} // namespace sociscope::ui
