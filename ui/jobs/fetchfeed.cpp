// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/fetchfeed.h"

#include "jobs/daemonclient.h"

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
    , m_canceller(std::make_shared<daemon::CallCanceller>())
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
    static_cast<daemon::CallCanceller*>(m_canceller.get())->cancel();
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void DaemonEventFeed::loop()
{
    auto* canceller = static_cast<daemon::CallCanceller*>(m_canceller.get());
    std::map<std::string, std::string> digests; // mount id -> platform manifest digest
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
        }
        if (auto client = daemon::connectAny(); client) {
            const auto learn = [&] {
                if (auto mounts = (*client)->listMounts(); mounts)
                    for (const auto& m : *mounts)
                        digests[m.id()] = m.digest();
            };
            learn();
            daemon::v1::EventsRequest req;
            req.set_all_layers(true);
            (void)(*client)->events(
                req,
                [&](const daemon::v1::FetchEvent& e) {
                    const auto type = lazy::fetchEventType(e.type());
                    if (!type)
                        return true; // read-failed: a file, not a fetch
                    if (!digests.count(e.mount_id())) {
                        learn();
                        digests.try_emplace(e.mount_id()); // not ours to see: ask once
                    }
                    FeedEvent f;
                    f.event.type = *type;
                    f.event.layer = e.layer();
                    f.event.span = e.span();
                    f.event.bytes = e.bytes();
                    f.event.micros = e.micros();
                    f.event.background = e.background();
                    f.event.when = std::chrono::system_clock::time_point(std::chrono::microseconds(e.when_unix_us()));
                    f.digest = digests[e.mount_id()];
                    f.mountId = e.mount_id();
                    f.runId = e.run_id();
                    f.dropped = e.dropped();
                    m_sink(std::move(f));
                    return true;
                },
                [this] { m_subscribed = true; }, canceller);
            m_subscribed = false;
        }
        // No daemon, or it went away: try again in a while.
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::seconds(3), [this] { return m_stopping; });
    }
}

} // namespace sociscope::ui
