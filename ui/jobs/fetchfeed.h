// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/lazycore.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sociscope::client {
class CallCanceller;
}

namespace sociscope::ui {

// A fetch event with where it came from: the platform image (manifest
// digest), and for the daemon's events the mount and run that fetched it.
struct FeedEvent {
    lazy::FetchEvent event;
    std::string digest;
    std::string mountId; // empty: read in this process
    std::string runId;
    std::uint64_t dropped = 0; // the daemon's events lost before this one (we read too slowly)
};

// Hands fetch events from any thread to the GUI thread in batches: push()
// queues and posts at most one delivery at a time, so a burst of thousands
// of events becomes one arrived() call. push() is cheap and thread-safe, and
// safe after this object is gone (the events are then dropped).
class FetchEventQueue final : public QObject {
    Q_OBJECT
public:
    explicit FetchEventQueue(QObject* parent = nullptr);
    ~FetchEventQueue() override;

    // Thread-safe; what a lazy::FetchEvents observer or a stream thread calls.
    using Sink = std::function<void(FeedEvent)>;
    [[nodiscard]] Sink sink() const;
    // Observer of an in-process image's events, tagged with its digest.
    [[nodiscard]] lazy::FetchEvents::Observer observer(const std::string& digest) const;

signals:
    // On this object's thread; events in the order they were pushed.
    void arrived(const std::vector<sociscope::ui::FeedEvent>& events);

private:
    struct Shared {
        std::mutex mutex;
        std::vector<FeedEvent> pending;
        bool posted = false;
        QPointer<FetchEventQueue> target;
        void push(FeedEvent e);
    };
    void deliver();

    std::shared_ptr<Shared> m_shared;
};

// The daemon's event stream for every mount this user may see (mounts made
// here or by the CLI, and the mounts of runs), on a thread of its own, owned
// and joined. Each event is tagged with its mount's image digest (from
// ListMounts, asked again when a mount is new) and pushed into a
// FetchEventQueue. Reconnects (every few seconds, bounded by stop()) while
// no daemon answers; never starts one.
class DaemonEventFeed final {
public:
    explicit DaemonEventFeed(FetchEventQueue::Sink sink);
    // stop().
    ~DaemonEventFeed();
    DaemonEventFeed(const DaemonEventFeed&) = delete;
    DaemonEventFeed& operator=(const DaemonEventFeed&) = delete;

    // Starts the thread once; later calls do nothing.
    void start();
    // Cancels the stream and joins the thread.
    void stop();
    // True while subscribed to a daemon's stream.
    [[nodiscard]] bool isSubscribed() const { return m_subscribed; }

private:
    void loop();

    FetchEventQueue::Sink m_sink;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<bool> m_subscribed { false };
    std::unique_ptr<client::CallCanceller> m_canceller;
};

} // namespace sociscope::ui
