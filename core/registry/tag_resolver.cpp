// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/tag_resolver.h"

#include "registry/client.h"
#include "registry/source.h"

#include <algorithm>

namespace sociscope::registry {

namespace {
std::atomic<std::uint64_t> g_nextGeneration{1};
} // namespace

// ---- TagDigestCache ------------------------------------------------------------------

std::optional<TagDigestCache::Entry> TagDigestCache::get(const std::string& repository, const std::string& tag,
                                                         std::chrono::seconds maxAge) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find({repository, tag});
    if (it == m_entries.end() || std::chrono::system_clock::now() - it->second.seenAt >= maxAge)
        return std::nullopt;
    return it->second;
}

void TagDigestCache::put(const std::string& repository, const std::string& tag, Entry entry)
{
    std::lock_guard lock(m_mutex);
    m_entries[{repository, tag}] = std::move(entry);
    if (m_entries.size() <= m_maxEntries)
        return;
    // Drop the oldest tenth at once, so that a full cache does not sort on every put.
    std::vector<std::chrono::system_clock::time_point> times;
    times.reserve(m_entries.size());
    for (const auto& [k, e] : m_entries)
        times.push_back(e.seenAt);
    const size_t drop = std::max<size_t>(1, m_entries.size() / 10);
    std::nth_element(times.begin(), times.begin() + static_cast<long>(drop - 1), times.end());
    const auto cutoff = times[drop - 1];
    size_t dropped = 0;
    for (auto it = m_entries.begin(); it != m_entries.end() && dropped < drop;) {
        if (it->second.seenAt <= cutoff) {
            it = m_entries.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
}

void TagDigestCache::forget(const std::string& repository)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_entries.lower_bound({repository, std::string()});
         it != m_entries.end() && it->first.first == repository;)
        it = m_entries.erase(it);
}

size_t TagDigestCache::size() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

// ---- backends ------------------------------------------------------------------------

TagBackend registryTagBackend(std::shared_ptr<RegistryClient> client, std::string repository, int pageSize)
{
    TagBackend b;
    b.name = client->registry() + "/" + repository;
    b.list = [client, repository, pageSize](const std::function<bool(const std::vector<std::string>&)>& onPage) {
        return client->tagPages(repository, onPage, pageSize);
    };
    b.head = [client, repository](const std::string& tag) { return client->headManifest(repository, tag); };
    return b;
}

TagBackend sourceTagBackend(std::shared_ptr<Source> source)
{
    auto mutex = std::make_shared<std::mutex>();
    TagBackend b;
    b.name = source->describe();
    b.list = [source, mutex](const std::function<bool(const std::vector<std::string>&)>& onPage)
        -> Result<std::vector<std::string>> {
        Result<std::vector<std::string>> tags = [&] {
            std::lock_guard lock(*mutex);
            return source->listTags();
        }();
        if (tags)
            onPage(*tags);
        return tags;
    };
    b.head = [source, mutex](const std::string& tag) {
        std::lock_guard lock(*mutex);
        return source->resolve(tag);
    };
    return b;
}

// ---- TagResolver ---------------------------------------------------------------------

TagResolver::TagResolver(TagBackend backend, TagResolverOptions options, std::shared_ptr<TagDigestCache> cache)
    : m_backend(std::move(backend)),
      m_options(options),
      m_cache(std::move(cache)),
      m_generation(options.generation ? options.generation : g_nextGeneration.fetch_add(1))
{
    m_options.workers = std::clamp(m_options.workers, 1, 64);
    m_options.pendingCapacity = std::max<size_t>(1, m_options.pendingCapacity);
    m_options.resultCapacity = std::max<size_t>(1, m_options.resultCapacity);
    m_out.generation = m_generation;
}

TagResolver::~TagResolver() { stopAndJoin(); }

void TagResolver::start()
{
    std::lock_guard lock(m_mutex);
    if (m_started)
        return;
    m_started = true;
    m_threads.reserve(static_cast<size_t>(m_options.workers) + 1);
    m_threads.emplace_back([this] { listLoop(); });
    for (int i = 0; i < m_options.workers; ++i)
        m_threads.emplace_back([this] { workLoop(); });
}

void TagResolver::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_workCv.notify_all();
    m_spaceCv.notify_all();
    m_outCv.notify_all();
}

void TagResolver::stopAndJoin()
{
    cancel();
    // start() cannot run concurrently with the destructor, so the list is stable.
    for (auto& t : m_threads)
        if (t.joinable())
            t.join();
}

void TagResolver::prioritize(const std::vector<std::string>& tags)
{
    std::lock_guard lock(m_mutex);
    for (auto it = tags.rbegin(); it != tags.rend(); ++it) {
        const auto at = std::find(m_pending.begin(), m_pending.end(), *it);
        if (at == m_pending.end())
            continue;
        std::string tag = std::move(*at);
        m_pending.erase(at);
        m_pending.push_front(std::move(tag));
    }
}

bool TagResolver::doneLocked() const { return m_listingDone && m_pending.empty() && m_inFlight == 0; }

ResolverBatch TagResolver::next(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    const auto finishedBatch = [&] {
        ResolverBatch b;
        b.generation = m_generation;
        b.finished = true;
        b.status = m_stop ? Status(makeError(ErrorCode::Cancelled, "tag resolution was cancelled", m_backend.name))
                          : m_listStatus;
        return b;
    };
    if (m_finishedDelivered)
        return finishedBatch();
    m_outCv.wait_for(lock, timeout, [&] {
        return m_stop || doneLocked() || !m_out.listed.empty() || !m_out.resolved.empty() || !m_out.failed.empty();
    });
    if (m_stop) {
        m_finishedDelivered = true;
        return finishedBatch();
    }
    ResolverBatch b = std::move(m_out);
    m_out = ResolverBatch{};
    m_out.generation = m_generation;
    m_outResults = 0;
    if (doneLocked()) {
        b.finished = true;
        b.status = m_listStatus;
        m_finishedDelivered = true;
    }
    lock.unlock();
    m_spaceCv.notify_all();
    return b;
}

ResolverStats TagResolver::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void TagResolver::listLoop()
{
    auto onPage = [this](const std::vector<std::string>& page) {
        std::unique_lock lock(m_mutex);
        for (const auto& tag : page) {
            if (!m_seen.insert(tag).second)
                continue; // a registry that repeats a tag across pages
            m_spaceCv.wait(lock, [&] { return m_stop || m_pending.size() < m_options.pendingCapacity; });
            if (m_stop)
                return false;
            m_pending.push_back(tag);
            m_stats.peakPending = std::max(m_stats.peakPending, m_pending.size());
            ++m_stats.listed;
            m_out.listed.push_back(tag);
            m_workCv.notify_one();
            m_outCv.notify_all();
        }
        return !m_stop.load();
    };
    Result<std::vector<std::string>> r = m_backend.list(onPage);
    {
        std::lock_guard lock(m_mutex);
        m_listingDone = true;
        if (!r && !m_stop)
            m_listStatus = r.error();
    }
    m_workCv.notify_all();
    m_outCv.notify_all();
}

void TagResolver::workLoop()
{
    for (;;) {
        std::string tag;
        {
            std::unique_lock lock(m_mutex);
            m_workCv.wait(lock, [&] { return m_stop || !m_pending.empty() || m_listingDone; });
            if (m_stop || m_pending.empty())
                return;
            tag = std::move(m_pending.front());
            m_pending.pop_front();
            ++m_inFlight;
        }
        m_spaceCv.notify_all(); // room for the lister

        std::optional<TagDigestCache::Entry> hit;
        if (m_cache)
            hit = m_cache->get(m_backend.name, tag, m_options.cacheMaxAge);
        ResolvedTag resolved;
        std::optional<Error> error;
        if (hit) {
            resolved = {tag, hit->descriptor, hit->seenAt, true};
        } else {
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.headRequests;
                ++m_running;
                m_stats.peakInFlight = std::max(m_stats.peakInFlight, m_running);
            }
            Result<oci::Descriptor> d = m_backend.head(tag);
            const auto now = std::chrono::system_clock::now();
            {
                std::lock_guard lock(m_mutex);
                --m_running;
            }
            if (d) {
                resolved = {tag, *d, now, false};
                if (m_cache)
                    m_cache->put(m_backend.name, tag, {*d, now});
            } else {
                error = d.error();
            }
        }

        std::unique_lock lock(m_mutex);
        // inFlight drops only once the result is queued, so that next() never
        // reports the end while a result still waits for room.
        m_spaceCv.wait(lock, [&] { return m_stop || m_outResults < m_options.resultCapacity; });
        --m_inFlight;
        if (m_stop)
            return;
        if (error) {
            m_out.failed.push_back({tag, std::move(*error)});
            ++m_stats.failed;
        } else {
            if (resolved.fromCache)
                ++m_stats.cacheHits;
            m_out.resolved.push_back(std::move(resolved));
            ++m_stats.resolved;
        }
        ++m_outResults;
        lock.unlock();
        m_outCv.notify_all();
    }
}

} // namespace sociscope::registry
