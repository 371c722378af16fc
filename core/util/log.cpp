// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "util/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace sociscope::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::Warning)};
std::mutex g_writeMutex;

const char* levelName(Level l)
{
    switch (l) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Info: return "info";
    case Level::Debug: return "debug";
    }
    return "";
}
} // namespace

void setLevel(Level l) { g_level.store(static_cast<int>(l)); }
Level level() { return static_cast<Level>(g_level.load()); }
bool enabled(Level l) { return static_cast<int>(l) <= g_level.load(); }

void write(Level l, std::string_view message)
{
    std::string line = "sociscope: ";
    line += levelName(l);
    line += ": ";
    line += message;
    line += '\n';
    std::lock_guard lock(g_writeMutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

} // namespace sociscope::log
