// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Private to core/soci: the two implementations behind inflateInto (inflater.h).
#pragma once

#include "soci/zinfo.h"
#include "util/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sociscope::soci::detail {

// Both: as inflateInto, after it checked the window size, bits <= 7 and out not empty.
Status inflateWithZlib(
    const GzipCheckpoint& checkpoint, std::string_view compressed, std::uint64_t skip, std::span<char> out);
Status inflateWithIsal(
    const GzipCheckpoint& checkpoint, std::string_view compressed, std::uint64_t skip, std::span<char> out);

// Malformed, with the context both backends use.
inline Error malformedSpan(std::string message)
{
    return makeError(ErrorCode::Malformed, std::move(message), "span data");
}

} // namespace sociscope::soci::detail
