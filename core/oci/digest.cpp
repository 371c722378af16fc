// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "oci/digest.h"

#include "util/fd.h"
#include "util/strings.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace sociscope::oci {

namespace {
bool isLowerHex(std::string_view s)
{
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}
} // namespace

Result<Digest> Digest::parse(std::string_view text)
{
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return makeError(ErrorCode::Malformed, "not a digest (expected algorithm:hex)", std::string(text));
    const std::string_view algo = text.substr(0, colon);
    const std::string_view hex = text.substr(colon + 1);
    size_t want = 0;
    if (algo == "sha256")
        want = 64;
    else if (algo == "sha512")
        want = 128;
    else {
        for (char c : algo)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '_' || c == '-'))
                return makeError(ErrorCode::Malformed, "not a digest (bad algorithm)", std::string(text));
        return makeError(ErrorCode::Unsupported, "unsupported digest algorithm " + std::string(algo),
                         std::string(text));
    }
    if (hex.size() != want || !isLowerHex(hex))
        return makeError(ErrorCode::Malformed,
                         "not a digest (" + std::string(algo) + " needs " + std::to_string(want) + " lowercase hex digits)",
                         std::string(text));
    Digest d;
    d.m_algorithm = std::string(algo);
    d.m_hex = std::string(hex);
    return d;
}

Digest Digest::sha256Of(std::string_view data)
{
    Hasher h("sha256");
    h.update(data);
    return h.finish();
}

struct Hasher::Impl {
    EVP_MD_CTX* ctx = nullptr;
    ~Impl()
    {
        if (ctx)
            EVP_MD_CTX_free(ctx);
    }
};

Hasher::Hasher(std::string_view algorithm) : m_impl(std::make_unique<Impl>()), m_algorithm(algorithm)
{
    m_impl->ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(m_impl->ctx, algorithm == "sha512" ? EVP_sha512() : EVP_sha256(), nullptr);
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(std::string_view data) { EVP_DigestUpdate(m_impl->ctx, data.data(), data.size()); }
void Hasher::update(const void* data, size_t size) { EVP_DigestUpdate(m_impl->ctx, data, size); }

Digest Hasher::finish()
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_impl->ctx, md, &len);
    auto d = Digest::parse(m_algorithm + ":" +
                           str::hex(std::string_view(reinterpret_cast<const char*>(md), len)));
    return d.ok() ? d.value() : Digest{};
}

Status verifyFile(const std::string& path, const Digest& expected, std::int64_t size)
{
    const util::Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file)
        return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                         std::string("cannot open: ") + std::strerror(errno), path);
    Hasher h(expected.algorithm());
    std::vector<char> buf(1 << 20);
    std::int64_t total = 0;
    for (;;) {
        const ssize_t n = ::read(file.get(), buf.data(), buf.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return makeError(ErrorCode::Io, std::string("cannot read: ") + std::strerror(errno), path);
        if (n == 0)
            break;
        h.update(buf.data(), static_cast<size_t>(n));
        total += n;
    }
    if ((size >= 0 && total != size) || h.finish() != expected)
        return makeError(ErrorCode::Integrity, "file does not match its digest " + expected.str(), path);
    return {};
}

Status verify(std::string_view data, const Digest& expected, std::string_view what)
{
    Hasher h(expected.algorithm());
    h.update(data);
    const Digest got = h.finish();
    if (got != expected)
        return makeError(ErrorCode::Integrity,
                         std::string(what) + " does not match its digest: expected " + expected.str() + ", got " +
                             got.str(),
                         expected.str());
    return {};
}

} // namespace sociscope::oci
