// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// The one libFuzzer target source: each fuzz_NAME executable is this file built with
// SOCISCOPE_FUZZ_TARGET="NAME" (tests/fuzz/CMakeLists.txt). The bodies live in the
// entry points, shared with test_fuzz_corpus; tools/fuzz builds and runs them.
#include "entrypoints.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const auto run = sociscope::fuzz::entryPoint(SOCISCOPE_FUZZ_TARGET);
    // A property of the target broke (the code says which): a finding, like a crash.
    if (!run || run(data, size) != 0)
        __builtin_trap();
    return 0;
}
