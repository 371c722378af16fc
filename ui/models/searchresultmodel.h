// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "models/fileentry.h"
#include "models/rowtablemodel.h"

#include "fs/search.h"

#include <memory>
#include <vector>

namespace sociscope::ui {

class SpanTable;

// One match: the entry and its whole path.
struct SearchResultRow {
    fs::Ino ino = 0;
    QString path;
};

// The entries a search found, as a flat list (the first column holds the
// whole path), streamed in by append() as the search runs off the GUI
// thread. Same columns and roles as FileTreeModel; sortable by any column
// (re-sorted as batches arrive). Holds at most MaxRows.
class SearchResultModel final : public RowTableModel<SearchResultRow> {
    Q_OBJECT
public:
    static constexpr int MaxRows = 200000;

    explicit SearchResultModel(QObject* parent = nullptr);

    // Empties the list; rows will come from this tree.
    void reset(FileEntry::Context context);
    void setSpans(std::shared_ptr<const SpanTable> spans);
    void clear();
    // Adds matches at the end (or in sort order); returns how many were kept.
    int append(std::vector<fs::SearchMatch>&& matches);
    [[nodiscard]] bool isFull() const { return static_cast<int>(rows().size()) >= MaxRows; }
    [[nodiscard]] const FileEntry::Context& context() const { return m_context; }
    [[nodiscard]] fs::Ino inoOf(const QModelIndex& index) const;
    [[nodiscard]] QString pathOf(const QModelIndex& index) const;

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    QVariant rowData(const Row& r, const QModelIndex& index, int role) const override;
    void sortRows();

    FileEntry::Context m_context;
    int m_sortColumn = -1; // -1: the order found (tree order)
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace sociscope::ui
