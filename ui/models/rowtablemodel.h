// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/models: Qt item models over core's data (no widgets, no threads, no
// I/O). Flat lists build on RowTableModel; trees (files, sources, tag
// families, config) are models of their own.
#pragma once

#include <QAbstractItemModel>
#include <QStringList>

#include <utility>
#include <vector>

namespace sociscope::ui {

// What every flat list model here had written out again: index(), parent(),
// rowCount() and columnCount() over a std::vector of rows, data() reaching
// the row, a reset to new rows and clear(). A subclass says what a cell
// shows (rowData) and what its columns are called (headerData, usually
// through columnTitle). Tree models (files, tags, sources, config) stay
// plain QAbstractItemModels. Still a QAbstractItemModel, so proxies and
// QAbstractItemModelTester treat these as before.
template <typename R>
class RowTableModel : public QAbstractItemModel {
public:
    using Row = R;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override
    {
        if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= m_columns)
            return {};
        return createIndex(row, column);
    }
    QModelIndex parent(const QModelIndex&) const override { return {}; }
    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : m_columns; }
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override
    {
        if (!index.isValid() || index.row() >= rowCount())
            return {};
        return rowData(m_rows[static_cast<size_t>(index.row())], index, role);
    }

    void clear() { setRows({}); }
    [[nodiscard]] const std::vector<Row>& rows() const { return m_rows; }

protected:
    RowTableModel(int columns, QObject* parent) : QAbstractItemModel(parent), m_columns(columns) {}

    // What row shows in index's column for role.
    virtual QVariant rowData(const Row& row, const QModelIndex& index, int role) const = 0;

    void setRows(std::vector<Row> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    // For changes in place: the caller emits dataChanged (or the layout signals).
    std::vector<Row>& mutableRows() { return m_rows; }

    // titles[section] for a horizontal header's DisplayRole, else nothing.
    static QVariant columnTitle(const QStringList& titles, int section, Qt::Orientation orientation, int role)
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles.size())
            return {};
        return titles[section];
    }

private:
    std::vector<Row> m_rows;
    int m_columns;
};

} // namespace sociscope::ui
