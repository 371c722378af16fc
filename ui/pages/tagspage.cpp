// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/tagspage.h"

#include "app/services.h"
#include "common/copyactions.h"
#include "common/icons.h"
#include "common/qtformat.h"
#include "jobs/tagstream.h"
#include "models/tagfamilymodel.h"
#include "models/tagfamilyproxy.h"
#include "pages/tagcolumns.h"
#include "widgets/views.h"

#include "oci/mediatypes.h"
#include "registry/inspect.h"
#include "registry/tag_resolver.h"
#include "soci/index.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace sociscope::ui {

namespace {
constexpr int MaxVersionChecks = 3;
}

TagsPage::TagsPage(Services& services, QWidget* parent)
    : QWidget(parent),
      m_services(services),
      m_model(new TagFamilyModel(this)),
      m_proxy(new TagFamilyProxy(this)),
      m_title(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_filter(new QLineEdit(this)),
      m_show(new QComboBox(this)),
      m_view(new QTreeView(this)),
      m_viewStack(new QStackedWidget(this)),
      m_empty(new QLabel(this)),
      m_details(new QLabel(this)),
      m_openButton(new QPushButton(Icons::get(Icons::Image), tr("&Open Image"), this)),
      m_openTwin(new QPushButton(Icons::get(Icons::SociTwin), tr("Open SOCI &Twin"), this)),
      m_visibleTimer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFoldTwins(true); // a twin on its image's row, not a row of its own

    auto* icon = new QLabel(this);
    icon->setPixmap(Icons::get(Icons::Repository).pixmap(32, 32));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(160);
    m_progress->setMaximumHeight(10);
    m_progress->setTextVisible(false);
    m_progress->hide();

    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_summary);
    auto* header = new QHBoxLayout;
    header->setSpacing(12);
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addLayout(titles, 1);
    header->addWidget(m_progress, 0, Qt::AlignVCenter);

    m_filter->setPlaceholderText(tr("Filter — e.g.  2.3  device:gpu  py:py312  cuda:cu121  platform:ec2"));
    m_filter->setClearButtonEnabled(true);
    m_filter->addAction(Icons::get(Icons::Find), QLineEdit::LeadingPosition);
    m_filter->setToolTip(tr("Words match any tag or the digest; column:value matches one column "
                            "(version, device, python/py, cuda, os, platform, date, kind, release)"));
    m_show->addItem(tr("All images"), static_cast<int>(TagFamilyProxy::Show::All));
    m_show->addItem(tr("Rolling tags"), static_cast<int>(TagFamilyProxy::Show::Rolling));
    m_show->addItem(tr("Pinned tags"), static_cast<int>(TagFamilyProxy::Show::Pinned));
    m_show->addItem(tr("With a SOCI twin"), static_cast<int>(TagFamilyProxy::Show::WithSociTwin));
    auto* showLabel = new QLabel(tr("&Show:"), this);
    showLabel->setBuddy(m_show);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addSpacing(8);
    filters->addWidget(showLabel);
    filters->addWidget(m_show);

    m_view->setModel(m_proxy);
    Views::setUpTable(m_view);
    m_view->setIconSize(QSize(16, 16));
    m_view->setTextElideMode(Qt::ElideMiddle); // long DLC tags keep version and date in view
    QHeaderView* h = m_view->header();
    h->setSortIndicatorClearable(true);
    h->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    h->setStretchLastSection(false);
    h->setMinimumSectionSize(48);
    // Every column is the user's to resize (a stretched Tag column could not
    // be); TagColumns sizes them to their names as tags stream in.
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->moveSection(h->visualIndex(TagFamilyModel::ColumnSoci), 1); // beside the image's name
    h->setSectionHidden(TagFamilyModel::ColumnDigest, true); // in the details line; the header menu shows it

    m_details->setObjectName(QStringLiteral("tagDetails"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMinimumHeight(m_details->fontMetrics().height() * 3);
    m_openButton->setEnabled(false);
    auto* details = new QHBoxLayout;
    details->addWidget(m_details, 1);
    details->addWidget(m_openTwin, 0, Qt::AlignTop);
    details->addWidget(m_openButton, 0, Qt::AlignTop);
    m_openTwin->setObjectName(QStringLiteral("openTwinButton"));
    m_openTwin->setEnabled(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addLayout(filters);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setFrameShape(QFrame::StyledPanel);
    m_empty->setAutoFillBackground(true);
    m_empty->setBackgroundRole(QPalette::Base);
    m_viewStack->addWidget(m_view);
    m_viewStack->addWidget(m_empty);
    layout->addWidget(m_viewStack, 1);
    layout->addLayout(details);

    auto* filterTimer = new QTimer(this);
    filterTimer->setSingleShot(true);
    filterTimer->setInterval(120);
    connect(m_filter, &QLineEdit::textChanged, filterTimer, qOverload<>(&QTimer::start));
    connect(filterTimer, &QTimer::timeout, this, [this] {
        m_proxy->setFilterText(m_filter->text());
        updateSummary();
        m_visibleTimer->start();
    });
    connect(m_show, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setShow(static_cast<TagFamilyProxy::Show>(m_show->currentData().toInt()));
        updateSummary();
        m_visibleTimer->start();
    });
    connect(m_view, &QTreeView::activated, this, &TagsPage::activateRow);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex i = m_view->indexAt(pos);
        if (!i.isValid())
            return;
        QMenu menu(this);
        fillContextMenu(&menu, i);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_openButton, &QPushButton::clicked, this, [this] { activateRow(m_view->currentIndex()); });
    connect(m_openTwin, &QPushButton::clicked, this,
            [this] { activateRow(m_view->currentIndex().siblingAtColumn(TagFamilyModel::ColumnSoci)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TagsPage::updateDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TagsPage::updateDetails);

    // Twins in view get their SOCI version checked first.
    m_visibleTimer->setSingleShot(true);
    m_visibleTimer->setInterval(60);
    connect(m_visibleTimer, &QTimer::timeout, this, &TagsPage::queueVisibleTwins);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, m_visibleTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::rowsInserted, m_visibleTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::layoutChanged, m_visibleTimer, qOverload<>(&QTimer::start));

    new TagColumns(m_view, m_proxy, this);

    setFocusProxy(m_view);
    updateDetails();
}

TagsPage::~TagsPage() { stopStream(); }

QString TagsPage::host() const { return m_repo.isLayout ? QString() : qs(m_repo.registry); }

void TagsPage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void TagsPage::open(const oci::Reference& repo)
{
    m_repo = repo.withTag({});
    start(false);
}

void TagsPage::refresh()
{
    if (m_repo.name().empty() || m_repo.name() == "/")
        return;
    start(true);
}

void TagsPage::stopStream()
{
    if (!m_stream)
        return;
    m_stream.reset(); // cancels without waiting: the job winds down on its own thread
}

void TagsPage::start(bool forgetCache)
{
    stopStream();
    ++m_generation;
    m_finished = false;
    m_listError.clear();
    m_versionQueue.clear();
    m_versionRequested.clear();
    m_summaryQueue.clear();
    m_summaryRequested.clear();
    m_versionsInFlight = 0;
    m_model->clear();
    m_title->setText(m_repo.isLayout ? qs(m_repo.layoutPath).section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty)
                                     : qs(m_repo.repository));
    m_title->setToolTip(qs(m_repo.name()));
    m_progress->show();

    const auto session = m_services.session(host());
    const auto cache = m_services.tagCache();
    if (forgetCache)
        cache->forget(m_repo.name());
    registry::TagResolverOptions options;
    options.generation = m_generation;
    options.workers = m_repo.isLayout ? 1 : 8;
    const oci::Reference repo = m_repo;
    auto makeBackend = [session, repo]() -> Result<registry::TagBackend> {
        if (!repo.isLayout)
            return registry::registryTagBackend(session->client(repo.registry), repo.repository);
        auto src = Services::open(session, repo);
        if (!src)
            return src.error();
        return registry::sourceTagBackend(std::shared_ptr<registry::Source>(std::move(*src)));
    };
    const std::uint64_t generation = m_generation;
    auto deliver = [this, generation](registry::ResolverBatch b) { onBatch(generation, b); };
    m_stream = std::make_unique<TagStream>(m_services.jobs(), this, std::move(makeBackend), options, cache,
                                           std::move(deliver));
    updateSummary();
    updateDetails();
}

void TagsPage::onBatch(std::uint64_t generation, const registry::ResolverBatch& b)
{
    if (generation != m_generation)
        return; // a late batch of a repository the user has left
    m_services.noteActivity(host());
    m_model->addBatch(b.resolved, b.failed);
    if (b.finished) {
        stopStream();
        m_finished = true;
        m_progress->hide();
        const QString what = tr("list the tags of %1").arg(qs(m_repo.name()));
        if (!b.status && b.status.error().code != ErrorCode::Cancelled) {
            const UserMessage m = UserMessages::fromError(b.status.error(), what, host());
            m_listError = m.cause;
            emit messageRaised(m);
        } else if (m_model->tagCount() == 0 && !m_model->unresolved().empty()) {
            emit messageRaised(UserMessages::fromError(m_model->unresolved().front().error, what, host()));
        }
        queueAllTwins();
        emit loadingFinished();
    }
    updateSummary();
    m_visibleTimer->start();
    checkSettled();
}

void TagsPage::updateSummary()
{
    QStringList parts;
    // Twins on their image's row are not rows of their own.
    int images = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        images += m_model->anchorRow(r) == r ? 1 : 0;
    const int shown = m_proxy->rowCount();
    if (images == 0 && m_finished)
        parts << (m_listError.isEmpty() ? tr("No tags") : tr("Could not list tags"));
    else if (shown != images)
        parts << tr("%1 of %n image(s)", "", images).arg(shown);
    else
        parts << tr("%n image(s)", "", images);
    parts << tr("%n tag(s)", "", static_cast<int>(m_model->tagCount()));
    const auto unresolved = m_model->unresolved();
    if (!unresolved.empty())
        parts << tr("%n could not be resolved", "", static_cast<int>(unresolved.size()));
    if (m_model->referrerTagCount() > 0)
        parts << tr("%n referrers tag(s) hidden", "", static_cast<int>(m_model->referrerTagCount()));
    if (!m_finished)
        parts << tr("resolving…");
    m_summary->setText(qs(m_repo.name()) + QStringLiteral("  ·  ") + parts.join(QStringLiteral("  ·  ")));
    if (!unresolved.empty()) {
        QStringList lines;
        for (size_t i = 0; i < unresolved.size() && i < 20; ++i)
            lines << qs(unresolved[i].tag) + QStringLiteral(": ") + qs(unresolved[i].error.message);
        m_summary->setToolTip(lines.join(QLatin1Char('\n')));
    } else {
        m_summary->setToolTip({});
    }
    updateEmptyState();
}

void TagsPage::updateEmptyState()
{
    QString text;
    if (m_model->rowCount() == 0) {
        if (!m_finished)
            text = tr("Listing and resolving the tags of %1…").arg(qs(m_repo.name()));
        else if (!m_listError.isEmpty())
            text = tr("Could not list the tags of %1.\n%2").arg(qs(m_repo.name()), m_listError);
        else if (!m_model->unresolved().empty())
            text = tr("None of the tags could be resolved; hover the summary above for why.");
        else
            text = tr("%1 has no tags.").arg(qs(m_repo.name()));
    } else if (m_proxy->rowCount() == 0) {
        text = tr("No image matches the filter.");
    }
    m_empty->setText(text);
    m_viewStack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget*>(m_view) : m_empty);
}

void TagsPage::updateDetails()
{
    const QModelIndex current = m_view->currentIndex();
    m_openButton->setEnabled(current.isValid());
    m_openTwin->setEnabled(current.isValid() &&
                           !m_model->twinRows(m_proxy->mapToSource(current.siblingAtColumn(0)).row()).isEmpty());
    if (!current.isValid()) {
        m_details->setText(tr("<i>Select an image to see all its tags; press Enter or double-click to open it.</i>"));
        return;
    }
    const QModelIndex i = current.siblingAtColumn(0);
    const QStringList tags = i.data(TagFamilyModel::TagsRole).toStringList();
    const QString digest = i.data(TagFamilyModel::DigestRole).toString();
    const QString kind = i.siblingAtColumn(TagFamilyModel::ColumnKind).data().toString();
    QStringList escaped;
    for (const auto& t : tags)
        escaped << QStringLiteral("<span style=\"white-space:nowrap\">") + t.toHtmlEscaped() + QStringLiteral("</span>");
    // The SOCI twin column shows only the twin's index version; its name is here.
    const QString twin = i.data(TagFamilyModel::SociTwinTagRole).toString();
    const QString twinLine =
        twin.isEmpty() ? QString()
                       : QStringLiteral("<br>") + tr("SOCI twin: %1").arg(QStringLiteral("<span style=\"white-space:nowrap\">") +
                                                                          twin.toHtmlEscaped() + QStringLiteral("</span>"));
    m_details->setText(QStringLiteral("<b>") + kind.toHtmlEscaped() + QStringLiteral("</b> · ") +
                       tr("%n tag(s)", "", static_cast<int>(tags.size())) + QStringLiteral(" · <code>") +
                       digest.toHtmlEscaped() + QStringLiteral("</code><br>") +
                       escaped.join(QStringLiteral(",  ")) + twinLine);
}

void TagsPage::fillContextMenu(QMenu* menu, const QModelIndex& proxyIndex)
{
    const QModelIndex i = proxyIndex.siblingAtColumn(0);
    menu->addAction(tr("&Open"), this, [this, i] { activateRow(i); });
    QStringList tags;
    for (int r = 0; r < m_model->rowCount(); ++r)
        tags << m_model->index(r, 0).data(TagFamilyModel::TagsRole).toStringList();
    tags.sort();
    menu->addAction(tr("Com&pare With…"), this, [this, i, tags] { emit compareRequested(imageOf(i), tags); });
    // An image without a -soci twin (and not a twin itself) can get one.
    if (!i.data(TagFamilyModel::IsTwinRole).toBool() && m_model->twinRows(m_proxy->mapToSource(i).row()).isEmpty())
        menu->addAction(Icons::get(Icons::SociIndex), tr("Create SOCI &Index…"), this,
                        [this, i] { emit createIndexRequested(imageOf(i)); });
    menu->addSeparator();
    const QStringList rowTags = i.data(TagFamilyModel::TagsRole).toStringList();
    CopyActions::addTo(menu, m_repo.withTag(rowTags.isEmpty() ? std::string() : rowTags.front().toStdString()),
                       i.data(TagFamilyModel::DigestRole).toString());
}

void TagsPage::activateRow(const QModelIndex& proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    QModelIndex i = proxyIndex.siblingAtColumn(0);
    // The SOCI twin's cell opens the twin.
    if (proxyIndex.column() == TagFamilyModel::ColumnSoci) {
        const QList<int> twins = m_model->twinRows(m_proxy->mapToSource(i).row());
        if (!twins.isEmpty())
            i = m_model->index(twins.first(), 0);
    }
    const QStringList tags = i.data(TagFamilyModel::TagsRole).toStringList();
    const QString digest = i.data(TagFamilyModel::DigestRole).toString();
    oci::Reference ref = m_repo.withTag(tags.isEmpty() ? std::string() : tags.front().toStdString());
    emit imageActivated(ref.withDigest(digest.toStdString()));
}

oci::Reference TagsPage::imageOf(const QModelIndex& proxyIndex) const
{
    const QModelIndex i = proxyIndex.siblingAtColumn(0);
    const QStringList tags = i.data(TagFamilyModel::TagsRole).toStringList();
    return m_repo.withTag(tags.isEmpty() ? std::string() : tags.front().toStdString())
        .withDigest(i.data(TagFamilyModel::DigestRole).toString().toStdString());
}

void TagsPage::queueVisibleTwins()
{
    const int rows = m_proxy->rowCount();
    if (rows == 0)
        return;
    const QModelIndex top = m_view->indexAt(QPoint(1, 1));
    const QModelIndex bottom = m_view->indexAt(QPoint(1, m_view->viewport()->height() - 2));
    const int first = top.isValid() ? top.row() : 0;
    const int last = bottom.isValid() ? bottom.row() : rows - 1;
    QStringList visible;
    for (int r = first; r <= last && r < rows; ++r) {
        // Twins in view: rows of their own, or folded into their image's row.
        const int source = m_proxy->mapToSource(m_proxy->index(r, 0)).row();
        QList<int> twins = m_model->twinRows(source);
        if (m_model->index(source, 0).data(TagFamilyModel::IsTwinRole).toBool())
            twins << source;
        for (const int t : twins) {
            const QString d = m_model->index(t, 0).data(TagFamilyModel::DigestRole).toString();
            if (m_versionRequested.contains(d))
                continue;
            m_versionRequested.insert(d);
            visible << d;
        }
        // Its size and date, read from its manifest and config: rows in view only.
        if (m_model->needsSummary(source)) {
            const QString d = m_model->index(source, 0).data(TagFamilyModel::DigestRole).toString();
            if (!m_summaryRequested.contains(d)) {
                m_summaryRequested.insert(d);
                m_summaryQueue << d;
            }
        }
    }
    m_versionQueue = visible + m_versionQueue;
    pumpVersionChecks();
    checkSettled(); // the rows in view may have had nothing left to ask
}

void TagsPage::queueAllTwins()
{
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex i = m_model->index(r, 0);
        if (!i.data(TagFamilyModel::IsTwinRole).toBool())
            continue;
        const QString d = i.data(TagFamilyModel::DigestRole).toString();
        if (m_versionRequested.contains(d))
            continue;
        m_versionRequested.insert(d);
        m_versionQueue << d;
    }
    pumpVersionChecks();
}

void TagsPage::pumpVersionChecks()
{
    const auto session = m_services.session(host());
    // Summaries are of the rows in view: they go first.
    while (m_versionsInFlight < MaxVersionChecks && !m_summaryQueue.isEmpty()) {
        const QString digest = m_summaryQueue.takeFirst();
        ++m_versionsInFlight;
        const std::uint64_t generation = m_generation;
        const oci::Reference repo = m_repo;
        m_services.jobs().run(
            this,
            [session, repo, digest]() -> std::pair<qint64, QString> {
                auto src = Services::open(session, repo);
                if (!src)
                    return {-1, {}};
                auto image = registry::resolvePlatformImage(**src, digest.toStdString());
                if (!image)
                    return {-1, {}};
                return {image->manifest.config.size + image->layersSize(), qs(image->config.created)};
            },
            [this, generation, digest](std::pair<qint64, QString> summary) {
                if (generation != m_generation)
                    return;
                --m_versionsInFlight;
                m_model->setImageSummary(digest, summary.first, summary.second);
                pumpVersionChecks();
                checkSettled();
            });
    }
    while (m_versionsInFlight < MaxVersionChecks && !m_versionQueue.isEmpty()) {
        const QString digest = m_versionQueue.takeFirst();
        ++m_versionsInFlight;
        const std::uint64_t generation = m_generation;
        const oci::Reference repo = m_repo;
        m_services.jobs().run(
            this,
            [session, repo, digest]() -> QString {
                auto src = Services::open(session, repo);
                auto d = oci::Digest::parse(digest.toStdString());
                if (!src || !d)
                    return QStringLiteral("error");
                auto v = soci::sociVersionOf(**src, *d);
                return v ? qs(*v) : QStringLiteral("error");
            },
            [this, generation, digest](QString version) {
                if (generation != m_generation)
                    return;
                --m_versionsInFlight;
                m_model->setSociVersion(digest, version);
                m_services.noteActivity(host());
                pumpVersionChecks();
                checkSettled();
            });
    }
}

bool TagsPage::isSettled() const
{
    // The rows in view are looked at on a timer after each change: until
    // then their summaries are not asked for.
    return m_finished && !m_stream && m_versionsInFlight == 0 && m_versionQueue.isEmpty() && m_summaryQueue.isEmpty() &&
           !m_visibleTimer->isActive();
}

void TagsPage::checkSettled()
{
    if (isSettled() && m_settledGeneration != m_generation) {
        m_settledGeneration = m_generation;
        emit settled();
    }
}

} // namespace sociscope::ui
