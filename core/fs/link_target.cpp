// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/link_target.h"

#include <vector>

namespace sociscope::fs {

std::optional<std::string> linkTarget(std::string_view linkPath, std::string_view target)
{
    if (target.empty())
        return std::nullopt;
    std::vector<std::string_view> parts;
    const auto push = [&parts](std::string_view path) {
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string_view::npos)
                end = path.size();
            const std::string_view part = path.substr(start, end - start);
            if (part == "..") {
                if (parts.empty())
                    return false;
                parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            start = end + 1;
        }
        return true;
    };
    if (target.front() != '/') {
        // Relative: from the folder holding the link.
        const std::size_t slash = linkPath.rfind('/');
        if (!push(slash == std::string_view::npos ? std::string_view() : linkPath.substr(0, slash)))
            return std::nullopt;
    }
    if (!push(target))
        return std::nullopt;
    std::string out;
    for (const std::string_view p : parts)
        out.append("/").append(p);
    return out.empty() ? std::string("/") : out;
}

} // namespace sociscope::fs
