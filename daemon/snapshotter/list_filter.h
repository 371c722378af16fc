// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "meta_store.h"
#include "outcome.h"

#include <regex>
#include <string>
#include <vector>

namespace sociscope::snapshotter {

// The part of containerd's filter syntax (its filters package) a snapshot
// list needs: a list of filters, any of which may match; each filter is
// selectors joined by "," that must all match; a selector is FIELD,
// FIELD==VALUE, FIELD!=VALUE or FIELD~=REGEX, where FIELD is name, parent,
// kind (active, view, committed) or labels.KEY (KEY may be "quoted") and
// VALUE may be "quoted". Regexes are ECMAScript's, which agree with Go's
// RE2 on the simple patterns filters use.
class ListFilter final {
public:
    // InvalidArgument naming the filter that does not parse.
    static Outcome<ListFilter> parse(const std::vector<std::string>& filters);
    // Whether info passes (always, with no filters).
    [[nodiscard]] bool matches(const Info& info) const;

    struct Selector {
        std::vector<std::string> field; // {"name"} or {"labels", KEY}
        enum class Op { Present, Equal, NotEqual, Match } op = Op::Present;
        std::string value;
        std::regex regex;
    };

private:
    std::vector<std::vector<Selector>> m_any; // any of these conjunctions
};

} // namespace sociscope::snapshotter
