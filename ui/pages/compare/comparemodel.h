// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

// ui/pages/compare/: the page of two images compared (ComparePage), its
// tree of differences (this file), and the side-by-side text of one file.

#include "common/lazycore.h" // before core/diff, which reads core/lazy
#include "models/rowtablemodel.h"

#include "diff/package_diff.h"
#include "diff/tree_diff.h"

#include <QIcon>
#include <QSortFilterProxyModel>

#include <array>
#include <memory>

namespace sociscope::ui {

// The paths that differ as a tree: each folder with its children, each entry
// marked added / removed / changed (an icon with a sign and the word, never
// colour alone), and each folder with the changes below it ("3 added,
// 1 changed"). Folders that did not change themselves are there only to hold
// their children (entry() is null for them).
class CompareModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { ColumnName, ColumnChange, ColumnBelow, ColumnReason, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(diff::Kind), -1 for a folder that only holds changes
        PathRole,                    // "/etc/app.conf"
        IsFolderRole,                // has children here (sorted first)
    };
    // How many changes of each kind lie below a folder, by int(diff::Kind).
    using Counts = std::array<int, 5>;

    explicit CompareModel(QObject* parent = nullptr);
    ~CompareModel() override;

    void setEntries(std::vector<diff::Entry> entries);
    void clear() { setEntries({}); }
    // The entry index shows, null for a folder that only holds changes.
    [[nodiscard]] const diff::Entry* entry(const QModelIndex& index) const;
    [[nodiscard]] Counts countsBelow(const QModelIndex& index) const;
    // Every node, folders that only hold changes included.
    [[nodiscard]] int nodeCount() const { return m_nodeCount; }

    // "size 10 → 12, mode 0644 → 0755", as the CLI's list says it.
    static QString reason(const diff::Entry& e);
    static QString kindText(diff::Kind k);
    // "3 added, 1 changed"; empty when nothing is below.
    static QString countsText(const Counts& counts);
    // The marker of a kind: a coloured disc with +, −, ~ or ?.
    QIcon marker(diff::Kind k) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node;
    [[nodiscard]] Node* nodeOf(const QModelIndex& index) const;

    std::vector<diff::Entry> m_entries;
    std::unique_ptr<Node> m_root;
    int m_nodeCount = 0;
    mutable std::array<QIcon, 5> m_markers;
};

// Shows one kind (or all) and paths containing a text, recursively: a folder
// stays while something below it matches.
class CompareFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit CompareFilter(QObject* parent = nullptr);
    // kind < 0: every kind; Changed also shows Unknown (changed metadata unknown content).
    void setKind(int kind);
    void setText(const QString& text);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
    // Folders before files, then by name.
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

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
