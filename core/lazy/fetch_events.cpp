// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/fetch_events.h"

namespace sociscope::lazy {

const char* fetchEventName(FetchEvent::Type t)
{
    switch (t) {
    case FetchEvent::Type::Span: return "span";
    case FetchEvent::Type::SpanCached: return "span-cached";
    case FetchEvent::Type::SpanFailed: return "span-failed";
    case FetchEvent::Type::Ztoc: return "ztoc";
    case FetchEvent::Type::Index: return "index";
    case FetchEvent::Type::WholeLayer: return "whole-layer";
    }
    return "span";
}

std::optional<FetchEvent::Type> fetchEventType(std::string_view name)
{
    using T = FetchEvent::Type;
    for (T t : {T::Span, T::SpanCached, T::SpanFailed, T::Ztoc, T::Index, T::WholeLayer})
        if (name == fetchEventName(t))
            return t;
    return std::nullopt;
}

std::shared_ptr<void> FetchEvents::subscribe(Observer observer)
{
    auto slot = std::make_shared<Slot>(Slot{std::move(observer)});
    std::lock_guard lock(m_mutex);
    std::erase_if(m_slots, [](const auto& w) { return w.expired(); });
    m_slots.push_back(slot);
    return slot;
}

void FetchEvents::emit(const FetchEvent& event)
{
    std::vector<std::shared_ptr<Slot>> live;
    {
        std::lock_guard lock(m_mutex);
        if (m_slots.empty())
            return;
        for (const auto& w : m_slots)
            if (auto s = w.lock())
                live.push_back(std::move(s));
    }
    for (const auto& s : live)
        s->observer(event);
}

} // namespace sociscope::lazy
