// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/inspect.h"

#include <QAbstractItemModel>
#include <QString>

#include <vector>

namespace sociscope::ui {

// The build steps of an image (config history), each with the layer it made:
// steps that are not "empty_layer" take the image's layers in order.
class HistoryModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { ColumnStep, ColumnLayer, ColumnSize, ColumnCreated, ColumnCommand, ColumnCount };
    enum Role { LayerIndexRole = Qt::UserRole + 1 }; // int, -1 for steps without a layer

    explicit HistoryModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setImage(const registry::PlatformImage& image);
    void clear();
    // "/bin/sh -c #(nop)  CMD [\"sh\"]" -> "CMD [\"sh\"]"; "/bin/sh -c apt-get …" -> "RUN apt-get …".
    static QString readableCommand(const std::string& createdBy);

private:
    struct Row {
        oci::HistoryEntry entry;
        int layer = -1;
        std::int64_t size = -1;
        QString command;
    };
    std::vector<Row> m_rows;
};

} // namespace sociscope::ui
