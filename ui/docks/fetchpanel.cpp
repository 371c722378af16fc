// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "docks/fetchpanel.h"

#include "jobs/imagesession.h"
#include "models/layermodel.h"
#include "widgets/fetchchart.h"
#include "widgets/spanmapview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <tuple>

namespace sociscope::ui {

namespace {
constexpr int SampleMs = 250;
}

FetchPanel::FetchPanel(QWidget* parent)
    : QWidget(parent)
    , m_queue(new FetchEventQueue(this))
    , m_chart(new FetchChart(this))
    , m_spanView(new SpanMapView(m_spans, this))
    , m_summary(new QLabel(this))
    , m_legend(new QLabel(this))
    , m_wholeScale(new QCheckBox(tr("Scale to the &whole image"), this))
    , m_timer(new QTimer(this))
{
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wraps rather than widening the dock (and the window) as the numbers grow.
    m_summary->setWordWrap(true);
    m_wholeScale->setToolTip(tr("Draw the axis up to the image's full size, so the reference line shows how little "
                                "was fetched."));
    auto* header = new QHBoxLayout;
    header->addWidget(m_summary, 1);
    header->addWidget(m_wholeScale);

    QStringList legend;
    for (int c = 0; c < static_cast<int>(SpanMapModel::Cell::CellCount); ++c) {
        const auto cell = static_cast<SpanMapModel::Cell>(c);
        legend << QStringLiteral("<span style=\"color:%1\">■</span>&nbsp;%2")
                      .arg(SpanMapView::color(cell, palette()).name(), SpanMapModel::cellName(cell).toHtmlEscaped());
    }
    m_legend->setText(legend.join(QStringLiteral(" &nbsp; ")));
    m_legend->setWordWrap(true);

    auto* spans = new QWidget(this);
    auto* sl = new QVBoxLayout(spans);
    sl->setContentsMargins(6, 6, 6, 6);
    sl->addWidget(m_legend);
    sl->addWidget(m_spanView);
    sl->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(spans);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chart);
    split->addWidget(scroll);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({ 320, 280 });
    split->setChildrenCollapsible(false);

    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(8, 6, 8, 6);
    l->addLayout(header);
    l->addWidget(split, 1);

    connect(m_queue, &FetchEventQueue::arrived, this, &FetchPanel::apply);
    connect(m_wholeScale, &QCheckBox::toggled, this, [this](bool whole) {
        m_chart->setWholeImageScale(whole);
        m_chart->display(m_timeline);
    });
    m_timer->setInterval(SampleMs);
    connect(m_timer, &QTimer::timeout, this, &FetchPanel::sample);
    setImage({}, 0, 0);
}

FetchPanel::~FetchPanel()
{
    m_subscription.reset();
    if (m_daemonFeed)
        m_daemonFeed->stop();
}

void FetchPanel::follow(ImageSession* session, LayerModel* layers)
{
    m_session = session;
    m_layers = layers;
    connect(session, &ImageSession::reset, this, [this] {
        m_subscription.reset();
        if (!m_session->hasImage()) {
            setImage({}, 0, 0);
            return;
        }
        const auto& img = m_session->platformImage();
        const QString digest = QString::fromStdString(img.raw.digest.str());
        if (digest != m_digest)
            setImage(digest, static_cast<int>(img.manifest.layers.size()), img.layersSize());
    });
    connect(session, &ImageSession::opened, this, &FetchPanel::subscribeSession);
    connect(layers, &QAbstractItemModel::modelReset, this, &FetchPanel::updateLayers);
    connect(layers, &QAbstractItemModel::dataChanged, this, &FetchPanel::updateLayers);
}

void FetchPanel::subscribeSession()
{
    if (!m_session || !m_session->image())
        return;
    auto image = m_session->image();
    m_subscription = image->events().subscribe(m_queue->observer(m_digest.toStdString()));
    // What opening the image fetched before there was anything to subscribe
    // to (documents, zTOC TOC regions), from its counters. Nothing fetches
    // now: the session verifies its zTOCs only after opened() returns.
    // Not the counters' cached bytes: those are documents and zTOCs read from
    // the disk cache, not spans, and "Spans from cache" beside "0 spans
    // touched" would say spans were read that were not.
    const lazy::FetchStats& st = image->stats();
    using T = lazy::FetchEvent::Type;
    const std::uint64_t background = st.backgroundBytes.load();
    for (const auto& [type, bytes, inBackground] :
        { std::tuple { T::Index, st.indexBytes.load(), false }, std::tuple { T::Ztoc, st.ztocBytes.load(), false },
            std::tuple { T::Span, st.spanBytes.load() - std::min(background, st.spanBytes.load()), false },
            std::tuple { T::Span, background, true }, std::tuple { T::WholeLayer, st.wholeLayerBytes.load(), false } })
        if (bytes > 0) {
            lazy::FetchEvent e;
            e.type = type;
            e.bytes = bytes;
            e.background = inBackground;
            m_timeline.add(e);
        }
}

void FetchPanel::updateLayers()
{
    for (int row = 0; row < m_layers->rowCount(); ++row) {
        const auto& c = m_layers->coverage(row);
        if (!c.ztoc)
            m_spans.setWhole(row);
        else if (const ZtocStats& s = m_layers->ztocStats(row); s.spans >= 0)
            m_spans.setSpanCount(row, s.spans, s.spanFiles);
    }
    m_spanView->modelChanged();
}

void FetchPanel::setImage(const QString& digest, int layers, qint64 imageBytes)
{
    m_digest = digest;
    m_dropped = 0;
    m_timeline.reset(imageBytes);
    m_spans.reset(layers);
    m_clock.start();
    m_timeline.sample(0);
    m_chart->display(m_timeline);
    m_spanView->modelChanged();
    m_summary->setText(summaryText());
    if (digest.isEmpty())
        m_timer->stop();
    else
        m_timer->start();
}

void FetchPanel::listenToDaemon()
{
    if (!m_daemonFeed)
        m_daemonFeed = std::make_unique<DaemonEventFeed>(m_queue->sink());
    m_daemonFeed->start();
}

void FetchPanel::apply(const std::vector<FeedEvent>& events)
{
    int applied = 0;
    bool cells = false;
    const std::string digest = m_digest.toStdString();
    for (const FeedEvent& f : events) {
        if (f.digest != digest || digest.empty())
            continue;
        m_timeline.add(f.event);
        m_dropped += f.dropped;
        cells = m_spans.apply(f.event) || cells;
        ++applied;
    }
    if (applied == 0)
        return;
    if (cells)
        m_spanView->modelChanged();
    emit eventsApplied(applied);
}

void FetchPanel::sample()
{
    m_timeline.sample(static_cast<double>(m_clock.elapsed()) / 1000.0);
    // The lines move with the clock even when idle; redraw only what shows.
    if (isVisible())
        m_chart->display(m_timeline);
    m_summary->setText(summaryText());
}

void FetchPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_chart->display(m_timeline); // it was not redrawn while hidden
}

QString FetchPanel::summaryText() const
{
    if (m_digest.isEmpty())
        return tr("No image shown");
    QString text = tr("%1 · %2 · %n span(s) touched", "", m_spans.touched())
                       .arg(m_timeline.summaryText(), m_timeline.rateText());
    if (m_dropped > 0)
        text += QStringLiteral(" · ")
            + tr("%n event(s) lost", "", static_cast<int>(std::min<std::uint64_t>(m_dropped, INT_MAX)));
    return text;
}

} // namespace sociscope::ui
