// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/configtab.h"

#include "models/configmodel.h"

#include <QHeaderView>
#include <QTreeView>

namespace sociscope::ui {

ConfigTab::ConfigTab(QWidget* parent) : TableTab(parent), m_model(new ConfigModel(this))
{
    QTreeView* view = addTable(m_model, QStringLiteral("configView"));
    view->setRootIsDecorated(true);
    view->header()->setSectionResizeMode(ConfigModel::ColumnField, QHeaderView::ResizeToContents);
    connect(m_model, &QAbstractItemModel::modelReset, view, &QTreeView::expandAll);
}

void ConfigTab::setConfig(const oci::ImageConfig& config) { m_model->setConfig(config); }

void ConfigTab::clear() { m_model->clear(); }

} // namespace sociscope::ui
