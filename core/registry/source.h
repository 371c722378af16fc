// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"
#include "oci/image.h"
#include "oci/reference.h"
#include "registry/client.h"
#include "util/result.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sociscope::registry {

// One repository of images: in a registry, or an OCI image-layout folder.
// Everything read is verified against its digest before it is returned.
class Source {
public:
    virtual ~Source() = default;

    // "127.0.0.1:5000/foo/bar" or "oci:/path", for messages.
    [[nodiscard]] virtual std::string describe() const = 0;
    [[nodiscard]] virtual bool isLayout() const = 0;

    virtual Result<std::vector<std::string>> listTags() = 0;
    // Tag or digest -> descriptor (media type, digest, size). NotFound when absent.
    virtual Result<oci::Descriptor> resolve(const std::string& ref) = 0;
    // The manifest or index bytes, verified.
    virtual Result<FetchedManifest> fetchManifest(const std::string& ref) = 0;
    // Streams a blob into sink and verifies digest and size at the end; on an
    // Integrity error the caller must discard what it received.
    virtual Status fetchBlob(const oci::Descriptor& blob, const BodySink& sink) = 0;
    // Bytes [offset, offset+length) of a blob, exactly, unverified (the caller
    // verifies spans against their own digests).
    virtual Result<std::string> fetchBlobRange(const oci::Digest& digest, std::uint64_t offset,
                                               std::uint64_t length) = 0;
    virtual Result<bool> hasBlob(const oci::Digest& digest) = 0;
    // Stores a blob; the bytes are verified against blob.digest and blob.size.
    virtual Status pushBlob(const oci::Descriptor& blob, const BodyFactory& body) = 0;
    // Stores a manifest or index under tag (or only by digest when tag is empty).
    virtual Status pushManifest(const std::string& bytes, const std::string& mediaType, const std::string& tag) = 0;
    // Manifests whose subject is the given manifest, filtered by artifact type.
    virtual Result<std::vector<oci::Descriptor>> referrers(const oci::Digest& subject,
                                                           const std::string& artifactType) = 0;

    // A same-registry mount of a blob that `from` holds; false when not possible.
    virtual Result<bool> mountBlobFrom(const oci::Digest&, Source& /*from*/) { return false; }
    // Path of a blob on local disk, when the source is a folder.
    [[nodiscard]] virtual std::optional<std::string> localBlobPath(const oci::Digest&) const { return std::nullopt; }
    // Removes what this object wrote since it was opened (after a failed copy).
    virtual void abandonWrites() {}

    // A whole blob in memory, verified; refused above maxSize bytes.
    Result<std::string> fetchBlobBytes(const oci::Descriptor& blob, std::uint64_t maxSize = 256ull << 20);
    // A whole blob written to a new file at path (created, never overwritten),
    // verified; the file is removed again on any failure. Returns the bytes written.
    Result<std::uint64_t> fetchBlobToFile(const oci::Descriptor& blob, const std::string& path);
};

// Opens sources and shares one RegistryClient per registry host.
class Session final {
public:
    explicit Session(ClientOptions options = {});
    ~Session();

    // The client for a registry host (created on first use).
    std::shared_ptr<RegistryClient> client(const std::string& registry);
    // A source for the repository (or layout folder) of ref. A layout folder that
    // does not exist yet is created on the first write only when createLayout.
    Result<std::unique_ptr<Source>> open(const oci::Reference& ref, bool createLayout = false);
    [[nodiscard]] const ClientOptions& options() const { return m_options; }

private:
    ClientOptions m_options;
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<RegistryClient>> m_clients;
};

// A repository in a registry.
std::unique_ptr<Source> makeRegistrySource(std::shared_ptr<RegistryClient> client, std::string repository);
// An OCI image-layout folder (created on first write when create is set).
Result<std::unique_ptr<Source>> makeLayoutSource(const std::string& path, bool create);

} // namespace sociscope::registry
