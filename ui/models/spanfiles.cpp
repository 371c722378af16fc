// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "models/spanfiles.h"

#include <algorithm>

namespace sociscope::ui {

std::shared_ptr<const SpanFiles> SpanFiles::build(const soci::Ztoc& ztoc, const soci::SpanIndex& spans)
{
    auto out = std::make_shared<SpanFiles>();
    const auto n = static_cast<std::size_t>(std::max(spans.spanCount(), 0));
    out->m_names.resize(n);
    out->m_counts.assign(n, 0);
    for (const auto& e : ztoc.entries) {
        if (e.kind() != soci::EntryType::Regular)
            continue;
        const auto range = spans.spansFor(e.uncompressedOffset, e.uncompressedSize);
        if (!range)
            continue;
        // Tar names come as "./usr/bin/tool" or "usr/bin/tool".
        std::string name(e.name);
        if (name.rfind("./", 0) == 0)
            name.erase(0, 1);
        else if (name.empty() || name.front() != '/')
            name.insert(name.begin(), '/');
        for (std::int32_t s = range->first; s <= range->second && static_cast<std::size_t>(s) < n; ++s) {
            const auto i = static_cast<std::size_t>(s);
            ++out->m_counts[i];
            if (out->m_names[i].size() < NamesPerSpan)
                out->m_names[i].push_back(name);
        }
    }
    return out;
}

const std::vector<std::string>& SpanFiles::names(int span) const
{
    static const std::vector<std::string> none;
    return span >= 0 && span < spanCount() ? m_names[static_cast<std::size_t>(span)] : none;
}

int SpanFiles::count(int span) const
{
    return span >= 0 && span < spanCount() ? m_counts[static_cast<std::size_t>(span)] : 0;
}

} // namespace sociscope::ui
