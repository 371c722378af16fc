// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/historytab.h"

#include "models/historymodel.h"

#include <QHeaderView>
#include <QTreeView>

namespace sociscope::ui {

HistoryTab::HistoryTab(QWidget* parent) : TableTab(parent), m_model(new HistoryModel(this))
{
    QHeaderView* header = addTable(m_model, QStringLiteral("historyView"))->header();
    header->resizeSection(HistoryModel::ColumnStep, 56);
    header->resizeSection(HistoryModel::ColumnLayer, 64);
    header->resizeSection(HistoryModel::ColumnSize, 90);
    header->resizeSection(HistoryModel::ColumnCreated, 140);
}

void HistoryTab::setImage(const registry::PlatformImage& image) { m_model->setImage(image); }

void HistoryTab::clear() { m_model->clear(); }

} // namespace sociscope::ui
