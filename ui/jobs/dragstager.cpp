// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/dragstager.h"

#include "common/qtformat.h"
#include "jobs/extractjob.h"

#include "util/files.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <csignal>
#include <unistd.h>

namespace sociscope::ui {

namespace {

// Staging folders of earlier runs whose process is gone.
void removeStale(const QString& parent)
{
    const QDir dir(parent);
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool ok = false;
        const qint64 pid = name.section(QLatin1Char('-'), 0, 0).toLongLong(&ok);
        if (ok && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0)
            QDir(dir.filePath(name)).removeRecursively();
    }
}

} // namespace

DragStager::DragStager(QObject* parent) : QObject(parent)
{
    const QString parentDir = qs(files::cacheDir()) + QStringLiteral("/drag");
    removeStale(parentDir);
    m_folder = parentDir + QStringLiteral("/%1-%2").arg(::getpid()).arg(reinterpret_cast<quintptr>(this), 0, 16);
}

DragStager::~DragStager()
{
    m_job.reset(); // cancels and joins
    if (!m_folder.isEmpty())
        QDir(m_folder).removeRecursively();
}

QString DragStager::refusal(const fs::ImageTree& tree, const std::vector<fs::Ino>& inos)
{
    qint64 bytes = 0;
    int count = 0;
    std::vector<fs::Ino> pending(inos.begin(), inos.end());
    while (!pending.empty()) {
        const fs::Ino ino = pending.back();
        pending.pop_back();
        if (!tree.valid(ino))
            continue;
        const fs::Inode& n = tree.inode(ino);
        if (n.whiteout)
            return tr("A whiteout only marks a deletion: there is nothing to drag.");
        if (n.type == fs::FileType::Directory)
            for (const auto& [name, child] : n.children)
                pending.push_back(child);
        if (++count > MaxFiles)
            return tr("More than %L1 entries: too many to drag without the Sociscope daemon. Use Extract to… (Ctrl+E).")
                .arg(MaxFiles);
        if (n.type == fs::FileType::Regular)
            bytes += n.size;
        if (bytes > MaxBytes)
            return tr("Larger than %1: too large to drag without the Sociscope daemon. Use Extract to… (Ctrl+E).")
                .arg(Format::bytes(MaxBytes));
    }
    return {};
}

void DragStager::forget()
{
    m_job.reset();
    m_jobKey.clear();
    m_staged.clear();
    if (!m_folder.isEmpty())
        QDir(m_folder).removeRecursively();
}

void DragStager::stage(const QString& key, std::shared_ptr<lazy::LazyImage> image, std::shared_ptr<const fs::ImageTree> tree,
                       const QStringList& paths, quint64 totalBytes)
{
    if (m_staged.contains(key) || isStaging(key))
        return;
    m_job.reset();
    m_jobKey = key;
    const QString dir = m_folder + QLatin1Char('/') + QString::number(++m_next);
    if (!QDir().mkpath(dir)) {
        emit stagingFailed(key, tr("Cannot create the staging folder %1").arg(dir));
        return;
    }
    // What each top-level file must measure once written.
    QMap<QString, qint64> sizes;
    for (const QString& p : paths)
        if (auto ino = tree->resolve(p.toStdString(), false); ino && tree->inode(*ino).type == fs::FileType::Regular)
            sizes.insert(ExtractJob::targetOf(p, dir), tree->inode(*ino).size);
    m_job = std::make_unique<ExtractJob>(std::move(image), std::move(tree), paths, dir);
    connect(m_job.get(), &ExtractJob::progressed, this,
            [this, key](quint64, quint64 bytes, quint64 total, const QString&) { emit progressed(key, bytes, total); });
    connect(m_job.get(), &ExtractJob::finished, this, [this, key, sizes](const ExtractOutcome& out) {
        if (key != m_jobKey)
            return;
        // The job's thread has returned; it is joined when the next one starts.
        m_jobKey.clear();
        if (!out.error.isEmpty()) {
            if (!out.cancelled)
                emit stagingFailed(key, out.error);
            return;
        }
        QList<QUrl> urls;
        for (const QString& path : out.written) {
            const QFileInfo info(path);
            if (!info.exists() && !info.isSymLink()) {
                const auto& r = out.result;
                emit stagingFailed(key, tr("%1 was not written: %2")
                                            .arg(info.fileName(), !r.failed.empty()    ? qs(r.failed.front().second)
                                                                  : !r.skipped.empty() ? qs(r.skipped.front().second)
                                                                                       : tr("unknown reason")));
                return;
            }
            if (sizes.contains(path) && info.size() != sizes.value(path)) {
                emit stagingFailed(key, tr("%1 came out at %2 bytes instead of %3").arg(info.fileName()).arg(info.size()).arg(sizes.value(path)));
                return;
            }
            urls << QUrl::fromLocalFile(path);
        }
        m_staged.insert(key, urls);
        emit staged(key, urls);
    });
    m_job->start(totalBytes);
}

} // namespace sociscope::ui
