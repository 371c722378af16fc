// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "oci/digest.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace sociscope::ui {

inline QString qs(const std::string& s) { return QString::fromStdString(s); }
QStringList qsList(const std::vector<std::string>& v);

// Display helpers shared by the models.
class Format final {
    Q_DECLARE_TR_FUNCTIONS(Format)
public:
    // "1.5 MiB", "812 B".
    static QString bytes(std::int64_t n);
    // "sha256:0123456789ab".
    static QString shortDigest(const oci::Digest& d);
    // "tar+gzip" for application/vnd.oci.image.layer.v1.tar+gzip, and friendly
    // names for the other types we know.
    static QString mediaType(const std::string& mediaType);
    // RFC 3339 "2024-06-10T19:32:22.123Z" -> "2024-06-10 19:32"; as is when unparsable.
    static QString time(const std::string& rfc3339);
    // DLC timestamp "2024-06-10-19-32-22" -> "2024-06-10 19:32".
    static QString dlcTimestamp(const std::string& ts);
};

} // namespace sociscope::ui
