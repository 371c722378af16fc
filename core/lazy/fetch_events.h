// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/fetch_stats.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::lazy {

// One fetch of an image session, as it happens: for live charts, span maps
// and the daemon's event stream.
struct FetchEvent {
    enum class Type {
        Span,        // a span's compressed bytes came over the network and were verified
        SpanCached,  // a span was served from the disk cache
        SpanFailed,  // a span could not be fetched or did not match its digest
        Ztoc,        // a zTOC blob was fetched
        Index,       // a manifest, config or SOCI index was fetched
        WholeLayer,  // a layer without a usable zTOC was fetched whole
    };
    Type type = Type::Span;
    int layer = -1;          // layer index, bottom = 0; -1 when not about a layer
    std::int32_t span = -1;  // span index, or -1
    std::uint64_t bytes = 0; // bytes moved (compressed for spans)
    std::uint64_t micros = 0; // how long it took
    bool background = false;  // fetched by the background fetcher, not a read
    bool prefetch = false;    // fetched by the prefetch before the mount or run (prefetch artifacts)
    std::chrono::system_clock::time_point when = std::chrono::system_clock::now();
};

// "span", "span-cached", "span-failed", "ztoc", "index", "whole-layer".
const char* fetchEventName(FetchEvent::Type t);
// The type fetchEventName() names; nullopt for other names ("read-failed").
std::optional<FetchEvent::Type> fetchEventType(std::string_view name);

// Fans events out to observers. Observers are called on the fetching thread
// and must be quick (queue the event, return). Thread-safe.
class FetchEvents final {
public:
    using Observer = std::function<void(const FetchEvent&)>;
    // Returns a handle; the observer stays registered while the handle lives.
    std::shared_ptr<void> subscribe(Observer observer);
    void emit(const FetchEvent& event);

private:
    struct Slot {
        Observer observer;
    };
    std::mutex m_mutex;
    std::vector<std::weak_ptr<Slot>> m_slots;
};

} // namespace sociscope::lazy
