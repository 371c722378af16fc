// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/layer_export.h"

#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sociscope::registry {

Result<std::size_t> findLayer(const PlatformImage& image, const std::string& which)
{
    const auto& layers = image.manifest.layers;
    const std::string count = std::to_string(layers.size()) + (layers.size() == 1 ? " layer" : " layers");
    if (!which.empty() && which.find_first_not_of("0123456789") == std::string::npos) {
        if (which.size() > 9 || std::stoul(which) >= layers.size())
            return makeError(ErrorCode::NotFound, "the image has " + count + " (0 is the bottom one), not layer " + which);
        return static_cast<std::size_t>(std::stoul(which));
    }
    std::string hex = which;
    if (auto colon = which.find(':'); colon != std::string::npos) {
        auto d = oci::Digest::parse(which);
        if (!d)
            return makeError(ErrorCode::Usage, "\"" + which + "\" is neither a layer number nor a digest: " + d.error().message);
        hex = d->hex();
    }
    if (hex.size() < 6 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
        return makeError(ErrorCode::Usage, "name a layer by its number (0 is the bottom one) or by its digest "
                                           "(at least 6 hex digits), not \"" + which + "\"");
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].digest.hex().compare(0, hex.size(), hex) == 0) {
            if (found && layers[*found].digest != layers[i].digest)
                return makeError(ErrorCode::Usage, "\"" + which + "\" names more than one layer; give more of the digest");
            if (!found)
                found = i;
        }
    if (!found)
        return makeError(ErrorCode::NotFound, "no layer of the image has the digest " + which + " (it has " + count + ")");
    return *found;
}

namespace {

// Push-style decompression of a gzip (one or more members) or zstd stream,
// chosen from its first bytes; anything else passes through unchanged.
class Decompressor final {
public:
    Decompressor() = default;
    ~Decompressor()
    {
        if (m_zlibOpen)
            inflateEnd(&m_z);
        if (m_zstd)
            ZSTD_freeDStream(m_zstd);
    }
    Decompressor(const Decompressor&) = delete;
    Decompressor& operator=(const Decompressor&) = delete;

    // Feeds compressed bytes; out receives decompressed ones (false: stop).
    Status feed(std::string_view in, const std::function<bool(std::string_view)>& out)
    {
        if (m_format == Format::Unknown) {
            m_head.append(in);
            if (m_head.size() < 4)
                return {};
            in = {};
            const auto& h = m_head;
            const auto u = [&](std::size_t i) { return static_cast<unsigned char>(h[i]); };
            if (u(0) == 0x1f && u(1) == 0x8b)
                m_format = Format::Gzip;
            else if (u(0) == 0x28 && u(1) == 0xb5 && u(2) == 0x2f && u(3) == 0xfd)
                m_format = Format::Zstd;
            else
                m_format = Format::Plain;
            if (auto s = start(); !s)
                return s;
            std::string head = std::move(m_head);
            return feed(head, out);
        }
        switch (m_format) {
        case Format::Plain:
            return out(in) ? Status() : stopped();
        case Format::Gzip:
            return feedGzip(in, out);
        case Format::Zstd:
            return feedZstd(in, out);
        case Format::Unknown:
            break;
        }
        return {};
    }

    // After the last byte: Malformed when the stream ended early.
    Status finish(const std::function<bool(std::string_view)>& out)
    {
        if (m_format == Format::Unknown) {
            m_format = Format::Plain;
            return out(m_head) ? Status() : stopped();
        }
        if ((m_format == Format::Gzip && !m_memberDone) || (m_format == Format::Zstd && m_zstdPending != 0))
            return makeError(ErrorCode::Malformed, "the layer's compressed stream ends before its end");
        return {};
    }

private:
    enum class Format { Unknown, Plain, Gzip, Zstd };

    static Status stopped() { return makeError(ErrorCode::Cancelled, "stopped"); }

    Status start()
    {
        if (m_format == Format::Gzip) {
            std::memset(&m_z, 0, sizeof m_z);
            if (inflateInit2(&m_z, 15 + 16) != Z_OK)
                return makeError(ErrorCode::Internal, "zlib inflateInit2 failed");
            m_zlibOpen = true;
        } else if (m_format == Format::Zstd) {
            m_zstd = ZSTD_createDStream();
            if (!m_zstd)
                return makeError(ErrorCode::Internal, "ZSTD_createDStream failed");
        }
        return {};
    }

    Status feedGzip(std::string_view in, const std::function<bool(std::string_view)>& out)
    {
        m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        m_z.avail_in = static_cast<uInt>(in.size());
        while (m_z.avail_in > 0) {
            if (m_memberDone) {
                // Another gzip member follows (concatenated members are one stream).
                inflateReset(&m_z);
                m_memberDone = false;
            }
            m_z.next_out = reinterpret_cast<Bytef*>(m_buf);
            m_z.avail_out = sizeof m_buf;
            const int rc = inflate(&m_z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
                return makeError(ErrorCode::Malformed, std::string("the layer does not decompress as gzip: ") +
                                                           (m_z.msg ? m_z.msg : "zlib error " + std::to_string(rc)));
            const std::size_t produced = sizeof m_buf - m_z.avail_out;
            if (produced && !out(std::string_view(m_buf, produced)))
                return stopped();
            if (rc == Z_STREAM_END)
                m_memberDone = true;
        }
        return {};
    }

    Status feedZstd(std::string_view in, const std::function<bool(std::string_view)>& out)
    {
        ZSTD_inBuffer ib{in.data(), in.size(), 0};
        while (ib.pos < ib.size) {
            ZSTD_outBuffer ob{m_buf, sizeof m_buf, 0};
            const std::size_t rc = ZSTD_decompressStream(m_zstd, &ob, &ib);
            if (ZSTD_isError(rc))
                return makeError(ErrorCode::Malformed,
                                 std::string("the layer does not decompress as zstd: ") + ZSTD_getErrorName(rc));
            m_zstdPending = rc;
            if (ob.pos && !out(std::string_view(m_buf, ob.pos)))
                return stopped();
        }
        return {};
    }

    Format m_format = Format::Unknown;
    std::string m_head;
    z_stream m_z{};
    bool m_zlibOpen = false;
    bool m_memberDone = false;
    ZSTD_DStream* m_zstd = nullptr;
    std::size_t m_zstdPending = 0;
    char m_buf[1 << 16];
};

Status writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return makeError(ErrorCode::Io, std::string("cannot write: ") + std::strerror(errno));
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

} // namespace

Result<LayerExport> exportLayer(Source& source, const PlatformImage& image, std::size_t index, const std::string& path,
                                const LayerExportOptions& options)
{
    if (index >= image.manifest.layers.size())
        return makeError(ErrorCode::NotFound, "the image has no layer " + std::to_string(index));
    const oci::Descriptor& layer = image.manifest.layers[index];
    oci::Digest expected = layer.digest;
    if (options.uncompressed) {
        if (index >= image.config.diffIds.size())
            return makeError(ErrorCode::Malformed, "the image config lists " + std::to_string(image.config.diffIds.size()) +
                                                       " diff_ids for " + std::to_string(image.manifest.layers.size()) +
                                                       " layers; the uncompressed layer cannot be checked");
        expected = image.config.diffIds[index];
    }
    struct stat st {};
    if (!options.replace && ::lstat(path.c_str(), &st) == 0)
        return makeError(ErrorCode::Usage, path + " exists; remove it, choose another name, or replace it (--force)");
    const std::string tmp = files::temporaryName(path);
    util::Fd file(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    const int fd = file.get();
    if (!file)
        return makeError(ErrorCode::Io, std::string("cannot create the output file: ") + std::strerror(errno), tmp);

    oci::Hasher hasher(expected.algorithm());
    Decompressor decompressor;
    Status failure;
    Status undecodable; // the stream did not decompress (reported when the digest matched)
    std::uint64_t written = 0, received = 0;
    const auto total = static_cast<std::uint64_t>(std::max<std::int64_t>(layer.size, 0));
    const std::function<bool(std::string_view)> write = [&](std::string_view bytes) {
        if (options.uncompressed)
            hasher.update(bytes);
        if (auto s = writeAll(fd, bytes); !s) {
            failure = makeError(s.error().code, s.error().message, tmp);
            return false;
        }
        written += bytes.size();
        return true;
    };
    Status fetched = source.fetchBlob(layer, [&](std::string_view chunk) {
        if (options.cancel && options.cancel->load()) {
            failure = makeError(ErrorCode::Cancelled, "the export of layer " + std::to_string(index) + " was cancelled");
            return false;
        }
        received += chunk.size();
        if (options.progress)
            options.progress(received, total);
        if (!options.uncompressed)
            return write(chunk);
        if (undecodable) // still decoding
            if (auto s = decompressor.feed(chunk, write); !s) {
                if (!failure) // set by write
                    return false;
                // Damaged bytes may be the reason: read on, so that the blob's
                // digest (checked at its end) can say so.
                undecodable = makeError(s.error().code, "layer " + std::to_string(index) + " (" + layer.digest.str() +
                                                            "): " + s.error().message);
            }
        return true;
    });
    if (fetched && !undecodable)
        failure = undecodable;
    if (fetched && failure && options.uncompressed)
        if (auto s = decompressor.finish(write); !s && failure)
            failure = makeError(s.error().code, "layer " + std::to_string(index) + ": " + s.error().message);
    if (fetched && failure && options.uncompressed) {
        const oci::Digest got = hasher.finish();
        if (got != expected)
            failure = makeError(ErrorCode::Integrity,
                                "the uncompressed layer " + std::to_string(index) + " hashes to " + got.str() +
                                    ", not to its diff_id " + expected.str() + "; the image config and layer disagree",
                                source.describe());
    }
    if (fetched && failure && ::fsync(fd) != 0)
        failure = makeError(ErrorCode::Io, std::string("cannot write: ") + std::strerror(errno), tmp);
    // close(2) reports late write errors (NFS, quotas): this one is checked.
    if (::close(file.release()) != 0 && fetched && failure)
        failure = makeError(ErrorCode::Io, std::string("cannot write: ") + std::strerror(errno), tmp);
    if (!failure || !fetched) {
        ::unlink(tmp.c_str());
        if (!failure)
            return failure.error();
        return makeError(fetched.error().code, "layer " + std::to_string(index) + ": " + fetched.error().message,
                         fetched.error().context);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, std::string("cannot rename the verified layer into place: ") + std::strerror(err), path);
    }
    return LayerExport{written, expected};
}

} // namespace sociscope::registry
