// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// What a filesystem operation answers, in the kernel's terms and without
// FUSE: a value or an errno, inode numbers, folder entries, extended
// attributes sized for the caller's buffer. lazy::ImageFs answers with these;
// the daemon's FUSE adaptor turns them into fuse_reply_* calls.
#pragma once

#include "fs/image_tree.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

namespace sociscope::fs {

// A value or an errno: what a filesystem operation answers.
template <typename T> class [[nodiscard]] FsResult {
public:
    FsResult(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    {
    }
    // err is a positive errno (ENOENT, EIO, ...).
    static FsResult fail(int err) { return FsResult(Errno { err }); }

    [[nodiscard]] bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    // The value; only when ok().
    T& operator*() { return std::get<0>(m_v); }
    const T& operator*() const { return std::get<0>(m_v); }
    T* operator->() { return &std::get<0>(m_v); }
    const T* operator->() const { return &std::get<0>(m_v); }
    // The errno; only when !ok().
    [[nodiscard]] int error() const { return std::get<1>(m_v).value; }

private:
    struct Errno {
        int value;
    };
    explicit FsResult(Errno e)
        : m_v(std::in_place_index<1>, e)
    {
    }
    std::variant<T, Errno> m_v;
};

// An inode number as the kernel sees it (FUSE node id and st_ino alike).
using NodeId = std::uint64_t;

// One entry of a folder listing, "." and ".." included.
struct DirListEntry {
    std::string name;
    NodeId ino = 0;
    std::uint32_t typeBits = 0; // S_IFDIR, S_IFREG, ...
};

// What getxattr/listxattr answer for a caller's buffer size: the size needed
// (size 0), the bytes, or ERANGE.
struct XattrAnswer {
    bool sizeOnly = false;
    std::size_t size = 0;
    std::string bytes;
};

// The answer for an attribute value (or a NUL-separated name list) given the
// caller's buffer size: the size needed when size is 0, ERANGE when the
// buffer is too small, the bytes otherwise.
FsResult<XattrAnswer> xattrAnswer(std::string value, std::size_t size);

// The errno for a core error met while answering: ENOENT for NotFound,
// ENOTDIR for Usage (a path through a non-folder), EIO for anything else.
int errnoFor(const Error& e);

// The S_IF* bits of a file type.
std::uint32_t typeBits(FileType t);

} // namespace sociscope::fs
