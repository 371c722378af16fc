// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <QByteArray>
#include <QJsonObject>
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

// mkimage.py entries whose names are not text: /d/caf\xFF ("ff\n"),
// /d/new\nline ("nl\n"), /d/\x1B[31mred ("esc\n") and /d/ln\xFE -> caf\xFF
// (a byte that is not UTF-8 is a lone surrogate \udcXX for mkimage.py).
inline constexpr const char* kNamesOfAnyBytes = R"({"path": "d/caf\udcff", "data": "ff\n"},
  {"path": "d/new\nline", "data": "nl\n"},
  {"path": "d/\u001b[31mred", "data": "esc\n"},
  {"path": "d/ln\udcfe", "type": "symlink", "target": "caf\udcff"})";

// A std::string's bytes, as they are.
QByteArray toBytes(const std::string& s);
// The exact bytes of string field key of a sociscopectl (or fswalk) JSON
// object: its base64 "<key>Bytes" twin when there is one, else the UTF-8 of
// the string (docs/cli.md, "Names of any bytes").
QByteArray exactBytes(const QJsonObject& o, const QString& key);

} // namespace sociscope::test

// Skips the current test function, visibly, when the upstream fixtures are absent.
#define SOCISCOPE_REQUIRE_FIXTURES()                                                                          \
    do {                                                                                                      \
        if (sociscope::test::sociFixturesDir().empty())                                                       \
            QSKIP("../shared/fixtures/soci-upstream is absent: upstream golden data not available here");    \
    } while (0)
