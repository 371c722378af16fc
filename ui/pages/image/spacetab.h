// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "fs/space.h"
#include "jobs/jobpool.h"

#include <QWidget>

#include <cstdint>
#include <memory>

class QComboBox;
class QLabel;
class QSplitter;
class QStandardItemModel;
class QToolButton;
class QTreeView;

namespace sociscope::ui {

class ImageSession;
class TreemapView;

// Where the space goes (dive's and Docker Desktop's question), from the
// zTOCs alone: the merged image or one layer, a folder at a time, its entries
// sorted by their total size (with share and file count) beside a squarified
// treemap. A folder opens with a click in the map, Enter or a double-click in
// the list; Backspace or Up goes back.
class SpaceTab final : public QWidget {
    Q_OBJECT
public:
    explicit SpaceTab(ImageSession& session, QWidget* parent = nullptr);

    // The folder shown ("/usr/lib"), and opening one by path (false: not a folder of the tree shown).
    [[nodiscard]] QString folderPath() const;
    bool showPath(const QString& path);
    // -1: the merged image.
    void showLayer(int layer);
    [[nodiscard]] QStandardItemModel* model() const { return m_model; }
    [[nodiscard]] TreemapView* map() const { return m_map; }
    [[nodiscard]] const std::shared_ptr<const fs::ImageTree>& tree() const { return m_tree; }

signals:
    void treeShown();

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void onReset();
    void setTree(std::shared_ptr<const fs::ImageTree> tree);
    void showFolder(fs::Ino folder);
    void open(int row);
    void up();
    void fitList();

    ImageSession& m_session;
    QComboBox* m_which;
    QToolButton* m_up;
    QLabel* m_path;
    QTreeView* m_list;
    QStandardItemModel* m_model;
    TreemapView* m_map;
    int m_layer = -1;
    std::shared_ptr<const fs::ImageTree> m_tree;
    fs::SpaceTotals m_totals;
    fs::Ino m_folder = 0;
    QSplitter* m_split = nullptr;
    bool m_userSplit = false;      // the user moved the divider: left where it is
    JobHandle m_sum;               // the totals being added up, off the GUI thread
    std::uint64_t m_generation = 0; // of the tree asked for last
};

} // namespace sociscope::ui
