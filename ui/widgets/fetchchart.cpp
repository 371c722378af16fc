// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/fetchchart.h"

#include "common/qtformat.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace sociscope::ui {

namespace {

QColor seriesColor(FetchTimeline::Series s)
{
    switch (s) {
    case FetchTimeline::Index:
        return QColor(0x8e, 0x44, 0xad);
    case FetchTimeline::Ztoc:
        return QColor(0xe6, 0x7e, 0x22);
    case FetchTimeline::Spans:
        return QColor(0x29, 0x80, 0xb9);
    case FetchTimeline::WholeLayers:
        return QColor(0xc0, 0x39, 0x2b);
    case FetchTimeline::Background:
        return QColor(0x8e, 0x9e, 0xc8); // as the span map's background cells
    case FetchTimeline::FromCache:
        return QColor(0x27, 0xae, 0x60);
    case FetchTimeline::SeriesCount:
        break;
    }
    return Qt::gray;
}

// An item of the legend: escaped, and wrapped only between items.
QString nonBreaking(const QString& text)
{
    return text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
}

// The unit the byte axis counts in, so its labels stay short.
struct Unit {
    double divisor;
    QString name;
};

Unit unitFor(double max)
{
    if (max >= 2.0 * (1 << 30))
        return { double(1 << 30), QStringLiteral("GiB") };
    if (max >= 2.0 * (1 << 20))
        return { double(1 << 20), QStringLiteral("MiB") };
    if (max >= 2.0 * (1 << 10))
        return { double(1 << 10), QStringLiteral("KiB") };
    return { 1.0, QStringLiteral("B") };
}

} // namespace

class FetchChartView final : public QChartView {
public:
    explicit FetchChartView(QWidget* parent)
        : QChartView(new QChart, parent)
    {
        setRenderHint(QPainter::Antialiasing);
        setMinimumHeight(240);
        QChart* c = chart();
        c->setMargins(QMargins(4, 4, 4, 4));
        c->setBackgroundRoundness(0);
        // The chart's own legend cuts names off when they do not fit one row;
        // FetchChart shows a wrapping one under the chart instead.
        c->legend()->setVisible(false);
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        x->setLabelFormat(QStringLiteral("%.0f"));
        x->setTitleText(FetchChart::tr("seconds"));
        y->setLabelFormat(QStringLiteral("%.4g"));
        for (int s = 0; s < FetchTimeline::SeriesCount; ++s) {
            auto* line = new QLineSeries(c);
            line->setName(FetchTimeline::seriesName(FetchTimeline::Series(s)));
            line->setPen(QPen(seriesColor(FetchTimeline::Series(s)), 2));
            c->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
            lines[static_cast<std::size_t>(s)] = line;
        }
        reference = new QLineSeries(c);
        QPen dashed(Qt::gray, 1.5, Qt::DashLine);
        reference->setPen(dashed);
        c->addSeries(reference);
        reference->attachAxis(x);
        reference->attachAxis(y);
        x->setRange(0, 10);
        y->setRange(0, 1);
    }

    void applyPalette()
    {
        const QPalette p = palette();
        QChart* c = chart();
        c->setBackgroundBrush(p.base());
        c->setTitleBrush(p.text());
        c->legend()->setLabelColor(p.color(QPalette::Text));
        for (QValueAxis* a : { x, y }) {
            a->setLabelsColor(p.color(QPalette::Text));
            a->setTitleBrush(p.text());
            a->setGridLineColor(p.color(QPalette::Mid));
            a->setLinePenColor(p.color(QPalette::Mid));
        }
    }

    std::array<QLineSeries*, FetchTimeline::SeriesCount> lines {};
    QLineSeries* reference = nullptr;
    QValueAxis* x = new QValueAxis(this);
    QValueAxis* y = new QValueAxis(this);
};

FetchChart::FetchChart(QWidget* parent)
    : QWidget(parent)
    , m_view(new FetchChartView(this))
    , m_legend(new QLabel(this))
{
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_view);
    m_legend->setObjectName(QStringLiteral("fetchChartLegend"));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    l->addWidget(m_legend);
    m_view->applyPalette();
    display(FetchTimeline());
}

FetchChart::~FetchChart() = default;

void FetchChart::setWholeImageScale(bool whole)
{
    m_wholeImage = whole;
}

void FetchChart::display(const FetchTimeline& t)
{
    m_view->applyPalette();
    const double image = static_cast<double>(std::max<std::int64_t>(t.imageBytes(), 0));
    const double fetched = static_cast<double>(t.maxTotal());
    const double top = m_wholeImage && image > 0 ? image * 1.05 : std::max(fetched * 1.15, 1024.0);
    const Unit unit = unitFor(top);
    double end = std::max(10.0, std::ceil(t.lastSample() / 10.0) * 10.0);
    for (int s = 0; s < FetchTimeline::SeriesCount; ++s) {
        QList<QPointF> scaled;
        const auto& pts = t.points(FetchTimeline::Series(s));
        scaled.reserve(static_cast<qsizetype>(pts.size()));
        for (const QPointF& p : pts)
            scaled.append(QPointF(p.x(), p.y() / unit.divisor));
        m_view->lines[static_cast<std::size_t>(s)]->replace(scaled);
    }
    if (image > 0) {
        m_view->reference->replace({ QPointF(0, image / unit.divisor), QPointF(end, image / unit.divisor) });
        m_view->reference->setName(tr("Whole image: %1").arg(Format::bytes(t.imageBytes())));
    } else {
        m_view->reference->clear();
        m_view->reference->setName(tr("Whole image: unknown"));
    }
    m_view->x->setRange(0, end);
    m_view->x->setTickCount(6); // end is a multiple of 10: whole steps
    m_view->y->setRange(0, top / unit.divisor);
    m_view->y->applyNiceNumbers();
    m_view->y->setTitleText(unit.name);
    m_view->chart()->setTitle(t.summaryText());
    // Every series and the reference line, each whole; wraps when narrow.
    QStringList items;
    for (int s = 0; s < FetchTimeline::SeriesCount; ++s)
        items << QStringLiteral("<span style=\"color:%1\">■</span>&nbsp;%2")
                     .arg(seriesColor(FetchTimeline::Series(s)).name(),
                         nonBreaking(FetchTimeline::seriesName(FetchTimeline::Series(s))));
    items << QStringLiteral("<span style=\"color:gray\">┅</span>&nbsp;%1").arg(nonBreaking(m_view->reference->name()));
    const QString legend = items.join(QStringLiteral(" &nbsp; "));
    if (m_legend->text() != legend)
        m_legend->setText(legend);
}

QString FetchChart::legendText() const
{
    return m_legend->text();
}

int FetchChart::pointCount(FetchTimeline::Series s) const
{
    return static_cast<int>(m_view->lines[static_cast<std::size_t>(s)]->count());
}

double FetchChart::axisMaximum() const
{
    return m_view->y->max();
}

QString FetchChart::referenceLabel() const
{
    return m_view->reference->name();
}

} // namespace sociscope::ui
