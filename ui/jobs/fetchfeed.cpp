// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/fetchfeed.h"

#include "client.h"

#include <QMetaObject>

#include <chrono>
#include <map>

namespace sociscope::ui {

void FetchEventQueue::Shared::push(FeedEvent e)
{
    std::lock_guard lock(mutex);
    if (!target)
        return;
    pending.push_back(std::move(e));
    if (posted)
        return;
    posted = true;
    QMetaObject::invokeMethod(target.data(), &FetchEventQueue::deliver, Qt::QueuedConnection);
}

FetchEventQueue::FetchEventQueue(QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->target = this;
}

FetchEventQueue::~FetchEventQueue()
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->target = nullptr;
    m_shared->pending.clear();
}

FetchEventQueue::Sink FetchEventQueue::sink() const
{
    return [shared = m_shared](FeedEvent e) { shared->push(std::move(e)); };
}

lazy::FetchEvents::Observer FetchEventQueue::observer(const std::string& digest) const
{
    return [shared = m_shared, digest](const lazy::FetchEvent& e) { shared->push({ e, digest, {}, {} }); };
}

void FetchEventQueue::deliver()
{
    std::vector<FeedEvent> batch;
    {
        std::lock_guard lock(m_shared->mutex);
        batch.swap(m_shared->pending);
        m_shared->posted = false;
    }
    if (!batch.empty())
        emit arrived(batch);
}

DaemonEventFeed::DaemonEventFeed(FetchEventQueue::Sink sink)
    : m_sink(std::move(sink))
    , m_canceller(std::make_unique<client::CallCanceller>())
{
}

DaemonEventFeed::~DaemonEventFeed()
{
    stop();
}

void DaemonEventFeed::start()
{
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable() || m_stopping)
        return;
    m_thread = std::thread([this] { loop(); });
}

void DaemonEventFeed::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_canceller->cancel();
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void DaemonEventFeed::loop()
{
    std::map<std::string, std::string> digests; // mount id -> platform manifest digest
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        if (auto conn = client::connectAny(); conn) {
            const auto learn = [&] {
                if (auto mounts = (*conn)->listMounts(); mounts)
                    for (const auto& m : *mounts)
                        digests[m.id] = m.digest;
            };
            learn();
            (void)(*conn)->events(
                {},
                [&](const client::FetchEvent& e) {
                    const auto type = lazy::fetchEventType(e.type);
                    if (!type)
                        return true; // read-failed: a file, not a fetch
                    if (!digests.count(e.mountId)) {
                        learn();
                        digests.try_emplace(e.mountId); // not ours to see: ask once
                    }
                    FeedEvent f;
                    f.event.type = *type;
                    f.event.layer = e.layer;
                    f.event.span = e.span;
                    f.event.bytes = e.bytes;
                    f.event.micros = e.micros;
                    f.event.background = e.background;
                    f.event.when = e.when;
                    f.digest = digests[e.mountId];
                    f.mountId = e.mountId;
                    f.runId = e.runId;
                    f.dropped = e.dropped;
                    m_sink(std::move(f));
                    return true;
                },
                [this] { m_subscribed = true; }, m_canceller.get());
            m_subscribed = false;
        }
        // No daemon, or it went away: try again in a while.
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::seconds(3), [this] { return m_stopping; });
    }
}

} // namespace sociscope::ui
