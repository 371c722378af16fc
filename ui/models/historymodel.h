// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/inspect.h"

#include "models/rowtablemodel.h"

#include <QString>

#include <vector>

namespace sociscope::ui {

// One build step and the layer it made (-1: none), with that layer's size.
struct HistoryRow {
    oci::HistoryEntry entry;
    int layer = -1;
    std::int64_t size = -1;
    QString command;
};

// The build steps of an image (config history), each with the layer it made:
// steps that are not "empty_layer" take the image's layers in order.
class HistoryModel final : public RowTableModel<HistoryRow> {
    Q_OBJECT
public:
    enum Column { ColumnStep, ColumnLayer, ColumnSize, ColumnCreated, ColumnCommand, ColumnCount };
    enum Role { LayerIndexRole = Qt::UserRole + 1 }; // int, -1 for steps without a layer

    explicit HistoryModel(QObject* parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setImage(const registry::PlatformImage& image);
    // "/bin/sh -c #(nop)  CMD [\"sh\"]" -> "CMD [\"sh\"]"; "/bin/sh -c apt-get …" -> "RUN apt-get …".
    static QString readableCommand(const std::string& createdBy);

private:
    QVariant rowData(const Row& r, const QModelIndex& index, int role) const override;
};

} // namespace sociscope::ui
