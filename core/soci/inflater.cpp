// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "soci/inflater.h"

#include "soci/inflate_backends.h"
#include "util/log.h"

#include <cstdlib>
#include <cstring>
#include <string>

namespace sociscope::soci {

const char* inflaterName(Inflater inflater)
{
    return inflater == Inflater::Isal ? "isal" : "zlib";
}

bool inflaterAvailable(Inflater inflater)
{
#ifdef SOCISCOPE_HAVE_ISAL
    (void)inflater;
    return true;
#else
    return inflater == Inflater::Zlib;
#endif
}

std::vector<Inflater> availableInflaters()
{
    std::vector<Inflater> all { Inflater::Zlib };
    if (inflaterAvailable(Inflater::Isal))
        all.push_back(Inflater::Isal);
    return all;
}

Inflater chooseInflater(const char* value)
{
    // ISA-L: byte-identical to zlib in every test, 1.7x to 3.3x its speed on
    // compressible 4 MiB spans and level with it on stored ones (bench/README.md).
    const Inflater fastest = inflaterAvailable(Inflater::Isal) ? Inflater::Isal : Inflater::Zlib;
    if (value == nullptr)
        return fastest;
    for (Inflater i : { Inflater::Zlib, Inflater::Isal })
        if (std::strcmp(value, inflaterName(i)) == 0 && inflaterAvailable(i))
            return i;
    return fastest;
}

Inflater defaultInflater()
{
    static const Inflater chosen = [] {
        const char* value = std::getenv("SOCISCOPE_INFLATE");
        const Inflater i = chooseInflater(value);
        if (value != nullptr && *value != '\0' && std::strcmp(value, inflaterName(i)) != 0)
            log::warning(std::string("SOCISCOPE_INFLATE=") + value + " is not an inflater this build has; using "
                + inflaterName(i) + " (choose zlib or isal)");
        return i;
    }();
    return chosen;
}

Status inflateInto(Inflater inflater, const GzipCheckpoint& checkpoint, std::string_view compressed, std::uint64_t skip,
    std::span<char> out)
{
    if (checkpoint.window.size() != kWindowSize || checkpoint.bits > 7)
        return makeError(ErrorCode::Usage, "checkpoint has no 32 KiB window or bits > 7");
    if (!inflaterAvailable(inflater))
        return makeError(
            ErrorCode::Unsupported, std::string("this build has no ") + inflaterName(inflater) + " inflater; use zlib");
    if (out.empty())
        return {};
#ifdef SOCISCOPE_HAVE_ISAL
    if (inflater == Inflater::Isal)
        return detail::inflateWithIsal(checkpoint, compressed, skip, out);
#endif
    return detail::inflateWithZlib(checkpoint, compressed, skip, out);
}

} // namespace sociscope::soci
