// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "widgets/referenceinput.h"

#include <QDir>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

namespace sociscope::ui {

namespace {

const QLatin1String ociPrefix("oci:");

bool looksLikePath(const QString& a)
{
    return a.startsWith(QLatin1Char('/')) || a == QLatin1String(".") || a == QLatin1String("..") ||
           a.startsWith(QLatin1String("./")) || a.startsWith(QLatin1String("../"));
}

QString layoutOf(const QString& path)
{
    QString p = QDir::cleanPath(path);
    if (p.endsWith(QLatin1String("/index.json")))
        p.chop(static_cast<int>(qstrlen("/index.json")));
    return ociPrefix + p;
}

} // namespace

QString ReferenceInput::fromArgument(const QString& argument, const QString& cwd)
{
    const QString a = argument.trimmed();
    if (a.startsWith(QLatin1String("file:"))) {
        const QUrl url(a);
        return url.isLocalFile() ? layoutOf(url.toLocalFile()) : a;
    }
    if (a.startsWith(ociPrefix)) {
        const QString rest = a.mid(ociPrefix.size());
        if (rest.isEmpty() || rest.startsWith(QLatin1Char('/')))
            return a;
        // oci:PATH[:TAG]: a tag never holds "/", so prefixing cwd leaves it be.
        return ociPrefix + QDir::cleanPath(cwd + QLatin1Char('/') + rest);
    }
    if (looksLikePath(a)) {
        const QFileInfo info(QDir(cwd), a);
        if (info.isDir() || info.fileName() == QLatin1String("index.json"))
            return layoutOf(info.absoluteFilePath());
    }
    return a;
}

QString ReferenceInput::fromMimeData(const QMimeData* mime)
{
    if (!mime)
        return {};
    if (mime->hasUrls()) {
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile())
                return layoutOf(url.toLocalFile());
    }
    if (mime->hasText()) {
        const QStringList lines = mime->text().split(QLatin1Char('\n'));
        for (const QString& line : lines) {
            const QString t = line.trimmed();
            if (t.isEmpty())
                continue;
            // One token: a sentence is not a reference.
            if (t.contains(QLatin1Char(' ')) || t.contains(QLatin1Char('\t')))
                return {};
            if (t.startsWith(QLatin1String("file:"))) {
                const QUrl url(t);
                return url.isLocalFile() ? layoutOf(url.toLocalFile()) : QString();
            }
            // A web link (a browser's drag) names a page, not an image.
            if (t.contains(QLatin1String("://")))
                return {};
            return t;
        }
    }
    return {};
}

} // namespace sociscope::ui
