// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What the commands that talk to sociscoped share (cmd_daemon.cpp, cmd_run.cpp).
#pragma once

#include "cli.h"
#include "client.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sociscope::cli {

// RFC 3339 with microseconds, from microseconds since the epoch.
std::string timeText(std::int64_t unixMicros);
// An absolute path without symlinks; a lexical absolute path when the folder
// cannot be resolved (a dead FUSE mount answers ENOTCONN).
std::string canonicalPath(const std::string& path);
// The daemon to talk to; with start, one is started when none serves us and
// nothing listens on the last candidate socket (this user's).
Result<std::unique_ptr<client::DaemonClient>> connectDaemon(Context& ctx, bool start);
// A mount's (or run's) counters as in `mounts --json`.
Json statsJson(const client::MountStats& s);
// `record` (cmd_record.cpp), listed after run.
void addRecordCommand(std::vector<Command>& out);

} // namespace sociscope::cli
