// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "soci/zinfo.h"
#include "util/result.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sociscope::soci {

// The library that inflates gzip spans from their checkpoints (section 3.6). Both give
// the same bytes for valid data; zlib is the reference, ISA-L's igzip is faster.
enum class Inflater { Zlib, Isal };

// "zlib" or "isal".
const char* inflaterName(Inflater inflater);

// Whether this build has the inflater: zlib always, ISA-L unless built with
// SOCISCOPE_WITH_ISAL=OFF.
bool inflaterAvailable(Inflater inflater);

// The inflaters this build has, the zlib reference first.
std::vector<Inflater> availableInflaters();

// The inflater that value (SOCISCOPE_INFLATE's syntax, "zlib" or "isal") names. When
// value is null, empty, unknown or names one this build lacks: ISA-L if the build has
// it (the faster), else zlib.
Inflater chooseInflater(const char* value);

// What span decompression uses unless told otherwise: chooseInflater on the
// SOCISCOPE_INFLATE environment variable, read once per process (warns once about an
// unknown value).
Inflater defaultInflater();

// Resumes decompression at checkpoint (section 3.6), drops the first skip uncompressed
// bytes, then fills out exactly and never writes past it. compressed starts at the
// checkpoint's compressed start (in - 1 when bits != 0) and may run across gzip member
// ends. Usage when the checkpoint's window is not 32 KiB or bits > 7; Malformed when the
// data is not valid deflate (or gzip past the first member end) or ends before out is
// full; Unsupported when this build lacks the inflater. Thread-safe; no shared state.
Status inflateInto(Inflater inflater, const GzipCheckpoint& checkpoint, std::string_view compressed, std::uint64_t skip,
    std::span<char> out);

} // namespace sociscope::soci
