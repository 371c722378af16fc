// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "registry/tag_resolver.h"
#include "util/result.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace sociscope::ui {

// Drives one TagResolver run: a pump thread (owned, joined) creates the
// backend (opening a layout touches the disk), starts the resolver and hands
// each non-empty batch to deliver() — on the pump thread; the caller posts it
// to the GUI thread. Plain C++, no Qt.
class TagStream final {
public:
    using MakeBackend = std::function<Result<registry::TagBackend>()>;
    using Deliver = std::function<void(registry::ResolverBatch)>;

    TagStream(MakeBackend makeBackend, registry::TagResolverOptions options,
              std::shared_ptr<registry::TagDigestCache> cache, Deliver deliver);
    // stop(), then waits for the resolver's requests in flight (bounded by the
    // client's timeouts): destroy it on a job thread (JobPool::dispose).
    ~TagStream();
    TagStream(const TagStream&) = delete;
    TagStream& operator=(const TagStream&) = delete;

    // Cancels the run and joins the pump: deliver() is never called after
    // this returns. Quick: the resolver's worker threads are joined later, by
    // the destructor.
    void stop();
    // Forwards to TagResolver::prioritize when the run has started.
    void prioritize(const std::vector<std::string>& tags);

private:
    void pump();

    MakeBackend m_makeBackend;
    registry::TagResolverOptions m_options;
    std::shared_ptr<registry::TagDigestCache> m_cache;
    Deliver m_deliver;

    std::mutex m_mutex; // guards m_resolver's creation against stop()
    std::unique_ptr<registry::TagResolver> m_resolver;
    std::atomic<bool> m_stop{false};
    std::thread m_pump;
};

} // namespace sociscope::ui
