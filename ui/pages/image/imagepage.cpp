// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/imagepage.h"

#include "app/services.h"
#include "common/icons.h"
#include "common/qtformat.h"
#include "jobs/daemonjobs.h"
#include "jobs/imagesession.h"
#include "models/configmodel.h"
#include "models/historymodel.h"
#include "models/layermodel.h"
#include "models/platformmodel.h"
#include "models/referrermodel.h"
#include "pages/files/filespage.h"
#include "pages/image/imageoverview.h"
#include "pages/inventorypage.h"
#include "widgets/coveragebar.h"
#include "widgets/views.h"

#include "oci/mediatypes.h"

#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace sociscope::ui {

namespace {

QLabel* mutedLabel(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setForegroundRole(QPalette::PlaceholderText);
    l->setWordWrap(true);
    return l;
}

QString titleOf(const oci::Reference& ref)
{
    QString name = ref.isLayout ? qs(ref.layoutPath).section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty)
                                : qs(ref.repository);
    if (!ref.tag.empty())
        return name + QLatin1Char(':') + qs(ref.tag);
    if (!ref.digest.empty())
        return name + QLatin1Char('@') + qs(ref.digest).left(19);
    return name;
}

} // namespace

ImagePage::ImagePage(Services& services, QWidget* parent)
    : QWidget(parent),
      m_services(services),
      m_platforms(new PlatformModel(this)),
      m_layers(new LayerModel(this)),
      m_history(new HistoryModel(this)),
      m_config(new ConfigModel(this)),
      m_referrers(new ReferrerModel(this)),
      m_session(new ImageSession(services, this)),
      m_title(new QLabel(this)),
      m_subtitle(mutedLabel(this)),
      m_platformBox(new QComboBox(this)),
      m_stack(new QStackedWidget(this)),
      m_placeholder(mutedLabel(this)),
      m_busy(new QProgressBar(this)),
      m_tabs(new QTabWidget(this)),
      m_overview(new ImageOverview(m_platforms, this)),
      m_files(new FilesPage(*m_session, this)),
      m_inventory(new InventoryPage(*m_session, this)),
      m_layersBar(new CoverageBar(this)),
      m_layersSummary(new QLabel(this)),
      m_layersNote(mutedLabel(this)),
      m_referrersEmpty(mutedLabel(this)),
      m_mount(new QPushButton(Icons::get(Icons::Mount), tr("&Mount…"), this)),
      m_run(new QPushButton(Icons::get(Icons::Run), tr("R&un…"), this))
{
    auto* icon = new QLabel(this);
    icon->setPixmap(Icons::get(Icons::Image).pixmap(36, 36));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(false);
    // Long names are clipped rather than widening the window (the tooltip has the digest).
    for (QLabel* l : {m_title, m_subtitle})
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    auto* platformLabel = new QLabel(tr("&Platform:"), this);
    platformLabel->setBuddy(m_platformBox);
    m_platformLabel = platformLabel;
    m_platformBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* header = new QHBoxLayout;
    header->setSpacing(12);
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addLayout(titles, 1);
    header->addWidget(platformLabel);
    header->addWidget(m_platformBox);
    header->addSpacing(8);
    header->addWidget(m_mount);
    header->addWidget(m_run);
    m_mount->setToolTip(tr("Mount this image as a folder and open it in the file manager; files are fetched as they "
                           "are read."));
    m_mount->setEnabled(false);
    m_run->setEnabled(false);
    m_run->setToolTip(tr("Asking the daemon whether runs are possible…"));
    connect(m_mount, &QPushButton::clicked, this, &ImagePage::mountRequested);
    connect(m_run, &QPushButton::clicked, this, &ImagePage::runRequested);

    // Loading / error placeholder.
    auto* placeholderPage = new QWidget(this);
    auto* pl = new QVBoxLayout(placeholderPage);
    pl->addStretch(1);
    m_placeholder->setAlignment(Qt::AlignCenter);
    pl->addWidget(m_placeholder);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(240);
    m_busy->setMaximumHeight(10);
    pl->addWidget(m_busy, 0, Qt::AlignHCenter);
    pl->addStretch(2);

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_overview, Icons::get(Icons::Image), tr("&Overview"));
    m_tabs->addTab(m_files, Icons::get(Icons::Folder), tr("F&iles"));
    m_tabs->addTab(m_inventory, Icons::get(Icons::Inventory), tr("In&ventory"));
    m_tabs->addTab(makeLayersTab(), Icons::get(Icons::Layer), tr("&Layers"));
    auto* historyView = makeTable(m_history);
    m_tabs->addTab(framed(historyView), tr("&History"));
    auto* configView = makeTable(m_config);
    configView->setRootIsDecorated(true);
    configView->header()->setSectionResizeMode(ConfigModel::ColumnField, QHeaderView::ResizeToContents);
    connect(m_config, &QAbstractItemModel::modelReset, configView, &QTreeView::expandAll);
    m_tabs->addTab(framed(configView), tr("&Configuration"));
    auto* refView = makeTable(m_referrers);
    refView->header()->resizeSection(ReferrerModel::ColumnType, 200);
    refView->header()->resizeSection(ReferrerModel::ColumnSubject, 140);
    refView->header()->resizeSection(ReferrerModel::ColumnCreated, 140);
    refView->header()->resizeSection(ReferrerModel::ColumnDigest, 180);
    QWidget* refPage = framed(refView);
    m_referrersEmpty->setAlignment(Qt::AlignCenter);
    refPage->layout()->addWidget(m_referrersEmpty);
    m_tabs->addTab(refPage, Icons::get(Icons::Signature), tr("&Referrers"));

    m_stack->addWidget(placeholderPage);
    m_stack->addWidget(m_tabs);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

    historyView->header()->resizeSection(HistoryModel::ColumnStep, 56);
    historyView->header()->resizeSection(HistoryModel::ColumnLayer, 64);
    historyView->header()->resizeSection(HistoryModel::ColumnSize, 90);
    historyView->header()->resizeSection(HistoryModel::ColumnCreated, 140);

    connect(m_overview, &ImageOverview::platformActivated, this, [this](int image) {
        selectPlatform(image);
        showTab(TabLayers);
    });
    connect(m_platformBox, &QComboBox::activated, this,
            [this](int i) { selectPlatform(m_platformBox->itemData(i).toInt()); });
    // Seven tabs in a long language must not set the window's minimum width.
    m_tabs->setUsesScrollButtons(true);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ImagePage::onTabChanged);
    connect(m_files, &FilesPage::messageRaised, this, &ImagePage::messageRaised);
    connect(m_inventory, &InventoryPage::messageRaised, this, &ImagePage::messageRaised);
    connect(m_referrers, &QAbstractItemModel::modelReset, this, [this, refView] {
        const bool empty = m_referrers->rowCount() == 0;
        refView->setVisible(!empty);
        m_referrersEmpty->setVisible(empty);
    });
    m_referrersEmpty->setText(tr("No referrers: no signature, SBOM, attestation or SOCI v1 index refers to this image."));
    refView->hide();
    setFocusProxy(m_tabs);
    showPlaceholder(tr("No image open"), false);
}

ImagePage::~ImagePage() = default;

QString ImagePage::host() const { return m_ref.isLayout ? QString() : qs(m_ref.registry); }

QTreeView* ImagePage::makeTable(QAbstractItemModel* model)
{
    auto* v = new QTreeView(this);
    v->setModel(model);
    Views::setUpTable(v);
    v->setFrameShape(QFrame::StyledPanel);
    return v;
}

QWidget* ImagePage::framed(QTreeView* view)
{
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    l->setContentsMargins(0, 12, 0, 0);
    l->addWidget(view, 1);
    return page;
}

QWidget* ImagePage::makeLayersTab()
{
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    l->setContentsMargins(0, 12, 0, 0);
    l->setSpacing(6);
    QFont bold = m_layersSummary->font();
    bold.setBold(true);
    m_layersSummary->setFont(bold);
    m_layersSummary->setWordWrap(true);
    l->addWidget(m_layersSummary);
    l->addWidget(m_layersNote);
    l->addWidget(m_layersBar);
    l->addSpacing(4);
    auto* view = makeTable(m_layers);
    const int widths[LayerModel::ColumnCount] = {58, 84, 84, 68, 82, 60, 60, 136, 170, 300};
    for (int c = 0; c < LayerModel::ColumnCount; ++c)
        view->header()->resizeSection(c, widths[c]);
    view->header()->setSectionHidden(LayerModel::ColumnDigest, true); // in the tooltip; the header menu shows it
    l->addWidget(view, 1);
    return page;
}

void ImagePage::showTab(Tab tab) { m_tabs->setCurrentIndex(tab); }

void ImagePage::onTabChanged(int tab)
{
    // Listing files may fetch layers without a zTOC whole: only when asked.
    if (tab == TabFiles)
        m_session->open();
    else if (tab == TabInventory)
        m_inventory->load();
}

void ImagePage::focusFilter()
{
    if (m_tabs->currentIndex() == TabFiles)
        m_files->focusSearch();
    else if (m_tabs->currentIndex() == TabInventory)
        m_inventory->focusFilter();
}

void ImagePage::showPlaceholder(const QString& text, bool busy)
{
    m_placeholder->setText(text);
    m_busy->setVisible(busy);
    m_stack->setCurrentIndex(0);
}

void ImagePage::open(const oci::Reference& image)
{
    m_ref = image;
    refresh();
}

void ImagePage::refresh()
{
    ++m_generation;
    ++m_detailGeneration;
    m_info.reset();
    m_details.reset();
    m_platform = -1;
    m_ztocPending = 0;
    m_platforms->clear();
    m_layers->clear();
    m_history->clear();
    m_config->clear();
    m_referrers->clear();
    m_session->clear();
    m_platformBox->clear();
    m_platformBox->hide();
    m_mount->setEnabled(false);
    m_run->setEnabled(false);
    m_platformLabel->hide();
    m_title->setText(titleOf(m_ref));
    m_subtitle->setText(qs(m_ref.str()));
    showPlaceholder(tr("Reading %1…").arg(qs(m_ref.str())), true);

    const auto session = m_services.session(host());
    const oci::Reference ref = m_ref;
    const std::uint64_t generation = m_generation;
    m_services.jobs().run(
        this,
        [session, ref]() -> Result<registry::ImageInfo> {
            auto src = Services::open(session, ref);
            if (!src)
                return src.error();
            return loadImageInfo(**src, ref.tagOrDigest());
        },
        [this, generation](Result<registry::ImageInfo> info) { onInfo(generation, std::move(info)); });
}

void ImagePage::onInfo(std::uint64_t generation, Result<registry::ImageInfo> info)
{
    if (generation != m_generation)
        return;
    m_services.noteActivity(host());
    if (!info) {
        showPlaceholder(tr("Could not open %1\n%2").arg(qs(m_ref.str()), qs(info.error().message)), false);
        emit messageRaised(UserMessages::fromError(info.error(), tr("open %1").arg(qs(m_ref.str())), host()));
        return;
    }
    m_info = std::move(*info);
    m_platforms->setImageInfo(*m_info);
    const auto& top = m_info->top;
    QStringList sub;
    sub << qs(m_ref.name());
    sub << Format::mediaType(top.mediaType);
    if (m_info->images.size() == 1)
        sub << qs(m_info->images.front().platform().str());
    else if (m_info->index)
        sub << tr("%n platform(s)", "", static_cast<int>(m_info->images.size()));
    sub << Format::shortDigest(top.digest);
    m_subtitle->setText(sub.join(QStringLiteral("  ·  ")));
    m_subtitle->setToolTip(qs(top.digest.str()));

    int preferred = 0;
    const oci::Platform host = oci::Platform::host();
    for (size_t i = 0; i < m_info->images.size(); ++i) {
        const auto p = m_info->images[i].platform();
        m_platformBox->addItem(qs(p.str()), static_cast<int>(i));
        if (p.matches(host) && preferred == 0)
            preferred = static_cast<int>(i);
    }
    m_platformBox->setVisible(m_info->images.size() > 1);
    m_platformLabel->setVisible(m_info->images.size() > 1);
    emit imageLoaded();
    if (m_info->images.empty()) {
        showPlaceholder(tr("%1 holds no runnable image").arg(qs(m_ref.str())), false);
        return;
    }
    m_stack->setCurrentIndex(1);
    selectPlatform(preferred);
    m_mount->setEnabled(true);
    setRunAbility(m_canRun, m_run->toolTip());
    checkRunAbility();
}

std::optional<RunSpec> ImagePage::runSpec() const
{
    if (!m_info || m_platform < 0)
        return std::nullopt;
    const registry::PlatformImage& img = m_info->images[static_cast<size_t>(m_platform)];
    RunSpec spec;
    spec.ref = m_ref;
    spec.platform = img.platform();
    spec.plainHttp = m_services.isPlainHttp(host());
    spec.insecure = m_services.isInsecure(host());
    for (const auto& w : img.config.entrypoint)
        spec.argv << qs(w);
    for (const auto& w : img.config.cmd)
        spec.argv << qs(w);
    return spec;
}

void ImagePage::setRunAbility(bool canRun, const QString& reason)
{
    m_canRun = canRun;
    m_run->setEnabled(canRun && m_info.has_value() && m_platform >= 0);
    m_run->setToolTip(canRun ? tr("Run this image lazily in a console tab: only the bytes it reads are fetched.")
                             : reason);
}

void ImagePage::checkRunAbility()
{
    m_runAbilityKnown = false;
    m_services.jobs().run(this, [] { return DaemonJobs::runAbility(); }, [this](RunAbility a) {
        m_runAbilityKnown = true;
        m_runStartsDaemon = a.startsDaemon;
        setRunAbility(a.canRun, a.reason);
    });
}

void ImagePage::selectPlatform(int image)
{
    if (!m_info || image < 0 || static_cast<size_t>(image) >= m_info->images.size())
        return;
    ++m_detailGeneration;
    m_platform = image;
    m_details.reset();
    m_ztocPending = 0;
    m_platformBox->setCurrentIndex(m_platformBox->findData(image));
    const registry::PlatformImage& img = m_info->images[static_cast<size_t>(image)];
    // History and configuration are in memory already.
    m_history->setImage(img);
    m_config->setConfig(img.config);
    m_session->setImage(m_ref, img);
    onTabChanged(m_tabs->currentIndex());
    m_layers->clear();
    m_referrers->clear();
    m_layersSummary->setText(tr("Looking for a SOCI index…"));
    m_layersNote->clear();
    m_overview->clear();
    m_overview->setImage(img);
    m_layersBar->hide();

    const auto session = m_services.session(host());
    const oci::Reference ref = m_ref;
    const registry::FetchedManifest top = m_info->top;
    const std::uint64_t generation = m_detailGeneration;
    m_services.jobs().run(
        this,
        [session, ref, img, top]() -> Result<ImageDetails> {
            auto src = Services::open(session, ref);
            if (!src)
                return src.error();
            return loadImageDetails(**src, img, top);
        },
        [this, generation](Result<ImageDetails> d) { onDetails(generation, std::move(d)); });
}

void ImagePage::onDetails(std::uint64_t generation, Result<ImageDetails> details)
{
    if (generation != m_detailGeneration)
        return;
    m_services.noteActivity(host());
    if (!details) {
        m_layersSummary->setText(tr("Could not read the SOCI index"));
        m_overview->setError(qs(details.error().message));
        emit messageRaised(
            UserMessages::fromError(details.error(), tr("read the SOCI index of %1").arg(qs(m_ref.str())), host()));
        return;
    }
    m_details = std::move(*details);
    m_layers->setCoverage(m_details->coverage);
    m_referrers->setReferrers(m_details->referrers);
    updateSociSummary();
    if (!m_details->warnings.empty()) {
        UserMessage m;
        m.kind = UserMessage::Kind::Warning;
        m.text = tr("Some referrers could not be listed: %1").arg(qs(m_details->warnings.front()));
        m.hint = tr("The layers and their coverage are complete.");
        emit messageRaised(m);
    }
    emit detailsLoaded();
    loadZtocStats();
    checkSettled();
}

void ImagePage::loadZtocStats()
{
    const auto session = m_services.session(host());
    const oci::Reference ref = m_ref;
    const std::uint64_t generation = m_detailGeneration;
    for (int row = 0; row < m_layers->rowCount(); ++row) {
        const auto& c = m_layers->coverage(row);
        if (!c.ztoc)
            continue;
        ++m_ztocPending;
        const oci::Descriptor ztoc = *c.ztoc;
        m_services.jobs().run(
            this,
            [session, ref, ztoc]() -> Result<ZtocStats> {
                auto src = Services::open(session, ref);
                if (!src)
                    return src.error();
                return ui::loadZtocStats(**src, ztoc);
            },
            [this, generation, row](Result<ZtocStats> stats) {
                if (generation != m_detailGeneration)
                    return;
                --m_ztocPending;
                m_layers->setZtocStats(row, stats ? *stats : ZtocStats{}, !stats);
                checkSettled();
            });
    }
}

QString ImagePage::coverageText() const { return m_details ? ImageOverview::coverageText(*m_details) : QString(); }

void ImagePage::updateSociSummary()
{
    const ImageDetails& d = *m_details;
    m_layersSummary->setText(ImageOverview::lazyText(d) + QStringLiteral("  ·  ") + coverageText());
    m_layersSummary->setToolTip(tr("%L1 of %L2 bytes").arg(d.coveredBytes()).arg(d.totalBytes()));
    ImageOverview::fillBar(m_layersBar, d);
    const QString convert = QStringLiteral("sociscopectl index convert %1 %1-soci")
                                .arg(qs(m_ref.withTag(m_ref.tag.empty() ? "latest" : m_ref.tag).str()));
    m_overview->setDetails(d, convert);
    if (!d.index)
        m_layersNote->setText(tr("This image has no SOCI index: every layer is read whole. Make one with “%1”.")
                                  .arg(convert));
    else if (d.index->index.version == 1)
        m_layersNote->setText(tr("Only a SOCI v1 index (found through referrers) covers this image. v1 indexes are "
                                 "deprecated and soci-snapshotter 0.10 and later ignore them unless told otherwise; "
                                 "convert the image to get a v2 index."));
    else
        m_layersNote->setText(tr("SOCI index v2, bound to this image by its manifest annotation."));
}

bool ImagePage::isSettled() const { return m_details.has_value() && m_ztocPending == 0; }

void ImagePage::checkSettled()
{
    if (isSettled() && m_settledGeneration != m_detailGeneration) {
        m_settledGeneration = m_detailGeneration;
        emit settled();
    }
}

} // namespace sociscope::ui
