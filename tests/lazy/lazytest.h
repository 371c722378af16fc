// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// Shared helpers of the lazy-reading suites: generated images, the GNU tar
// oracle, and in-process readers.
#pragma once

#include "lazy/lazy_image.h"
#include "registry/source.h"
#include "servers.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sociscope::test {

// Writes spec (JSON text, "layout" filled in) with tests/tools/mkimage.py into
// dir/name and returns the layout path ("" and a warning on failure).
QString makeImage(const QString& dir, const QString& name, const QByteArray& layersJson, const QString& tag = QStringLiteral("t"));

// Pushes layout:t to repo:t (REGISTRY/NAME) and converts it to repo:t-soci
// with every layer given a zTOC of spanSize spans, the CLI caching in
// cliCache. "" on success, else what failed.
QString pushSoci(const QString& layout, const QString& repo, const QString& cliCache,
                 const QString& spanSize = QStringLiteral("65536"));

// The GNU tar reference tree of layout:tag, keyed by path; with layer >= 0,
// that layer's own tree as an overlayfs lower layer shows it.
std::map<QString, QJsonObject> oracleTree(const QString& layout, const QString& tag, const QString& scratch,
                                          int layer = -1);

// ls -R --json entries keyed by path.
std::map<QString, QJsonObject> lsTree(const QByteArray& lsJson);

// A LazyImage over a registry repository with its own cache folder.
std::shared_ptr<lazy::LazyImage> openLazy(const std::string& registry, const std::string& repo, const std::string& ref,
                                          const std::string& cacheDir);

QString sha256Hex(const std::string& data);

// A zTOC of an image, as `index info --json` names it.
struct ZtocBlob {
    int layer = -1;
    QString digest; // "sha256:…"
    qint64 size = 0;
};
// The zTOCs of ref's image (amd64), bottom layer first; empty (and a warning) on failure.
std::vector<ZtocBlob> ztocsOf(const QString& ref);
// A blob as the registry stores it (DIR/data/docker/registry/v2/blobs/…/data); empty when absent.
QByteArray storedBlob(const RegistryServer& registry, const QString& digest);

} // namespace sociscope::test
