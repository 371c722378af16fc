// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "util/result.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sociscope::fs {

// What a person wants to know about an ELF binary without running it.
struct ElfSummary {
    int bits = 64;                 // 32 or 64
    bool littleEndian = true;
    std::uint16_t typeCode = 0;    // e_type
    std::uint16_t machineCode = 0; // e_machine
    std::uint8_t osAbiCode = 0;
    std::string type;              // "executable", "position-independent executable", "shared library", ...
    std::string machine;           // "x86-64", "AArch64", ... or "machine 1234"
    std::string osAbi;             // "System V", "GNU/Linux", "FreeBSD", ...
    std::uint64_t entry = 0;
    std::string interpreter;       // PT_INTERP: "/lib64/ld-linux-x86-64.so.2"; empty for static files
    bool dynamic = false;          // has a PT_DYNAMIC segment
    std::vector<std::string> needed; // DT_NEEDED, in order
    std::string soname;            // DT_SONAME
    std::string runpath;           // DT_RUNPATH, else DT_RPATH
    // Parts that could not be read (the rest of the summary stands): "dynamic section outside the file".
    std::vector<std::string> warnings;
};

// Reads bytes [offset, offset + length) of the file, clamped to its end.
using ElfByteReader = std::function<Result<std::string>(std::uint64_t offset, std::size_t length)>;

// True when head starts with the ELF magic.
bool looksLikeElf(std::string_view head);

// Reads the ELF header, the program headers, PT_INTERP and the dynamic
// section with its string table through `read`, in a few small reads (the
// first 64 KiB, then the dynamic section and its strings wherever they are).
// Every offset, count and size in the file is checked against fileSize and
// sane caps before it is used: a hostile file gives Malformed, never an
// out-of-bounds read. Read errors from `read` are passed on. bytesRead, when
// given, receives how many bytes were asked of `read`.
Result<ElfSummary> readElfSummary(const ElfByteReader& read, std::uint64_t fileSize, std::uint64_t* bytesRead = nullptr);

} // namespace sociscope::fs
