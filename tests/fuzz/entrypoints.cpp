// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "entrypoints.h"

#include "soci/spans.h"
#include "soci/tar_toc.h"
#include "soci/zinfo.h"
#include "soci/ztoc.h"

#include <string>

namespace sociscope::fuzz {

namespace {
std::string_view view(const std::uint8_t* data, std::size_t size)
{
    return { reinterpret_cast<const char*>(data), size };
}
} // namespace

int parseZtoc(const std::uint8_t* data, std::size_t size)
{
    const auto z = soci::parseZtoc(view(data, size));
    if (!z)
        return z.error().code == ErrorCode::Malformed ? 0 : 1;
    if (!soci::SpanIndex::create(*z))
        return 2;
    const auto bytes = soci::serializeZtoc(*z);
    if (!bytes)
        return 3;
    const auto again = soci::parseZtoc(*bytes);
    return again && *again == *z ? 0 : 4;
}

int gzipZinfo(const std::uint8_t* data, std::size_t size)
{
    const auto z = soci::parseGzipZinfo(view(data, size));
    if (!z)
        return z.error().code == ErrorCode::Malformed ? 0 : 1;
    const auto again = soci::parseGzipZinfo(soci::serializeGzipZinfo(z->spanSize, z->checkpoints));
    if (!again || again->version != 2 || again->spanSize != z->spanSize || again->checkpoints != z->checkpoints)
        return 2;
    return 0;
}

int tarZinfo(const std::uint8_t* data, std::size_t size)
{
    const auto z = soci::parseTarZinfo(view(data, size));
    if (!z)
        return z.error().code == ErrorCode::Malformed ? 0 : 1;
    if (z->maxSpanId() < -1)
        return 2;
    const auto again = soci::parseTarZinfo(soci::serializeTarZinfo(*z));
    return again && *again == *z ? 0 : 3;
}

int tarToc(const std::uint8_t* data, std::size_t size)
{
    const auto run = [&](std::size_t split) {
        soci::TarTocBuilder b;
        Status st = b.feed(data, split);
        if (st)
            st = b.feed(data + split, size - split);
        if (st)
            st = b.finish();
        return std::make_pair(st ? 0 : static_cast<int>(st.error().code) + 1, b.entries());
    };
    const auto whole = run(size);
    const auto split = run(size == 0 ? 0 : data[0] * size / 256);
    if (whole.first != split.first)
        return 1;
    return whole.first == 0 && whole.second != split.second ? 2 : 0;
}

EntryPoint entryPoint(std::string_view name)
{
    if (name == "parse_ztoc")
        return &parseZtoc;
    if (name == "gzip_zinfo")
        return &gzipZinfo;
    if (name == "tar_zinfo")
        return &tarZinfo;
    if (name == "tar_toc")
        return &tarToc;
    if (name == "oci_json")
        return &ociJson;
    if (name == "registry_answers")
        return &registryAnswers;
    return nullptr;
}

} // namespace sociscope::fuzz
