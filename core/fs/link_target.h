// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sociscope::fs {

// Where the symlink at linkPath ("/usr/bin/vi") pointing to target ("vim",
// "../lib/x", "/etc/alternatives/vi") leads, as an absolute path in the image
// with "." and ".." worked out by name alone, or nullopt when the target climbs
// above the image's root (a kernel would leave the image there; a viewer
// must not pretend it stays inside). Folders on the way that are themselves
// links are left to ImageTree::resolve.
std::optional<std::string> linkTarget(std::string_view linkPath, std::string_view target);

} // namespace sociscope::fs
