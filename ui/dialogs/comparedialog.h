// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/reference.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;

namespace sociscope::ui {

// "Compare with…": the other image, picked from the tags of the same
// repository or typed as any reference. Tests find "compareWith".
class CompareDialog final : public QDialog {
    Q_OBJECT
public:
    CompareDialog(const oci::Reference& image, const QStringList& tags, QWidget* parent = nullptr);

    // The other image: a tag of the same repository, or the reference typed;
    // nullopt when the text is neither.
    [[nodiscard]] std::optional<oci::Reference> other() const;

private:
    oci::Reference m_image;
    QComboBox* m_other;
    QLabel* m_error;
};

} // namespace sociscope::ui
