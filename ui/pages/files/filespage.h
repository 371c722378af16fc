// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "jobs/extractjob.h"
#include "jobs/previewloader.h"

#include "fs/image_tree.h"

#include <QModelIndex>
#include <QUrl>
#include <QWidget>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

class QLabel;
class QMimeData;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace sociscope::ui {

class DaemonMounts;
class DragStager;
class FileFilterBar;
class FileTreeModel;
class FileTreeView;
class ImageSession;
class PreviewPane;
class SearchResultModel;
class TreeSearch;

// The Files tab: the merged tree or one layer's, a search that runs in core
// off the GUI thread and streams its matches in, the preview of the
// selection with what extracting it would fetch, Extract to… with progress
// and cancel, and drag-out. Every read is a job tagged with a generation id:
// moving the selection cancels the preview being fetched and drops its result.
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

    // The preview of the selection is in (or failed); nothing is being fetched for it.
    [[nodiscard]] bool isPreviewSettled() const { return m_previewSettled; }

    // Extracts the selection into folder (Extract to… without the dialog).
    void extractSelectionTo(const QString& folder);
    void promptExtract();
    [[nodiscard]] bool isExtracting() const;
    void cancelExtract();

    // Drag data for the selection when it is ready (the caller owns it):
    // paths in the image's mount by the daemon, or files staged without it.
    // Otherwise null, having started to prepare it (dragReady() follows) or
    // said why it cannot be dragged (dragRefused()).
    QMimeData* dragData();
    [[nodiscard]] DaemonMounts* mounts() const { return m_mounts; }

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
    struct Selection {
        std::vector<fs::Ino> inos;
        QStringList paths;
        quint64 bytes = 0;
    };

    void onReset();
    void onOpened();
    void onVerified(bool treeReplaced);
    void setTree(std::shared_ptr<const fs::ImageTree> tree);
    void showPlaceholder(const QString& text, bool busy, const QString& button = {});
    void runSearch();
    void onSelectionChanged();
    void startPreview(fs::Ino ino, Preview::Mode mode);
    void startCost(const std::vector<fs::Ino>& inos);
    void onModeRequested(Preview::Mode mode);
    void showContextMenu(FileTreeView* view, const QPoint& pos);
    void revealSelected();
    QMimeData* dragDataFor(const QModelIndexList& rows);
    void onStaged(const QString& key, const QList<QUrl>& urls);
    void onMounted(const QString& key, const QString& mountpoint);
    void onMountFailed(const QString& key, const QString& reason);
    // The drag is ready: say so, and start it if the button is still down.
    void dragIsReady(const QList<QUrl>& urls);
    [[nodiscard]] QString mountKey() const;
    [[nodiscard]] QList<QUrl> urlsInMount(const QString& mountpoint, const QStringList& paths) const;
    QMimeData* stagedDragData(const Selection& s, const QString& daemonProblem);
    void setUpView(FileTreeView* view);
    Selection selection(const QModelIndexList& rows) const;
    [[nodiscard]] std::shared_ptr<const fs::ImageTree> currentTree() const;

    ImageSession& m_session;
    FileFilterBar* m_filter;
    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QProgressBar* m_busy;
    QPushButton* m_consent;
    QStackedWidget* m_views;
    FileTreeModel* m_treeModel;
    SearchResultModel* m_searchModel;
    FileTreeView* m_tree;
    FileTreeView* m_results;
    PreviewPane* m_preview;
    QSplitter* m_splitter;
    QWidget* m_extractBar;
    QLabel* m_extractLabel;
    QProgressBar* m_extractProgress;
    QToolButton* m_extractCancel;
    QLabel* m_summary;
    TreeSearch* m_search;
    DragStager* m_stager;
    DaemonMounts* m_mounts;
    QTimer* m_selectionTimer;

    int m_layer = -1;
    std::map<int, std::shared_ptr<const fs::ImageTree>> m_layerTrees;
    std::uint64_t m_previewGeneration = 0;
    std::shared_ptr<std::atomic<bool>> m_previewCancel;
    bool m_previewSettled = true;
    fs::Ino m_previewIno = 0;
    Preview m_lastPreview;
    std::uint64_t m_costGeneration = 0;
    std::shared_ptr<std::atomic<bool>> m_costCancel;
    std::vector<fs::Ino> m_costInos;
    qint64 m_searchStarted = 0;
    std::unique_ptr<ExtractJob> m_extract;
    QString m_pendingDrag;
};

} // namespace sociscope::ui
