// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QStyledItemDelegate>

namespace sociscope::ui {

// Gives item views airy rows (the style's default is cramped at 96 dpi):
// each row is at least the font's height plus padding.
class RowDelegate final : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RowDelegate(int padding, QObject* parent = nullptr);
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_padding;
};

} // namespace sociscope::ui
