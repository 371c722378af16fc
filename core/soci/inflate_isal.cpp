// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Section 3.6 with ISA-L's igzip inflate: the same steps as the zlib reference, mapped
// onto ISA-L's state. ISA-L has no inflatePrime; its bit buffer (read_in, holding
// read_in_length bits, consumed from the low end) is public state, so priming is
// writing it before the first call.
#include "soci/inflate_backends.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace sociscope::soci::detail {

namespace {
const char* isalReason(int ret)
{
    switch (ret) {
    case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
        return "distance too far back";
    case ISAL_INVALID_WRAPPER:
        return "invalid gzip or zlib header";
    case ISAL_UNSUPPORTED_METHOD:
        return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
        return "incorrect data check";
    case ISAL_NEED_DICT:
        return "stream needs a preset dictionary";
    default:
        return "ISA-L error";
    }
}

// Mirrors zlib's windowBits 47 (section 3.6, step 5.2): a later member is gzip when it
// starts 1f 8b, else zlib, and either is parsed whole, header and trailer included.
std::uint32_t wrapperAt(const std::uint8_t* data, size_t avail)
{
    return avail >= 2 && data[0] == 0x1f && data[1] == 0x8b ? ISAL_GZIP : ISAL_ZLIB;
}
} // namespace

Status inflateWithIsal(const GzipCheckpoint& cp, std::string_view compressed, std::uint64_t skip, std::span<char> out)
{
    // About 87 KB (tables and a 64 KiB history buffer): on the heap, fully set up by init.
    auto state = std::make_unique_for_overwrite<inflate_state>();
    isal_inflate_init(state.get());
    state->crc_flag = ISAL_DEFLATE;

    const auto* data = reinterpret_cast<const std::uint8_t*>(compressed.data());
    const std::uint8_t* const begin = data;
    size_t avail = compressed.size();
    if (cp.bits != 0) {
        if (avail == 0)
            return malformedSpan("no compressed bytes to resume from");
        // The shared byte's top `bits` bits are the first unread ones: they go into the
        // bit buffer as its lowest bits, exactly what inflatePrime does for zlib.
        state->read_in = data[0] >> (8 - cp.bits);
        state->read_in_length = cp.bits;
        ++data;
        --avail;
    }
    // ISA-L does not write through dict; its API just predates const.
    auto* window = reinterpret_cast<std::uint8_t*>(const_cast<char*>(cp.window.data()));
    if (isal_inflate_set_dict(state.get(), window, static_cast<std::uint32_t>(kWindowSize)) != COMP_OK)
        return makeError(ErrorCode::Internal, "ISA-L refused the checkpoint window");

    const size_t length = out.size();
    std::unique_ptr<std::uint8_t[]> discard;
    size_t produced = 0;
    bool inGzip = false; // the first member is raw deflate from the checkpoint on
    while (produced < length) {
        std::uint8_t* target = nullptr;
        std::uint32_t room = 0;
        if (skip > 0) {
            if (!discard)
                discard.reset(new std::uint8_t[kWindowSize]);
            target = discard.get();
            room = static_cast<std::uint32_t>(std::min<std::uint64_t>(skip, kWindowSize));
        } else {
            target = reinterpret_cast<std::uint8_t*>(out.data()) + produced;
            room = static_cast<std::uint32_t>(std::min<size_t>(length - produced, UINT32_MAX));
        }
        state->next_out = target;
        state->avail_out = room;
        state->next_in = const_cast<std::uint8_t*>(data);
        state->avail_in = static_cast<std::uint32_t>(std::min<size_t>(avail, UINT32_MAX));
        const std::uint32_t inBefore = state->avail_in;
        const int ret = isal_inflate(state.get());
        const size_t used = inBefore - state->avail_in;
        data += used;
        avail -= used;
        const size_t got = room - state->avail_out;
        if (skip > 0)
            skip -= got;
        else
            produced += got;
        if (ret != ISAL_DECOMP_OK)
            return malformedSpan("cannot inflate from checkpoint at " + std::to_string(cp.in) + ": " + isalReason(ret)
                + " (ISA-L " + std::to_string(ret) + ")");
        if (state->block_state == ISAL_BLOCK_FINISH) { // a member's deflate data ended
            if (produced == length)
                break;
            // ISA-L may have read up to 8 bytes past the member's end into its bit buffer
            // (raw mode stops before the trailer; a zlib trailer is taken from the buffer):
            // give back its whole bytes. A partial byte is the final block's padding.
            const size_t unread = static_cast<size_t>(std::max(state->read_in_length, 0)) / 8;
            if (unread > static_cast<size_t>(data - begin))
                return makeError(ErrorCode::Internal, "ISA-L holds more bytes than it was given");
            data -= unread;
            avail += unread;
            if (!inGzip) {
                // Raw mode does not consume the first member's CRC32 and ISIZE.
                if (avail < 8)
                    return malformedSpan("compressed data ends inside a gzip trailer");
                data += 8;
                avail -= 8;
                inGzip = true;
            }
            if (avail == 0)
                break;
            isal_inflate_reset(state.get());
            state->crc_flag = wrapperAt(data, avail);
            continue;
        }
        if (used == 0 && got == 0) {
            if (avail == 0)
                break; // input ended inside the stream
            return malformedSpan("inflate made no progress from checkpoint at " + std::to_string(cp.in));
        }
    }
    if (produced != length)
        return malformedSpan("compressed data ended after " + std::to_string(produced) + " of " + std::to_string(length)
            + " requested bytes");
    return {};
}

} // namespace sociscope::soci::detail
