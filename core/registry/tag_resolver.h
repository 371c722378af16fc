// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Resolves a repository's tags to digests: the listing is paged, HEAD requests
// run on a bounded pool of worker threads, answers are cached with the time
// they were seen, and results stream out in batches as they arrive.
#pragma once

#include "oci/image.h"
#include "registry/families.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

namespace sociscope::registry {

class RegistryClient;
class Source;

// Digests seen per repository and tag, with when they were seen. Thread-safe;
// shared by resolvers so that a repository opened again is not asked again.
class TagDigestCache final {
public:
    struct Entry {
        oci::Descriptor descriptor;
        std::chrono::system_clock::time_point seenAt;
    };

    // maxEntries bounds memory: past it, the oldest entries are dropped.
    explicit TagDigestCache(size_t maxEntries = 200000) : m_maxEntries(maxEntries) {}

    // The entry for repository/tag when seen less than maxAge ago.
    [[nodiscard]] std::optional<Entry> get(const std::string& repository, const std::string& tag,
                                           std::chrono::seconds maxAge) const;
    void put(const std::string& repository, const std::string& tag, Entry entry);
    // Forgets every tag of a repository (after a push, or on "refresh").
    void forget(const std::string& repository);
    [[nodiscard]] size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, std::string>, Entry> m_entries;
    size_t m_maxEntries;
};

// Where tags come from. Both functions must be set; they are called from the
// resolver's threads (list from one, head from several at once) and must be
// thread-safe.
struct TagBackend {
    // Lists tags page by page; onPage returns false to stop early.
    std::function<Result<std::vector<std::string>>(const std::function<bool(const std::vector<std::string>&)>& onPage)>
        list;
    // The descriptor a tag names (a HEAD request for registries).
    std::function<Result<oci::Descriptor>(const std::string& tag)> head;
    // Cache key and name in messages: "127.0.0.1:5000/foo/bar".
    std::string name;
};

// A repository in a registry: tags/list with Link paging (pageSize 0 = the
// registry's default) and HEAD manifest requests.
TagBackend registryTagBackend(std::shared_ptr<RegistryClient> client, std::string repository, int pageSize = 0);
// Any Source (an OCI layout folder, say): listTags as one page, resolve() per
// tag, serialised by a mutex since a Source need not be thread-safe.
TagBackend sourceTagBackend(std::shared_ptr<Source> source);

struct TagResolverOptions {
    int workers = 8;             // parallel HEAD requests (clamped to 1..64)
    size_t pendingCapacity = 1000; // listed tags waiting for a worker; the listing pauses when full
    size_t resultCapacity = 1000;  // results not yet taken by next(); workers pause when full
    std::chrono::seconds cacheMaxAge{600}; // a cached digest younger than this is used as is
    std::uint64_t generation = 0;  // job id echoed in every batch (0: a fresh one is assigned)
};

// What arrived since the last call to next().
struct ResolverBatch {
    std::uint64_t generation = 0;
    std::vector<std::string> listed;       // tag names, in listing order, each once
    std::vector<ResolvedTag> resolved;
    std::vector<UnresolvedTag> failed;
    // No batch will follow: every listed tag is resolved or failed, or the
    // run was cancelled. status then says how the run ended.
    bool finished = false;
    Status status; // the listing's error, or Cancelled; ok otherwise

    [[nodiscard]] bool empty() const { return listed.empty() && resolved.empty() && failed.empty() && !finished; }
};

struct ResolverStats {
    size_t listed = 0;
    size_t resolved = 0;
    size_t failed = 0;
    size_t cacheHits = 0;
    size_t headRequests = 0;  // calls of backend.head
    int peakInFlight = 0;     // most HEAD requests running at once
    size_t peakPending = 0;   // most listed tags waiting at once
};

// Lists and resolves the tags of one repository in the background, once.
// Threads (one lister, `workers` resolvers) are owned and joined by this
// object; cancel() or the destructor stops them: no new request starts, and
// the destructor returns once requests already in flight have come back
// (each bounded by the client's timeouts and retry budget). Every member
// function is thread-safe.
//
//   TagResolver r(registryTagBackend(client, "foo/bar"), {}, cache);
//   r.start();
//   for (;;) { auto b = r.next(250ms); /* add b.resolved to a FamilyBuilder */ if (b.finished) break; }
class TagResolver final {
public:
    explicit TagResolver(TagBackend backend, TagResolverOptions options = {},
                         std::shared_ptr<TagDigestCache> cache = {});
    ~TagResolver();
    TagResolver(const TagResolver&) = delete;
    TagResolver& operator=(const TagResolver&) = delete;

    // Starts the threads; a second call does nothing.
    void start();
    // Stops the run: nothing new starts, results still in flight are dropped,
    // and next() answers a finished batch with ErrorCode::Cancelled.
    void cancel();
    // Moves these tags, when still waiting, ahead of the others (in the given
    // order): visible rows first.
    void prioritize(const std::vector<std::string>& tags);
    // Waits up to timeout for news and returns everything that arrived (an
    // empty batch on timeout). After the finished batch, every call returns
    // a finished batch at once.
    ResolverBatch next(std::chrono::milliseconds timeout);

    // The job id every batch carries (TagResolverOptions::generation, or a fresh one).
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }
    // Counters so far: requests made, cache hits, peaks of parallelism and queue.
    [[nodiscard]] ResolverStats stats() const;

private:
    void listLoop();
    void workLoop();
    [[nodiscard]] bool doneLocked() const;
    void stopAndJoin();

    TagBackend m_backend;
    TagResolverOptions m_options;
    std::shared_ptr<TagDigestCache> m_cache;
    std::uint64_t m_generation;

    mutable std::mutex m_mutex;
    std::condition_variable m_workCv;  // workers: a tag is waiting, or the run ended
    std::condition_variable m_spaceCv; // lister and workers: room in pending / results
    std::condition_variable m_outCv;   // next(): something to take
    std::atomic<bool> m_stop{false};
    bool m_started = false;
    bool m_listingDone = false;
    bool m_finishedDelivered = false;
    Status m_listStatus;
    std::deque<std::string> m_pending;
    std::unordered_set<std::string> m_seen;
    int m_inFlight = 0; // taken from m_pending, result not yet queued
    int m_running = 0;  // inside backend.head
    ResolverBatch m_out; // accumulated for the next call to next()
    size_t m_outResults = 0;
    ResolverStats m_stats;

    std::vector<std::thread> m_threads;
};

} // namespace sociscope::registry
