// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "jobs/extractjob.h"

#include "fs/image_tree.h"

#include <QList>
#include <QStringList>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QMimeData;
class QProgressBar;
class QToolButton;

namespace sociscope::ui {

class DaemonMounts;
class DragStager;
class ImageSession;
class PreviewPane;

// Entries selected in the Files tab.
struct FileSelection {
    std::vector<fs::Ino> inos;
    QStringList paths;
    quint64 bytes = 0; // of the regular files among them
};

// The way out of the Files tab: Extract to… (this widget is its progress
// bar, shown while an extraction runs) and drag-out — a path in the image's
// mount by the daemon, or files staged without it. Notes about a drag being
// prepared go to the preview pane.
class FileExport final : public QWidget {
    Q_OBJECT
public:
    // What the tab shows now: the tree, the layer (-1: merged), the selection.
    struct Shown {
        std::shared_ptr<const fs::ImageTree> tree;
        int layer = -1;
        FileSelection selection;
    };
    using ShownSource = std::function<Shown()>;

    FileExport(ImageSession& session, PreviewPane* preview, ShownSource shown, QWidget* parent = nullptr);
    ~FileExport() override;

    // Asks for a folder, then extracts the selection into it.
    void promptExtract();
    // The folder Extract to… opens in: the default of the preferences, else
    // the one used last, else Downloads, else home, whichever exists first (a fresh home may have no Downloads,
    // and the dialog then shows a path that is not there and disables Choose).
    static QString extractStartFolder();
    void extractTo(const QString& folder);
    [[nodiscard]] bool isExtracting() const;
    void cancelExtract();
    // What the extraction running has done ("" when none runs).
    [[nodiscard]] QString progressText() const;

    // Drag data for s when it is ready (the caller owns it); otherwise null,
    // having started to prepare it (dragReady() follows) or said why it
    // cannot be dragged (dragRefused()).
    QMimeData* dragData(const FileSelection& s);
    // Opens the one regular file selected with the desktop's default
    // application: fetched first into the private staging folder (lazily,
    // every span verified), as a drag without the daemon is; opened() or a
    // message follows.
    void openSelected();
    // Another image is shown: staged files and a drag in preparation go.
    void forget();
    [[nodiscard]] DaemonMounts* mounts() const { return m_mounts; }

signals:
    void messageRaised(const sociscope::ui::UserMessage& message);
    void dragReady(const QList<QUrl>& urls);
    void dragRefused(const QString& why);
    void opened(const QUrl& url); // handed to the desktop (or a URL handler)
    void extractFinished(const sociscope::ui::ExtractOutcome& outcome);

private:
    void onExtractFinished(const ExtractOutcome& out);
    void showProgress();
    void onStaged(const QString& key, const QList<QUrl>& urls);
    void onMounted(const QString& key, const QString& mountpoint);
    void onMountFailed(const QString& key, const QString& reason);
    void ready(const QList<QUrl>& urls);
    [[nodiscard]] QString mountKey() const;
    [[nodiscard]] QList<QUrl> urlsInMount(const QString& mountpoint, int layer, const QStringList& paths) const;
    QMimeData* stagedDragData(const Shown& shown, const QString& daemonProblem);

    ImageSession& m_session;
    PreviewPane* m_preview;
    ShownSource m_shown;
    QLabel* m_label;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    DragStager* m_stager;
    QString m_pendingOpen; // the staging key of a file to open once staged
    DaemonMounts* m_mounts;
    std::unique_ptr<ExtractJob> m_extract;
    QString m_extracting; // "Extracting x to y"
    struct Written {
        quint64 files = 0, bytes = 0, total = 0;
    } m_written;
    QString m_pendingDrag;
};

} // namespace sociscope::ui
