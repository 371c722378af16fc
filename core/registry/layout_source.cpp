// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// An OCI image-layout folder (image-spec "image-layout.md") as a Source.
#include "oci/mediatypes.h"
#include "registry/limits.h"
#include "registry/source.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace sociscope::registry {

namespace {

constexpr const char* RefNameKey = "org.opencontainers.image.ref.name";

// flock on the layout folder while index.json is read-modify-written.
class FolderLock final {
public:
    explicit FolderLock(const std::string& dir) : m_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
    {
        if (m_fd)
            ::flock(m_fd.get(), LOCK_EX);
    }

private:
    util::Fd m_fd; // closing it releases the lock
};

class LayoutSource final : public Source {
public:
    LayoutSource(std::string path, bool create) : m_path(std::move(path)), m_create(create) {}

    [[nodiscard]] std::string describe() const override { return "oci:" + m_path; }
    [[nodiscard]] bool isLayout() const override { return true; }

    Status checkExists() const
    {
        if (!files::isDirectory(m_path))
            return makeError(ErrorCode::NotFound, "OCI layout folder does not exist", m_path);
        if (!files::exists(m_path + "/index.json"))
            return makeError(ErrorCode::Malformed,
                             "folder is not an OCI image layout (no index.json)", m_path);
        return {};
    }

    Result<oci::Index> readIndex() const
    {
        if (auto s = checkExists(); !s)
            return s.error();
        auto bytes = files::readFile(m_path + "/index.json", limits::LayoutIndexBytes);
        if (!bytes) {
            if (bytes.error().code == ErrorCode::Malformed)
                return makeError(ErrorCode::Malformed, "index.json of the OCI layout is larger than 16 MiB; refused",
                                 m_path);
            return bytes.error();
        }
        auto idx = oci::Index::parse(*bytes, oci::mt::OciIndex);
        if (!idx)
            return makeError(idx.error().code, "index.json of the OCI layout: " + idx.error().message, m_path);
        return idx;
    }

    Result<std::vector<std::string>> listTags() override
    {
        auto idx = readIndex();
        if (!idx)
            return idx.error();
        std::vector<std::string> out;
        for (const auto& d : idx->manifests)
            if (auto t = d.annotation(RefNameKey); !t.empty())
                out.push_back(t);
        return out;
    }

    Result<oci::Descriptor> resolve(const std::string& ref) override
    {
        auto idx = readIndex();
        if (!idx)
            return idx.error();
        if (ref.empty()) {
            if (idx->manifests.size() == 1)
                return idx->manifests.front();
            return makeError(ErrorCode::Usage,
                             "the OCI layout holds " + std::to_string(idx->manifests.size()) +
                                 " images; name one as oci:PATH:TAG",
                             m_path);
        }
        if (str::startsWith(ref, "sha256:") || str::startsWith(ref, "sha512:")) {
            auto d = oci::Digest::parse(ref);
            if (!d)
                return d.error();
            for (const auto& m : idx->manifests)
                if (m.digest == *d)
                    return m;
            auto bytes = readManifestBlob(*d);
            if (!bytes)
                return bytes.error();
            oci::Descriptor desc;
            desc.digest = *d;
            desc.size = static_cast<std::int64_t>(bytes->size());
            desc.mediaType = oci::sniffMediaType(*bytes);
            return desc;
        }
        for (const auto& m : idx->manifests)
            if (m.annotation(RefNameKey) == ref)
                return m;
        return makeError(ErrorCode::NotFound, "tag '" + ref + "' is not in the OCI layout", m_path);
    }

    Result<FetchedManifest> fetchManifest(const std::string& ref) override
    {
        auto d = resolve(ref);
        if (!d)
            return d.error();
        if (d->size > static_cast<std::int64_t>(limits::ManifestBytes))
            return makeError(ErrorCode::Malformed,
                             "manifest " + d->digest.str() + " is larger than 4 MiB (its descriptor says " +
                                 str::humanBytes(static_cast<std::uint64_t>(d->size)) + "); refused",
                             m_path);
        auto bytes = readManifestBlob(d->digest);
        if (!bytes)
            return bytes.error();
        if (auto v = oci::verify(*bytes, d->digest, "manifest " + d->digest.str()); !v)
            return makeError(ErrorCode::Integrity, v.error().message, m_path);
        FetchedManifest m;
        m.digest = d->digest;
        const std::string declared = oci::sniffMediaType(*bytes);
        m.mediaType = !declared.empty() ? declared : d->mediaType;
        m.bytes = std::move(*bytes);
        return m;
    }

    Status fetchBlob(const oci::Descriptor& blob, const BodySink& sink) override
    {
        const std::string p = blobPath(blob.digest);
        const util::Fd file(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
        if (!file)
            return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                             "blob " + blob.digest.str() + " is missing from the OCI layout", m_path);
        oci::Hasher h(blob.digest.algorithm());
        std::vector<char> buf(1 << 20);
        std::uint64_t total = 0;
        for (;;) {
            const ssize_t n = ::read(file.get(), buf.data(), buf.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return makeError(ErrorCode::Io, std::string("cannot read blob: ") + std::strerror(errno), p);
            if (n == 0)
                break;
            h.update(buf.data(), static_cast<size_t>(n));
            total += static_cast<std::uint64_t>(n);
            if (!sink(std::string_view(buf.data(), static_cast<size_t>(n))))
                return makeError(ErrorCode::Cancelled, "blob read cancelled", p);
        }
        if (blob.size >= 0 && total != static_cast<std::uint64_t>(blob.size))
            return makeError(ErrorCode::Integrity,
                             "blob " + blob.digest.str() + " has " + std::to_string(total) +
                                 " bytes, its descriptor says " + std::to_string(blob.size),
                             p);
        if (h.finish() != blob.digest)
            return makeError(ErrorCode::Integrity, "blob " + blob.digest.str() + " does not match its digest", p);
        return {};
    }

    Result<std::string> fetchBlobRange(const oci::Digest& d, std::uint64_t offset, std::uint64_t length) override
    {
        const std::string p = blobPath(d);
        const util::Fd file(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
        if (!file)
            return makeError(ErrorCode::NotFound, "blob " + d.str() + " is missing from the OCI layout", m_path);
        std::string out(static_cast<size_t>(length), '\0');
        size_t done = 0;
        while (done < length) {
            const ssize_t n = ::pread(file.get(), out.data() + done, length - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            done += static_cast<size_t>(n);
        }
        if (done != length)
            return makeError(ErrorCode::Integrity,
                             "range [" + std::to_string(offset) + ", " + std::to_string(offset + length) +
                                 ") is past the end of blob " + d.str(),
                             p);
        return out;
    }

    Result<bool> hasBlob(const oci::Digest& d) override { return files::exists(blobPath(d)); }

    [[nodiscard]] std::optional<std::string> localBlobPath(const oci::Digest& d) const override
    {
        const std::string p = blobPath(d);
        return files::exists(p) ? std::optional<std::string>(p) : std::nullopt;
    }

    Status ensureLayout()
    {
        if (files::exists(m_path + "/oci-layout") && files::exists(m_path + "/index.json"))
            return {};
        if (files::isDirectory(m_path) && files::exists(m_path + "/index.json"))
            return {};
        if (!m_create)
            return makeError(ErrorCode::NotFound, "OCI layout folder does not exist", m_path);
        const bool existed = files::isDirectory(m_path);
        if (auto s = files::makeDirs(m_path + "/blobs/sha256"); !s)
            return s;
        if (!existed)
            m_createdFolder = true;
        if (auto s = files::writeFileAtomic(m_path + "/oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"); !s)
            return s;
        if (!files::exists(m_path + "/index.json"))
            if (auto s = files::writeFileAtomic(m_path + "/index.json",
                                                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}");
                !s)
                return s;
        return {};
    }

    Status pushBlob(const oci::Descriptor& blob, const BodyFactory& body) override
    {
        if (auto s = ensureLayout(); !s)
            return s;
        const std::string dir = m_path + "/blobs/" + blob.digest.algorithm();
        if (auto s = files::makeDirs(dir); !s)
            return s;
        const std::string final = blobPath(blob.digest);
        if (files::exists(final))
            return {};
        const std::string tmp = files::temporaryName(final);
        util::Fd file(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
        if (!file)
            return makeError(ErrorCode::Io, std::string("cannot create blob file: ") + std::strerror(errno), tmp);
        const int fd = file.get();
        const auto fail = [&](Error e) {
            file.reset();
            ::unlink(tmp.c_str());
            return e;
        };
        BodyReader reader = body();
        oci::Hasher h(blob.digest.algorithm());
        std::vector<char> buf(1 << 20);
        std::uint64_t total = 0;
        for (;;) {
            auto n = reader(buf.data(), buf.size());
            if (!n)
                return fail(n.error());
            if (*n == 0)
                break;
            h.update(buf.data(), *n);
            total += *n;
            size_t off = 0;
            while (off < *n) {
                const ssize_t w = ::write(fd, buf.data() + off, *n - off);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w < 0)
                    return fail(makeError(ErrorCode::Io, std::string("cannot write blob: ") + std::strerror(errno), tmp));
                off += static_cast<size_t>(w);
            }
        }
        if (blob.size >= 0 && total != static_cast<std::uint64_t>(blob.size))
            return fail(makeError(ErrorCode::Integrity,
                                  "blob " + blob.digest.str() + " has " + std::to_string(total) +
                                      " bytes, its descriptor says " + std::to_string(blob.size),
                                  m_path));
        if (h.finish() != blob.digest)
            return fail(makeError(ErrorCode::Integrity, "blob " + blob.digest.str() + " does not match its digest", m_path));
        if (::fsync(fd) != 0)
            return fail(makeError(ErrorCode::Io, std::string("cannot write blob: ") + std::strerror(errno), tmp));
        file.reset();
        if (::rename(tmp.c_str(), final.c_str()) != 0) {
            ::unlink(tmp.c_str());
            return makeError(ErrorCode::Io, std::string("cannot store blob: ") + std::strerror(errno), final);
        }
        m_written.push_back(final);
        return {};
    }

    Status pushManifest(const std::string& bytes, const std::string& mediaType, const std::string& tag) override
    {
        oci::Descriptor d;
        d.mediaType = mediaType;
        d.digest = oci::Digest::sha256Of(bytes);
        d.size = static_cast<std::int64_t>(bytes.size());
        if (auto s = pushBlob(d, [&bytes] {
                return BodyReader([&bytes, pos = size_t(0)](char* buf, size_t max) mutable -> Result<size_t> {
                    const size_t k = std::min(max, bytes.size() - pos);
                    std::memcpy(buf, bytes.data() + pos, k);
                    pos += k;
                    return k;
                });
            });
            !s)
            return s;
        if (tag.empty())
            return {};
        FolderLock lock(m_path);
        auto idx = readIndex();
        if (!idx)
            return idx.error();
        std::erase_if(idx->manifests, [&](const oci::Descriptor& m) { return m.annotation(RefNameKey) == tag; });
        d.annotations[RefNameKey] = tag;
        idx->manifests.push_back(d);
        idx->mediaType = std::string(oci::mt::OciIndex);
        return files::writeFileAtomic(m_path + "/index.json", idx->toGoJson());
    }

    Result<std::vector<oci::Descriptor>> referrers(const oci::Digest& subject, const std::string& artifactType) override
    {
        // A layout has no referrers API; look for manifests with that subject.
        auto idx = readIndex();
        if (!idx)
            return idx.error();
        std::vector<oci::Descriptor> out;
        for (const auto& m : idx->manifests) {
            if (!oci::mt::isManifest(m.mediaType))
                continue;
            auto bytes = readManifestBlob(m.digest);
            if (!bytes)
                continue;
            auto man = oci::Manifest::parse(*bytes, m.mediaType);
            if (!man || !man->subject || man->subject->digest != subject)
                continue;
            oci::Descriptor d = m;
            d.artifactType = !man->artifactType.empty() ? man->artifactType : man->config.mediaType;
            if (artifactType.empty() || d.artifactType == artifactType)
                out.push_back(d);
        }
        // The fallback tag convention works in layouts too.
        if (auto tagged = resolve(subject.fallbackTag()); tagged) {
            if (auto fm = fetchManifest(subject.fallbackTag()); fm)
                if (auto ri = oci::Index::parse(fm->bytes, fm->mediaType); ri)
                    for (const auto& d : ri->manifests)
                        if (artifactType.empty() || d.artifactType == artifactType)
                            out.push_back(d);
        }
        return out;
    }

    void abandonWrites() override
    {
        if (m_createdFolder) {
            (void)files::removeAll(m_path);
        } else {
            for (const auto& p : m_written)
                ::unlink(p.c_str());
        }
        m_written.clear();
    }

private:
    // A manifest or index blob, refused above the manifest limit by its size on disk.
    [[nodiscard]] Result<std::string> readManifestBlob(const oci::Digest& d) const
    {
        auto bytes = files::readFile(blobPath(d), limits::ManifestBytes);
        if (bytes)
            return bytes;
        if (bytes.error().code == ErrorCode::NotFound)
            return makeError(ErrorCode::NotFound, "manifest " + d.str() + " is not in the OCI layout", m_path);
        if (bytes.error().code == ErrorCode::Malformed)
            return makeError(ErrorCode::Malformed, "manifest " + d.str() + " is larger than 4 MiB; refused", m_path);
        return bytes.error();
    }

    [[nodiscard]] std::string blobPath(const oci::Digest& d) const
    {
        return m_path + "/blobs/" + d.algorithm() + "/" + d.hex();
    }

    std::string m_path;
    bool m_create = false;
    bool m_createdFolder = false;
    std::vector<std::string> m_written;
};

} // namespace

Result<std::unique_ptr<Source>> makeLayoutSource(const std::string& path, bool create)
{
    auto src = std::make_unique<LayoutSource>(path, create);
    if (!create)
        if (auto s = src->checkExists(); !s)
            return s.error();
    return std::unique_ptr<Source>(std::move(src));
}

} // namespace sociscope::registry
