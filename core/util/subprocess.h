// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <chrono>
#include <string>
#include <vector>

namespace sociscope::proc {

struct Output {
    int exitCode = -1; // -1 when killed by a signal
    std::string out;
    std::string err;
};

// Runs argv[0] (searched in PATH) with the given stdin, collecting stdout and
// stderr (each capped at 16 MiB). Killed (SIGKILL) after timeout. NotFound
// when the program does not exist.
Result<Output> run(const std::vector<std::string>& argv, const std::string& input = {},
                   std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Full path of a program found in PATH, or "".
std::string which(const std::string& program);

} // namespace sociscope::proc
