// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

// ui/pages/compare/: the page of two images compared (ComparePage), its
// list of differences (this file), and the side-by-side text of one file.

#include "common/lazycore.h" // before core/diff, which reads core/lazy
#include "models/rowtablemodel.h"

#include "diff/package_diff.h"
#include "diff/tree_diff.h"

#include <QSortFilterProxyModel>

namespace sociscope::ui {

// One row per path that differs: path, what happened (added, removed,
// changed, content not compared), and why (the fields, with both values).
class CompareModel final : public RowTableModel<diff::Entry> {
    Q_OBJECT
public:
    enum Column { ColumnPath, ColumnChange, ColumnReason, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    explicit CompareModel(QObject* parent = nullptr);
    void setEntries(std::vector<diff::Entry> entries) { setRows(std::move(entries)); }
    [[nodiscard]] const diff::Entry& entry(int row) const { return rows()[static_cast<size_t>(row)]; }

    // "size 10 → 12, mode 0644 → 0755", as the CLI's list says it.
    static QString reason(const diff::Entry& e);
    static QString kindText(diff::Kind k);

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    QVariant rowData(const diff::Entry& row, const QModelIndex& index, int role) const override;
};

// Shows one kind (or all) and paths containing a text.
class CompareFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    // kind < 0: every kind; Changed also shows Unknown (changed metadata unknown content).
    void setKind(int kind);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    int m_kind = -1;
    QString m_text;
};

// One row per package added, removed or changed (the --inventory engine).
class PackageChangeModel final : public RowTableModel<diff::PackageChange> {
    Q_OBJECT
public:
    enum Column { ColumnName, ColumnKind, ColumnChange, ColumnA, ColumnB, ColumnCount };
    explicit PackageChangeModel(QObject* parent = nullptr);
    void setChanges(std::vector<diff::PackageChange> changes) { setRows(std::move(changes)); }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    QVariant rowData(const diff::PackageChange& row, const QModelIndex& index, int role) const override;
};

} // namespace sociscope::ui
