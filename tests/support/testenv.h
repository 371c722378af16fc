// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QString>
#include <QtTest>

#include <cstdint>
#include <string>

namespace sociscope::test {

// ../shared beside the source tree (found from CMAKE_SOURCE_DIR at configure time).
std::string sharedDir();
// ../shared/fixtures/soci-upstream, or "" when absent.
std::string sociFixturesDir();
// build/bin, where sociscopectl and friends are.
std::string binDir();
std::string sourceDir();
// Creates (or truncates) path as a sparse file of size bytes: holes, no data
// written. False when the file system cannot hold it.
bool makeSparseFile(const std::string& path, std::uint64_t size);

} // namespace sociscope::test

// Skips the current test function, visibly, when the upstream fixtures are absent.
#define SOCISCOPE_REQUIRE_FIXTURES()                                                                          \
    do {                                                                                                      \
        if (sociscope::test::sociFixturesDir().empty())                                                       \
            QSKIP("../shared/fixtures/soci-upstream is absent: upstream golden data not available here");    \
    } while (0)
