// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/filespage.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/daemonmounts.h"
#include "jobs/dragstager.h"
#include "jobs/imagesession.h"
#include "jobs/treesearch.h"
#include "models/filetreemodel.h"
#include "models/searchresultmodel.h"
#include "models/spantable.h"
#include "pages/files/filefilterbar.h"
#include "pages/files/filetreeview.h"
#include "pages/files/previewpane.h"
#include "widgets/rowdelegate.h"

#include "common/lazycore.h"
#include "util/cancel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace sociscope::ui {

FilesPage::FilesPage(ImageSession& session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_filter(new FileFilterBar(this)),
      m_stack(new QStackedWidget(this)),
      m_placeholder(new QLabel(this)),
      m_busy(new QProgressBar(this)),
      m_consent(new QPushButton(this)),
      m_views(new QStackedWidget(this)),
      m_treeModel(new FileTreeModel(this)),
      m_searchModel(new SearchResultModel(this)),
      m_tree(new FileTreeView(this)),
      m_results(new FileTreeView(this)),
      m_preview(new PreviewPane(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_extractBar(new QWidget(this)),
      m_extractLabel(new QLabel(this)),
      m_extractProgress(new QProgressBar(this)),
      m_extractCancel(new QToolButton(this)),
      m_summary(new QLabel(this)),
      m_search(new TreeSearch(this)),
      m_stager(new DragStager(this)),
      m_mounts(new DaemonMounts(session.services().jobs(), this)),
      m_selectionTimer(new QTimer(this))
{
    // Placeholder while opening, or when opening needs a yes.
    auto* placeholderPage = new QWidget(this);
    auto* pl = new QVBoxLayout(placeholderPage);
    pl->addStretch(1);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    pl->addWidget(m_placeholder);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumSize(240, 10);
    pl->addWidget(m_busy, 0, Qt::AlignHCenter);
    pl->addWidget(m_consent, 0, Qt::AlignHCenter);
    pl->addStretch(2);
    m_consent->hide();

    m_tree->setModel(m_treeModel);
    m_results->setModel(m_searchModel);
    setUpView(m_tree);
    setUpView(m_results);
    m_tree->setRootIsDecorated(true);
    m_results->setRootIsDecorated(false);
    m_views->addWidget(m_tree);
    m_views->addWidget(m_results);

    m_splitter->addWidget(m_views);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto* browsePage = new QWidget(this);
    auto* bl = new QVBoxLayout(browsePage);
    bl->setContentsMargins(0, 0, 0, 0);
    bl->addWidget(m_splitter, 1);
    m_stack->addWidget(placeholderPage);
    m_stack->addWidget(browsePage);

    m_extractProgress->setMaximumWidth(260);
    m_extractProgress->setMaximumHeight(14);
    m_extractCancel->setText(tr("Cancel"));
    m_extractCancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* eb = new QHBoxLayout(m_extractBar);
    eb->setContentsMargins(0, 0, 0, 0);
    eb->addWidget(m_extractLabel, 1);
    eb->addWidget(m_extractProgress);
    eb->addWidget(m_extractCancel);
    m_extractBar->hide();
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 12, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_filter);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_extractBar);
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
        m_previewSettled = false;
        m_selectionTimer->start();
    };
    for (FileTreeView* v : {m_tree, m_results}) {
        connect(v->selectionModel(), &QItemSelectionModel::selectionChanged, this, selectionMoved);
        connect(v->selectionModel(), &QItemSelectionModel::currentChanged, this, selectionMoved);
    }
    connect(m_results, &QTreeView::activated, this, &FilesPage::revealSelected);

    connect(m_filter, &FileFilterBar::layerChosen, this, &FilesPage::showLayer);
    connect(m_filter, &FileFilterBar::queryChanged, this, &FilesPage::runSearch);
    connect(m_search, &TreeSearch::matchesFound, this, [this](std::vector<fs::SearchMatch>& batch) {
        m_searchModel->append(std::move(batch));
        m_filter->setResultText(tr("Searching… %L1 found").arg(m_searchModel->rowCount()));
        if (m_searchModel->isFull())
            m_search->cancel();
    });
    connect(m_search, &TreeSearch::finished, this, [this](const fs::SearchSummary& s, const QString& error) {
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
    });
    connect(m_preview, &PreviewPane::modeRequested, this, &FilesPage::onModeRequested);
    connect(m_preview, &PreviewPane::extractRequested, this, &FilesPage::promptExtract);
    connect(m_extractCancel, &QToolButton::clicked, this, &FilesPage::cancelExtract);
    connect(m_consent, &QPushButton::clicked, &m_session, &ImageSession::openAnyway);
    connect(m_stager, &DragStager::staged, this, &FilesPage::onStaged);
    connect(m_mounts, &DaemonMounts::mounted, this, &FilesPage::onMounted);
    connect(m_mounts, &DaemonMounts::failed, this, &FilesPage::onMountFailed);
    connect(m_stager, &DragStager::progressed, this, [this](const QString& key, quint64 bytes, quint64 total) {
        if (key == m_pendingDrag)
            m_preview->setNote(tr("Preparing the drag: %1 of %2 fetched…").arg(Format::bytes(static_cast<qint64>(bytes)),
                                                                            Format::bytes(static_cast<qint64>(total))));
    });
    connect(m_stager, &DragStager::stagingFailed, this, [this](const QString& key, const QString& error) {
        if (key != m_pendingDrag)
            return;
        m_pendingDrag.clear();
        m_preview->setNote(tr("Could not prepare the drag: %1").arg(error));
        emit dragRefused(error);
    });

    connect(&m_session, &ImageSession::reset, this, &FilesPage::onReset);
    connect(&m_session, &ImageSession::opening, this,
            [this] { showPlaceholder(tr("Reading the file list from the zTOCs…"), true); });
    connect(&m_session, &ImageSession::consentNeeded, this, [this](qint64 bytes, int layers) {
        showPlaceholder(tr("%n layer(s) of this image have no zTOC: listing its files fetches them whole (%1).", "", layers)
                            .arg(Format::bytes(bytes)),
                        false, tr("List the files anyway"));
    });
    connect(&m_session, &ImageSession::openFailed, this, [this](const UserMessage& m) {
        showPlaceholder(m.textAndCause(), false);
        emit messageRaised(m);
    });
    connect(&m_session, &ImageSession::opened, this, &FilesPage::onOpened);
    connect(&m_session, &ImageSession::verified, this, &FilesPage::onVerified);
    connect(&m_session, &ImageSession::verifyFailed, this, [this](const UserMessage& m) {
        m_filter->setVerification(tr("not verified"), m.textAndCause(), false);
        // The list shown came from unverified bytes: it is taken away, not flagged only.
        m_treeModel->clear();
        m_searchModel->clear();
        m_layerTrees.clear();
        m_preview->showMessage(m.text);
        showPlaceholder(m.textAndCause(), false);
        emit messageRaised(m);
    });
    connect(&m_session, &ImageSession::layerTreeReady, this, [this](int layer, std::shared_ptr<const fs::ImageTree> tree) {
        m_layerTrees[layer] = tree;
        if (layer == m_layer)
            setTree(tree);
    });
    connect(&m_session, &ImageSession::layerTreeFailed, this, [this](int layer, const UserMessage& m) {
        if (layer == m_layer)
            showPlaceholder(m.textAndCause(), false);
        emit messageRaised(m);
    });
    onReset();
}

FilesPage::~FilesPage() = default;

void FilesPage::setUpView(FileTreeView* v)
{
    v->setUniformRowHeights(true);
    v->setAlternatingRowColors(true);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::ExtendedSelection);
    v->setAllColumnsShowFocus(true);
    v->setSortingEnabled(true);
    v->setItemDelegate(new RowDelegate(6, v));
    v->setFrameShape(QFrame::StyledPanel);
    v->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView* h = v->header();
    h->setSortIndicator(FileEntry::ColumnName, Qt::AscendingOrder);
    h->setStretchLastSection(false);
    h->setSectionsMovable(true);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    h->setSectionResizeMode(FileEntry::ColumnName, QHeaderView::Stretch);
    const int widths[FileEntry::ColumnCount] = {260, 80, 92, 96, 124, 150, 52, 92};
    for (int c = 1; c < FileEntry::ColumnCount; ++c)
        h->resizeSection(c, widths[c]);
    // A folder's size says "99 items", longer in some languages.
    h->resizeSection(FileEntry::ColumnSize,
                     std::max(widths[FileEntry::ColumnSize],
                              v->fontMetrics().horizontalAdvance(FileEntry::tr("%n item(s)", "", 99)) + 16));
    // Owner and link target stay one right-click away: the preview shows them.
    h->setSectionHidden(FileEntry::ColumnOwner, true);
    h->setSectionHidden(FileEntry::ColumnLink, true);
    h->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(h, &QHeaderView::customContextMenuRequested, v, [v, h](const QPoint& pos) {
        QMenu menu(v);
        for (int c = 1; c < FileEntry::ColumnCount; ++c) {
            auto* a = menu.addAction(FileEntry::header(c, Qt::DisplayRole).toString());
            a->setCheckable(true);
            a->setChecked(!h->isSectionHidden(c));
            connect(a, &QAction::toggled, h, [h, c](bool on) { h->setSectionHidden(c, !on); });
        }
        menu.exec(h->mapToGlobal(pos));
    });
    connect(v, &QWidget::customContextMenuRequested, this, [this, v](const QPoint& pos) { showContextMenu(v, pos); });
    v->setDragProvider([this](const QModelIndexList& rows) { return dragDataFor(rows); });
}

FileTreeView* FilesPage::currentView() const { return m_views->currentWidget() == m_results ? m_results : m_tree; }

std::shared_ptr<const fs::ImageTree> FilesPage::currentTree() const { return m_treeModel->tree(); }

bool FilesPage::isTreeShown() const
{
    return m_stack->currentIndex() == 1 && m_treeModel->tree() &&
           (m_layer < 0 ? m_treeModel->tree() == m_session.mergedTree() : m_layerTrees.count(m_layer) > 0);
}

void FilesPage::showPlaceholder(const QString& text, bool busy, const QString& button)
{
    m_placeholder->setText(text);
    m_busy->setVisible(busy);
    m_consent->setText(button);
    m_consent->setVisible(!button.isEmpty());
    m_stack->setCurrentIndex(0);
}

void FilesPage::onReset()
{
    ++m_previewGeneration;
    ++m_costGeneration;
    if (m_previewCancel)
        m_previewCancel->store(true);
    m_search->cancel();
    m_stager->forget();
    m_pendingDrag.clear();
    m_layerTrees.clear();
    m_layer = -1;
    m_treeModel->clear();
    m_searchModel->clear();
    m_views->setCurrentWidget(m_tree);
    m_filter->setLayers({});
    m_filter->setVerification(QString(), QString(), false);
    m_filter->setResultText({});
    m_summary->clear();
    m_previewSettled = true;
    m_preview->showMessage(tr("Select a file to see what is in it."));
    showPlaceholder(tr("The file list is read when you open this tab."), false);
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
    showPlaceholder(tr("Reading the files of layer %1…").arg(layer), true);
    m_session.loadLayerTree(layer);
}

void FilesPage::setTree(std::shared_ptr<const fs::ImageTree> tree)
{
    QStringList labels;
    for (int i = 0; i < m_session.layerCount(); ++i)
        labels << m_session.layerLabel(i);
    m_treeModel->setTree(tree, labels);
    m_treeModel->setSpans(m_session.spans());
    m_tree->sortByColumn(m_tree->header()->sortIndicatorSection(), m_tree->header()->sortIndicatorOrder());
    m_stack->setCurrentIndex(1);
    const std::size_t entries = tree ? tree->size() - 1 : 0;
    m_summary->setText(m_layer < 0 ? tr("%L1 entries in %n layer(s), merged", "", m_session.layerCount()).arg(entries)
                                   : tr("%L1 entries made by layer %2").arg(entries).arg(m_layer));
    m_preview->showMessage(tr("Select a file to see what is in it."));
    if (m_filter->active())
        runSearch();
    else
        m_views->setCurrentWidget(m_tree);
    emit treeShown();
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

bool FilesPage::isSearching() const { return m_search->isRunning(); }

void FilesPage::focusSearch() { m_filter->focusSearch(); }

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

FilesPage::Selection FilesPage::selection(const QModelIndexList& rows) const
{
    Selection s;
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
    ++m_previewGeneration;
    if (m_previewCancel)
        m_previewCancel->store(true);
    m_previewCancel.reset();
    m_previewSettled = true;
    m_previewIno = 0;
    const auto tree = currentTree();
    const QModelIndexList rows = currentView()->selectedRows();
    if (!tree || rows.isEmpty()) {
        m_preview->showMessage(m_filter->active() && m_searchModel->rowCount() == 0 ? tr("No match.")
                                                                                    : tr("Select a file to see what is in it."));
        return;
    }
    const Selection s = selection(rows);
    if (rows.size() == 1) {
        FileEntry::Context c = m_treeModel->context();
        m_preview->showEntry(c, s.inos.front(), s.paths.front());
        const fs::Inode& n = tree->inode(s.inos.front());
        if (n.type == fs::FileType::Regular && !n.whiteout)
            startPreview(s.inos.front(), m_preview->mode());
    } else {
        m_preview->showSelection(static_cast<int>(rows.size()));
    }
    startCost(s.inos);
}

void FilesPage::startPreview(fs::Ino ino, Preview::Mode mode)
{
    auto image = m_session.image();
    auto tree = currentTree();
    if (!image || !tree)
        return;
    const std::uint64_t generation = ++m_previewGeneration;
    if (m_previewCancel)
        m_previewCancel->store(true);
    m_previewCancel = std::make_shared<std::atomic<bool>>(false);
    m_previewSettled = false;
    m_previewIno = ino;
    auto cancel = m_previewCancel;
    QPointer<FilesPage> guard(this);
    JobPool* pool = &m_session.services().jobs();
    m_session.services().jobs().run(
        this,
        [image, tree, ino, mode, cancel, guard, pool, generation]() {
            // A preview replaced by another stops fetching for the old one.
            const util::CancelScope scope(util::CancelToken::watching(cancel));
            return PreviewLoader::load(*image, *tree, ino, mode, *cancel, [=](std::uint64_t bytes, int spans) {
                // Posted to the pool object (which outlives every job), checked on the GUI thread.
                QMetaObject::invokeMethod(
                    pool,
                    [guard, generation, bytes, spans] {
                        if (guard && generation == guard->m_previewGeneration)
                            guard->m_preview->setFetching(bytes, spans);
                    },
                    Qt::QueuedConnection);
            });
        },
        [this, generation](Preview p) {
            if (generation != m_previewGeneration)
                return;
            m_previewSettled = true;
            m_lastPreview = p;
            m_preview->setPreview(p);
            // What the preview fetched is here now: the cost went down.
            if (!p.cancelled)
                startCost(m_costInos);
            emit previewLoaded();
        });
}

void FilesPage::onModeRequested(Preview::Mode mode)
{
    if (!m_previewIno)
        return;
    // The bytes are here already: show them another way without fetching again.
    if (mode == Preview::Mode::Hex && m_previewSettled && !m_lastPreview.head.isEmpty()) {
        Preview hex = PreviewLoader::fromBytes(m_lastPreview.head, m_lastPreview.fileSize, Preview::Mode::Hex);
        m_preview->setPreview(hex);
        return;
    }
    startPreview(m_previewIno, mode);
}

void FilesPage::startCost(const std::vector<fs::Ino>& inos)
{
    m_costInos = inos;
    auto image = m_session.image();
    auto tree = currentTree();
    const std::uint64_t generation = ++m_costGeneration;
    if (m_costCancel)
        m_costCancel->store(true);
    if (!image || !tree)
        return;
    m_costCancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_costCancel;
    m_preview->setCostPending();
    m_session.services().jobs().run(
        this, [image, tree, inos, cancel]() { return lazy::costOfSelection(*image, *tree, inos, cancel.get()); },
        [this, generation](Result<lazy::SelectionCost> cost) {
            if (generation != m_costGeneration)
                return;
            if (cost)
                m_preview->setCost(*cost);
            else if (cost.error().code != ErrorCode::Cancelled)
                m_preview->setCostUnknown(tr("Cannot tell what extracting fetches: %1").arg(qs(cost.error().message)));
            emit costLoaded();
        });
}

void FilesPage::showContextMenu(FileTreeView* view, const QPoint& pos)
{
    const QModelIndexList rows = view->selectedRows();
    if (rows.isEmpty())
        return;
    QMenu menu(this);
    menu.addAction(tr("Extract to…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &FilesPage::promptExtract);
    const Selection s = selection(rows);
    menu.addAction(tr("Copy Path"), this, [s] { QApplication::clipboard()->setText(s.paths.join(QLatin1Char('\n'))); });
    if (view == m_results && rows.size() == 1)
        menu.addAction(tr("Show in Tree"), this, &FilesPage::revealSelected);
    menu.exec(view->viewport()->mapToGlobal(pos));
}

} // namespace sociscope::ui
