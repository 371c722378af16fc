// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/image/startupprofiletab.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/imagesession.h"
#include "jobs/jobpool.h"
#include "widgets/spanmapview.h"

#include "util/files.h"
#include "util/strings.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace sociscope::ui {

namespace {
// "0-3,7" for the merged ranges.
QString rangesText(const std::vector<soci::PrefetchSpan>& spans)
{
    QStringList out;
    for (const auto& s : spans)
        out << (s.start == s.end ? QString::number(s.start) : QStringLiteral("%1-%2").arg(s.start).arg(s.end));
    return out.join(QLatin1Char(','));
}

QString percent(std::uint64_t part, std::uint64_t whole)
{
    return whole ? QStringLiteral("%1 %").arg(100.0 * static_cast<double>(part) / static_cast<double>(whole), 0, 'f', 1)
                 : QStringLiteral("-");
}
} // namespace

StartupProfileTab::StartupProfileTab(ImageSession& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_summary(new QLabel(this))
    , m_layers(new QTreeWidget(this))
    , m_mapView(new SpanMapView(m_map, this))
    , m_publish(new QPushButton(tr("&Publish as Prefetch Artifact…"), this))
    , m_result(new QLabel(this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layers->setObjectName(QStringLiteral("startupLayers"));
    m_layers->setHeaderLabels({ tr("Layer"), tr("Spans"), tr("Bytes"), tr("Files") });
    m_layers->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_layers->setUniformRowHeights(true);
    m_mapView->setObjectName(QStringLiteral("startupSpanMap"));
    m_publish->setToolTip(tr("Write the profile's spans as SOCI prefetch artifacts, one per layer, into a new SOCI "
                             "index of this image and push it (as `sociscopectl index prefetch add --from` does); "
                             "the old index stays valid"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_mapView);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_layers);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* row = new QHBoxLayout;
    row->addWidget(m_result, 1);
    row->addWidget(m_publish);
    auto* l = new QVBoxLayout(this);
    l->addWidget(m_summary);
    l->addWidget(split, 1);
    l->addLayout(row);

    connect(m_publish, &QPushButton::clicked, this, &StartupProfileTab::publish);
    connect(&m_session, &ImageSession::reset, this, [this] {
        if (isVisible())
            reload();
    });
    showNone(tr("No startup profile of this image yet."));
}

QString StartupProfileTab::summaryText() const
{
    return m_summary->text();
}

void StartupProfileTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload();
}

void StartupProfileTab::reload()
{
    const std::uint64_t generation = ++m_generation;
    if (!m_session.hasImage()) {
        showNone(tr("No image."));
        emit loaded();
        return;
    }
    // Newest first, until one is of this platform image: at most
    // lazy::kKeptProfiles files, each capped, read off the GUI thread.
    using Found = std::optional<std::pair<QString, lazy::StartupProfile>>;
    m_session.services().jobs().run(
        this,
        [digest = m_session.platformImage().raw.digest.str()]() -> Found {
            const QDir dir(qs(lazy::profilesDir()));
            const QString lastRun = QFileInfo(qs(lazy::lastRunProfilePath())).fileName();
            for (const QFileInfo& f : dir.entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::Time)) {
                if (f.fileName() == lastRun)
                    continue; // a copy of one of the others
                auto text = files::readFile(f.filePath().toStdString(), lazy::StartupProfile::kMaxBytes + 1);
                if (!text)
                    continue;
                auto p = lazy::StartupProfile::parse(*text);
                if (p && p->digest == digest)
                    return std::make_pair(f.filePath(), std::move(*p));
            }
            return std::nullopt;
        },
        [this, generation](const Found& found) {
            if (generation != m_generation)
                return;
            if (found) {
                m_path = found->first;
                show(found->second);
            } else {
                showNone(tr("No startup profile of this image yet. Run it with “Record startup” ticked (Run…), or "
                            "record one with `sociscopectl run --record-startup` or `sociscopectl record`."));
            }
            emit loaded();
        });
}

bool StartupProfileTab::loadProfile(const QString& path)
{
    auto text = files::readFile(path.toStdString(), lazy::StartupProfile::kMaxBytes + 1);
    auto p = text ? lazy::StartupProfile::parse(*text) : Result<lazy::StartupProfile>(text.error());
    if (!p) {
        showNone(tr("The startup profile %1 cannot be read: %2").arg(path, qs(p.error().text())));
        return false;
    }
    m_path = path;
    show(*p);
    return true;
}

void StartupProfileTab::showNone(const QString& why)
{
    m_profile.reset();
    m_path.clear();
    m_summary->setText(why);
    m_layers->clear();
    m_map.reset(0);
    m_mapView->modelChanged();
    m_publish->setEnabled(false);
    m_result->clear();
}

void StartupProfileTab::show(const lazy::StartupProfile& p)
{
    m_profile = p;
    const QString first = p.record.firstOutputMs >= 0 ? tr("first output after %1 ms").arg(p.record.firstOutputMs)
                                                      : tr("no output");
    const QString until = p.record.until == "output" ? tr("until its first output")
        : p.record.until == "time"                   ? tr("for %n second(s)", "", static_cast<int>(p.record.seconds))
                                                     : tr("until its exit");
    m_summary->setText(tr("At start, %1 of the %2 image (%3) · %4 · recorded %5 · %6")
                           .arg(Format::bytes(static_cast<std::int64_t>(p.neededBytes)),
                               Format::bytes(static_cast<std::int64_t>(p.imageBytes)),
                               percent(p.neededBytes, p.imageBytes), first, until,
                               QFileInfo(m_path).fileName()));
    m_summary->setToolTip(qs(p.reference) + QLatin1Char('\n') + qs(str::join(p.command, " ")));

    m_layers->clear();
    int layerCount = m_session.hasImage() ? m_session.layerCount() : 0;
    for (const auto& l : p.layers)
        layerCount = std::max(layerCount, l.index + 1);
    m_map.reset(layerCount);
    for (const auto& l : p.layers) {
        std::size_t files = 0;
        for (const auto& f : l.files)
            files += f.files.size() + f.more;
        auto* item = new QTreeWidgetItem(m_layers,
            { tr("Layer %1 · %2").arg(l.index).arg(qs(l.digest).mid(7, 12)), rangesText(l.spans),
                Format::bytes(static_cast<std::int64_t>(l.bytes)), QString::number(files) });
        item->setToolTip(0, qs(l.digest));
        item->setData(2, Qt::UserRole, QVariant::fromValue<qulonglong>(l.bytes));
        for (const auto& f : l.files) {
            auto* span = new QTreeWidgetItem(item, { tr("Span %1").arg(f.span), QString(), QString(),
                                                       QString::number(f.files.size() + f.more) });
            for (const auto& name : f.files)
                new QTreeWidgetItem(span, { qs(name) });
            if (f.more)
                new QTreeWidgetItem(span, { tr("… and %n more file(s)", "", static_cast<int>(f.more)) });
        }
        m_map.setSpanCount(l.index, l.spanCount);
        // Only spans the layer has (a profile's ranges are not trusted to be small).
        for (const auto& r : l.spans)
            for (std::int32_t s = r.start; s <= std::min(r.end, l.spanCount - 1); ++s)
                m_map.setOutlined(l.index, s);
    }
    // Layers of the image the profile does not name: read whole, or not read at start.
    if (m_session.hasImage())
        for (int i = 0; i < m_session.layerCount(); ++i)
            if (std::none_of(p.layers.begin(), p.layers.end(), [i](const auto& l) { return l.index == i; }))
                m_map.setWhole(i);
    m_layers->expandToDepth(0);
    m_mapView->modelChanged();
    m_publish->setEnabled(m_session.hasImage() && !p.layers.empty());
    m_result->clear();
}

void StartupProfileTab::publish()
{
    if (!m_profile || !m_session.hasImage())
        return;
    const oci::Reference ref = m_session.reference();
    if (QMessageBox::question(this, tr("Publish as Prefetch Artifact"),
            tr("Write the spans of this startup profile as SOCI prefetch artifacts into a new SOCI index of %1 and "
               "push it? The old index stays valid.")
                .arg(qs(ref.str())))
        != QMessageBox::Yes)
        return;
    m_publish->setEnabled(false);
    m_result->setText(tr("Publishing…"));
    const auto session = m_session.services().session(m_session.host());
    m_session.services().jobs().run(
        JobPool::Lane::Long, this,
        [session, ref, image = m_session.platformImage(), profile = *m_profile]() -> Result<soci::PublishedPrefetch> {
            auto source = Services::open(session, ref);
            if (!source)
                return source.error();
            const std::string tag = ref.digest.empty() ? ref.tagOrDigest() : std::string();
            return lazy::publishProfile(**source, ref.tagOrDigest(), tag, image, profile);
        },
        [this](const Result<soci::PublishedPrefetch>& r) {
            m_publish->setEnabled(true);
            m_session.services().noteActivity(m_session.host());
            const QString text = r ? tr("Published: SOCI index v%1 %2 with %n prefetch artifact(s).", "",
                                         static_cast<int>(r->artifacts.size()))
                                         .arg(r->index.version)
                                         .arg(qs(r->index.digest.str()))
                                   : tr("Publishing failed: %1").arg(qs(r.error().text()));
            m_result->setText(text);
            emit published(bool(r), text);
        });
}

} // namespace sociscope::ui
