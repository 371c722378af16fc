// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <string_view>

namespace sociscope::log {

enum class Level { Error = 0, Warning = 1, Info = 2, Debug = 3 };

// Messages above this level are dropped. Default: Warning. Thread-safe.
void setLevel(Level level);
Level level();
bool enabled(Level level);

// Writes one line to stderr ("sociscope: debug: ..."). Callers must never pass
// a secret (token, password, Authorization header); use redact() for headers.
void write(Level level, std::string_view message);

inline void debug(std::string_view m) { if (enabled(Level::Debug)) write(Level::Debug, m); }
inline void info(std::string_view m) { if (enabled(Level::Info)) write(Level::Info, m); }
inline void warning(std::string_view m) { if (enabled(Level::Warning)) write(Level::Warning, m); }
inline void error(std::string_view m) { write(Level::Error, m); }

} // namespace sociscope::log
