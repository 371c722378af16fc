// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/source.h"

#include "util/fd.h"
#include "util/strings.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::registry {

Result<std::string> Source::fetchBlobBytes(const oci::Descriptor& blob, std::uint64_t maxSize)
{
    if (blob.size >= 0 && static_cast<std::uint64_t>(blob.size) > maxSize)
        return makeError(ErrorCode::Unsupported,
                         "blob " + blob.digest.str() + " is too large to hold in memory (" +
                             str::humanBytes(static_cast<std::uint64_t>(blob.size)) + ")",
                         describe());
    std::string out;
    out.reserve(static_cast<size_t>(std::max<std::int64_t>(blob.size, 0)));
    bool tooLarge = false;
    auto s = fetchBlob(blob, [&](std::string_view chunk) {
        if (out.size() + chunk.size() > maxSize) {
            tooLarge = true;
            return false;
        }
        out.append(chunk);
        return true;
    });
    if (tooLarge)
        return makeError(ErrorCode::Malformed,
                         "blob " + blob.digest.str() + " is larger than " + str::humanBytes(maxSize) +
                             "; stopped reading it",
                         describe());
    if (!s)
        return s.error();
    return out;
}

Result<std::uint64_t> Source::fetchBlobToFile(const oci::Descriptor& blob, const std::string& path)
{
    util::Fd file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!file)
        return makeError(ErrorCode::Io, std::string("cannot create file: ") + std::strerror(errno), path);
    const int fd = file.get();
    bool writeFailed = false;
    std::uint64_t written = 0;
    auto s = fetchBlob(blob, [&](std::string_view chunk) {
        size_t off = 0;
        while (off < chunk.size()) {
            const ssize_t n = ::write(fd, chunk.data() + off, chunk.size() - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                writeFailed = true;
                return false;
            }
            off += static_cast<size_t>(n);
        }
        written += chunk.size();
        return true;
    });
    file.reset();
    if (writeFailed || !s) {
        ::unlink(path.c_str());
        if (writeFailed)
            return makeError(ErrorCode::Io, "cannot write file (disk full?)", path);
        return s.error();
    }
    return written;
}

namespace {

class RegistrySource final : public Source {
public:
    RegistrySource(std::shared_ptr<RegistryClient> client, std::string repo)
        : m_client(std::move(client)), m_repo(std::move(repo))
    {
    }

    [[nodiscard]] std::string describe() const override { return m_client->registry() + "/" + m_repo; }
    [[nodiscard]] bool isLayout() const override { return false; }
    [[nodiscard]] const std::string& repository() const { return m_repo; }
    [[nodiscard]] RegistryClient& client() const { return *m_client; }

    Result<std::vector<std::string>> listTags() override { return m_client->tags(m_repo); }
    Result<oci::Descriptor> resolve(const std::string& ref) override { return m_client->headManifest(m_repo, ref); }
    Result<FetchedManifest> fetchManifest(const std::string& ref) override { return m_client->getManifest(m_repo, ref); }
    Status fetchBlob(const oci::Descriptor& blob, const BodySink& sink) override
    {
        return m_client->getBlob(m_repo, blob.digest, sink, blob.size);
    }
    Result<std::string> fetchBlobRange(const oci::Digest& d, std::uint64_t offset, std::uint64_t length) override
    {
        return m_client->getBlobRange(m_repo, d, offset, length);
    }
    Result<bool> hasBlob(const oci::Digest& d) override
    {
        auto r = m_client->headBlob(m_repo, d);
        if (!r)
            return r.error();
        return r->has_value();
    }
    Status pushBlob(const oci::Descriptor& blob, const BodyFactory& body) override
    {
        return m_client->pushBlob(m_repo, blob.digest, blob.size, body);
    }
    Status pushManifest(const std::string& bytes, const std::string& mediaType, const std::string& tag) override
    {
        const std::string ref = tag.empty() ? oci::Digest::sha256Of(bytes).str() : tag;
        auto r = m_client->putManifest(m_repo, ref, bytes, mediaType);
        if (!r)
            return r.error();
        return {};
    }
    Result<std::vector<oci::Descriptor>> referrers(const oci::Digest& subject, const std::string& artifactType) override
    {
        return m_client->referrers(m_repo, subject, artifactType);
    }
    Result<bool> mountBlobFrom(const oci::Digest& d, Source& from) override
    {
        auto* other = dynamic_cast<RegistrySource*>(&from);
        if (!other || &other->client() != m_client.get() || other->repository() == m_repo)
            return false;
        return m_client->mountBlob(m_repo, d, other->repository());
    }

private:
    std::shared_ptr<RegistryClient> m_client;
    std::string m_repo;
};

} // namespace

std::unique_ptr<Source> makeRegistrySource(std::shared_ptr<RegistryClient> client, std::string repository)
{
    return std::make_unique<RegistrySource>(std::move(client), std::move(repository));
}

Session::Session(ClientOptions options) : m_options(std::move(options)) {}
Session::~Session() = default;

std::shared_ptr<RegistryClient> Session::client(const std::string& registry)
{
    std::lock_guard lock(m_mutex);
    auto& c = m_clients[registry];
    if (!c)
        c = std::make_shared<RegistryClient>(registry, m_options);
    return c;
}

Result<std::unique_ptr<Source>> Session::open(const oci::Reference& ref, bool createLayout)
{
    if (ref.isLayout)
        return makeLayoutSource(ref.layoutPath, createLayout);
    return makeRegistrySource(client(ref.registry), ref.repository);
}

} // namespace sociscope::registry
