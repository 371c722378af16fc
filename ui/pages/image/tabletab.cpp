// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/tabletab.h"

#include "widgets/views.h"

#include <QFrame>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

TableTab::TableTab(QWidget* parent) : QWidget(parent), m_column(new QVBoxLayout(this))
{
    m_column->setContentsMargins(0, 12, 0, 0);
}

QTreeView* TableTab::addTable(QAbstractItemModel* model, const QString& objectName)
{
    auto* v = new QTreeView(this);
    v->setObjectName(objectName);
    v->setModel(model);
    Views::setUpTable(v);
    v->setFrameShape(QFrame::StyledPanel);
    m_column->addWidget(v, 1);
    return v;
}

} // namespace sociscope::ui
