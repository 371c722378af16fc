// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/referrerstab.h"

#include "models/referrermodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

ReferrersTab::ReferrersTab(QWidget* parent)
    : TableTab(parent),
      m_model(new ReferrerModel(this)),
      m_view(addTable(m_model, QStringLiteral("referrersView"))),
      m_empty(new QLabel(tr("No referrers: no signature, SBOM, attestation or SOCI v1 index refers to this image."),
                         this))
{
    QHeaderView* header = m_view->header();
    header->resizeSection(ReferrerModel::ColumnType, 200);
    header->resizeSection(ReferrerModel::ColumnSubject, 140);
    header->resizeSection(ReferrerModel::ColumnCreated, 140);
    header->resizeSection(ReferrerModel::ColumnDigest, 180);
    m_empty->setObjectName(QStringLiteral("referrersEmpty"));
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_column->addWidget(m_empty);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const bool empty = m_model->rowCount() == 0;
        m_view->setVisible(!empty);
        m_empty->setVisible(empty);
    });
    m_view->hide();
}

void ReferrersTab::setReferrers(const std::vector<ReferrerEntry>& referrers) { m_model->setReferrers(referrers); }

void ReferrersTab::clear() { m_model->clear(); }

} // namespace sociscope::ui
