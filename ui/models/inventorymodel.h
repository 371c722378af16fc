// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "inventory/package.h"

#include "models/rowtablemodel.h"

#include <QSortFilterProxyModel>

#include <optional>
#include <vector>

namespace sociscope::ui {

// The software an image holds (core's inventory), one row per package.
class InventoryModel final : public RowTableModel<inventory::Package> {
    Q_OBJECT
public:
    enum Column { ColumnName, ColumnVersion, ColumnKind, ColumnSummary, ColumnArchitecture, ColumnOrigin, ColumnPath, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, // QString: "deb", "python", …
        PathRole,                    // QString: the file it came from
    };

    explicit InventoryModel(QObject* parent = nullptr);

    void setPackages(std::vector<inventory::Package> packages) { setRows(std::move(packages)); }
    [[nodiscard]] const std::vector<inventory::Package>& packages() const { return rows(); }
    // "Debian package", "Python package", … for a kind.
    static QString kindText(inventory::Kind kind);
    // "4 Debian packages", "1 CUDA component".
    static QString kindCount(inventory::Kind kind, int n);
    // The few versions people ask about first: "torch 2.3.1", "CUDA 12.1.1", …
    static QStringList highlights(const std::vector<inventory::Package>& packages);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant rowData(const Row& p, const QModelIndex& index, int role) const override;
};

// Text and kind filter over the inventory (a small model: a proxy is fine).
class InventoryProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit InventoryProxy(QObject* parent = nullptr);
    // nullopt: every kind.
    void setKind(std::optional<inventory::Kind> kind);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    std::optional<inventory::Kind> m_kind;
};

} // namespace sociscope::ui
