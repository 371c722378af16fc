// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The reference inflater: zlib, exactly as section 3.6 spells it out.
#include "soci/inflate_backends.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>

namespace sociscope::soci::detail {

namespace {
struct ZStream {
    z_stream strm {};
    bool open = false;
    ~ZStream()
    {
        if (open)
            inflateEnd(&strm);
    }
};
} // namespace

Status inflateWithZlib(const GzipCheckpoint& cp, std::string_view compressed, std::uint64_t skip, std::span<char> out)
{
    ZStream z;
    if (inflateInit2(&z.strm, -15) != Z_OK)
        return makeError(ErrorCode::Internal, "zlib inflateInit2 failed");
    z.open = true;
    const auto* data = reinterpret_cast<const Bytef*>(compressed.data());
    size_t avail = compressed.size();
    if (cp.bits != 0) {
        if (avail == 0)
            return malformedSpan("no compressed bytes to resume from");
        inflatePrime(&z.strm, cp.bits, data[0] >> (8 - cp.bits));
        ++data;
        --avail;
    }
    if (inflateSetDictionary(&z.strm, reinterpret_cast<const Bytef*>(cp.window.data()), kWindowSize) != Z_OK)
        return makeError(ErrorCode::Internal, "zlib refused the checkpoint window");

    const size_t length = out.size();
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
                    return malformedSpan("compressed data ends inside a gzip trailer");
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
            return malformedSpan("inflate made no progress from checkpoint at " + std::to_string(cp.in));
        if (ret != Z_OK && ret != Z_BUF_ERROR)
            return malformedSpan(std::string("cannot inflate from checkpoint at ") + std::to_string(cp.in) + ": "
                + (z.strm.msg ? z.strm.msg : "zlib error " + std::to_string(ret)));
    }
    if (produced != length)
        return malformedSpan("compressed data ended after " + std::to_string(produced) + " of " + std::to_string(length)
            + " requested bytes");
    return {};
}

} // namespace sociscope::soci::detail
