// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/spacetab.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/imagesession.h"
#include "widgets/treemapview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardItemModel>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace sociscope::ui {

namespace {

enum Column { ColumnName, ColumnSize, ColumnShare, ColumnFiles, ColumnCount };
constexpr int InoRole = Qt::UserRole + 1;    // quint32
constexpr int FolderRole = Qt::UserRole + 2; // bool
constexpr int SortRole = Qt::UserRole + 3;

// Backspace in the list goes up, as in the map.
class UpKeyFilter final : public QObject {
public:
    UpKeyFilter(QObject* parent, std::function<void()> up) : QObject(parent), m_up(std::move(up)) {}
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(e)->key() == Qt::Key_Backspace) {
            m_up();
            return true;
        }
        return false;
    }

private:
    std::function<void()> m_up;
};

} // namespace

SpaceTab::SpaceTab(ImageSession& session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_which(new QComboBox(this)),
      m_up(new QToolButton(this)),
      m_path(new QLabel(this)),
      m_list(new QTreeView(this)),
      m_model(new QStandardItemModel(0, ColumnCount, this)),
      m_map(new TreemapView(this))
{
    m_which->setObjectName(QStringLiteral("spaceTree"));
    m_which->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_which->setToolTip(tr("The merged image (what a container sees) or one layer's own files"));
    m_up->setObjectName(QStringLiteral("spaceUp"));
    m_up->setText(tr("Up"));
    m_up->setIcon(QIcon::fromTheme(QStringLiteral("go-up")));
    m_up->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_up->setToolTip(tr("The folder above (Backspace)"));
    m_path->setObjectName(QStringLiteral("spacePath"));
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_list->setObjectName(QStringLiteral("spaceList"));
    m_map->setObjectName(QStringLiteral("spaceMap"));
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("Size"), tr("Share"), tr("Files")});
    m_model->setSortRole(SortRole);
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSortingEnabled(true);
    m_list->setTextElideMode(Qt::ElideMiddle); // the tooltip has the whole name
    m_list->header()->setSectionResizeMode(ColumnName, QHeaderView::Interactive);
    m_list->header()->resizeSection(ColumnName, 220);
    m_list->sortByColumn(ColumnSize, Qt::DescendingOrder);
    m_list->installEventFilter(new UpKeyFilter(this, [this] { up(); }));

    auto* top = new QHBoxLayout;
    top->addWidget(m_which);
    top->addWidget(m_up);
    top->addWidget(m_path, 1);
    auto* split = new QSplitter(this);
    m_split = split;
    split->addWidget(m_list);
    split->addWidget(m_map);
    split->setStretchFactor(1, 1);
    split->setSizes({380, 620});
    connect(split, &QSplitter::splitterMoved, this, [this] { m_userSplit = true; });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_which, &QComboBox::activated, this, [this] { showLayer(m_which->currentData().toInt()); });
    connect(m_up, &QToolButton::clicked, this, &SpaceTab::up);
    connect(m_map, &TreemapView::upRequested, this, &SpaceTab::up);
    connect(m_map, &TreemapView::activated, this, [this](int i) {
        if (i >= 0 && i < m_map->items().size())
            showFolder(m_map->items()[i].ino);
    });
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex& i) { open(i.row()); });
    // The list and the map show the same entry.
    connect(m_map, &TreemapView::currentChanged, this, [this](int i) {
        if (i < 0 || i >= m_map->items().size())
            return;
        const quint32 ino = m_map->items()[i].ino;
        for (int r = 0; r < m_model->rowCount(); ++r)
            if (m_model->item(r, ColumnName)->data(InoRole).toUInt() == ino && ino != 0) {
                m_list->setCurrentIndex(m_model->index(r, ColumnName));
                break;
            }
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& cur) {
        if (!cur.isValid())
            return;
        const quint32 ino = m_model->item(cur.row(), ColumnName)->data(InoRole).toUInt();
        for (int i = 0; i < m_map->items().size(); ++i)
            if (m_map->items()[i].ino == ino) {
                m_map->setCurrentItem(i);
                break;
            }
    });

    connect(&m_session, &ImageSession::reset, this, &SpaceTab::onReset);
    connect(&m_session, &ImageSession::opened, this, [this] {
        m_which->clear();
        m_which->addItem(tr("Whole image (merged)"), -1);
        for (int i = 0; i < m_session.layerCount(); ++i)
            m_which->addItem(m_session.layerLabel(i), i);
        showLayer(m_layer);
    });
    connect(&m_session, &ImageSession::verified, this, [this](bool replaced) {
        if (replaced && m_layer < 0)
            setTree(m_session.mergedTree());
    });
    connect(&m_session, &ImageSession::layerTreeReady, this,
            [this](int layer, std::shared_ptr<const fs::ImageTree> tree) {
                if (layer == m_layer)
                    setTree(std::move(tree));
            });
    onReset();
}

void SpaceTab::onReset()
{
    m_sum.cancel();
    ++m_generation;
    m_layer = -1;
    m_tree.reset();
    m_totals = {};
    m_folder = 0;
    m_which->clear();
    m_model->removeRows(0, m_model->rowCount());
    m_map->setItems({});
    m_up->setEnabled(false);
    m_path->setText(tr("The file list is read when you open this tab."));
}

void SpaceTab::showLayer(int layer)
{
    m_layer = layer;
    if (const int i = m_which->findData(layer); i >= 0)
        m_which->setCurrentIndex(i);
    if (m_session.state() != ImageSession::State::Open)
        return;
    if (layer < 0) {
        setTree(m_session.mergedTree());
        return;
    }
    m_path->setText(tr("Reading the files of layer %1…").arg(layer));
    m_session.loadLayerTree(layer); // cached by the image after the first time
}

void SpaceTab::setTree(std::shared_ptr<const fs::ImageTree> tree)
{
    // Summing a million entries takes long enough to freeze the window: a
    // job of its own, the answer of the last tree asked for shown.
    m_sum.cancel();
    const std::uint64_t generation = ++m_generation;
    m_tree.reset();
    m_totals = {};
    m_model->removeRows(0, m_model->rowCount());
    m_map->setItems({});
    m_up->setEnabled(false);
    if (!tree) {
        emit treeShown();
        return;
    }
    m_path->setText(tr("Adding up the sizes of %Ln entries…", "", static_cast<qlonglong>(tree->size())));
    m_sum = m_session.services().jobs().run(
        this, [tree] { return std::make_pair(tree, fs::spaceOf(*tree)); },
        [this, generation](std::pair<std::shared_ptr<const fs::ImageTree>, fs::SpaceTotals> result) {
            if (generation != m_generation)
                return;
            m_tree = std::move(result.first);
            m_totals = std::move(result.second);
            showFolder(m_tree->root());
            emit treeShown();
        });
}

QString SpaceTab::folderPath() const { return m_tree && m_folder ? qs(m_tree->pathOf(m_folder)) : QString(); }

bool SpaceTab::showPath(const QString& path)
{
    if (!m_tree)
        return false;
    const auto ino = m_tree->resolve(path.toStdString(), false);
    if (!ino || m_tree->inode(*ino).type != fs::FileType::Directory)
        return false;
    showFolder(*ino);
    return true;
}

void SpaceTab::showFolder(fs::Ino folder)
{
    if (!m_tree || !m_tree->valid(folder) || m_tree->inode(folder).type != fs::FileType::Directory)
        return;
    m_folder = folder;
    const qint64 total = m_totals.bytesOf(folder);
    m_model->removeRows(0, m_model->rowCount());
    QList<TreemapView::Item> items;
    m_list->setSortingEnabled(false);
    for (const fs::Child& c : m_tree->children(folder)) {
        const fs::Inode& n = m_tree->inode(c.ino);
        const bool isFolder = n.type == fs::FileType::Directory;
        const qint64 bytes = m_totals.bytesOf(c.ino);
        const QString name = qs(std::string(c.name));
        auto* nameItem = new QStandardItem(name + (isFolder ? QStringLiteral("/") : QString()));
        nameItem->setData(c.ino, InoRole);
        nameItem->setData(isFolder, FolderRole);
        nameItem->setData(name, SortRole);
        nameItem->setToolTip(qs(m_tree->pathOf(c.ino)));
        auto* size = new QStandardItem(Format::bytes(bytes));
        size->setData(bytes, SortRole);
        size->setToolTip(tr("%L1 bytes").arg(bytes));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const double share = total > 0 ? 100.0 * static_cast<double>(bytes) / static_cast<double>(total) : 0;
        auto* shareItem = new QStandardItem(QStringLiteral("%1 %").arg(QLocale().toString(share, 'f', 1)));
        shareItem->setData(share, SortRole);
        shareItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const quint32 files = m_totals.filesOf(c.ino);
        auto* filesItem = new QStandardItem(isFolder ? QLocale().toString(files) : QString());
        filesItem->setData(files, SortRole);
        filesItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        for (QStandardItem* i : {nameItem, size, shareItem, filesItem})
            i->setEditable(false);
        m_model->appendRow({nameItem, size, shareItem, filesItem});
        items.append({name, bytes, isFolder, c.ino});
    }
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(m_list->header()->sortIndicatorSection(), m_list->header()->sortIndicatorOrder());
    m_map->setItems(items);
    fitList();
    m_up->setEnabled(folder != m_tree->root());
    const QString where = m_layer < 0 ? tr("merged image") : tr("layer %1").arg(m_layer);
    m_path->setText(tr("%1 · %2 in %n file(s) · %3", "", static_cast<int>(m_totals.filesOf(folder)))
                        .arg(qs(m_tree->pathOf(folder)), Format::bytes(total), where));
    if (m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0, ColumnName));
}

void SpaceTab::open(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QStandardItem* item = m_model->item(row, ColumnName);
    if (item->data(FolderRole).toBool())
        showFolder(item->data(InoRole).toUInt());
}

void SpaceTab::fitList()
{
    // Every column as wide as its values, and the list as wide as its
    // columns (up to three fifths of the tab; the map takes the rest), unless
    // the user has moved the divider.
    QHeaderView* h = m_list->header();
    int need = 2 * m_list->frameWidth() + m_list->verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < ColumnCount; ++c) {
        m_list->resizeColumnToContents(c);
        need += h->sectionSize(c);
    }
    // A hidden tab's splitter has no real width yet: showEvent() and
    // resizeEvent() come back here once it has.
    if (m_userSplit || !m_split->isVisible())
        return;
    const int total = m_split->width() - m_split->handleWidth();
    if (total <= 0)
        return;
    const int list = std::min(need, total * 3 / 5);
    m_split->setSizes({list, total - list});
}

void SpaceTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    fitList();
}

void SpaceTab::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitList();
}

void SpaceTab::up()
{
    if (!m_tree || m_folder == m_tree->root() || m_folder == 0)
        return;
    const fs::Ino child = m_folder;
    showFolder(m_tree->inode(m_folder).parent);
    // Back where we came from: the folder just left is the current entry.
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->item(r, ColumnName)->data(InoRole).toUInt() == child)
            m_list->setCurrentIndex(m_model->index(r, ColumnName));
}

} // namespace sociscope::ui
