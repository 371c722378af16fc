// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/imagepage.h"

#include "app/services.h"
#include "common/copyactions.h"
#include "common/icons.h"
#include "common/qtformat.h"
#include "jobs/daemonjobs.h"
#include "jobs/imagesession.h"
#include "models/layermodel.h"
#include "models/platformmodel.h"
#include "pages/files/filespage.h"
#include "pages/image/configtab.h"
#include "pages/image/historytab.h"
#include "pages/image/imageoverview.h"
#include "pages/image/layersaver.h"
#include "pages/image/layerstab.h"
#include "pages/image/referrerstab.h"
#include "pages/image/spacetab.h"
#include "pages/image/startupprofiletab.h"
#include "pages/inventorypage.h"

#include "oci/mediatypes.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QMenu>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

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
      m_layers(new LayersTab(this)),
      m_space(new SpaceTab(*m_session, this)),
      m_startup(new StartupProfileTab(*m_session, this)),
      m_history(new HistoryTab(this)),
      m_config(new ConfigTab(this)),
      m_referrers(new ReferrersTab(this)),
      m_saver(new LayerSaver(services, this)),
      m_mount(new QPushButton(Icons::get(Icons::Mount), tr("&Mount…"), this)),
      m_run(new QPushButton(Icons::get(Icons::Run), tr("R&un…"), this)),
      m_compare(new QPushButton(tr("Com&pare With…"), this))
{
    // Names for the tests (findChild), which reach children without getters.
    const std::pair<QObject*, const char*> names[] = {
        {m_platformBox, "platformBox"}, {m_mount, "mountButton"},       {m_run, "runButton"},
        {m_tabs, "imageTabs"},          {m_overview, "imageOverview"},  {m_files, "filesPage"},
        {m_inventory, "inventoryPage"}, {m_layers, "layersTab"},        {m_history, "historyTab"},
        {m_config, "configTab"},        {m_referrers, "referrersTab"}, {m_space, "spaceTab"},
        {m_startup, "startupTab"},      {m_title, "imageTitle"},       {m_subtitle, "imageSubtitle"},
    };
    for (const auto& [child, name] : names)
        child->setObjectName(QLatin1String(name));
    auto* icon = new QLabel(this);
    icon->setPixmap(Icons::get(Icons::Image).pixmap(36, 36));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long names wrap (at hyphens, slashes and the subtitle's spaces) rather
    // than being clipped by the buttons or widening the window; the
    // subtitle has the whole width under the title and the buttons.
    for (QLabel* l : {m_title, m_subtitle}) {
        l->setWordWrap(true);
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    auto* platformLabel = new QLabel(tr("&Platform:"), this);
    platformLabel->setBuddy(m_platformBox);
    m_platformLabel = platformLabel;
    m_platformBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(12);
    buttons->addWidget(platformLabel);
    buttons->addWidget(m_platformBox);
    buttons->addSpacing(8);
    buttons->addWidget(m_mount);
    buttons->addWidget(m_run);
    buttons->addWidget(makeCopyButton());
    buttons->addWidget(m_compare);
    auto* header = new QGridLayout;
    header->setHorizontalSpacing(12);
    header->setVerticalSpacing(2);
    header->addWidget(icon, 0, 0, 2, 1, Qt::AlignTop);
    header->addWidget(m_title, 0, 1, Qt::AlignVCenter);
    header->addLayout(buttons, 0, 2, Qt::AlignTop);
    header->addWidget(m_subtitle, 1, 1, 1, 2);
    header->setColumnStretch(1, 1);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_compare->setEnabled(false); // until an image is open
    m_compare->setToolTip(tr("Compare this image file by file with another tag or image, from their indexes"));
    connect(m_compare, &QPushButton::clicked, this, &ImagePage::compareRequested);
    // Shown once the details say the image has no SOCI index.
    m_createIndex = new QPushButton(Icons::get(Icons::SociIndex), tr("Create SOCI &Index…"), this);
    m_createIndex->setObjectName(QStringLiteral("createIndexButton"));
    m_createIndex->setToolTip(tr("Build this image's zTOCs and push a SOCI index, as a -soci twin or beside it"));
    m_createIndex->hide();
    buttons->addWidget(m_createIndex);
    connect(m_createIndex, &QPushButton::clicked, this, &ImagePage::createIndexRequested);
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
    m_tabs->addTab(m_layers, Icons::get(Icons::Layer), tr("&Layers"));
    m_tabs->addTab(m_history, tr("&History"));
    m_tabs->addTab(m_config, tr("&Configuration"));
    m_tabs->addTab(m_referrers, Icons::get(Icons::Signature), tr("&Referrers"));
    m_tabs->addTab(m_space, tr("&Space"));
    m_tabs->addTab(m_startup, tr("S&tartup"));

    m_stack->addWidget(placeholderPage);
    m_stack->addWidget(m_tabs);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

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
    connect(m_session, &ImageSession::changesReady, this, &ImagePage::showWaste);
    connect(m_inventory, &InventoryPage::messageRaised, this, &ImagePage::messageRaised);
    m_layers->addFooter(m_saver);
    connect(m_saver, &LayerSaver::messageRaised, this, &ImagePage::messageRaised);
    connect(m_layers, &LayersTab::saveLayerRequested, this, [this](int layer) {
        if (m_details)
            m_saver->save(m_ref, m_details->image, layer);
    });
    setFocusProxy(m_tabs);
    showPlaceholder(tr("No image open"), false);
}

ImagePage::~ImagePage() = default;

QString ImagePage::host() const { return m_ref.isLayout ? QString() : qs(m_ref.registry); }

QToolButton* ImagePage::makeCopyButton()
{
    // The reference, the digest and the pull and run commands: from the
    // header's button, and from a right-click on the title.
    auto* menu = new QMenu(this);
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        menu->clear();
        CopyActions::addTo(menu, m_ref, m_info ? qs(m_info->top.digest.str()) : QString());
    });
    auto* button = new QToolButton(this);
    button->setObjectName(QStringLiteral("copyButton"));
    button->setText(tr("Copy"));
    button->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setMenu(menu);
    button->setToolTip(tr("Copy the reference, the digest, or a command that pulls or runs this image"));
    m_title->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_title, &QWidget::customContextMenuRequested, this,
            [this, menu](const QPoint& pos) { menu->exec(m_title->mapToGlobal(pos)); });
    return button;
}

void ImagePage::showWaste()
{
    const auto set = m_session->changes();
    if (!set)
        return;
    m_layers->setChanges(set->changes);
    m_overview->setWaste(set->changes.wastedBytes, static_cast<qint64>(set->changes.wastedFiles));
}

LayerModel* ImagePage::layerModel() const { return m_layers->model(); }

void ImagePage::showTab(Tab tab) { m_tabs->setCurrentIndex(tab); }

void ImagePage::onTabChanged(int tab)
{
    // Listing files may fetch layers without a zTOC whole: only when asked.
    if (tab == TabFiles || tab == TabSpace)
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
    m_compare->setEnabled(true);
    refresh();
}

void ImagePage::refresh()
{
    ++m_generation;
    ++m_detailGeneration;
    m_info.reset();
    m_details.reset();
    m_createIndex->hide();
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
    m_overview->clear();
    m_overview->setImage(img);

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
        m_layers->setError();
        m_overview->setError(qs(details.error().message));
        emit messageRaised(
            UserMessages::fromError(details.error(), tr("read the SOCI index of %1").arg(qs(m_ref.str())), host()));
        return;
    }
    m_details = std::move(*details);
    m_createIndex->setVisible(!m_details->index);
    // The command that would make this image SOCI-enabled, for the Overview and Layers tabs.
    const QString convert = QStringLiteral("sociscopectl index convert %1 %1-soci")
                                .arg(qs(m_ref.withTag(m_ref.tag.empty() ? "latest" : m_ref.tag).str()));
    m_layers->setDetails(*m_details, convert);
    m_overview->setDetails(*m_details, convert);
    showWaste(); // the layers may have been compared before the details came
    m_referrers->setReferrers(m_details->referrers);
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
    LayerModel* layers = m_layers->model();
    for (int row = 0; row < layers->rowCount(); ++row) {
        const auto& c = layers->coverage(row);
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
                m_layers->model()->setZtocStats(row, stats ? *stats : ZtocStats{}, !stats);
                checkSettled();
            });
    }
}

QString ImagePage::coverageText() const { return m_details ? ImageOverview::coverageText(*m_details) : QString(); }

bool ImagePage::isSettled() const { return m_details.has_value() && m_ztocPending == 0; }

void ImagePage::checkSettled()
{
    if (isSettled() && m_settledGeneration != m_detailGeneration) {
        m_settledGeneration = m_detailGeneration;
        emit settled();
    }
}

} // namespace sociscope::ui
