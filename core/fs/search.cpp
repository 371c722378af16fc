// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/search.h"

#include "util/strings.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fnmatch.h>
#include <regex.h>

namespace sociscope::fs {

// POSIX regex: about five times faster than std::regex on a million short names.
struct SearchPredicate::Regex {
    regex_t re{};
    Regex() = default;
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;
    ~Regex() { regfree(&re); }
};

namespace {

// \d and \D are not POSIX; people type them anyway.
std::string translateRegex(std::string_view p)
{
    std::string out;
    out.reserve(p.size());
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '\\' && i + 1 < p.size()) {
            const char c = p[i + 1];
            if (c == 'd' || c == 'D') {
                out += c == 'd' ? "[0-9]" : "[^0-9]";
                ++i;
                continue;
            }
            out += p[i];
            out += c;
            ++i;
            continue;
        }
        out += p[i];
    }
    return out;
}

bool containsFolded(std::string_view hay, std::string_view needle)
{
    if (needle.empty())
        return true;
    if (hay.size() < needle.size())
        return false;
    const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    const char first = needle[0];
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        if (lower(hay[i]) != first)
            continue;
        size_t k = 1;
        while (k < needle.size() && lower(hay[i + k]) == needle[k])
            ++k;
        if (k == needle.size())
            return true;
    }
    return false;
}

} // namespace

Result<SearchPredicate> SearchPredicate::compile(const SearchQuery& query)
{
    SearchPredicate p;
    p.m_query = query;
    p.m_path = query.wholePath || query.pattern.find('/') != std::string::npos;
    p.m_folded = query.caseSensitive ? query.pattern : str::toLower(query.pattern);
    if (query.syntax == SearchQuery::Syntax::Regex && !query.pattern.empty()) {
        auto r = std::make_shared<Regex>();
        const std::string translated = translateRegex(query.pattern);
        const int flags = REG_EXTENDED | REG_NOSUB | (query.caseSensitive ? 0 : REG_ICASE);
        if (const int rc = regcomp(&r->re, translated.c_str(), flags); rc != 0) {
            char why[256];
            regerror(rc, &r->re, why, sizeof why);
            return makeError(ErrorCode::Usage, "not a regular expression: " + std::string(why), query.pattern);
        }
        p.m_regex = std::move(r);
    }
    if (query.minSize && query.maxSize && *query.minSize > *query.maxSize)
        return makeError(ErrorCode::Usage, "the smallest size asked for is larger than the largest");
    return p;
}

bool SearchPredicate::matchesEverything() const
{
    const auto& q = m_query;
    return q.pattern.empty() && !q.minSize && !q.maxSize && q.layers.empty() && !q.type && q.includeFolders;
}

bool SearchPredicate::matches(const ImageTree& tree, Ino ino, std::string_view name, std::string_view path) const
{
    const Inode& n = tree.inode(ino);
    const auto& q = m_query;
    if (!q.includeFolders && n.type == FileType::Directory)
        return false;
    if (q.type && n.type != *q.type)
        return false;
    if ((q.minSize || q.maxSize) && n.type != FileType::Regular)
        return false;
    if (q.minSize && n.size < *q.minSize)
        return false;
    if (q.maxSize && n.size > *q.maxSize)
        return false;
    if (!q.layers.empty() && std::find(q.layers.begin(), q.layers.end(), n.layer) == q.layers.end())
        return false;
    if (q.pattern.empty())
        return true;
    const std::string_view subject = m_path ? path : name;
    switch (q.syntax) {
    case SearchQuery::Syntax::Contains:
        return q.caseSensitive ? subject.find(m_folded) != std::string_view::npos : containsFolded(subject, m_folded);
    case SearchQuery::Syntax::Glob: {
        // fnmatch needs NUL-terminated strings; names are short, a small copy is cheap.
        const std::string s(subject);
        return fnmatch(q.pattern.c_str(), s.c_str(), q.caseSensitive ? 0 : FNM_CASEFOLD) == 0;
    }
    case SearchQuery::Syntax::Regex: {
        const std::string s(subject);
        return regexec(&m_regex->re, s.c_str(), 0, nullptr, 0) == 0;
    }
    }
    return false;
}

Result<SearchSummary> search(const ImageTree& tree, const SearchQuery& query, const SearchBatchHandler& onBatch,
                             const std::atomic<bool>* cancel, std::size_t batchSize, Ino from)
{
    auto pred = SearchPredicate::compile(query);
    if (!pred)
        return pred.error();
    if (!tree.valid(from) || tree.inode(from).type != FileType::Directory)
        return makeError(ErrorCode::NotFound, "not a folder of the image", tree.pathOf(from));
    batchSize = std::max<std::size_t>(batchSize, 1);

    SearchSummary summary;
    std::vector<SearchMatch> batch;
    batch.reserve(std::min<std::size_t>(batchSize, 4096));
    bool stop = false;
    const auto emit = [&](bool last) {
        if (batch.empty() || stop)
            return;
        if (!last && batch.size() < batchSize)
            return;
        if (!onBatch(std::move(batch))) {
            stop = true;
            summary.cancelled = true;
        }
        batch.clear();
    };

    // An explicit stack: image trees can be deeper than the thread's stack allows.
    struct Frame {
        const Child* next;
        const Child* end;
        std::size_t pathLength;
    };
    std::string path = from == kRootIno ? std::string() : tree.pathOf(from);
    std::vector<Frame> stack;
    const ChildList top = tree.children(from);
    stack.push_back({top.begin(), top.end(), path.size()});
    while (!stack.empty() && !stop) {
        Frame& f = stack.back();
        if (f.next == f.end) {
            stack.pop_back();
            continue;
        }
        const auto& [name, ino] = *f.next;
        ++f.next;
        path.resize(f.pathLength);
        path += '/';
        path += name;
        ++summary.visited;
        if ((summary.visited & 4095) == 0 && cancel && cancel->load(std::memory_order_relaxed)) {
            summary.cancelled = true;
            break;
        }
        if (pred->matches(tree, ino, name, path)) {
            batch.push_back({ino, path});
            ++summary.matched;
            if (query.limit && summary.matched >= query.limit) {
                summary.truncated = true;
                break;
            }
            emit(false);
        }
        if (const ChildList kids = tree.children(ino); !kids.empty())
            stack.push_back({kids.begin(), kids.end(), path.size()});
    }
    emit(true);
    return summary;
}

std::optional<std::int64_t> parseSize(std::string_view text)
{
    std::string t(str::trim(text));
    if (t.empty())
        return std::nullopt;
    size_t i = 0;
    while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.'))
        ++i;
    const std::string number = t.substr(0, i);
    std::string unit = str::toLower(str::trim(std::string_view(t).substr(i)));
    if (number.empty() || std::count(number.begin(), number.end(), '.') > 1)
        return std::nullopt;
    double value = 0;
    try {
        value = std::stod(number);
    } catch (...) {
        return std::nullopt;
    }
    if (!unit.empty() && unit.back() == 'b')
        unit.pop_back(); // "kb", "mib" -> "k", "mi"
    if (!unit.empty() && unit.back() == 'i')
        unit.pop_back();
    double scale = 1;
    if (unit.empty())
        scale = 1;
    else if (unit == "k")
        scale = 1024.0;
    else if (unit == "m")
        scale = 1024.0 * 1024;
    else if (unit == "g")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "t")
        scale = 1024.0 * 1024 * 1024 * 1024;
    else
        return std::nullopt;
    const double bytes = value * scale;
    if (!std::isfinite(bytes) || bytes > 9.0e18)
        return std::nullopt;
    return static_cast<std::int64_t>(std::llround(bytes));
}

} // namespace sociscope::fs
