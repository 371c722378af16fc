// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "jobs/dragstager.h"

#include "common/qtformat.h"
#include "jobs/extractjob.h"

#include "util/files.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <chrono>
#include <csignal>
#include <utility>

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

// What a staging job made: the local files, or why not.
struct Staging {
    QList<QUrl> urls;
    QString error;
    bool cancelled = false;
};

} // namespace

DragStager::DragStager(JobPool& jobs, QObject* parent) : QObject(parent), m_jobs(jobs)
{
    const QString parentDir = qs(files::cacheDir()) + QStringLiteral("/drag");
    m_folder = parentDir + QStringLiteral("/%1-%2").arg(::getpid()).arg(reinterpret_cast<quintptr>(this), 0, 16);
    m_jobs.post([parentDir] { removeStale(parentDir); });
}

DragStager::~DragStager()
{
    // A staging still running stops and removes its own folder; a race with
    // it may leave files behind, which the next start's sweep removes.
    m_job.cancel();
    remove({m_folder});
}

void DragStager::remove(QStringList folders)
{
    if (!folders.isEmpty())
        m_jobs.post([folders = std::move(folders)] {
            for (const QString& f : folders)
                QDir(f).removeRecursively();
        });
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
            for (const auto& [name, child] : tree.children(ino))
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
    m_job.cancel();
    m_jobKey.clear();
    m_staged.clear();
    remove(std::exchange(m_stagedFolders, {}));
}

void DragStager::stage(const QString& key, std::shared_ptr<lazy::LazyImage> image, std::shared_ptr<const fs::ImageTree> tree,
                       const QStringList& paths, quint64 totalBytes)
{
    if (m_staged.contains(key) || isStaging(key))
        return;
    m_job.cancel();
    m_jobKey = key;
    const QString dir = m_folder + QLatin1Char('/') + QString::number(++m_next);
    // What each top-level file must measure once written (the tree is in memory).
    QMap<QString, qint64> sizes;
    for (const QString& p : paths)
        if (auto ino = tree->resolve(p.toStdString(), false); ino && tree->inode(*ino).type == fs::FileType::Regular)
            sizes.insert(ExtractJob::targetOf(p, dir), tree->inode(*ino).size);
    m_job = m_jobs.run(
        JobPool::Lane::Long, this,
        [this, key, dir, sizes, image = std::move(image), tree = std::move(tree), paths, totalBytes](const JobContext& job) {
            Staging s;
            if (!QDir().mkpath(dir)) {
                s.error = tr("Cannot create the staging folder %1").arg(dir);
                return s;
            }
            auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
            const ExtractOutcome out = ExtractJob::extract(*image, tree, paths, dir, job.flag(), [&](quint64, quint64 bytes, const QString&) {
                const auto now = std::chrono::steady_clock::now();
                if (now - last < std::chrono::milliseconds(100))
                    return;
                last = now;
                // `this` only inside reports: they run on the GUI thread while it lives.
                job.report([this, key, bytes, totalBytes] { emit progressed(key, bytes, totalBytes); });
            });
            s.error = out.error;
            s.cancelled = out.cancelled;
            for (const QString& path : out.written) {
                if (!s.error.isEmpty())
                    break;
                const QFileInfo info(path);
                if (!info.exists() && !info.isSymLink()) {
                    const auto& r = out.result;
                    s.error = tr("%1 was not written: %2")
                                  .arg(info.fileName(), !r.failed.empty()    ? qs(r.failed.front().second)
                                                        : !r.skipped.empty() ? qs(r.skipped.front().second)
                                                                             : tr("unknown reason"));
                } else if (sizes.contains(path) && info.size() != sizes.value(path)) {
                    s.error = tr("%1 came out at %2 bytes instead of %3").arg(info.fileName()).arg(info.size()).arg(sizes.value(path));
                } else {
                    s.urls << QUrl::fromLocalFile(path);
                }
            }
            // Nothing half-staged stays behind.
            s.cancelled = s.cancelled || job.cancelled();
            if (!s.error.isEmpty() || s.cancelled) {
                s.urls.clear();
                QDir(dir).removeRecursively();
            }
            return s;
        },
        [this, key, dir](Staging s) {
            if (key != m_jobKey) {
                // Finished just before it was superseded: nobody will drag it.
                if (!s.urls.isEmpty())
                    remove({dir});
                return;
            }
            m_jobKey.clear();
            if (!s.error.isEmpty() || s.cancelled) {
                if (!s.cancelled)
                    emit stagingFailed(key, s.error);
                return;
            }
            m_staged.insert(key, s.urls);
            m_stagedFolders << dir;
            emit staged(key, s.urls);
        });
}

} // namespace sociscope::ui
