// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/image.h"

#include <QAbstractItemModel>
#include <QString>

#include <vector>

namespace sociscope::ui {

// An image's configuration as a two-level tree: one row per field
// (entrypoint, command, working directory, user, …) and, for the list and map
// fields (environment, labels, exposed ports, volumes), one child per entry.
class ConfigModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { ColumnField, ColumnValue, ColumnCount };

    explicit ConfigModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setConfig(const oci::ImageConfig& config);
    void clear();
    // A command line as a shell would read it: words with spaces or quotes are quoted.
    static QString shellJoin(const std::vector<std::string>& words);

private:
    struct Entry {
        QString key;
        QString value;
    };
    struct Section {
        QString field;
        QString value;       // for single-valued fields, or a count
        bool muted = false;  // "not set"
        std::vector<Entry> entries;
    };
    std::vector<Section> m_sections;
};

} // namespace sociscope::ui
