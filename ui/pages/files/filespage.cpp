// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/filespage.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/imagesession.h"
#include "jobs/treesearch.h"
#include "models/filetreemodel.h"
#include "models/searchresultmodel.h"
#include "models/spantable.h"
#include "pages/files/fileexport.h"
#include "pages/files/filefilterbar.h"
#include "pages/files/filetreeview.h"
#include "pages/files/previewpane.h"
#include "pages/files/selectionpreview.h"
#include "widgets/placeholderstack.h"

#include "fs/link_target.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace sociscope::ui {

FilesPage::FilesPage(ImageSession& session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_filter(new FileFilterBar(this)),
      m_views(new QStackedWidget(this)),
      m_treeModel(new FileTreeModel(this)),
      m_searchModel(new SearchResultModel(this)),
      m_tree(new FileTreeView(this)),
      m_results(new FileTreeView(this)),
      m_preview(new PreviewPane(this)),
      m_stack(nullptr),
      m_export(new FileExport(
          session, m_preview,
          [this] {
              return FileExport::Shown{currentTree(), m_layer, selection(currentView()->selectedRows())};
          },
          this)),
      m_summary(new QLabel(this)),
      m_search(new TreeSearch(session.services().jobs(), this)),
      m_selectionPreview(new SelectionPreview(session, m_preview, this)),
      m_selectionTimer(new QTimer(this))
{
    m_tree->setModel(m_treeModel);
    m_results->setModel(m_searchModel);
    for (FileTreeView* v : {m_tree, m_results}) {
        v->setUpColumns();
        connect(v, &QWidget::customContextMenuRequested, this, [this, v](const QPoint& pos) { showContextMenu(v, pos); });
        v->setDragProvider([this](const QModelIndexList& rows) { return m_export->dragData(selection(rows)); });
    }
    m_tree->setRootIsDecorated(true);
    m_results->setRootIsDecorated(false);
    // A result is a whole path: when it cannot fit, its middle goes (the tooltip has it all).
    m_results->setTextElideMode(Qt::ElideMiddle);
    m_views->addWidget(m_tree);
    m_views->addWidget(m_results);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_views);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    // Placeholder while opening, or when opening needs a yes.
    m_stack = new PlaceholderStack(splitter, this);
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 12, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_filter);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_export);
    layout->addWidget(m_summary);

    auto* extract = new QAction(tr("Extract to…"), this);
    extract->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    extract->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(extract, &QAction::triggered, this, &FilesPage::promptExtract);
    addAction(extract);

    m_selectionTimer->setSingleShot(true);
    m_selectionTimer->setInterval(90); // arrowing through a folder fetches only where the user stops
    connect(m_selectionTimer, &QTimer::timeout, this, &FilesPage::onSelectionChanged);
    // Until the debounced handler has run, the preview shown is not the selection's.
    const auto selectionMoved = [this] {
        m_selectionPreview->unsettle();
        m_selectionTimer->start();
    };
    for (FileTreeView* v : {m_tree, m_results}) {
        connect(v->selectionModel(), &QItemSelectionModel::selectionChanged, this, selectionMoved);
        connect(v->selectionModel(), &QItemSelectionModel::currentChanged, this, selectionMoved);
    }
    connect(m_results, &QTreeView::activated, this, &FilesPage::revealSelected);
    // Enter or a double-click on a link goes where it points, as a file manager does.
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (index.data(FileEntry::TypeRole).toInt() == static_cast<int>(fs::FileType::Symlink))
            followLink(index.data(FileEntry::PathRole).toString());
    });

    connect(m_filter, &FileFilterBar::layerChosen, this, &FilesPage::showLayer);
    connect(m_filter, &FileFilterBar::changeFilterChosen, m_treeModel, &FileTreeModel::setChangeFilter);
    connect(m_filter, &FileFilterBar::queryChanged, this, &FilesPage::runSearch);
    connect(m_filter, &FileFilterBar::listWanted, this, &FilesPage::focusList);
    connect(m_search, &TreeSearch::matchesFound, this, [this](std::vector<fs::SearchMatch>& batch) {
        m_searchModel->append(std::move(batch));
        // Down or Enter came before the results: the first one is where it leads.
        if (m_results->hasFocus() && !m_results->currentIndex().isValid())
            m_results->setCurrentIndex(m_searchModel->index(0, 0));
        m_filter->setResultText(tr("Searching… %L1 found").arg(m_searchModel->rowCount()));
        if (m_searchModel->isFull())
            m_search->cancel();
    });
    connect(m_search, &TreeSearch::finished, this, &FilesPage::onSearchFinished);
    connect(m_selectionPreview, &SelectionPreview::previewLoaded, this, &FilesPage::previewLoaded);
    connect(m_selectionPreview, &SelectionPreview::costLoaded, this, &FilesPage::costLoaded);
    connect(m_preview, &PreviewPane::extractRequested, this, &FilesPage::promptExtract);
    connect(m_stack, &PlaceholderStack::buttonClicked, &m_session, &ImageSession::openAnyway);
    connect(m_export, &FileExport::messageRaised, this, &FilesPage::messageRaised);
    connect(m_export, &FileExport::dragRefused, this, &FilesPage::dragRefused);
    connect(m_export, &FileExport::extractFinished, this, [this](const ExtractOutcome& out) {
        // What the extraction fetched is here now: the cost box says so, not
        // "Extracting fetches …" of before.
        m_selectionPreview->refreshCost();
        emit extractFinished(out);
    });
    connect(m_export, &FileExport::dragReady, this, &FilesPage::startDrag);

    connect(&m_session, &ImageSession::reset, this, &FilesPage::onReset);
    connect(&m_session, &ImageSession::opening, this,
            [this] { m_stack->showPlaceholder(tr("Reading the file list from the zTOCs…"), true); });
    connect(&m_session, &ImageSession::consentNeeded, this, [this](qint64 bytes, int layers) {
        m_stack->showPlaceholder(
            tr("%n layer(s) of this image have no zTOC: listing its files fetches them whole (%1).", "", layers)
                .arg(Format::bytes(bytes)),
            false, tr("List the files anyway"));
    });
    connect(&m_session, &ImageSession::openFailed, this, [this](const UserMessage& m) {
        m_stack->showPlaceholder(m.textAndCause(), false);
        emit messageRaised(m);
    });
    connect(&m_session, &ImageSession::opened, this, &FilesPage::onOpened);
    connect(&m_session, &ImageSession::verified, this, &FilesPage::onVerified);
    connect(&m_session, &ImageSession::verifyFailed, this, &FilesPage::onVerifyFailed);
    connect(&m_session, &ImageSession::layerTreeReady, this, [this](int layer, std::shared_ptr<const fs::ImageTree> tree) {
        m_layerTrees[layer] = tree;
        if (layer == m_layer)
            setTree(tree);
    });
    connect(&m_session, &ImageSession::changesReady, this, [this] {
        if (m_layer >= 0 && isTreeShown())
            showChanges();
    });
    connect(&m_session, &ImageSession::layerTreeFailed, this, [this](int layer, const UserMessage& m) {
        if (layer == m_layer)
            m_stack->showPlaceholder(m.textAndCause(), false);
        emit messageRaised(m);
    });
    onReset();
}

FilesPage::~FilesPage() = default;

FileTreeView* FilesPage::currentView() const { return m_views->currentWidget() == m_results ? m_results : m_tree; }

std::shared_ptr<const fs::ImageTree> FilesPage::currentTree() const { return m_treeModel->tree(); }

bool FilesPage::isTreeShown() const
{
    return m_stack->isContentShown() && m_treeModel->tree() &&
           (m_layer < 0 ? m_treeModel->tree() == m_session.mergedTree() : m_layerTrees.count(m_layer) > 0);
}

void FilesPage::onReset()
{
    m_selectionPreview->stop();
    m_search->cancel();
    m_export->forget();
    m_layerTrees.clear();
    m_layer = -1;
    m_treeModel->clear();
    m_searchModel->clear();
    m_views->setCurrentWidget(m_tree);
    m_filter->setLayers({});
    m_filter->setVerification(QString(), QString(), false);
    m_filter->setResultText({});
    m_summary->clear();
    m_preview->showMessage(tr("Select a file to see what is in it."));
    m_stack->showPlaceholder(tr("The file list is read when you open this tab."), false);
}

void FilesPage::onOpened()
{
    QStringList labels;
    for (int i = 0; i < m_session.layerCount(); ++i)
        labels << m_session.layerLabel(i);
    m_filter->setLayers(labels);
    m_filter->setVerification(tr("verifying…"),
                              tr("The list was read from the zTOCs' file tables alone; the whole zTOCs are being "
                                 "fetched and checked against the SOCI index."),
                              false);
    showLayer(m_layer);
}

void FilesPage::onVerified(bool treeReplaced)
{
    // The preview differed from the verified zTOCs: show what they hold.
    if (treeReplaced && m_layer < 0)
        setTree(m_session.mergedTree());
    m_filter->setVerification(tr("verified"), tr("Every zTOC behind this list matched its digest in the SOCI index."),
                              true);
    m_treeModel->setSpans(m_session.spans());
    m_searchModel->setSpans(m_session.spans());
    // The header facts name the spans now.
    m_selectionTimer->start();
}

void FilesPage::onVerifyFailed(const UserMessage& m)
{
    m_filter->setVerification(tr("not verified"), m.textAndCause(), false);
    // The list shown came from unverified bytes: it is taken away, not flagged only.
    m_treeModel->clear();
    m_searchModel->clear();
    m_layerTrees.clear();
    m_preview->showMessage(m.text);
    m_stack->showPlaceholder(m.textAndCause(), false);
    emit messageRaised(m);
}

void FilesPage::showLayer(int layer)
{
    m_layer = layer;
    m_filter->setShownLayer(layer);
    if (m_session.state() != ImageSession::State::Open)
        return;
    if (layer < 0) {
        setTree(m_session.mergedTree());
        return;
    }
    if (auto it = m_layerTrees.find(layer); it != m_layerTrees.end()) {
        setTree(it->second);
        return;
    }
    m_stack->showPlaceholder(tr("Reading the files of layer %1…").arg(layer), true);
    m_session.loadLayerTree(layer);
}

void FilesPage::setTree(std::shared_ptr<const fs::ImageTree> tree)
{
    QStringList labels;
    for (int i = 0; i < m_session.layerCount(); ++i)
        labels << m_session.layerLabel(i);
    m_treeModel->setTree(tree, labels);
    m_treeModel->setSpans(m_session.spans());
    m_treeModel->setChangeFilter(m_layer < 0 ? FileTreeModel::AllEntries : m_filter->changeFilter());
    m_tree->sortByColumn(m_tree->header()->sortIndicatorSection(), m_tree->header()->sortIndicatorOrder());
    m_stack->showContent();
    const std::size_t entries = tree ? tree->size() - 1 : 0;
    m_summary->setText(m_layer < 0 ? tr("%L1 entries in %n layer(s), merged", "", m_session.layerCount()).arg(entries)
                                   : tr("%L1 entries made by layer %2").arg(entries).arg(m_layer));
    m_summary->setToolTip(QString());
    if (m_layer >= 0)
        showChanges();
    m_preview->showMessage(tr("Select a file to see what is in it."));
    if (m_filter->active())
        runSearch();
    else
        m_views->setCurrentWidget(m_tree);
    emit treeShown();
}

void FilesPage::showChanges()
{
    const auto set = m_session.changes();
    const auto changes = LayerChangeSet::of(set, m_layer);
    // The marks index the tree they were counted on: the one shown, or none.
    if (!changes || set->views[static_cast<std::size_t>(m_layer)] != m_treeModel->tree())
        return;
    m_treeModel->setChanges(changes);
    const std::size_t entries = m_treeModel->tree()->size() - 1;
    m_summary->setText(tr("%L1 entries made by layer %2: %L3 added, %L4 modified, %L5 removed · %6 wasted")
                           .arg(entries)
                           .arg(m_layer)
                           .arg(changes->added)
                           .arg(changes->modified)
                           .arg(changes->removed)
                           .arg(Format::bytes(changes->wastedBytes)));
    m_summary->setToolTip(tr("Wasted: bytes of this layer's files that upper layers overwrite or remove (%n file(s)); "
                             "they are shipped and stored but never seen in the image.",
                             "", static_cast<int>(changes->wastedFiles)));
}

bool FilesPage::followLink(const QString& path)
{
    const auto tree = m_treeModel->tree();
    if (!tree)
        return false;
    const auto link = tree->resolve(path.toStdString(), false);
    if (!link || tree->inode(*link).type != fs::FileType::Symlink)
        return false;
    const std::string target = tree->readlink(*link).valueOr({});
    UserMessage m;
    m.kind = UserMessage::Kind::Warning;
    const auto where = fs::linkTarget(path.toStdString(), target);
    if (!where) {
        m.text = tr("%1 points to “%2”, outside the image: not followed").arg(path, qs(target));
        emit messageRaised(m);
        return false;
    }
    const auto found = tree->resolve(*where, false);
    if (!found) {
        m.text = m_layer < 0 ? tr("%1 points to %2, which is not in this image").arg(path, qs(*where))
                             : tr("%1 points to %2, which is not in layer %3").arg(path, qs(*where)).arg(m_layer);
        emit messageRaised(m);
        return false;
    }
    const QString shown = qs(tree->pathOf(*found));
    if (reveal(shown))
        return true;
    m.text = tr("%1 points to %2, which the change filter hides: choose “All entries” to see it").arg(path, shown);
    emit messageRaised(m);
    return false;
}

bool FilesPage::reveal(const QString& path)
{
    if (m_filter->active())
        m_filter->clearSearch();
    m_views->setCurrentWidget(m_tree);
    const QModelIndex index = m_treeModel->indexOfPath(path);
    if (!index.isValid())
        return false;
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_tree->setFocus();
    return true;
}

void FilesPage::revealSelected()
{
    const QModelIndexList rows = m_results->selectedRows();
    if (rows.size() == 1)
        reveal(m_searchModel->pathOf(rows.first()));
}

void FilesPage::search(const QString& text) { m_filter->setSearchText(text); }

void FilesPage::onSearchFinished(const fs::SearchSummary& s, const QString& error)
{
    const double secs = static_cast<double>(QDateTime::currentMSecsSinceEpoch() - m_searchStarted) / 1000.0;
    if (!error.isEmpty())
        m_filter->setResultText(tr("Cannot search: %1").arg(error));
    else if (m_searchModel->rowCount() == 0)
        m_filter->setResultText(tr("Nothing found among %L1 entries (%2 s)").arg(s.visited).arg(secs, 0, 'f', 2));
    else
        m_filter->setResultText(tr("%L1 found among %L2 entries in %3 s · double-click one to show it in the tree")
                                    .arg(m_searchModel->rowCount())
                                    .arg(s.visited)
                                    .arg(secs, 0, 'f', 2));
    emit searchFinished(m_searchModel->rowCount());
}

bool FilesPage::isSearching() const { return m_search->isRunning(); }

void FilesPage::focusSearch() { m_filter->focusSearch(); }

void FilesPage::focusList()
{
    FileTreeView* v = currentView();
    v->setFocus(Qt::TabFocusReason);
    if (!v->currentIndex().isValid() && v->model()->rowCount() > 0)
        v->setCurrentIndex(v->model()->index(0, 0));
}

void FilesPage::runSearch()
{
    auto tree = currentTree();
    if (!tree)
        return;
    if (!m_filter->active()) {
        m_search->cancel();
        m_searchModel->clear();
        m_filter->setResultText({});
        m_views->setCurrentWidget(m_tree);
        m_selectionTimer->start();
        return;
    }
    m_searchModel->reset(m_treeModel->context());
    m_views->setCurrentWidget(m_results);
    m_filter->setResultText(tr("Searching…"));
    m_searchStarted = QDateTime::currentMSecsSinceEpoch();
    m_search->start(tree, m_filter->query());
    m_selectionTimer->start();
}

FileSelection FilesPage::selection(const QModelIndexList& rows) const
{
    FileSelection s;
    const bool results = !rows.isEmpty() && rows.first().model() == m_searchModel;
    const auto tree = currentTree();
    for (const QModelIndex& i : rows) {
        const fs::Ino ino = results ? m_searchModel->inoOf(i) : m_treeModel->inoOf(i);
        s.inos.push_back(ino);
        s.paths << (results ? m_searchModel->pathOf(i) : m_treeModel->pathOf(i));
        if (tree && tree->valid(ino) && tree->inode(ino).type == fs::FileType::Regular)
            s.bytes += static_cast<quint64>(tree->inode(ino).size);
    }
    return s;
}

void FilesPage::onSelectionChanged()
{
    m_selectionPreview->stop();
    const auto tree = currentTree();
    const QModelIndexList rows = currentView()->selectedRows();
    if (!tree || rows.isEmpty()) {
        m_preview->showMessage(m_filter->active() && m_searchModel->rowCount() == 0 ? tr("No match.")
                                                                                    : tr("Select a file to see what is in it."));
        return;
    }
    const FileSelection s = selection(rows);
    if (rows.size() == 1) {
        m_preview->showEntry(m_treeModel->context(), s.inos.front(), s.paths.front());
        m_selectionPreview->show(tree, s.inos.front(), s.inos);
    } else {
        m_preview->showSelection(static_cast<int>(rows.size()));
        m_selectionPreview->showCost(tree, s.inos);
    }
}

bool FilesPage::isPreviewSettled() const { return m_selectionPreview->isSettled(); }

void FilesPage::extractSelectionTo(const QString& folder) { m_export->extractTo(folder); }

void FilesPage::promptExtract() { m_export->promptExtract(); }

void FilesPage::openSelected() { m_export->openSelected(); }

bool FilesPage::isExtracting() const { return m_export->isExtracting(); }

void FilesPage::cancelExtract() { m_export->cancelExtract(); }

QString FilesPage::extractProgressText() const { return m_export->progressText(); }

QMimeData* FilesPage::dragData() { return m_export->dragData(selection(currentView()->selectedRows())); }

DaemonMounts* FilesPage::mounts() const { return m_export->mounts(); }

void FilesPage::startDrag(const QList<QUrl>& urls)
{
    emit dragReady();
    // Still holding the button over the view: the drag starts now.
    FileTreeView* view = currentView();
    if ((QGuiApplication::mouseButtons() & Qt::LeftButton) && view->viewport()->underMouse()) {
        auto* data = new QMimeData;
        data->setUrls(urls);
        m_preview->setNote({});
        view->startDragWith(data);
    }
}

void FilesPage::showContextMenu(FileTreeView* view, const QPoint& pos)
{
    const QModelIndexList rows = view->selectedRows();
    if (rows.isEmpty())
        return;
    QMenu menu(this);
    if (rows.size() == 1 && rows.front().data(FileEntry::TypeRole).toInt() == static_cast<int>(fs::FileType::Regular))
        menu.addAction(tr("&Open"), this, &FilesPage::openSelected)
            ->setToolTip(tr("Fetch the file and open it with the desktop's default application"));
    menu.addAction(tr("Extract to…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &FilesPage::promptExtract);
    const FileSelection s = selection(rows);
    menu.addAction(tr("Copy Path"), this, [s] { QApplication::clipboard()->setText(s.paths.join(QLatin1Char('\n'))); });
    if (view == m_results && rows.size() == 1)
        menu.addAction(tr("Show in Tree"), this, &FilesPage::revealSelected);
    if (rows.size() == 1 && rows.front().data(FileEntry::TypeRole).toInt() == static_cast<int>(fs::FileType::Symlink)) {
        const QString path = rows.front().data(FileEntry::PathRole).toString();
        menu.addAction(tr("Follow Link"), this, [this, path] { followLink(path); });
    }
    menu.exec(view->viewport()->mapToGlobal(pos));
}

} // namespace sociscope::ui
