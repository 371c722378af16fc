// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/zinfo.h"

#include "zinfo_generated.h"

#include <cstring>
#include <limits>

namespace sociscope::soci {

namespace {
std::uint64_t readLe(const char* p, size_t n)
{
    std::uint64_t v = 0;
    for (size_t i = n; i-- > 0;)
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

void appendLe(std::string& out, std::uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

Error malformed(std::string message)
{
    return makeError(ErrorCode::Malformed, std::move(message), "checkpoint blob");
}
} // namespace

Result<GzipZinfo> parseGzipZinfo(std::string_view blob)
{
    if (blob.size() < kGzipZinfoHeaderSize)
        return malformed(
            "gzip checkpoint blob is " + std::to_string(blob.size()) + " bytes, shorter than its 12-byte header");
    const auto n = static_cast<std::int32_t>(readLe(blob.data(), 4));
    GzipZinfo z;
    z.spanSize = static_cast<std::int64_t>(readLe(blob.data() + 4, 8));
    if (n < 0)
        return malformed("gzip checkpoint blob claims a negative checkpoint count " + std::to_string(n));
    const std::uint64_t records = blob.size() - kGzipZinfoHeaderSize;
    if (records % kGzipCheckpointSize != 0)
        return malformed("gzip checkpoint blob length " + std::to_string(blob.size())
            + " is not 12 + 32785 x a whole number of checkpoints");
    const std::uint64_t stored = records / kGzipCheckpointSize;
    if (stored == static_cast<std::uint64_t>(n)) {
        z.version = 2;
    } else if (n >= 1 && stored + 1 == static_cast<std::uint64_t>(n)) {
        // Legacy v1: checkpoint 0 (end of a plain 10-byte gzip header) was not stored.
        z.version = 1;
        z.checkpoints.push_back(GzipCheckpoint { 10, 0, 0, std::string(kWindowSize, '\0') });
    } else {
        return malformed(
            "gzip checkpoint blob claims " + std::to_string(n) + " checkpoints but holds " + std::to_string(stored));
    }
    z.checkpoints.reserve(static_cast<size_t>(n));
    const char* p = blob.data() + kGzipZinfoHeaderSize;
    for (std::uint64_t i = 0; i < stored; ++i, p += kGzipCheckpointSize) {
        GzipCheckpoint c;
        c.in = static_cast<std::int64_t>(readLe(p, 8));
        c.out = static_cast<std::int64_t>(readLe(p + 8, 8));
        c.bits = static_cast<std::uint8_t>(p[16]);
        if (c.in < 0 || c.out < 0 || c.bits > 7 || (c.bits != 0 && c.in == 0))
            return malformed("gzip checkpoint " + std::to_string(z.checkpoints.size()) + " is invalid (in "
                + std::to_string(c.in) + ", out " + std::to_string(c.out) + ", bits " + std::to_string(c.bits) + ")");
        c.window.assign(p + 17, kWindowSize);
        z.checkpoints.push_back(std::move(c));
    }
    return z;
}

void appendGzipCheckpoint(std::string& blob, std::int64_t in, std::int64_t out, std::uint8_t bits, const void* window)
{
    appendLe(blob, static_cast<std::uint64_t>(in), 8);
    appendLe(blob, static_cast<std::uint64_t>(out), 8);
    blob.push_back(static_cast<char>(bits));
    blob.append(static_cast<const char*>(window), kWindowSize);
}

void writeGzipZinfoHeader(std::string& blob, std::int32_t count, std::int64_t spanSize)
{
    std::string header;
    appendLe(header, static_cast<std::uint32_t>(count), 4);
    appendLe(header, static_cast<std::uint64_t>(spanSize), 8);
    blob.replace(0, kGzipZinfoHeaderSize, header);
}

std::string serializeGzipZinfo(std::int64_t spanSize, const std::vector<GzipCheckpoint>& checkpoints)
{
    std::string blob;
    blob.reserve(kGzipZinfoHeaderSize + kGzipCheckpointSize * checkpoints.size());
    appendLe(blob, static_cast<std::uint32_t>(checkpoints.size()), 4);
    appendLe(blob, static_cast<std::uint64_t>(spanSize), 8);
    for (const GzipCheckpoint& c : checkpoints)
        appendGzipCheckpoint(blob, c.in, c.out, c.bits, c.window.data());
    return blob;
}

std::int32_t TarZinfo::maxSpanId() const
{
    std::int64_t id = size / spanSize;
    if (size % spanSize == 0)
        --id;
    return static_cast<std::int32_t>(id);
}

Result<TarZinfo> parseTarZinfo(std::string_view blob)
{
    if (blob.size() < 8 || blob.size() >= FLATBUFFERS_MAX_BUFFER_SIZE)
        return malformed("TarZinfo is " + std::to_string(blob.size()) + " bytes, not a FlatBuffer");
    // FlatBuffers reads scalars in place: give it aligned memory.
    std::string copy(blob);
    const auto* buf = reinterpret_cast<const std::uint8_t*>(copy.data());
    flatbuffers::Verifier verifier(buf, copy.size(), 8, 8);
    if (!zinfo::VerifyTarZinfoBuffer(verifier))
        return malformed("TarZinfo FlatBuffer does not verify");
    const zinfo::TarZinfo* t = zinfo::GetTarZinfo(buf);
    TarZinfo z;
    z.version = t->version();
    z.spanSize = t->span_size();
    z.size = t->size();
    if (z.spanSize <= 0)
        return malformed("TarZinfo span size " + std::to_string(z.spanSize) + " is not positive");
    if (z.size < 0)
        return malformed("TarZinfo tar size " + std::to_string(z.size) + " is negative");
    if (z.size / z.spanSize > std::numeric_limits<std::int32_t>::max())
        return malformed("TarZinfo describes more spans than a zTOC can count");
    return z;
}

std::string serializeTarZinfo(const TarZinfo& z)
{
    flatbuffers::FlatBufferBuilder fbb(64);
    zinfo::TarZinfoBuilder b(fbb);
    b.add_version(z.version);
    b.add_span_size(z.spanSize);
    b.add_size(z.size);
    fbb.Finish(b.Finish());
    return std::string(reinterpret_cast<const char*>(fbb.GetBufferPointer()), fbb.GetSize());
}

Result<std::size_t> parseGzipHeader(std::string_view bytes)
{
    const auto fail = [&](const std::string& why) {
        return makeError(ErrorCode::Malformed, "not a gzip member header: " + why, "layer header");
    };
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
    if (bytes.size() < 10)
        return fail("only " + std::to_string(bytes.size()) + " bytes, a header needs at least 10");
    if (byte(0) != 0x1f || byte(1) != 0x8b)
        return fail("wrong magic bytes");
    if (byte(2) != 8)
        return fail("compression method " + std::to_string(byte(2)) + " is not deflate");
    const unsigned flags = byte(3);
    if (flags & 0xe0)
        return fail("reserved flag bits are set");
    size_t pos = 10;
    if (flags & 0x04) { // FEXTRA
        if (bytes.size() < pos + 2)
            return fail("ends inside FEXTRA");
        const size_t xlen = byte(pos) | (static_cast<size_t>(byte(pos + 1)) << 8);
        pos += 2;
        if (bytes.size() - pos < xlen)
            return fail("ends inside FEXTRA");
        pos += xlen;
    }
    for (const unsigned flag : { 0x08u, 0x10u }) { // FNAME, FCOMMENT: zero-terminated
        if (!(flags & flag))
            continue;
        const size_t nul = bytes.find('\0', pos);
        if (nul == std::string_view::npos)
            return fail(flag == 0x08 ? "ends inside FNAME" : "ends inside FCOMMENT");
        pos = nul + 1;
    }
    if (flags & 0x02) { // FHCRC
        if (bytes.size() < pos + 2)
            return fail("ends inside FHCRC");
        pos += 2;
    }
    return pos;
}

} // namespace sociscope::soci
