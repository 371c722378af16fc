// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "list_filter.h"

#include <optional>

namespace sociscope::snapshotter {

namespace {

using Selector = ListFilter::Selector;

// Reads a "quoted" string (with \" and \\) or a bare word up to one of stops.
std::optional<std::string> token(const std::string& s, std::size_t& i, const std::string& stops)
{
    std::string out;
    if (i < s.size() && s[i] == '"') {
        for (++i; i < s.size() && s[i] != '"'; ++i) {
            if (s[i] == '\\' && i + 1 < s.size())
                ++i;
            out += s[i];
        }
        if (i >= s.size())
            return std::nullopt; // no closing quote
        ++i;
        return out;
    }
    while (i < s.size() && stops.find(s[i]) == std::string::npos)
        out += s[i++];
    return out;
}

const char* kindName(Kind k)
{
    switch (k) {
    case Kind::View:
        return "view";
    case Kind::Active:
        return "active";
    case Kind::Committed:
        return "committed";
    }
    return "unknown";
}

std::optional<std::string> fieldValue(const Info& info, const std::vector<std::string>& field)
{
    if (field.size() == 1 && field[0] == "name")
        return info.name;
    if (field.size() == 1 && field[0] == "parent")
        return info.parent.empty() ? std::nullopt : std::optional(info.parent);
    if (field.size() == 1 && field[0] == "kind")
        return std::string(kindName(info.kind));
    if (field.size() == 2 && field[0] == "labels")
        if (const auto it = info.labels.find(field[1]); it != info.labels.end())
            return it->second;
    return std::nullopt;
}

std::optional<Selector> selector(const std::string& s, std::size_t& i)
{
    Selector sel;
    for (;;) {
        auto part = token(s, i, ".=!~,");
        if (!part || part->empty())
            return std::nullopt;
        sel.field.push_back(*part);
        if (i < s.size() && s[i] == '.') {
            ++i;
            continue;
        }
        break;
    }
    const bool known
        = (sel.field.size() == 1 && (sel.field[0] == "name" || sel.field[0] == "parent" || sel.field[0] == "kind"))
        || (sel.field.size() == 2 && sel.field[0] == "labels");
    if (!known)
        return std::nullopt;
    if (i >= s.size() || s[i] == ',')
        return sel;
    const std::string op = s.substr(i, 2);
    if (op == "==")
        sel.op = Selector::Op::Equal;
    else if (op == "!=")
        sel.op = Selector::Op::NotEqual;
    else if (op == "~=")
        sel.op = Selector::Op::Match;
    else
        return std::nullopt;
    i += 2;
    const bool quoted = i < s.size() && s[i] == '"';
    auto value = token(s, i, ",");
    if (!value || (value->empty() && !quoted))
        return std::nullopt;
    sel.value = *value;
    if (sel.op == Selector::Op::Match) {
        try {
            sel.regex = std::regex(sel.value, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
            return std::nullopt;
        }
    }
    return sel;
}

bool holds(const Selector& sel, const Info& info)
{
    auto v = fieldValue(info, sel.field);
    // A bottom layer's parent is "" to compare with (containerd finds the
    // remote snapshot of a first layer by `parent==""`), yet absent to `parent`.
    if (sel.op != Selector::Op::Present && sel.field.size() == 1 && sel.field[0] == "parent")
        v = info.parent;
    switch (sel.op) {
    case Selector::Op::Present:
        return v.has_value();
    case Selector::Op::Equal:
        return v && *v == sel.value;
    case Selector::Op::NotEqual:
        return !v || *v != sel.value;
    case Selector::Op::Match:
        return v && std::regex_search(*v, sel.regex);
    }
    return false;
}

} // namespace

Outcome<ListFilter> ListFilter::parse(const std::vector<std::string>& filters)
{
    ListFilter f;
    for (const auto& text : filters) {
        std::vector<Selector> all;
        std::size_t i = 0;
        while (i < text.size()) {
            auto sel = selector(text, i);
            if (!sel || (i < text.size() && text[i] != ','))
                return fail(Code::InvalidArgument,
                    "cannot read the snapshot filter \"" + text + "\" at position " + std::to_string(i)
                        + "; use FIELD, FIELD==VALUE, FIELD!=VALUE or FIELD~=REGEX with name, parent, kind or "
                          "labels.KEY");
            all.push_back(std::move(*sel));
            if (i < text.size())
                ++i; // the comma
        }
        if (!all.empty())
            f.m_any.push_back(std::move(all));
    }
    return f;
}

bool ListFilter::matches(const Info& info) const
{
    if (m_any.empty())
        return true;
    for (const auto& conj : m_any) {
        bool ok = true;
        for (const auto& sel : conj)
            ok = ok && holds(sel, info);
        if (ok)
            return true;
    }
    return false;
}

} // namespace sociscope::snapshotter
