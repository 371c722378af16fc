// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"

#include "common/lazycore.h"
#include "fs/image_tree.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <vector>

namespace sociscope::ui {

// Drag-out without the daemon: small selections are fetched into a private
// staging folder first (a job on the Long lane: every span verified as it is
// read, each file's size checked afterwards), and the drag offers those local
// files; nothing is fetched at drop time, so the window never blocks. Larger
// selections are refused with the reason, for "Extract to…" instead. The
// staging folder is removed by a job when this object goes away (and
// folders left by a process that died, at the next start).
class DragStager final : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 MaxBytes = 64ll << 20;
    static constexpr int MaxFiles = 2000;

    explicit DragStager(JobPool& jobs, QObject* parent = nullptr);
    ~DragStager() override;

    // Why these entries cannot be dragged without the daemon, or "" when they
    // can. Walks the tree (in memory) and stops as soon as a limit is passed.
    static QString refusal(const fs::ImageTree& tree, const std::vector<fs::Ino>& inos);

    // The local files staged for key, or empty when not (yet) staged.
    [[nodiscard]] QList<QUrl> stagedUrls(const QString& key) const { return m_staged.value(key); }
    [[nodiscard]] bool isStaging(const QString& key) const { return !m_jobKey.isEmpty() && m_jobKey == key; }
    // Fetches paths into a fresh staging folder; staged() or stagingFailed()
    // follows. A different key cancels the staging in progress.
    void stage(const QString& key, std::shared_ptr<lazy::LazyImage> image, std::shared_ptr<const fs::ImageTree> tree,
               const QStringList& paths, quint64 totalBytes);
    // Drops every staged selection (another image is shown).
    void forget();
    [[nodiscard]] const QString& folder() const { return m_folder; }

signals:
    void progressed(const QString& key, quint64 bytes, quint64 totalBytes);
    void staged(const QString& key, const QList<QUrl>& urls);
    void stagingFailed(const QString& key, const QString& error);

private:
    // Removes folders on a job (a staged tree can be thousands of files).
    void remove(QStringList folders);

    JobPool& m_jobs;
    QString m_folder;
    int m_next = 0;
    QMap<QString, QList<QUrl>> m_staged;
    QStringList m_stagedFolders; // the folders behind m_staged
    JobHandle m_job;
    QString m_jobKey;
};

} // namespace sociscope::ui
