// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QTreeView>

#include <functional>

class QMimeData;

namespace sociscope::ui {

// A view of image files that can be dragged out. The drag's data comes from
// a provider that never fetches: it returns data that is ready (a staged
// file, a path in a mount) or null, having started whatever makes it ready
// (the page then calls startDragWith() when it is, if the button is still
// down).
class FileTreeView final : public QTreeView {
    Q_OBJECT
public:
    using DragProvider = std::function<QMimeData*(const QModelIndexList& rows)>;

    explicit FileTreeView(QWidget* parent = nullptr);
    // The Files tab's look, once a model with FileEntry's columns is set:
    // sortable rows, column widths, Owner and Link hidden, and a header menu
    // to show or hide columns.
    void setUpColumns();
    void setDragProvider(DragProvider provider) { m_provider = std::move(provider); }
    // Runs a drag with data now (takes ownership of it).
    void startDragWith(QMimeData* data);
    // The selected rows (column 0), in view order.
    [[nodiscard]] QModelIndexList selectedRows() const;
    // Widens the Name column to its visible rows' names (indentation and icon
    // included), or to the room the other columns leave, whichever is wider;
    // never once the user has sized it. The other columns keep their widths.
    void fitNameColumn();
    // Expands top and every folder below it, fetching the rows as it goes
    // (what '*' does), at most MaxStarExpand folders.
    void expandAllBelow(const QModelIndex& top);
    static constexpr int MaxStarExpand = 2000;

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    DragProvider m_provider;
    bool m_fitting = false;   // the column is being sized here, not by the user
    bool m_userSized = false; // the user dragged or double-clicked its divider
    bool m_fitPending = false;
};

} // namespace sociscope::ui
