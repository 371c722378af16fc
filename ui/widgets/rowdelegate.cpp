// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/rowdelegate.h"

#include <QFontMetrics>

namespace sociscope::ui {

RowDelegate::RowDelegate(int padding, QObject* parent) : QStyledItemDelegate(parent), m_padding(padding) {}

QSize RowDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), option.fontMetrics.height() + m_padding));
    return s;
}

} // namespace sociscope::ui
