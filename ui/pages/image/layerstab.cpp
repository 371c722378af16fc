// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/layerstab.h"

#include "common/icons.h"
#include "models/layermodel.h"
#include "pages/image/imageoverview.h"
#include "widgets/coveragebar.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

LayersTab::LayersTab(QWidget* parent)
    : TableTab(parent),
      m_model(new LayerModel(this)),
      m_summary(new QLabel(this)),
      m_note(new QLabel(this)),
      m_waste(new QLabel(this)),
      m_bar(new CoverageBar(this)),
      m_save(new QPushButton(Icons::get(Icons::Extract), tr("&Save Layer As…"), this))
{
    m_column->setSpacing(6);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_summary->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setWordWrap(true);
    m_column->addWidget(m_summary);
    m_column->addWidget(m_note);
    m_waste->setObjectName(QStringLiteral("wastedLabel"));
    m_waste->setWordWrap(true);
    m_column->addWidget(m_waste);
    m_column->addWidget(m_bar);
    m_column->addSpacing(4);
    m_save->setObjectName(QStringLiteral("saveLayerButton"));
    m_save->setToolTip(tr("Save the selected layer's blob to a file, verified against its digest"));
    m_save->setEnabled(false);
    m_column->addWidget(m_save, 0, Qt::AlignLeft);
    QTreeView* view = addTable(m_model, QStringLiteral("layersView"));
    m_view = view;
    const int widths[LayerModel::ColumnCount] = {58, 84, 84, 68, 82, 60, 60, 84, 136, 170, 300};
    for (int c = 0; c < LayerModel::ColumnCount; ++c)
        view->header()->resizeSection(c, widths[c]);
    view->header()->setSectionHidden(LayerModel::ColumnDigest, true); // in the tooltip; the header menu shows it
    // The columns fit their values and titles (German ones are longer); the
    // reason, last, takes the rest and wraps rather than being cut off.
    view->setWordWrap(true);
    view->setUniformRowHeights(false);
    view->setTextElideMode(Qt::ElideNone);
    const auto fit = [view] {
        for (int c = 0; c < LayerModel::ColumnCount; ++c)
            if (c != LayerModel::ColumnReason && !view->header()->isSectionHidden(c))
                view->resizeColumnToContents(c);
    };
    connect(m_model, &QAbstractItemModel::modelReset, view, fit);
    connect(m_model, &QAbstractItemModel::rowsInserted, view, fit);
    connect(m_model, &QAbstractItemModel::dataChanged, view, fit);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { m_save->setEnabled(current.isValid()); });
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (m_view->currentIndex().isValid())
            emit saveLayerRequested(m_model->coverage(m_view->currentIndex().row()).index);
    });
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex row = m_view->indexAt(at);
        if (!row.isValid())
            return;
        QMenu menu(this);
        menu.addAction(Icons::get(Icons::Extract), tr("&Save Layer As…"), this,
                       [this, layer = m_model->coverage(row.row()).index] { emit saveLayerRequested(layer); });
        menu.exec(m_view->viewport()->mapToGlobal(at));
    });
}

void LayersTab::addFooter(QWidget* footer) { m_column->addWidget(footer); }

void LayersTab::clear()
{
    m_model->clear();
    m_save->setEnabled(false);
    m_summary->setText(tr("Looking for a SOCI index…"));
    m_note->clear();
    m_waste->setText(tr("Wasted space is counted when the file list is read (Files tab)."));
    m_bar->hide();
}

void LayersTab::setChanges(const diff::ImageChanges& changes)
{
    m_model->setWaste(changes);
    m_waste->setText(tr("Wasted: %1").arg(ImageOverview::wasteText(changes.wastedBytes,
                                                                   static_cast<qint64>(changes.wastedFiles))));
}

void LayersTab::setError() { m_summary->setText(tr("Could not read the SOCI index")); }

void LayersTab::setDetails(const ImageDetails& d, const QString& convertHint)
{
    m_model->setCoverage(d.coverage);
    m_summary->setText(ImageOverview::lazyText(d) + QStringLiteral("  ·  ") + ImageOverview::coverageText(d));
    m_summary->setToolTip(tr("%L1 of %L2 bytes").arg(d.coveredBytes()).arg(d.totalBytes()));
    ImageOverview::fillBar(m_bar, d);
    if (!d.index)
        m_note->setText(
            tr("This image has no SOCI index: every layer is read whole. Make one with “%1”.").arg(convertHint));
    else if (d.index->index.version == 1)
        m_note->setText(tr("Only a SOCI v1 index (found through referrers) covers this image. v1 indexes are "
                           "deprecated and soci-snapshotter 0.10 and later ignore them unless told otherwise; "
                           "convert the image to get a v2 index."));
    else
        m_note->setText(tr("SOCI index v2, bound to this image by its manifest annotation."));
}

} // namespace sociscope::ui
