// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/dialogs: the modal questions — where to mount (this file), which
// registry to add, preferences.
#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace sociscope::ui {

// Asks where to mount an image: a folder (created when missing), by
// default one under the user's runtime folder.
class MountDialog final : public QDialog {
    Q_OBJECT
public:
    MountDialog(const QString& image, const QString& folder, QWidget* parent = nullptr);
    [[nodiscard]] QString folder() const;
    // The daemon's background fetch policy: "all" when the user asked for
    // the whole image, "" for the daemon's default budget.
    [[nodiscard]] QString background() const;

private:
    QLineEdit* m_folder;
    QCheckBox* m_whole;
};

} // namespace sociscope::ui
