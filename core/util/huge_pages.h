// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sys/mman.h>

namespace sociscope::util {

// An allocator for large arrays that are filled once and read at random (a
// million-entry tree's inodes, a hash index): blocks of 4 MiB and more are
// marked MADV_HUGEPAGE before first use, so the kernel backs them with 2 MiB
// pages where transparent huge pages are enabled ("madvise" or "always"). One
// page fault then maps 2 MiB instead of 4 KiB, and random reads miss the TLB
// far less. Elsewhere it is std::allocator; the hint is only a hint.
template<typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template<typename U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept
    {
    }

    T* allocate(std::size_t n)
    {
        T* p = std::allocator<T>().allocate(n);
        constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= 2 * kHuge) {
            const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
            const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
            if (begin < end)
                ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE); // failure: 4 KiB pages, as without
        }
        return p;
    }
    void deallocate(T* p, std::size_t n) noexcept { std::allocator<T>().deallocate(p, n); }

    friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) noexcept { return true; }
};

} // namespace sociscope::util
