// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sociscope::daemon {

// A fetch event of one mount, or a read the mount answered EIO.
struct MountEvent {
    std::string mountId;
    std::string mountpoint;
    uid_t owner = 0; // who made the mount (who may see its events)
    bool visibleToAll = false; // everyone may (MountSpec::visibleToAll)
    std::string type; // lazy::fetchEventName(), or "read-failed"
    int layer = -1;
    std::int32_t span = -1;
    std::uint64_t bytes = 0;
    std::uint64_t micros = 0;
    bool background = false;
    bool prefetch = false; // fetched by the prefetch before the mount returned
    std::chrono::system_clock::time_point when = std::chrono::system_clock::now();
    std::string path; // read-failed: the file
    std::string runId; // the run whose mount it is, or ""
    std::uint64_t dropped = 0; // set by EventQueue: events lost before this one
};

// Fans the events of every mount out to subscribers (the Events streams).
// Observers run on the publishing thread (a FUSE or fetch thread) and must
// only queue. Thread-safe.
class EventBus final {
public:
    using Observer = std::function<void(const MountEvent&)>;
    // The observer stays registered while the returned handle lives.
    std::shared_ptr<void> subscribe(Observer observer);
    // Hands the event to every live observer.
    void publish(const MountEvent& event);

private:
    std::mutex m_mutex;
    std::vector<std::weak_ptr<Observer>> m_observers;
};

// A bounded queue between the bus and one reader. When the reader falls
// behind, the oldest events are dropped and the next one popped says how many.
class EventQueue final {
public:
    // At most capacity events wait; older ones are dropped first.
    explicit EventQueue(std::size_t capacity = 4096)
        : m_capacity(capacity)
    {
    }
    // Queues an event (dropping the oldest when full).
    void push(MountEvent event);
    // The next event, or nullopt after `wait` or once closed and empty.
    std::optional<MountEvent> pop(std::chrono::milliseconds wait);
    // Wakes the reader; later pushes are ignored.
    void close();

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<MountEvent> m_events;
    std::size_t m_capacity;
    std::uint64_t m_dropped = 0;
    bool m_closed = false;
};

} // namespace sociscope::daemon
