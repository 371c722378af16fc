// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "common/lazycore.h"
#include "fs/extract.h"
#include "fs/image_tree.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace sociscope::ui {

class FetchProgress;

// What an extraction did.
struct ExtractOutcome {
    fs::ExtractResult result;
    bool cancelled = false;
    QString error; // empty on success
    QStringList written; // the top-level paths made under the destination
    qint64 elapsedMs = 0; // from start() to the end
};

// Extracts files and folders of an image into a local folder as a job on the
// pool's Long lane (an extraction lasts as long as the selection is big),
// with core's safe extraction rules. Each selected path lands under the
// destination by its own name ("/usr/share/doc" -> DEST/doc), as a file
// manager copies. Progress is reported at most ten times a second.
// Destroying the object cancels the job without waiting for it.
class ExtractJob final : public QObject {
    Q_OBJECT
public:
    ExtractJob(JobPool& jobs, std::shared_ptr<lazy::LazyImage> image, std::shared_ptr<const fs::ImageTree> tree,
               QStringList paths, QString destination, QObject* parent = nullptr);
    ~ExtractJob() override;

    // totalBytes: the selection's size, for the progress bar.
    void start(quint64 totalBytes);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const QString& destination() const { return m_destination; }
    [[nodiscard]] const QStringList& paths() const { return m_paths; }
    // What the extraction has fetched so far, against what it needs
    // (worked out when it starts); fetchProgressed() when it moves.
    [[nodiscard]] const FetchProgress& fetchProgress() const { return *m_fetch; }

    // Where path lands under destination.
    static QString targetOf(const QString& path, const QString& destination);

    // Called on the job's thread after each file: files and bytes so far, the file.
    using Progress = std::function<void(quint64 files, quint64 bytes, const QString& path)>;
    // The extraction itself, on the calling (job) thread; stops when *cancel
    // turns true. Shared with DragStager, which stages drags the same way.
    static ExtractOutcome extract(lazy::LazyImage& image, const std::shared_ptr<const fs::ImageTree>& tree,
                                  const QStringList& paths, const QString& destination, const std::atomic<bool>* cancel,
                                  const Progress& progress);

signals:
    void progressed(quint64 files, quint64 bytes, quint64 totalBytes, const QString& path);
    void fetchProgressed();
    void finished(const sociscope::ui::ExtractOutcome& outcome);

private:
    JobPool& m_jobs;
    std::shared_ptr<lazy::LazyImage> m_image;
    std::shared_ptr<const fs::ImageTree> m_tree;
    QStringList m_paths;
    QString m_destination;
    JobHandle m_job;
    FetchProgress* m_fetch;
    bool m_running = false;
};

} // namespace sociscope::ui
