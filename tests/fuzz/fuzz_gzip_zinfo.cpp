// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// libFuzzer target: see docs/testing.md. The body is shared with test_soci_fuzz_corpus.
#include "entrypoints.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (sociscope::fuzz::gzipZinfo(data, size) != 0)
        __builtin_trap();
    return 0;
}
