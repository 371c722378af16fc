// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "testenv.h"

#include "util/fd.h"

#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace sociscope::test {

std::string sharedDir()
{
    std::error_code ec;
    const auto p = std::filesystem::weakly_canonical(SOCISCOPE_SHARED_DIR, ec);
    return ec ? std::string(SOCISCOPE_SHARED_DIR) : p.string();
}

std::string sociFixturesDir()
{
    const std::string d = sharedDir() + "/fixtures/soci-upstream";
    return std::filesystem::is_directory(d) ? d : std::string();
}

std::string binDir() { return SOCISCOPE_BIN_DIR; }
std::string sourceDir() { return SOCISCOPE_SOURCE_DIR; }

bool makeSparseFile(const std::string& path, std::uint64_t size)
{
    const sociscope::util::Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    return fd && ::ftruncate(fd.get(), static_cast<off_t>(size)) == 0;
}

QByteArray toBytes(const std::string& s) { return QByteArray(s.data(), static_cast<qsizetype>(s.size())); }

QByteArray exactBytes(const QJsonObject& o, const QString& key)
{
    const QJsonValue twin = o.value(key + QStringLiteral("Bytes"));
    if (twin.isString())
        return QByteArray::fromBase64(twin.toString().toLatin1());
    return o.value(key).toString().toUtf8();
}

} // namespace sociscope::test
