// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/historymodel.h"

#include "common/qtformat.h"

#include <QPalette>

namespace sociscope::ui {

HistoryModel::HistoryModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex HistoryModel::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex HistoryModel::parent(const QModelIndex&) const { return {}; }

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ColumnStep: return tr("Step");
    case ColumnLayer: return tr("Layer");
    case ColumnSize: return tr("Size");
    case ColumnCreated: return tr("Created");
    case ColumnCommand: return tr("Created by");
    default: return {};
    }
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

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& r = m_rows[static_cast<size_t>(index.row())];
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
    beginResetModel();
    m_rows.clear();
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
        m_rows.push_back(std::move(r));
    }
    endResetModel();
}

void HistoryModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace sociscope::ui
