// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/caching_source.h"

#include "oci/mediatypes.h"
#include "util/log.h"
#include "util/strings.h"

namespace sociscope::lazy {

namespace {

constexpr std::int64_t kMaxCachedObject = 256ll << 20;

bool isDigestRef(const std::string& ref) { return str::startsWith(ref, "sha256:") || str::startsWith(ref, "sha512:"); }

class CachingSource final : public registry::Source {
public:
    CachingSource(std::shared_ptr<registry::Source> inner, std::shared_ptr<DiskCache> cache, FetchStats* stats,
                  FetchEvents* events)
        : m_inner(std::move(inner)), m_cache(std::move(cache)), m_stats(stats), m_events(events)
    {
    }

    [[nodiscard]] std::string describe() const override { return m_inner->describe(); }
    [[nodiscard]] bool isLayout() const override { return m_inner->isLayout(); }
    Result<std::vector<std::string>> listTags() override { return m_inner->listTags(); }

    Result<oci::Descriptor> resolve(const std::string& ref) override
    {
        auto r = m_inner->resolve(ref);
        if (!r && r.error().code == ErrorCode::Network) {
            if (auto m = cachedManifest(ref)) {
                oci::Descriptor d;
                d.digest = m->digest;
                d.mediaType = m->mediaType;
                d.size = static_cast<std::int64_t>(m->bytes.size());
                return d;
            }
        }
        return r;
    }

    Result<registry::FetchedManifest> fetchManifest(const std::string& ref) override
    {
        if (isDigestRef(ref))
            if (auto m = cachedManifest(ref))
                return *m;
        auto r = [&] {
            FetchTimer t(m_stats);
            return m_inner->fetchManifest(ref);
        }();
        if (m_stats && !m_inner->isLayout())
            ++m_stats->requests;
        if (r) {
            count(FetchKind::Index, r->bytes.size());
            (void)m_cache->put(DiskCache::Area::Objects, r->digest, r->bytes);
            if (!isDigestRef(ref))
                m_cache->rememberRef(refKey(ref), r->digest);
            return r;
        }
        // Offline: the registry is gone, use what we saw last.
        if (r.error().code == ErrorCode::Network)
            if (auto m = cachedManifest(ref)) {
                log::info("registry unreachable; using the cached " + ref + " of " + describe());
                return *m;
            }
        return r;
    }

    Status fetchBlob(const oci::Descriptor& blob, const registry::BodySink& sink) override
    {
        // Layers are the caller's business (span cache, whole-layer cache); only
        // configs, zTOCs and other small documents are kept here.
        const bool layer = oci::mt::layerCompression(blob.mediaType) != oci::mt::LayerCompression::Unsupported;
        const bool small = !layer && blob.size >= 0 && blob.size <= kMaxCachedObject;
        if (small)
            if (auto bytes = m_cache->get(DiskCache::Area::Objects, blob.digest)) {
                hit(bytes->size());
                if (!sink(*bytes))
                    return makeError(ErrorCode::Cancelled, "blob read cancelled");
                return {};
            }
        if (!small)
            return m_inner->fetchBlob(blob, sink);
        std::string bytes;
        {
            FetchTimer t(m_stats);
            auto s = m_inner->fetchBlob(blob, [&](std::string_view c) {
                bytes.append(c);
                return true;
            });
            if (!s)
                return s;
        }
        if (m_stats)
            ++m_stats->requests;
        count(blob.mediaType == oci::mt::OctetStream ? FetchKind::Ztoc : FetchKind::Index, bytes.size());
        (void)m_cache->put(DiskCache::Area::Objects, blob.digest, bytes);
        if (!sink(bytes))
            return makeError(ErrorCode::Cancelled, "blob read cancelled");
        return {};
    }

    Result<std::string> fetchBlobRange(const oci::Digest& digest, std::uint64_t offset, std::uint64_t length) override
    {
        return m_inner->fetchBlobRange(digest, offset, length);
    }
    Result<bool> hasBlob(const oci::Digest& d) override { return m_inner->hasBlob(d); }
    Status pushBlob(const oci::Descriptor& blob, const registry::BodyFactory& body) override
    {
        return m_inner->pushBlob(blob, body);
    }
    Status pushManifest(const std::string& bytes, const std::string& mediaType, const std::string& tag) override
    {
        return m_inner->pushManifest(bytes, mediaType, tag);
    }

    Result<std::vector<oci::Descriptor>> referrers(const oci::Digest& subject, const std::string& artifactType) override
    {
        const std::string key = refKey("referrers " + subject.str() + " " + artifactType);
        auto r = m_inner->referrers(subject, artifactType);
        if (r) {
            oci::Index idx;
            idx.mediaType = std::string(oci::mt::OciIndex);
            idx.manifests = *r;
            const std::string bytes = idx.toGoJson();
            const auto d = oci::Digest::sha256Of(bytes);
            (void)m_cache->put(DiskCache::Area::Objects, d, bytes);
            m_cache->rememberRef(key, d);
            return r;
        }
        if (r.error().code == ErrorCode::Network)
            if (auto d = m_cache->lookupRef(key))
                if (auto bytes = m_cache->get(DiskCache::Area::Objects, *d))
                    if (auto idx = oci::Index::parse(*bytes))
                        return idx->manifests;
        return r;
    }

    Result<bool> mountBlobFrom(const oci::Digest& d, registry::Source& from) override
    {
        return m_inner->mountBlobFrom(d, from);
    }
    [[nodiscard]] std::optional<std::string> localBlobPath(const oci::Digest& d) const override
    {
        return m_inner->localBlobPath(d);
    }
    void abandonWrites() override { m_inner->abandonWrites(); }

private:
    std::string refKey(const std::string& ref) const { return m_inner->describe() + " " + ref; }

    std::optional<registry::FetchedManifest> cachedManifest(const std::string& ref)
    {
        std::optional<oci::Digest> d;
        if (isDigestRef(ref)) {
            auto parsed = oci::Digest::parse(ref);
            if (parsed)
                d = *parsed;
        } else {
            d = m_cache->lookupRef(refKey(ref));
        }
        if (!d)
            return std::nullopt;
        auto bytes = m_cache->get(DiskCache::Area::Objects, *d);
        if (!bytes)
            return std::nullopt;
        hit(bytes->size());
        registry::FetchedManifest m;
        m.digest = *d;
        m.mediaType = oci::sniffMediaType(*bytes);
        m.bytes = std::move(*bytes);
        return m;
    }

    void hit(std::uint64_t n)
    {
        if (m_stats) {
            ++m_stats->cacheHits;
            m_stats->cachedBytes += n;
        }
    }

    void count(FetchKind kind, std::uint64_t n)
    {
        if (m_stats)
            m_stats->addFetched(kind, n);
        if (m_events) {
            FetchEvent e;
            e.type = kind == FetchKind::Ztoc ? FetchEvent::Type::Ztoc : FetchEvent::Type::Index;
            e.bytes = n;
            m_events->emit(e);
        }
    }

    std::shared_ptr<registry::Source> m_inner;
    std::shared_ptr<DiskCache> m_cache;
    FetchStats* m_stats;
    FetchEvents* m_events;
};

} // namespace

std::shared_ptr<registry::Source> makeCachingSource(std::shared_ptr<registry::Source> inner,
                                                   std::shared_ptr<DiskCache> cache, FetchStats* stats,
                                                   FetchEvents* events)
{
    return std::make_shared<CachingSource>(std::move(inner), std::move(cache), stats, events);
}

} // namespace sociscope::lazy
