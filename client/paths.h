// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <string>

namespace sociscope::client {

// Where daemons live (shared by sociscoped and its clients). The system daemon (root) is at /run/sociscope; a user
// daemon at $XDG_RUNTIME_DIR/sociscope, or /tmp/sociscope-<uid> when
// XDG_RUNTIME_DIR is not set.
std::string systemRuntimeDir();
std::string userRuntimeDir();
// RUNTIME/sociscoped.sock
std::string socketIn(const std::string& runtimeDir);
// RUNTIME/state
std::string stateIn(const std::string& runtimeDir);

// Creates dir with mode if it is missing, then checks that it is a real
// folder (not a symlink) owned by this process's euid and, when private,
// closed to everyone else. Io error saying what is wrong otherwise (a
// /tmp/sociscope-<uid> made by another user must never be used).
Status ensureRuntimeDir(const std::string& dir, unsigned mode, bool privateDir);

} // namespace sociscope::client
