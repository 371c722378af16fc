// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <chrono>
#include <string>
#include <sys/un.h>

namespace sociscope::client {

// The address of a Unix socket file. Usage error when path is empty or too
// long for sun_path (108 bytes on Linux, with the terminating zero).
Result<sockaddr_un> unixAddress(const std::string& path);

// Connects to a Unix socket within `timeout`; the descriptor is non-blocking
// and close-on-exec. NotFound when no socket file is there or nobody listens;
// Auth when the file's permissions refuse us.
Result<int> connectUnix(const std::string& path, std::chrono::milliseconds timeout);

} // namespace sociscope::client
