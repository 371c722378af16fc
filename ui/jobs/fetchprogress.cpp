// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/fetchprogress.h"

#include "common/qtformat.h"

#include <QTimer>

#include <algorithm>

namespace sociscope::ui {

FetchProgress::FetchProgress(QObject* parent) : QObject(parent), m_poll(new QTimer(this))
{
    m_poll->setInterval(250);
    connect(m_poll, &QTimer::timeout, this, [this] {
        const std::uint64_t now = done();
        if (now != m_shown) {
            m_shown = now;
            emit changed();
        }
    });
}

FetchProgress::~FetchProgress() = default;

void FetchProgress::start(const std::shared_ptr<lazy::LazyImage>& image, std::uint64_t total)
{
    stop();
    m_counters = std::make_shared<Counters>();
    m_total->store(total);
    m_shown = 0;
    m_clock.start();
    if (!image)
        return;
    // Called on fetching threads: only the counter, which outlives this object
    // as long as the subscription does.
    m_subscription = image->events().subscribe([c = m_counters](const lazy::FetchEvent& e) {
        if (!e.background && (e.type == lazy::FetchEvent::Type::Span || e.type == lazy::FetchEvent::Type::WholeLayer))
            c->done.fetch_add(e.bytes, std::memory_order_relaxed);
    });
    m_poll->start();
}

void FetchProgress::stop()
{
    m_poll->stop();
    m_subscription.reset();
}

int FetchProgress::permille() const
{
    const std::uint64_t t = total();
    if (t == 0)
        return -1;
    return static_cast<int>(std::min<std::uint64_t>(1000, done() * 1000 / t));
}

QString FetchProgress::duration(qint64 seconds)
{
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
}

QString FetchProgress::text() const
{
    const std::uint64_t d = done();
    const std::uint64_t t = total();
    const double secs = static_cast<double>(m_clock.isValid() ? m_clock.elapsed() : 0) / 1000.0;
    const double rate = secs > 0.2 ? static_cast<double>(d) / secs : 0.0;
    const QString rateText =
        rate > 0 ? tr("%1/s").arg(Format::bytes(static_cast<std::int64_t>(rate))) : tr("waiting for the registry");
    if (t == 0)
        return tr("%1 fetched · %2").arg(Format::bytes(static_cast<std::int64_t>(d)), rateText);
    const QString part = tr("%1 of %2 fetched (%L3 %)")
                             .arg(Format::bytes(static_cast<std::int64_t>(d)), Format::bytes(static_cast<std::int64_t>(t)))
                             .arg(permille() / 10);
    if (rate <= 0)
        return part + QStringLiteral(" · ") + rateText;
    const auto left = static_cast<qint64>(static_cast<double>(t > d ? t - d : 0) / rate + 0.5);
    return part + QStringLiteral(" · ") + rateText + QStringLiteral(" · ") + tr("%1 left").arg(duration(left));
}

} // namespace sociscope::ui
