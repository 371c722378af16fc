// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/copy.h"

#include "oci/mediatypes.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/log.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::registry {

namespace {

// A reader over a file, reopened for each attempt; keeps answering 0 at the end.
BodyFactory fileBody(const std::string& path)
{
    return [path]() -> BodyReader {
        struct State {
            util::Fd fd;
            bool eof = false;
        };
        auto st = std::make_shared<State>();
        st->fd.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        return [st, path](char* buf, size_t max) -> Result<size_t> {
            if (st->eof)
                return size_t(0);
            if (!st->fd)
                return makeError(ErrorCode::Io, "cannot open spooled blob", path);
            for (;;) {
                const ssize_t n = ::read(st->fd.get(), buf, max);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    return makeError(ErrorCode::Io, std::string("cannot read: ") + std::strerror(errno), path);
                if (n == 0)
                    st->eof = true;
                return static_cast<size_t>(n);
            }
        };
    };
}

class Copier final {
public:
    Copier(Source& src, Source& dst, const CopyOptions& o) : m_src(src), m_dst(dst), m_options(o) {}

    Result<CopyResult> run(const std::string& srcRef, const std::string& dstTag)
    {
        auto top = m_src.fetchManifest(srcRef);
        if (!top)
            return top.error();
        FetchedManifest root = std::move(*top);
        if (oci::mt::isIndex(root.mediaType) && m_options.platform) {
            auto idx = oci::Index::parse(root.bytes, root.mediaType);
            if (!idx)
                return idx.error();
            const oci::Descriptor* pick = nullptr;
            for (const auto& d : idx->manifests)
                if (d.platform && d.platform->matches(*m_options.platform) && d.artifactType.empty()) {
                    pick = &d;
                    break;
                }
            if (!pick)
                return makeError(ErrorCode::NotFound, "image has no manifest for platform " + m_options.platform->str(),
                                 m_src.describe());
            auto child = m_src.fetchManifest(pick->digest.str());
            if (!child)
                return child.error();
            root = std::move(*child);
        }
        if (auto s = copyTree(root, 0); !s)
            return s.error();
        if (auto s = m_dst.pushManifest(root.bytes, root.mediaType, dstTag); !s)
            return s.error();
        m_result.digest = root.digest;
        m_result.mediaType = root.mediaType;
        m_result.size = static_cast<std::int64_t>(root.bytes.size());
        return m_result;
    }

private:
    Status copyTree(const FetchedManifest& m, int depth)
    {
        if (depth > 4)
            return makeError(ErrorCode::Malformed, "image index nests too deeply", m_src.describe());
        if (oci::mt::isIndex(m.mediaType)) {
            auto idx = oci::Index::parse(m.bytes, m.mediaType);
            if (!idx)
                return idx.error();
            for (const auto& d : idx->manifests) {
                auto child = m_src.fetchManifest(d.digest.str());
                if (!child)
                    return child.error();
                if (auto s = copyTree(*child, depth + 1); !s)
                    return s;
                if (auto s = m_dst.pushManifest(child->bytes, child->mediaType, {}); !s)
                    return s;
            }
            return {};
        }
        if (!oci::mt::isManifest(m.mediaType))
            return makeError(ErrorCode::Unsupported, "cannot copy a document of media type " + m.mediaType,
                             m.digest.str());
        auto man = oci::Manifest::parse(m.bytes, m.mediaType);
        if (!man)
            return man.error();
        std::vector<oci::Descriptor> blobs{man->config};
        blobs.insert(blobs.end(), man->layers.begin(), man->layers.end());
        for (const auto& b : blobs) {
            m_progress.bytesTotal += static_cast<std::uint64_t>(b.size);
            ++m_progress.blobsTotal;
        }
        for (const auto& b : blobs) {
            if (!b.urls.empty() && b.mediaType == oci::mt::DockerForeignLayerGzip) {
                // Foreign layers live elsewhere by design; they are not copied.
                ++m_result.blobsSkipped;
                continue;
            }
            m_progress.current = b.digest.str();
            report();
            auto mounted = m_dst.mountBlobFrom(b.digest, m_src);
            if (mounted && *mounted) {
                ++m_result.blobsMounted;
            } else {
                bool skipped = false;
                if (auto s = copyBlob(m_src, m_dst, b, skipped); !s)
                    return s;
                if (skipped) {
                    ++m_result.blobsSkipped;
                } else {
                    ++m_result.blobsCopied;
                    m_result.bytesCopied += static_cast<std::uint64_t>(b.size);
                }
            }
            m_progress.bytesDone += static_cast<std::uint64_t>(b.size);
            ++m_progress.blobsDone;
            report();
        }
        return {};
    }

    void report()
    {
        if (m_options.progress)
            m_options.progress(m_progress);
    }

    Source& m_src;
    Source& m_dst;
    const CopyOptions& m_options;
    CopyProgress m_progress;
    CopyResult m_result;
};

} // namespace

Status copyBlob(Source& src, Source& dst, const oci::Descriptor& blob, bool& skipped)
{
    skipped = false;
    auto has = dst.hasBlob(blob.digest);
    if (!has)
        return has.error();
    if (*has) {
        skipped = true;
        return {};
    }
    if (auto local = src.localBlobPath(blob.digest))
        return dst.pushBlob(blob, fileBody(*local));
    // Spool to a verified temporary file, so a failed upload can be retried
    // without downloading again and nothing unverified is ever pushed.
    files::TempDir tmp("sociscope-copy");
    if (!tmp.valid())
        return makeError(ErrorCode::Io, "cannot create a temporary folder for copying");
    const std::string path = tmp.path() + "/blob";
    if (auto n = src.fetchBlobToFile(blob, path); !n)
        return n.error();
    return dst.pushBlob(blob, fileBody(path));
}

Result<CopyResult> copyImage(Source& src, const std::string& srcRef, Source& dst, const std::string& dstTag,
                             const CopyOptions& options)
{
    Copier copier(src, dst, options);
    auto r = copier.run(srcRef, dstTag);
    if (!r)
        dst.abandonWrites();
    return r;
}

} // namespace sociscope::registry
