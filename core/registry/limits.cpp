// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "registry/limits.h"

#include "util/strings.h"

namespace sociscope::registry {

BoundedBody::BoundedBody(std::uint64_t maxBytes) : m_max(maxBytes)
{
    m_sink = [this](std::string_view chunk) {
        if (m_body.size() + chunk.size() > m_max) {
            m_exceeded = true;
            return false;
        }
        m_body.append(chunk);
        return true;
    };
}

HttpRequest::StartHook BoundedBody::startHook()
{
    return [this](long status, const HttpHeaders& headers) {
        // A resumed transfer (206) announces only the rest; what is kept already counts.
        const auto length = str::parseU64(std::string(str::trim(headers.get("Content-Length"))));
        const std::uint64_t kept = status == 206 ? m_body.size() : 0;
        if (length && kept + *length > m_max) {
            m_announced = *length;
            m_exceeded = true;
            return false;
        }
        return true;
    };
}

namespace {
// "4 MiB" rather than "4.00 MiB": limits are round numbers and read as such.
std::string limitText(std::uint64_t bytes)
{
    if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0)
        return std::to_string(bytes >> 10) + " KiB";
    return str::humanBytes(bytes);
}
} // namespace

Error BoundedBody::tooLarge(const std::string& what, const std::string& context) const
{
    std::string msg = what + " is larger than " + limitText(m_max);
    if (m_announced)
        msg += " (the server announced " + str::humanBytes(*m_announced) + ")";
    msg += "; stopped reading it (the limit is there so a broken or hostile registry cannot exhaust memory)";
    return makeError(ErrorCode::Malformed, msg, context);
}

} // namespace sociscope::registry
