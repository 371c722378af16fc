// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/tagstream.h"

namespace sociscope::ui {

TagStream::TagStream(JobPool& jobs, QObject* receiver, MakeBackend makeBackend, registry::TagResolverOptions options,
                     std::shared_ptr<registry::TagDigestCache> cache, Deliver deliver)
{
    auto pump = [running = m_running, makeBackend = std::move(makeBackend), options, cache = std::move(cache),
                 deliver = std::make_shared<Deliver>(std::move(deliver))](const JobContext& job) {
        const auto send = [&](registry::ResolverBatch b) {
            job.report([deliver, b = std::move(b)]() mutable { (*deliver)(std::move(b)); });
        };
        auto backend = makeBackend();
        if (job.cancelled())
            return;
        if (!backend) {
            registry::ResolverBatch b;
            b.generation = options.generation;
            b.finished = true;
            b.status = backend.error();
            send(std::move(b));
            return;
        }
        auto resolver = std::make_unique<registry::TagResolver>(std::move(*backend), options, cache);
        resolver->start();
        {
            std::lock_guard lock(running->mutex);
            running->resolver = resolver.get();
        }
        while (!job.cancelled()) {
            // Batches of up to ~150 ms of results: few model updates, no visible lag.
            registry::ResolverBatch b = resolver->next(std::chrono::milliseconds(150));
            if (b.empty())
                continue;
            const bool finished = b.finished;
            send(std::move(b));
            if (finished)
                break;
        }
        {
            std::lock_guard lock(running->mutex);
            running->resolver = nullptr;
        }
        resolver->cancel();
        resolver.reset(); // joins the resolver's threads, here rather than on the GUI thread
    };
    m_job = jobs.post(std::move(pump), JobPool::Lane::Long, receiver);
}

TagStream::~TagStream() { stop(); }

void TagStream::stop()
{
    m_job.cancel();
    std::lock_guard lock(m_running->mutex);
    if (m_running->resolver)
        m_running->resolver->cancel();
}

void TagStream::prioritize(const std::vector<std::string>& tags)
{
    std::lock_guard lock(m_running->mutex);
    if (m_running->resolver)
        m_running->resolver->prioritize(tags);
}

} // namespace sociscope::ui
