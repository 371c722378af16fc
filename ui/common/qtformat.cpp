// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "common/qtformat.h"

#include "oci/mediatypes.h"
#include "util/strings.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace sociscope::ui {

QStringList qsList(const std::vector<std::string>& v)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(v.size()));
    for (const auto& s : v)
        out << QString::fromStdString(s);
    return out;
}

QString Format::bytes(std::int64_t n)
{
    QString s = QString::fromStdString(str::humanBytes(static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0))));
    // "1.50 MiB" is "1,50 MiB" in German: the separator of the interface's
    // locale, whatever the C library's (QCoreApplication called setlocale).
    const QString point = QLocale().decimalPoint();
    for (QChar& c : s)
        if (c == QLatin1Char('.') || c == QLatin1Char(','))
            c = point.front();
    return s;
}

QString Format::shortDigest(const oci::Digest& d)
{
    if (d.empty())
        return {};
    return QString::fromStdString(d.algorithm() + ":" + d.shortHex());
}

QString Format::mediaType(const std::string& m)
{
    namespace mt = oci::mt;
    if (m == mt::OciLayerGzip || m == mt::DockerLayerGzip)
        return QStringLiteral("tar+gzip");
    if (m == mt::OciLayerZstd)
        return QStringLiteral("tar+zstd");
    if (m == mt::OciLayerTar || m == mt::DockerLayerTar)
        return QStringLiteral("tar");
    if (m == mt::DockerForeignLayerGzip)
        return tr("foreign tar+gzip");
    if (m == mt::OciManifest)
        return tr("OCI manifest");
    if (m == mt::DockerManifest)
        return tr("Docker manifest");
    if (m == mt::OciIndex)
        return tr("OCI image index");
    if (m == mt::DockerManifestList)
        return tr("Docker manifest list");
    if (m == mt::SociIndexV1)
        return tr("SOCI index v1");
    if (m == mt::SociIndexV2)
        return tr("SOCI index v2");
    return QString::fromStdString(m);
}

QString Format::time(const std::string& rfc3339)
{
    if (rfc3339.empty())
        return {};
    const QString text = QString::fromStdString(rfc3339);
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        // Go writes nanoseconds, which Qt does not parse: cut the fraction.
        static const QRegularExpression frac(QStringLiteral("\\.\\d+"));
        QString cut = text;
        cut.remove(frac);
        t = QDateTime::fromString(cut, Qt::ISODate);
    }
    if (!t.isValid())
        return text;
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString Format::dlcTimestamp(const std::string& ts)
{
    // YYYY-MM-DD-HH-MM-SS
    if (ts.size() != 19)
        return QString::fromStdString(ts);
    return QString::fromStdString(ts.substr(0, 10) + " " + ts.substr(11, 2) + ":" + ts.substr(14, 2));
}

} // namespace sociscope::ui
