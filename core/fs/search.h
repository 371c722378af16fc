// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "fs/image_tree.h"
#include "util/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::fs {

// What to look for in a tree. Every test that is set must pass.
struct SearchQuery {
    enum class Syntax {
        Contains, // the pattern appears in the name
        Glob,     // fnmatch(3): *, ?, [...]; the whole name must match
        Regex,    // POSIX extended regular expression (plus \d, \w, \s), found anywhere in the name
    };
    std::string pattern;            // empty: no name test
    Syntax syntax = Syntax::Contains;
    bool caseSensitive = false;
    // Test the absolute path ("/usr/lib/x.so") instead of the name. A pattern
    // holding '/' always tests the path.
    bool wholePath = false;
    std::optional<std::int64_t> minSize; // when set, only regular files of at least this size
    std::optional<std::int64_t> maxSize; // when set, only regular files of at most this size
    std::vector<std::int32_t> layers;    // non-empty: only entries made by one of these layers
    std::optional<FileType> type;        // only entries of this type
    bool includeFolders = true;          // false: folders never match (they are still walked)
    std::size_t limit = 0;               // stop after this many matches; 0: no limit
};

// One entry found: its inode and the path it was found under.
struct SearchMatch {
    Ino ino = 0;
    std::string path;
};

// How a search ended.
struct SearchSummary {
    std::uint64_t visited = 0; // entries tested
    std::uint64_t matched = 0;
    bool truncated = false;    // stopped at SearchQuery::limit
    bool cancelled = false;    // stopped by the cancel flag or by onBatch returning false
};

// A compiled query: the name test prepared once (regex compiled, case folded).
class SearchPredicate final {
public:
    // Usage error naming the problem for a regular expression that does not compile.
    static Result<SearchPredicate> compile(const SearchQuery& query);
    // Whether the entry passes every test; path is its absolute path.
    [[nodiscard]] bool matches(const ImageTree& tree, Ino ino, std::string_view name, std::string_view path) const;
    [[nodiscard]] const SearchQuery& query() const { return m_query; }
    // True when the query tests nothing: every entry matches.
    [[nodiscard]] bool matchesEverything() const;

private:
    struct Regex;
    SearchQuery m_query;
    std::string m_folded; // the pattern, lower case for case-insensitive Contains
    bool m_path = false;
    std::shared_ptr<const Regex> m_regex;
};

// Receives matches in batches; return false to stop the search.
using SearchBatchHandler = std::function<bool(std::vector<SearchMatch>&& batch)>;

// Walks the tree below `from` depth first, children in name order, and hands
// the matches to onBatch batchSize at a time (the rest in one last call).
// Stops early when *cancel turns true (checked every few thousand entries),
// when onBatch returns false, or at the query's limit. The tree must not
// change meanwhile (ImageTree is immutable once built). Fails only for a bad
// pattern (Usage) or a `from` that is not a folder (NotFound).
Result<SearchSummary> search(const ImageTree& tree, const SearchQuery& query, const SearchBatchHandler& onBatch,
                             const std::atomic<bool>* cancel = nullptr, std::size_t batchSize = 1024,
                             Ino from = kRootIno);

// Parses a size for a filter: "1500", "10k", "4.5M", "2 GiB" (powers of 1024). nullopt when unparsable.
std::optional<std::int64_t> parseSize(std::string_view text);

} // namespace sociscope::fs
