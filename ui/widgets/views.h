// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QCoreApplication>

#include <QList>

class QAbstractItemView;
class QHeaderView;
class QTreeView;

namespace sociscope::ui {

// The look every table of the app shares.
class Views final {
    Q_DECLARE_TR_FUNCTIONS(Views)
public:
    // Flat, airy, sortable-looking table over a QTreeView: whole-row
    // selection, alternating rows, padded rows, and a header context menu
    // that shows and hides columns.
    static void setUpTable(QTreeView* view);
    // Shift+F10 and the Menu key open a view's custom context menu at its
    // current row (the Menu key's own event comes at the mouse pointer, or
    // not at all on some platforms).
    static void addKeyboardContextMenu(QAbstractItemView* view);
    // The columns the user showed or hid with the header's menu: a view that
    // hides columns for room must leave these as the user set them.
    [[nodiscard]] static QList<int> chosenColumns(const QHeaderView* header);
};

} // namespace sociscope::ui
