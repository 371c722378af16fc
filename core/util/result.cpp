// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/result.h"

namespace sociscope {

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound: return 2;
    case ErrorCode::Auth: return 3;
    case ErrorCode::Network: return 4;
    case ErrorCode::Integrity: return 5;
    case ErrorCode::Malformed:
    case ErrorCode::Unsupported: return 6;
    case ErrorCode::Usage:
    case ErrorCode::Io:
    case ErrorCode::Cancelled:
    case ErrorCode::Internal: return 1;
    }
    return 1;
}

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Usage: return "usage";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::Auth: return "auth";
    case ErrorCode::Network: return "network";
    case ErrorCode::Integrity: return "integrity";
    case ErrorCode::Malformed: return "malformed";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Io: return "io";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

} // namespace sociscope
