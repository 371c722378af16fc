// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QObject>
#include <QSet>

class QAbstractItemModel;
class QTimer;
class QTreeView;

namespace sociscope::ui {

// The tag families table's column widths: every shown column as wide as its
// widest value (sampled as QTreeView does: the rows in view and up to the
// header's precision) and its title, except the ones the user has sized;
// when the long (DLC) names and every column cannot all fit, the facet
// columns the tag spells out give way, and come back when there is room.
// Refitted, coalesced, after each change of the rows, the header or the
// view's width. Owned by parent.
class TagColumns final : public QObject {
    Q_OBJECT
public:
    TagColumns(QTreeView* view, QAbstractItemModel* model, QObject* parent);
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTreeView* m_view;
    QTimer* m_timer;        // coalesces fit() over a burst of batches
    QSet<int> m_userSized;  // columns the user resized: left as they are
    QSet<int> m_autoHidden; // facet columns hidden to make room for the names
    bool m_fitting = false;
};

} // namespace sociscope::ui
