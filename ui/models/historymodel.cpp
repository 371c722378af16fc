// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/historymodel.h"

#include "common/qtformat.h"

#include <QPalette>

namespace sociscope::ui {

HistoryModel::HistoryModel(QObject* parent) : RowTableModel(ColumnCount, parent) {}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return columnTitle({tr("Step"), tr("Layer"), tr("Size"), tr("Created"), tr("Created by")}, section, orientation, role);
}

QString HistoryModel::readableCommand(const std::string& createdBy)
{
    QString s = qs(createdBy).trimmed();
    static const QString nop = QStringLiteral("/bin/sh -c #(nop)");
    static const QString sh = QStringLiteral("/bin/sh -c ");
    if (s.startsWith(nop))
        return s.mid(nop.size()).trimmed();
    if (s.startsWith(sh))
        return QStringLiteral("RUN ") + s.mid(sh.size()).trimmed();
    return s;
}

QVariant HistoryModel::rowData(const Row& r, const QModelIndex& index, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ColumnStep: return index.row() + 1;
        case ColumnLayer: return r.layer >= 0 ? tr("#%1").arg(r.layer) : tr("none");
        case ColumnSize: return r.size >= 0 ? Format::bytes(r.size) : QString();
        case ColumnCreated: return Format::time(r.entry.created);
        case ColumnCommand: return r.command;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ColumnCommand) {
            QString t = qs(r.entry.createdBy);
            if (!r.entry.comment.empty())
                t += QStringLiteral("\n\n") + qs(r.entry.comment);
            return t;
        }
        if (index.column() == ColumnLayer && r.layer < 0)
            return tr("This step changed only the configuration");
        return {};
    case Qt::ForegroundRole:
        if (r.layer < 0 && index.column() == ColumnLayer)
            return QPalette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ColumnSize || index.column() == ColumnStep)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case LayerIndexRole: return r.layer;
    default: return {};
    }
}

void HistoryModel::setImage(const registry::PlatformImage& image)
{
    std::vector<Row> rows;
    int layer = 0;
    const auto& layers = image.manifest.layers;
    for (const auto& h : image.config.history) {
        Row r;
        r.entry = h;
        r.command = readableCommand(h.createdBy);
        if (!h.emptyLayer) {
            r.layer = layer;
            if (static_cast<size_t>(layer) < layers.size())
                r.size = layers[static_cast<size_t>(layer)].size;
            ++layer;
        }
        rows.push_back(std::move(r));
    }
    setRows(std::move(rows));
}

} // namespace sociscope::ui
