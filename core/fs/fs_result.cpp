// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "fs/fs_result.h"

#include <cerrno>
#include <sys/stat.h>

namespace sociscope::fs {

int errnoFor(const Error& e)
{
    switch (e.code) {
    case ErrorCode::NotFound:
        return ENOENT;
    case ErrorCode::Usage:
        return ENOTDIR;
    default:
        return EIO;
    }
}

std::uint32_t typeBits(FileType t)
{
    switch (t) {
    case FileType::Directory:
        return S_IFDIR;
    case FileType::Symlink:
        return S_IFLNK;
    case FileType::CharDevice:
        return S_IFCHR;
    case FileType::BlockDevice:
        return S_IFBLK;
    case FileType::Fifo:
        return S_IFIFO;
    case FileType::Regular:
        break;
    }
    return S_IFREG;
}

FsResult<XattrAnswer> xattrAnswer(std::string value, std::size_t size)
{
    XattrAnswer a;
    a.size = value.size();
    if (size == 0) {
        a.sizeOnly = true;
        return a;
    }
    if (size < value.size())
        return FsResult<XattrAnswer>::fail(ERANGE);
    a.bytes = std::move(value);
    return a;
}

} // namespace sociscope::fs
