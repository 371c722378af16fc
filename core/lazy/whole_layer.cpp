// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazy/whole_layer.h"

#include "oci/mediatypes.h"
#include "soci/ztoc_builder.h"
#include "util/files.h"
#include "util/log.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace sociscope::lazy {

namespace {

// The layer blob in the cache, fetching it (verified) when absent.
Result<std::string> wholeBlob(registry::Source& source, const oci::Descriptor& layer, DiskCache& cache,
                              const LayerReader::Options& options)
{
    FetchStats* stats = options.stats;
    const auto started = std::chrono::steady_clock::now();
    if (auto p = cache.blobPath(layer.digest))
        return *p;
    const std::string final = cache.areaPath(DiskCache::Area::Blobs, layer.digest);
    if (auto s = files::makeDirs(final.substr(0, final.rfind('/'))); !s)
        return s.error();
    const std::string tmp = files::temporaryName(final);
    auto got = [&] {
        FetchTimer t(stats);
        return source.fetchBlobToFile(layer, tmp);
    }();
    if (stats && !source.isLayout()) {
        stats->addFetched(FetchKind::WholeLayer, got ? *got : 0);
        ++stats->requests;
    }
    if (!got)
        return got.error();
    if (auto p = cache.publish(tmp, DiskCache::Area::Blobs, layer.digest); !p) {
        ::unlink(tmp.c_str());
        return p.error();
    }
    if (options.events && !source.isLayout()) {
        FetchEvent e;
        e.type = FetchEvent::Type::WholeLayer;
        e.layer = options.layerIndex;
        e.bytes = *got;
        e.micros = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
        options.events->emit(e);
    }
    return final;
}

std::string ztocCacheName(const oci::Digest& layer, const std::string& variant)
{
    return "ztoc/" + layer.hex() + "-" + variant + "-" + std::to_string(kLocalSpanSize) + ".ztoc";
}

Result<soci::Ztoc> cachedOrBuilt(DiskCache& cache, const std::string& name, const std::string& path,
                                 soci::CompressionAlgorithm algorithm)
{
    const std::string p = cache.localPath(name);
    if (auto bytes = files::readFile(p)) {
        if (auto z = soci::parseZtoc(*bytes))
            return z;
        ::unlink(p.c_str());
    }
    soci::BuildOptions o;
    o.spanSize = kLocalSpanSize;
    o.buildToolIdentifier = "sociscope local";
    auto z = soci::buildZtocFromFile(path, algorithm, o);
    if (!z)
        return z.error();
    if (auto bytes = soci::serializeZtoc(*z)) {
        if (files::makeDirs(p.substr(0, p.rfind('/'))))
            (void)files::writeFileAtomic(p, *bytes);
    }
    return z;
}

} // namespace

Status normaliseTar(const std::string& input, const std::string& output)
{
    archive* in = archive_read_new();
    archive_read_support_filter_all(in);
    archive_read_support_format_all(in);
    if (archive_read_open_filename(in, input.c_str(), 1 << 20) != ARCHIVE_OK) {
        const std::string why = archive_error_string(in) ? archive_error_string(in) : "unknown error";
        archive_read_free(in);
        return makeError(ErrorCode::Unsupported, "cannot read the layer as an archive: " + why, input);
    }
    const std::string tmp = files::temporaryName(output);
    archive* out = archive_write_new();
    archive_write_set_format_pax_restricted(out);
    archive_write_set_bytes_per_block(out, 10240);
    if (archive_write_open_filename(out, tmp.c_str()) != ARCHIVE_OK) {
        archive_read_free(in);
        archive_write_free(out);
        return makeError(ErrorCode::Io, "cannot write the normalised layer", tmp);
    }
    Status result;
    archive_entry* e = nullptr;
    std::vector<char> buf(1 << 20);
    for (;;) {
        const int rc = archive_read_next_header(in, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN) {
            result = makeError(ErrorCode::Malformed,
                               std::string("the layer's tar is damaged: ") + archive_error_string(in), input);
            break;
        }
        // Sparse files become plain files: holes are written as zeros.
        archive_entry_sparse_clear(e);
        if (archive_write_header(out, e) < ARCHIVE_WARN) {
            result = makeError(ErrorCode::Io, std::string("cannot write tar entry: ") + archive_error_string(out), tmp);
            break;
        }
        for (;;) {
            const la_ssize_t n = archive_read_data(in, buf.data(), buf.size());
            if (n < 0) {
                result = makeError(ErrorCode::Malformed, std::string("the layer's data is damaged: ") +
                                                             archive_error_string(in), input);
                break;
            }
            if (n == 0)
                break;
            if (archive_write_data(out, buf.data(), static_cast<size_t>(n)) < 0) {
                result = makeError(ErrorCode::Io, "cannot write tar data", tmp);
                break;
            }
        }
        if (!result)
            break;
    }
    archive_read_free(in);
    if (archive_write_close(out) != ARCHIVE_OK && result)
        result = makeError(ErrorCode::Io, "cannot finish the normalised layer", tmp);
    archive_write_free(out);
    if (!result) {
        ::unlink(tmp.c_str());
        return result;
    }
    if (::rename(tmp.c_str(), output.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, std::string("cannot store the normalised layer: ") + std::strerror(errno), output);
    }
    return {};
}

Result<std::shared_ptr<LayerReader>> openWholeLayer(registry::Source& source, const oci::Descriptor& layer,
                                                    const std::string& why, DiskCache& cache,
                                                    LayerReader::Options options)
{
    std::string path;
    if (auto local = source.localBlobPath(layer.digest); local && source.isLayout()) {
        // A folder blob: verify it, then read it in place.
        if (auto v = oci::verifyFile(*local, layer.digest, layer.size); !v)
            return v.error();
        path = *local;
    } else {
        auto p = wholeBlob(source, layer, cache, options);
        if (!p)
            return p.error();
        path = *p;
    }
    const auto compression = oci::mt::layerCompression(layer.mediaType);
    if (compression == oci::mt::LayerCompression::Gzip || compression == oci::mt::LayerCompression::None ||
        compression == oci::mt::LayerCompression::Unknown) {
        const auto algo = compression == oci::mt::LayerCompression::Gzip ? soci::CompressionAlgorithm::Gzip
                                                                         : soci::CompressionAlgorithm::Uncompressed;
        auto z = cachedOrBuilt(cache, ztocCacheName(layer.digest, "blob"), path, algo);
        if (z)
            return LayerReader::local(path, layer, std::move(*z), why, options);
        if (z.error().code != ErrorCode::Unsupported)
            return makeError(z.error().code, "layer " + layer.digest.str() + ": " + z.error().message);
        log::info("layer " + layer.digest.str() + " needs rewriting before it can be read: " + z.error().message);
    }
    // zstd, or a tar the zTOC builder refuses: rewrite it as a plain tar first.
    const std::string tar = cache.localPath("tar/" + layer.digest.hex() + ".tar");
    if (!files::exists(tar)) {
        if (auto s = files::makeDirs(tar.substr(0, tar.rfind('/'))); !s)
            return s.error();
        if (auto s = normaliseTar(path, tar); !s)
            return makeError(s.error().code, "layer " + layer.digest.str() + " (" + layer.mediaType + "): " +
                                                 s.error().message);
    }
    auto z = cachedOrBuilt(cache, ztocCacheName(layer.digest, "tar"), tar, soci::CompressionAlgorithm::Uncompressed);
    if (!z)
        return makeError(z.error().code, "layer " + layer.digest.str() + ": " + z.error().message);
    return LayerReader::local(tar, layer, std::move(*z), why, options);
}

} // namespace sociscope::lazy
