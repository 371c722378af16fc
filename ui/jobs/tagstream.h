// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "registry/tag_resolver.h"
#include "util/result.h"

#include <QObject>

#include <functional>
#include <memory>
#include <mutex>

namespace sociscope::ui {

// Drives one TagResolver run as a job on the pool's Long lane (a listing can
// stream for minutes): the job creates the backend (opening a layout touches
// the disk), starts the resolver and hands each non-empty batch to deliver()
// on the GUI thread, while receiver lives. The resolver (and its worker
// threads) is made and destroyed on the job's thread, never on the GUI's.
class TagStream final {
public:
    using MakeBackend = std::function<Result<registry::TagBackend>()>;
    using Deliver = std::function<void(registry::ResolverBatch)>;

    TagStream(JobPool& jobs, QObject* receiver, MakeBackend makeBackend, registry::TagResolverOptions options,
              std::shared_ptr<registry::TagDigestCache> cache, Deliver deliver);
    // stop(); the job winds down on its own thread.
    ~TagStream();
    TagStream(const TagStream&) = delete;
    TagStream& operator=(const TagStream&) = delete;

    // Cancels the run without waiting for it: deliver() is never called after
    // this returns (batches already posted are dropped too).
    void stop();
    // Forwards to TagResolver::prioritize when the run has started.
    void prioritize(const std::vector<std::string>& tags);

private:
    // Shared with the job, which outlives this object when stopped.
    struct Running {
        std::mutex mutex; // guards resolver against stop() and prioritize()
        registry::TagResolver* resolver = nullptr;
    };
    std::shared_ptr<Running> m_running = std::make_shared<Running>();
    JobHandle m_job;
};

} // namespace sociscope::ui
