// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "image/layer_writer.h"

#include "oci/mediatypes.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

namespace sociscope::image {

struct LayerWriter::Impl {
    archive* a = nullptr;
    std::string out;
    bool finished = false;

    static la_ssize_t write(archive*, void* self, const void* buf, size_t n)
    {
        static_cast<Impl*>(self)->out.append(static_cast<const char*>(buf), n);
        return static_cast<la_ssize_t>(n);
    }
};

LayerWriter::LayerWriter() : m_impl(std::make_unique<Impl>())
{
    m_impl->a = archive_write_new();
    archive_write_set_format_pax_restricted(m_impl->a);
    archive_write_set_bytes_per_block(m_impl->a, 512);
    archive_write_set_bytes_in_last_block(m_impl->a, 1);
    archive_write_open(m_impl->a, m_impl.get(), nullptr, &Impl::write, nullptr);
}

LayerWriter::~LayerWriter()
{
    if (m_impl->a)
        archive_write_free(m_impl->a);
}

Status LayerWriter::add(const TarEntry& e)
{
    if (m_impl->finished)
        return makeError(ErrorCode::Internal, "layer tar already finished");
    archive_entry* ae = archive_entry_new();
    archive_entry_set_pathname(ae, e.path.c_str());
    unsigned type = AE_IFREG;
    switch (e.type) {
    case TarEntry::Type::File: type = AE_IFREG; break;
    case TarEntry::Type::Dir: type = AE_IFDIR; break;
    case TarEntry::Type::Symlink: type = AE_IFLNK; break;
    case TarEntry::Type::Hardlink: type = AE_IFREG; break;
    case TarEntry::Type::CharDevice: type = AE_IFCHR; break;
    case TarEntry::Type::BlockDevice: type = AE_IFBLK; break;
    case TarEntry::Type::Fifo: type = AE_IFIFO; break;
    }
    archive_entry_set_filetype(ae, type);
    archive_entry_set_perm(ae, e.mode & 07777);
    archive_entry_set_uid(ae, e.uid);
    archive_entry_set_gid(ae, e.gid);
    if (!e.uname.empty())
        archive_entry_set_uname(ae, e.uname.c_str());
    if (!e.gname.empty())
        archive_entry_set_gname(ae, e.gname.c_str());
    archive_entry_set_mtime(ae, e.mtime, 0);
    if (e.type == TarEntry::Type::Symlink)
        archive_entry_set_symlink(ae, e.linkTarget.c_str());
    if (e.type == TarEntry::Type::Hardlink) {
        archive_entry_set_hardlink(ae, e.linkTarget.c_str());
        archive_entry_set_size(ae, 0);
    } else if (e.type == TarEntry::Type::File) {
        archive_entry_set_size(ae, static_cast<la_int64_t>(e.data.size()));
    } else {
        archive_entry_set_size(ae, 0);
    }
    if (e.type == TarEntry::Type::CharDevice || e.type == TarEntry::Type::BlockDevice) {
        archive_entry_set_rdevmajor(ae, e.devMajor);
        archive_entry_set_rdevminor(ae, e.devMinor);
    }
    for (const auto& [k, v] : e.xattrs)
        archive_entry_xattr_add_entry(ae, k.c_str(), v.data(), v.size());
    int rc = archive_write_header(m_impl->a, ae);
    if (rc == ARCHIVE_OK && e.type == TarEntry::Type::File && !e.data.empty())
        if (archive_write_data(m_impl->a, e.data.data(), e.data.size()) < 0)
            rc = ARCHIVE_FATAL;
    archive_entry_free(ae);
    if (rc != ARCHIVE_OK)
        return makeError(ErrorCode::Internal, std::string("cannot write tar entry: ") + archive_error_string(m_impl->a),
                         e.path);
    return {};
}

Status LayerWriter::file(std::string path, std::string data, unsigned mode)
{
    TarEntry e;
    e.path = std::move(path);
    e.data = std::move(data);
    e.mode = mode;
    return add(e);
}

Status LayerWriter::dir(std::string path, unsigned mode)
{
    TarEntry e;
    e.type = TarEntry::Type::Dir;
    e.path = std::move(path);
    e.mode = mode;
    return add(e);
}

Status LayerWriter::symlink(std::string path, std::string target)
{
    TarEntry e;
    e.type = TarEntry::Type::Symlink;
    e.path = std::move(path);
    e.linkTarget = std::move(target);
    e.mode = 0777;
    return add(e);
}

Status LayerWriter::whiteout(const std::string& path)
{
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    return file(dir + ".wh." + base, {}, 0644);
}

Status LayerWriter::opaque(const std::string& dirPath)
{
    std::string d = dirPath;
    if (!d.empty() && d.back() != '/')
        d += '/';
    return file(d + ".wh..wh..opq", {}, 0644);
}

Result<std::string> LayerWriter::finishTar()
{
    if (!m_impl->finished) {
        if (archive_write_close(m_impl->a) != ARCHIVE_OK)
            return makeError(ErrorCode::Internal, std::string("cannot finish tar: ") + archive_error_string(m_impl->a));
        m_impl->finished = true;
    }
    return m_impl->out;
}

Result<std::string> gzip(std::string_view data, int level)
{
    z_stream zs{};
    // windowBits 31 = gzip wrapper; zlib writes mtime 0 and OS 3 (unix).
    if (deflateInit2(&zs, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return makeError(ErrorCode::Internal, "deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 64);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const size_t produced = out.size() - zs.avail_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return makeError(ErrorCode::Internal, "gzip compression failed");
    out.resize(produced);
    return out;
}

Result<Layer> compressLayer(std::string tar, Compression compression, int level)
{
    Layer l;
    l.diffId = oci::Digest::sha256Of(tar);
    switch (compression) {
    case Compression::Gzip: {
        auto gz = gzip(tar, level);
        if (!gz)
            return gz.error();
        l.blob = std::move(*gz);
        l.mediaType = std::string(oci::mt::OciLayerGzip);
        break;
    }
    case Compression::Zstd: {
        std::string out(ZSTD_compressBound(tar.size()), '\0');
        const size_t n = ZSTD_compress(out.data(), out.size(), tar.data(), tar.size(), level);
        if (ZSTD_isError(n))
            return makeError(ErrorCode::Internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
        out.resize(n);
        l.blob = std::move(out);
        l.mediaType = std::string(oci::mt::OciLayerZstd);
        break;
    }
    case Compression::None:
        l.blob = std::move(tar);
        l.mediaType = std::string(oci::mt::OciLayerTar);
        break;
    }
    l.digest = oci::Digest::sha256Of(l.blob);
    return l;
}

} // namespace sociscope::image
