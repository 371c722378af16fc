// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/span_reader.h"

#include "oci/digest.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace sociscope::soci {

namespace {
Error malformed(std::string message)
{
    return makeError(ErrorCode::Malformed, std::move(message), "span data");
}

struct Inflater {
    z_stream strm {};
    bool open = false;
    ~Inflater()
    {
        if (open)
            inflateEnd(&strm);
    }
};
} // namespace

Result<std::string> inflateFromCheckpoint(
    const GzipCheckpoint& cp, std::string_view compressed, std::int64_t offset, std::size_t length)
{
    if (offset < cp.out)
        return makeError(ErrorCode::Usage,
            "offset " + std::to_string(offset) + " lies before checkpoint out " + std::to_string(cp.out));
    if (length == 0)
        return std::string();
    if (cp.window.size() != kWindowSize || cp.bits > 7)
        return makeError(ErrorCode::Usage, "checkpoint has no 32 KiB window or bits > 7");

    Inflater z;
    if (inflateInit2(&z.strm, -15) != Z_OK)
        return makeError(ErrorCode::Internal, "zlib inflateInit2 failed");
    z.open = true;
    const auto* data = reinterpret_cast<const Bytef*>(compressed.data());
    size_t avail = compressed.size();
    if (cp.bits != 0) {
        if (avail == 0)
            return malformed("no compressed bytes to resume from");
        inflatePrime(&z.strm, cp.bits, data[0] >> (8 - cp.bits));
        ++data;
        --avail;
    }
    if (inflateSetDictionary(&z.strm, reinterpret_cast<const Bytef*>(cp.window.data()), kWindowSize) != Z_OK)
        return makeError(ErrorCode::Internal, "zlib refused the checkpoint window");

    std::string out(length, '\0');
    std::uint64_t skip = static_cast<std::uint64_t>(offset - cp.out);
    std::unique_ptr<Bytef[]> discard;
    size_t produced = 0;
    bool trailerSkipped = false;
    while (produced < length) {
        Bytef* target = nullptr;
        uInt room = 0;
        if (skip > 0) {
            if (!discard)
                discard.reset(new Bytef[kWindowSize]);
            target = discard.get();
            room = static_cast<uInt>(std::min<std::uint64_t>(skip, kWindowSize));
        } else {
            target = reinterpret_cast<Bytef*>(out.data()) + produced;
            room = static_cast<uInt>(std::min<size_t>(length - produced, UINT_MAX));
        }
        z.strm.next_out = target;
        z.strm.avail_out = room;
        z.strm.next_in = const_cast<Bytef*>(data);
        z.strm.avail_in = static_cast<uInt>(std::min<size_t>(avail, UINT_MAX));
        const uInt inBefore = z.strm.avail_in;
        const int ret = inflate(&z.strm, Z_NO_FLUSH);
        const size_t used = inBefore - z.strm.avail_in;
        data += used;
        avail -= used;
        const size_t got = room - z.strm.avail_out;
        if (skip > 0)
            skip -= got;
        else
            produced += got;
        if (ret == Z_STREAM_END) {
            if (produced == length)
                break;
            // Raw mode stops before the member's CRC32 and ISIZE; gzip mode eats later ones.
            if (!trailerSkipped) {
                if (avail < 8)
                    return malformed("compressed data ends inside a gzip trailer");
                data += 8;
                avail -= 8;
                trailerSkipped = true;
            }
            if (avail == 0)
                break;
            if (inflateReset2(&z.strm, 47) != Z_OK)
                return makeError(ErrorCode::Internal, "zlib inflateReset2 failed");
            continue;
        }
        if (ret == Z_BUF_ERROR && avail == 0)
            break;
        if (used == 0 && got == 0 && ret != Z_OK)
            return malformed("inflate made no progress from checkpoint at " + std::to_string(cp.in));
        if (ret != Z_OK && ret != Z_BUF_ERROR)
            return malformed(std::string("cannot inflate from checkpoint at ") + std::to_string(cp.in) + ": "
                + (z.strm.msg ? z.strm.msg : "zlib error " + std::to_string(ret)));
    }
    if (produced != length)
        return malformed("compressed data ended after " + std::to_string(produced) + " of " + std::to_string(length)
            + " requested bytes");
    return out;
}

Result<std::string> decompressSpan(const SpanIndex& index, std::int32_t span, std::string_view compressed)
{
    if (span < 0 || span >= index.spanCount())
        return makeError(ErrorCode::Usage, "span " + std::to_string(span) + " does not exist");
    const SpanRange& r = index.range(span);
    if (static_cast<std::int64_t>(compressed.size()) != r.compressedEnd - r.compressedStart)
        return makeError(ErrorCode::Usage,
            "span " + std::to_string(span) + " is " + std::to_string(r.compressedEnd - r.compressedStart)
                + " compressed bytes, got " + std::to_string(compressed.size()));
    const std::int64_t want = std::max<std::int64_t>(r.uncompressedEnd - r.uncompressedStart, 0);
    if (index.algorithm() == CompressionAlgorithm::Uncompressed) {
        if (want > static_cast<std::int64_t>(compressed.size()))
            return malformed("span " + std::to_string(span) + " is shorter than its uncompressed range");
        return std::string(compressed.substr(0, static_cast<size_t>(want)));
    }
    return inflateFromCheckpoint(index.checkpoint(span), compressed, r.uncompressedStart, static_cast<size_t>(want));
}

Status verifySpan(std::string_view bytes, std::string_view digest)
{
    auto expected = oci::Digest::parse(digest);
    if (!expected)
        return makeError(ErrorCode::Integrity, "span digest \"" + std::string(digest) + "\" does not parse",
            expected.error().message);
    return oci::verify(bytes, *expected, "span");
}

} // namespace sociscope::soci
