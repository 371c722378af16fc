// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace sociscope::ui {

// "Save layer as…": where to write one layer blob, and whether as the
// compressed blob (checked against its digest) or the plain tar (checked
// against its diff_id). Browse… opens the file dialog; the name follows the
// choice's extension. Tests find "layerPath", "layerUncompressed".
class SaveLayerDialog final : public QDialog {
    Q_OBJECT
public:
    SaveLayerDialog(const oci::Descriptor& layer, int index, const QString& folder, QWidget* parent = nullptr);

    [[nodiscard]] QString path() const;
    [[nodiscard]] bool uncompressed() const;
    // The path was chosen in the file dialog, which asked before replacing.
    [[nodiscard]] bool replaceConfirmed() const { return !m_browsed.isEmpty() && path() == m_browsed; }

    // "sha256-1a2b3c4d5e6f.tar.gz": the digest's first 12 hex digits, and the
    // extension of the blob's media type (.tar.gz, .tar.zst, .tar), or .tar
    // for the uncompressed tar.
    static QString defaultFileName(const oci::Descriptor& layer, bool uncompressed);

private:
    void browse();
    void followExtension();

    oci::Descriptor m_layer;
    QLineEdit* m_path;
    QCheckBox* m_uncompressed;
    QString m_browsed;
};

} // namespace sociscope::ui
