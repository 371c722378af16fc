// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/pages/files: the Files tab — the page (this file), its filter bar,
// tree view, preview pane, selection preview, and FileExport (Extract to…
// and drag-out).
#pragma once

#include "common/usermessage.h"
#include "jobs/extractjob.h"

#include "fs/image_tree.h"
#include "fs/search.h"

#include <QList>
#include <QModelIndex>
#include <QUrl>
#include <QWidget>

#include <map>
#include <memory>

class QLabel;
class QMimeData;
class QStackedWidget;
class QTimer;

namespace sociscope::ui {

class DaemonMounts;
class FileExport;
class FileFilterBar;
class FileTreeModel;
class FileTreeView;
class ImageSession;
class PlaceholderStack;
class PreviewPane;
class SearchResultModel;
class SelectionPreview;
class TreeSearch;
struct FileSelection;

// The Files tab: the merged tree or one layer's, a search that runs in core
// off the GUI thread and streams its matches in, the preview of the
// selection (SelectionPreview), and the way out: Extract to… and drag-out
// (FileExport).
class FilesPage final : public QWidget {
    Q_OBJECT
public:
    explicit FilesPage(ImageSession& session, QWidget* parent = nullptr);
    ~FilesPage() override;

    [[nodiscard]] FileTreeModel* treeModel() const { return m_treeModel; }
    [[nodiscard]] SearchResultModel* searchModel() const { return m_searchModel; }
    [[nodiscard]] FileTreeView* treeView() const { return m_tree; }
    [[nodiscard]] FileTreeView* resultsView() const { return m_results; }
    [[nodiscard]] PreviewPane* preview() const { return m_preview; }
    [[nodiscard]] FileFilterBar* filterBar() const { return m_filter; }
    // The view shown (the tree, or the search results).
    [[nodiscard]] FileTreeView* currentView() const;

    // The merged tree (-1) or layer i's own tree.
    // Selects where the symlink at path leads (in the tree shown). False, with
    // a message saying why, when it leads out of the image or to nothing here.
    bool followLink(const QString& path);
    void showLayer(int layer);
    [[nodiscard]] int shownLayer() const { return m_layer; }
    // True once the tree being asked for is shown.
    [[nodiscard]] bool isTreeShown() const;
    // Selects an entry of the tree shown, expanding the folders above it.
    bool reveal(const QString& path);
    // Searches names (as typing into the field does); searchFinished() follows.
    void search(const QString& text);
    [[nodiscard]] bool isSearching() const;
    void focusSearch();
    // Moves the focus to the list shown (results or tree), on its first row
    // when none is current (Down or Enter in the search field).
    void focusList();
    // The preview of the selection is in (or failed); nothing is being fetched for it.
    [[nodiscard]] bool isPreviewSettled() const;

    // Extract to… (with or without the dialog) and drag-out: see FileExport.
    void extractSelectionTo(const QString& folder);
    void promptExtract();
    // Opens the one regular file selected with the desktop's default application.
    void openSelected();
    [[nodiscard]] bool isExtracting() const;
    void cancelExtract();
    // The running extraction's progress line ("" when none runs).
    [[nodiscard]] QString extractProgressText() const;
    QMimeData* dragData();
    [[nodiscard]] DaemonMounts* mounts() const;

signals:
    void messageRaised(const sociscope::ui::UserMessage& message);
    void treeShown();
    void previewLoaded();
    void costLoaded();
    void searchFinished(int matches);
    void dragReady();
    void dragRefused(const QString& why);
    void extractFinished(const sociscope::ui::ExtractOutcome& outcome);

private:
    void onReset();
    void onOpened();
    void onVerified(bool treeReplaced);
    void onVerifyFailed(const UserMessage& m);
    void setTree(std::shared_ptr<const fs::ImageTree> tree);
    // A layer's view: marks what it adds, modifies and removes once the session has compared the layers.
    void showChanges();
    void runSearch();
    void onSearchFinished(const fs::SearchSummary& s, const QString& error);
    void onSelectionChanged();
    void showContextMenu(FileTreeView* view, const QPoint& pos);
    void revealSelected();
    // The drag is ready: start it if the button is still down over the view.
    void startDrag(const QList<QUrl>& urls);
    [[nodiscard]] FileSelection selection(const QModelIndexList& rows) const;
    [[nodiscard]] std::shared_ptr<const fs::ImageTree> currentTree() const;

    ImageSession& m_session;
    FileFilterBar* m_filter;
    QStackedWidget* m_views;
    FileTreeModel* m_treeModel;
    SearchResultModel* m_searchModel;
    FileTreeView* m_tree;
    FileTreeView* m_results;
    PreviewPane* m_preview;
    PlaceholderStack* m_stack;
    FileExport* m_export;
    QLabel* m_summary;
    TreeSearch* m_search;
    SelectionPreview* m_selectionPreview;
    QTimer* m_selectionTimer;

    int m_layer = -1;
    std::map<int, std::shared_ptr<const fs::ImageTree>> m_layerTrees;
    qint64 m_searchStarted = 0;
};

} // namespace sociscope::ui
