// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "models/fileentry.h"

#include "fs/image_tree.h"

#include <QAbstractItemModel>

#include <memory>
#include <string>
#include <vector>

namespace sociscope::ui {

class SpanTable;

// An image's file tree (merged, or one layer's), lazily: a folder's
// children are listed when the view first asks (canFetchMore/fetchMore, as
// QFileSystemModel does) and handed out BatchSize rows at a time, so a
// million-entry tree opens at once and a folder of 250,000 files scrolls
// without a pause. Only folders someone opened get a node. Sorted by any
// column, folders first. The tree is immutable and in memory: nothing here
// does I/O. The Spans column says "verifying…" until setSpans().
class FileTreeModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    static constexpr int BatchSize = 1000;

    explicit FileTreeModel(QObject* parent = nullptr);
    ~FileTreeModel() override;

    // Shows tree (the root's first rows are listed at once). layerLabels are
    // the Layer column's tooltips.
    void setTree(std::shared_ptr<const fs::ImageTree> tree, QStringList layerLabels = {});
    // The zTOCs are verified: the Spans column can say which spans hold each file.
    void setSpans(std::shared_ptr<const SpanTable> spans);
    void clear();
    // A layer view's marks (null: none); setTree() forgets them.
    void setChanges(std::shared_ptr<const diff::LayerChanges> changes);
    // Which marked entries to list (bits of 1 << diff::Change; Removed takes
    // Opaque too), with the folders on their way; AllEntries lists everything.
    static constexpr unsigned AllEntries = 0;
    void setChangeFilter(unsigned changes);
    [[nodiscard]] unsigned changeFilter() const { return m_changeFilter; }
    [[nodiscard]] const FileEntry::Context& context() const { return m_context; }
    [[nodiscard]] const std::shared_ptr<const fs::ImageTree>& tree() const { return m_context.tree; }

    // The row of an absolute path ("/etc/os-release"), listing and fetching
    // the folders on the way; invalid when the tree has no such entry.
    QModelIndex indexOfPath(const QString& path);
    [[nodiscard]] fs::Ino inoOf(const QModelIndex& index) const;
    [[nodiscard]] QString pathOf(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    struct Node;
    struct Child {
        fs::Ino ino = 0;
        const std::string_view* name = nullptr; // the name in the tree's child list: stable, owned by the tree
        std::unique_ptr<Node> node;        // made when this folder's children are asked for
    };
    struct Node {
        Node* parent = nullptr;
        int row = 0; // in parent->children
        fs::Ino ino = 0;
        QString path; // "" for the root
        bool listed = false;
        int fetched = 0; // children shown so far
        std::vector<Child> children; // all of them, sorted, once listed
    };

    Node* nodeOf(const QModelIndex& index) const; // the folder node of a row (made on demand), or the root
    const Child& childOf(const QModelIndex& index) const;
    bool isFolder(fs::Ino ino) const;
    // Relists from the root (a new tree, marks or filter).
    void rebuild();
    // Whether the change filter lets ino (or something under it) be listed.
    bool shown(fs::Ino ino) const;
    bool hasShownChildren(fs::Ino dir) const;
    void list(Node& node) const;
    void sortChildren(Node& node) const;
    void fetchBatch(Node& node, const QModelIndex& parent, int upTo);

    FileEntry::Context m_context;
    std::unique_ptr<Node> m_root;
    int m_sortColumn = FileEntry::ColumnName;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    unsigned m_changeFilter = AllEntries;
    std::vector<bool> m_keep; // by ino, while a change filter is set: a folder with a match under it
    bool m_changing = false; // a reset, insertion or sort is being announced: no fetching
};

} // namespace sociscope::ui
