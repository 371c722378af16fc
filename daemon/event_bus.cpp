// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "event_bus.h"

namespace sociscope::daemon {

std::shared_ptr<void> EventBus::subscribe(Observer observer)
{
    auto slot = std::make_shared<Observer>(std::move(observer));
    std::lock_guard lock(m_mutex);
    std::erase_if(m_observers, [](const auto& w) { return w.expired(); });
    m_observers.push_back(slot);
    return slot;
}

void EventBus::publish(const MountEvent& event)
{
    std::vector<std::shared_ptr<Observer>> live;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& w : m_observers)
            if (auto s = w.lock())
                live.push_back(std::move(s));
    }
    for (const auto& s : live)
        (*s)(event);
}

void EventQueue::push(MountEvent event)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        if (m_events.size() >= m_capacity) {
            m_events.pop_front();
            ++m_dropped;
        }
        m_events.push_back(std::move(event));
    }
    m_cv.notify_one();
}

std::optional<MountEvent> EventQueue::pop(std::chrono::milliseconds wait)
{
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, wait, [&] { return !m_events.empty() || m_closed; });
    if (m_events.empty())
        return std::nullopt;
    MountEvent e = std::move(m_events.front());
    m_events.pop_front();
    e.dropped = m_dropped;
    m_dropped = 0;
    return e;
}

void EventQueue::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_cv.notify_all();
}

} // namespace sociscope::daemon
