// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/ztoc_builder.h"

#include "oci/digest.h"
#include "soci/span_digester.h"
#include "soci/tar_toc.h"
#include "soci/zinfo.h"
#include "util/fd.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <unistd.h>
#include <vector>

namespace sociscope::soci {

namespace {
// Inflate writes into [kWindowSize, kWindowSize + kOutputRoom) of one buffer whose
// previous kWindowSize bytes are always the last output: a checkpoint's window is a
// plain slice, and only 32 KiB move per kOutputRoom bytes produced.
constexpr size_t kOutputRoom = 4 << 20;
// Below this much free room the tail is moved to the front, to keep inflate calls large.
constexpr size_t kMinRoom = 256 << 10;
// The checkpoint blob must fit a FlatBuffer with the rest of the zTOC.
constexpr std::uint64_t kMaxBlobSize = (std::uint64_t { 1 } << 31) - (std::uint64_t { 64 } << 20);

Error cancelled()
{
    return makeError(ErrorCode::Cancelled, "zTOC build cancelled");
}

Status checkOptions(const BuildOptions& o)
{
    if (o.spanSize <= 0)
        return makeError(ErrorCode::Usage, "span size must be positive, got " + std::to_string(o.spanSize));
    if (o.readBufferSize == 0 || o.readBufferSize > (size_t { 1 } << 30))
        return makeError(ErrorCode::Usage, "read buffer size must be 1 byte to 1 GiB");
    return {};
}

struct ZStream {
    z_stream s {};
    bool open = false;
    ~ZStream()
    {
        if (open)
            inflateEnd(&s);
    }
};

std::string zlibMessage(const z_stream& s, int ret)
{
    return s.msg ? std::string(s.msg) : "zlib error " + std::to_string(ret);
}
} // namespace

Result<Ztoc> buildZtoc(const ReadFn& read, const BuildOptions& options)
{
    if (auto st = checkOptions(options); !st)
        return st.error();
    ZStream z;
    if (inflateInit2(&z.s, 47) != Z_OK)
        return makeError(ErrorCode::Internal, "zlib inflateInit2 failed");
    z.open = true;

    // Zero-filled: before 32 KiB of output exist, windows are zero at the front.
    std::vector<std::uint8_t> output(kWindowSize + kOutputRoom, 0);
    size_t writePos = kWindowSize;

    TarTocBuilder tar;
    SpanDigester digester(options.readBufferSize);
    std::uint8_t* buffer = digester.acquire();
    size_t filled = 0; // bytes of the layer in buffer
    std::int64_t bufferStart = 0; // layer offset of buffer[0]
    std::string blob(kGzipZinfoHeaderSize, '\0');
    std::int32_t count = 0;
    std::int64_t totin = 0, totout = 0, last = 0;
    bool memberEnded = false;

    for (;;) {
        if (z.s.avail_in == 0) {
            // Reads go into one buffer until it is full; only then is it handed to the
            // digest thread, so hashing works on big chunks whatever read returns.
            if (filled == digester.bufferSize()) {
                digester.submit(buffer, bufferStart, filled);
                bufferStart += static_cast<std::int64_t>(filled);
                buffer = digester.acquire();
                filled = 0;
            }
            auto n = read(reinterpret_cast<char*>(buffer + filled), digester.bufferSize() - filled);
            if (!n)
                return n.error();
            if (options.progress && !options.progress(bufferStart + static_cast<std::int64_t>(filled + *n)))
                return cancelled();
            if (*n == 0) {
                if (memberEnded)
                    break;
                return makeError(
                    ErrorCode::Malformed, "the gzip stream is truncated", "compressed offset " + std::to_string(totin));
            }
            z.s.next_in = buffer + filled;
            z.s.avail_in = static_cast<uInt>(*n);
            filled += *n;
        }
        if (memberEnded) {
            // Another gzip member follows (pigz, mgzip): go on, keeping the window.
            inflateReset(&z.s);
            memberEnded = false;
        }
        if (output.size() - writePos < kMinRoom) {
            std::memmove(output.data(), output.data() + writePos - kWindowSize, kWindowSize);
            writePos = kWindowSize;
        }
        z.s.next_out = output.data() + writePos;
        z.s.avail_out = static_cast<uInt>(output.size() - writePos);
        const uInt inBefore = z.s.avail_in, outBefore = z.s.avail_out;
        const int ret = inflate(&z.s, Z_BLOCK);
        const uInt consumed = inBefore - z.s.avail_in, produced = outBefore - z.s.avail_out;
        totin += consumed;
        totout += produced;
        if (produced > 0) {
            if (auto st = tar.feed(output.data() + writePos, produced); !st)
                return st.error();
            writePos += produced;
        }
        if (ret == Z_STREAM_END) {
            memberEnded = true;
            continue;
        }
        if (ret == Z_NEED_DICT || ret == Z_DATA_ERROR || ret == Z_MEM_ERROR || ret == Z_STREAM_ERROR)
            return makeError(ret == Z_MEM_ERROR ? ErrorCode::Internal : ErrorCode::Malformed,
                "the layer is not a valid gzip stream: " + zlibMessage(z.s, ret),
                "compressed offset " + std::to_string(totin));
        if (consumed == 0 && produced == 0 && z.s.avail_in > 0)
            return makeError(
                ErrorCode::Internal, "zlib made no progress", "compressed offset " + std::to_string(totin));

        const int dt = z.s.data_type;
        if ((dt & 128) && !(dt & 64) && (totout == 0 || totout - last > options.spanSize)) {
            if (blob.size() + kGzipCheckpointSize > kMaxBlobSize)
                return makeError(ErrorCode::Unsupported,
                    "span size " + std::to_string(options.spanSize)
                        + " gives more checkpoints than a zTOC can hold; use a larger span size");
            const auto bits = static_cast<std::uint8_t>(dt & 7);
            digester.spanStart(totin, bits);
            appendGzipCheckpoint(blob, totin, totout, bits, output.data() + writePos - kWindowSize);
            ++count;
            last = totout;
        }
    }
    if (auto st = tar.finish(); !st)
        return st.error();

    writeGzipZinfoHeader(blob, count, options.spanSize);

    Ztoc ztoc;
    ztoc.buildToolIdentifier = options.buildToolIdentifier;
    ztoc.compressedArchiveSize = totin;
    ztoc.uncompressedArchiveSize = tar.archiveSize();
    ztoc.algorithm = CompressionAlgorithm::Gzip;
    ztoc.maxSpanId = count - 1;
    digester.submit(buffer, bufferStart, filled);
    ztoc.spanDigests = digester.finish();
    ztoc.checkpoints = std::move(blob);
    ztoc.entries = tar.takeEntries();
    return ztoc;
}

Result<Ztoc> buildTarZtoc(const ReadFn& read, const BuildOptions& options)
{
    if (auto st = checkOptions(options); !st)
        return st.error();
    std::unique_ptr<char[]> input(new char[options.readBufferSize]);
    TarTocBuilder tar;
    std::vector<std::string> digests;
    std::optional<oci::Hasher> span;
    std::int64_t inSpan = 0, total = 0;
    for (;;) {
        auto n = read(input.get(), options.readBufferSize);
        if (!n)
            return n.error();
        if (options.progress && !options.progress(total + static_cast<std::int64_t>(*n)))
            return cancelled();
        if (*n == 0)
            break;
        if (auto st = tar.feed(reinterpret_cast<const std::uint8_t*>(input.get()), *n); !st)
            return st.error();
        total += static_cast<std::int64_t>(*n);
        const char* p = input.get();
        size_t left = *n;
        while (left > 0) {
            if (!span)
                span.emplace("sha256");
            const auto take = static_cast<size_t>(
                std::min<std::int64_t>(options.spanSize - inSpan, static_cast<std::int64_t>(left)));
            span->update(p, take);
            p += take;
            left -= take;
            inSpan += static_cast<std::int64_t>(take);
            if (inSpan == options.spanSize) {
                digests.push_back(span->finish().str());
                span.reset();
                inSpan = 0;
            }
        }
    }
    if (auto st = tar.finish(); !st)
        return st.error();
    if (span)
        digests.push_back(span->finish().str());

    const TarZinfo zinfo { 2, options.spanSize, total };
    if (zinfo.maxSpanId() != static_cast<std::int64_t>(digests.size()) - 1)
        return makeError(ErrorCode::Unsupported, "the tar has more spans than a zTOC can count");
    Ztoc ztoc;
    ztoc.buildToolIdentifier = options.buildToolIdentifier;
    ztoc.compressedArchiveSize = total;
    ztoc.uncompressedArchiveSize = tar.archiveSize();
    ztoc.algorithm = CompressionAlgorithm::Uncompressed;
    ztoc.maxSpanId = zinfo.maxSpanId();
    ztoc.spanDigests = std::move(digests);
    ztoc.checkpoints = serializeTarZinfo(zinfo);
    ztoc.entries = tar.takeEntries();
    return ztoc;
}

ReadFn memoryReader(std::string_view bytes)
{
    auto pos = std::make_shared<size_t>(0);
    return [bytes, pos](char* buffer, size_t size) -> Result<size_t> {
        const size_t n = std::min(size, bytes.size() - *pos);
        if (n > 0)
            std::memcpy(buffer, bytes.data() + *pos, n);
        *pos += n;
        return n;
    };
}

Result<Ztoc> buildZtocFromFile(const std::string& path, CompressionAlgorithm algorithm, const BuildOptions& options)
{
    const util::Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file)
        return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
            std::string("cannot open layer: ") + std::strerror(errno), path);
    const int fd = file.get();
    const ReadFn reader = [fd, &path](char* buffer, size_t size) -> Result<size_t> {
        for (;;) {
            const ssize_t n = ::read(fd, buffer, size);
            if (n >= 0)
                return static_cast<size_t>(n);
            if (errno != EINTR)
                return makeError(ErrorCode::Io, std::string("cannot read layer: ") + std::strerror(errno), path);
        }
    };
    return algorithm == CompressionAlgorithm::Gzip ? buildZtoc(reader, options) : buildTarZtoc(reader, options);
}

} // namespace sociscope::soci
