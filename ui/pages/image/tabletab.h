// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QTreeView;
class QVBoxLayout;

namespace sociscope::ui {

// What the image page's table tabs (Layers, History, Configuration,
// Referrers) share: a column 12 px under the tab bar, and tables with the
// app's look. Each tab owns its model and its view.
class TableTab : public QWidget {
    Q_OBJECT
protected:
    explicit TableTab(QWidget* parent);
    // A table over model at the end of the column, taking the room left;
    // objectName lets tests find it (and, through it, the model).
    QTreeView* addTable(QAbstractItemModel* model, const QString& objectName);

    QVBoxLayout* m_column;
};

} // namespace sociscope::ui
