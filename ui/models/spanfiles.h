// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/spans.h"
#include "soci/ztoc.h"

#include <memory>
#include <string>
#include <vector>

namespace sociscope::ui {

// Which files have data in each span of one layer, from its zTOC's TOC
// entries and span layout: the first few names per span and how many there
// are. Built on a job thread (a layer may list a million files); immutable
// afterwards.
class SpanFiles final {
public:
    static constexpr std::size_t NamesPerSpan = 6;

    static std::shared_ptr<const SpanFiles> build(const soci::Ztoc& ztoc, const soci::SpanIndex& spans);

    [[nodiscard]] int spanCount() const { return static_cast<int>(m_counts.size()); }
    // Up to NamesPerSpan paths ("/usr/bin/tool") with data in span s.
    [[nodiscard]] const std::vector<std::string>& names(int span) const;
    // How many files have data in span s.
    [[nodiscard]] int count(int span) const;

private:
    std::vector<std::vector<std::string>> m_names;
    std::vector<int> m_counts;
};

} // namespace sociscope::ui
