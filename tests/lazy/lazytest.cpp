// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "lazytest.h"

#include "oci/digest.h"
#include "testenv.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

namespace sociscope::test {

QString makeImage(const QString& dir, const QString& name, const QByteArray& layersJson, const QString& tag)
{
    const QString layout = dir + "/" + name;
    const QString spec = dir + "/" + name + ".json";
    QFile f(spec);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write("{\"layout\": \"" + layout.toUtf8() + "\", \"tag\": \"" + tag.toUtf8() + "\", \"layers\": " + layersJson + "}");
    f.close();
    const auto r = run(QStringLiteral("/usr/bin/python3"),
                       {QString::fromStdString(sourceDir()) + "/tests/tools/mkimage.py", spec});
    if (r.exitCode != 0) {
        qWarning("mkimage.py failed: %s", r.err.constData());
        return {};
    }
    return layout;
}

QString pushSoci(const QString& layout, const QString& repo, const QString& cliCache, const QString& spanSize)
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SOCISCOPE_CACHE_DIR"), cliCache);
    auto r = ctl({QStringLiteral("copy"), "oci:" + layout + ":t", repo + ":t"}, 120000, env);
    if (r.exitCode != 0)
        return "copy: " + QString::fromUtf8(r.err);
    r = ctl({QStringLiteral("index"), QStringLiteral("convert"), repo + ":t", repo + ":t-soci", QStringLiteral("--span-size"),
             spanSize, QStringLiteral("--min-layer-size"), QStringLiteral("0")},
            120000, env);
    if (r.exitCode != 0)
        return "index convert: " + QString::fromUtf8(r.err);
    return {};
}

std::map<QString, QJsonObject> oracleTree(const QString& layout, const QString& tag, const QString& scratch, int layer)
{
    std::map<QString, QJsonObject> out;
    QStringList args{QString::fromStdString(sourceDir()) + "/tests/tools/oracle_tree.py", layout, tag, scratch};
    if (layer >= 0)
        args << QStringLiteral("--layer") << QString::number(layer);
    const auto r = run(QStringLiteral("/usr/bin/python3"), args);
    if (r.exitCode != 0) {
        qWarning("oracle_tree.py failed: %s", r.err.constData());
        return out;
    }
    for (const auto& v : QJsonDocument::fromJson(r.out).array())
        out[v.toObject().value(QStringLiteral("path")).toString()] = v.toObject();
    return out;
}

std::map<QString, QJsonObject> lsTree(const QByteArray& lsJson)
{
    std::map<QString, QJsonObject> out;
    for (const auto& v : QJsonDocument::fromJson(lsJson).object().value(QStringLiteral("entries")).toArray())
        out[v.toObject().value(QStringLiteral("path")).toString()] = v.toObject();
    return out;
}

std::shared_ptr<lazy::LazyImage> openLazy(const std::string& registry, const std::string& repo, const std::string& ref,
                                          const std::string& cacheDir)
{
    static registry::Session session;
    auto src = registry::makeRegistrySource(session.client(registry), repo);
    lazy::LazyOptions o;
    o.cache = std::make_shared<lazy::DiskCache>(cacheDir);
    o.platform = oci::Platform{"amd64", "linux", {}, {}, {}};
    auto img = lazy::LazyImage::open(std::shared_ptr<registry::Source>(std::move(src)), ref, o);
    if (!img) {
        qWarning("LazyImage::open: %s", img.error().text().c_str());
        return nullptr;
    }
    return *img;
}

QString sha256Hex(const std::string& data) { return QString::fromStdString(oci::Digest::sha256Of(data).hex()); }

std::vector<ZtocBlob> ztocsOf(const QString& ref)
{
    std::vector<ZtocBlob> out;
    const auto r = ctl({QStringLiteral("index"), QStringLiteral("info"), ref, QStringLiteral("--json")});
    if (r.exitCode != 0) {
        qWarning("index info %s: %s", qPrintable(ref), r.err.constData());
        return out;
    }
    const auto images = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("images")).toArray();
    for (const auto& image : images) {
        if (!image.toObject().value(QStringLiteral("platform")).toString().endsWith(QLatin1String("amd64")))
            continue;
        for (const auto& l : image.toObject().value(QStringLiteral("layers")).toArray()) {
            const QJsonObject z = l.toObject().value(QStringLiteral("ztoc")).toObject();
            if (!z.isEmpty())
                out.push_back({l.toObject().value(QStringLiteral("index")).toInt(), z.value(QStringLiteral("digest")).toString(),
                               z.value(QStringLiteral("size")).toInteger()});
        }
    }
    return out;
}

QByteArray storedBlob(const RegistryServer& registry, const QString& digest)
{
    const QString hex = digest.section(QLatin1Char(':'), 1);
    QFile f(registry.dir() + "/data/docker/registry/v2/blobs/sha256/" + hex.left(2) + "/" + hex + "/data");
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace sociscope::test
