// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Deterministic file contents that look like what image layers hold, shared by the
// benchmarks (bench_ztoc_build, bench_span_inflate).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>

namespace sociscope::bench {

// Roughly what image layers hold: source and config text (compresses ~4x), machine
// code and libraries (skewed bytes with repeats, ~2x), already-compressed data (1x).
class Content final {
public:
    explicit Content(std::uint64_t seed = 20240611)
        : m_rng(seed)
    {
    }

    std::string text(size_t n)
    {
        static const char* const kWords[] = { "int ", "return ", "static ", "const ", "void ", "if (", ") {\n", "}\n",
            "#include <", ">\n", "std::", "string ", "size_t ", "= ", "nullptr", "for (", "; ", "// ", "the ", "layer ",
            "value ", "\n    " };
        std::string s;
        s.reserve(n + 16);
        while (s.size() < n) {
            const std::uint64_t r = m_rng();
            s += kWords[r % 22];
            if ((r >> 8) % 7 == 0)
                s += std::to_string((r >> 16) % 100000);
        }
        s.resize(n);
        return s;
    }
    std::string binary(size_t n)
    {
        std::string s(n, '\0');
        size_t i = 0;
        while (i < n) {
            const std::uint64_t r = m_rng();
            if (r % 4 == 0 && i > 4096) { // copy an earlier run, as code and tables repeat
                const size_t len = std::min<size_t>(n - i, 8 + (r >> 8) % 120);
                const size_t from = i - 1 - (r >> 20) % 4000;
                for (size_t k = 0; k < len; ++k)
                    s[i + k] = s[from + k];
                i += len;
            } else { // skewed opcode-like bytes
                for (int k = 0; k < 8 && i < n; ++k, ++i) {
                    const auto b = static_cast<unsigned>((r >> (8 * k)) & 0xff);
                    s[i] = static_cast<char>(b < 96 ? 0 : b < 160 ? (b & 0x0f) | 0x40 : b);
                }
            }
        }
        return s;
    }
    std::string noise(size_t n)
    {
        std::string s(n, '\0');
        for (size_t i = 0; i < n; i += 8) {
            const std::uint64_t r = m_rng();
            std::memcpy(s.data() + i, &r, std::min<size_t>(8, n - i));
        }
        return s;
    }
    std::uint64_t next() { return m_rng(); }

private:
    std::mt19937_64 m_rng;
};

} // namespace sociscope::bench
