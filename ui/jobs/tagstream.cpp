// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/tagstream.h"

namespace sociscope::ui {

TagStream::TagStream(MakeBackend makeBackend, registry::TagResolverOptions options,
                     std::shared_ptr<registry::TagDigestCache> cache, Deliver deliver)
    : m_makeBackend(std::move(makeBackend)),
      m_options(options),
      m_cache(std::move(cache)),
      m_deliver(std::move(deliver))
{
    m_pump = std::thread([this] { pump(); });
}

TagStream::~TagStream()
{
    stop();
    std::unique_ptr<registry::TagResolver> resolver;
    {
        std::lock_guard lock(m_mutex);
        resolver = std::move(m_resolver);
    }
    resolver.reset(); // joins the resolver's threads
}

void TagStream::stop()
{
    m_stop = true;
    {
        std::lock_guard lock(m_mutex);
        if (m_resolver)
            m_resolver->cancel();
    }
    if (m_pump.joinable())
        m_pump.join();
}

void TagStream::prioritize(const std::vector<std::string>& tags)
{
    std::lock_guard lock(m_mutex);
    if (m_resolver)
        m_resolver->prioritize(tags);
}

void TagStream::pump()
{
    auto backend = m_makeBackend();
    if (m_stop)
        return;
    if (!backend) {
        registry::ResolverBatch b;
        b.generation = m_options.generation;
        b.finished = true;
        b.status = backend.error();
        m_deliver(std::move(b));
        return;
    }
    registry::TagResolver* resolver = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_stop)
            return;
        m_resolver = std::make_unique<registry::TagResolver>(std::move(*backend), m_options, m_cache);
        m_resolver->start();
        resolver = m_resolver.get();
    }
    while (!m_stop) {
        // Batches of up to ~150 ms of results: few model updates, no visible lag.
        registry::ResolverBatch b = resolver->next(std::chrono::milliseconds(150));
        if (m_stop)
            return;
        if (b.empty())
            continue;
        const bool finished = b.finished;
        m_deliver(std::move(b));
        if (finished)
            return;
    }
}

} // namespace sociscope::ui
