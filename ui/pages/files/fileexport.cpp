// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// FilesPage, the way out of the image: Extract to… and drag-out (through the
// daemon's mount, or staged files where there is none). The page's tree,
// search, preview and cost preview are in filespage.cpp.
#include "pages/files/filespage.h"

#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/daemonmounts.h"
#include "jobs/dragstager.h"
#include "jobs/imagesession.h"
#include "models/filetreemodel.h"
#include "pages/files/filetreeview.h"
#include "pages/files/previewpane.h"

#include "common/lazycore.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>

namespace sociscope::ui {

bool FilesPage::isExtracting() const { return m_extract && m_extract->isRunning(); }

void FilesPage::cancelExtract()
{
    if (m_extract)
        m_extract->cancel();
}

void FilesPage::promptExtract()
{
    if (currentView()->selectedRows().isEmpty())
        return;
    QSettings settings;
    QString start = settings.value(QStringLiteral("files/extractFolder")).toString();
    if (start.isEmpty() || !QDir(start).exists())
        start = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Extract to"), start);
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("files/extractFolder"), dir);
    extractSelectionTo(dir);
}

void FilesPage::extractSelectionTo(const QString& folder)
{
    auto image = m_session.image();
    auto tree = currentTree();
    const QModelIndexList rows = currentView()->selectedRows();
    if (!image || !tree || rows.isEmpty())
        return;
    if (isExtracting()) {
        UserMessage m;
        m.kind = UserMessage::Kind::Information;
        m.text = tr("An extraction is running");
        m.hint = tr("Wait for it, or cancel it, before starting another.");
        emit messageRaised(m);
        return;
    }
    const Selection s = selection(rows);
    m_extract = std::make_unique<ExtractJob>(image, tree, s.paths, folder);
    m_extractLabel->setText(tr("Extracting %1 to %2…").arg(s.paths.size() == 1 ? s.paths.first().section(QLatin1Char('/'), -1)
                                                                            : tr("%n entry(s)", "", static_cast<int>(s.paths.size())),
                                                      QDir::toNativeSeparators(folder)));
    m_extractProgress->setRange(0, 0);
    m_extractBar->show();
    connect(m_extract.get(), &ExtractJob::progressed, this,
            [this](quint64 files, quint64 bytes, quint64 total, const QString& path) {
                if (total > 0) {
                    m_extractProgress->setRange(0, 1000);
                    m_extractProgress->setValue(static_cast<int>(std::min<quint64>(1000, bytes * 1000 / total)));
                }
                m_extractLabel->setText(tr("Extracting… %n file(s), %1 · %2", "", static_cast<int>(files))
                                            .arg(Format::bytes(static_cast<qint64>(bytes)), path));
            });
    connect(m_extract.get(), &ExtractJob::finished, this, [this](const ExtractOutcome& out) {
        m_extractBar->hide();
        UserMessage m;
        if (out.cancelled) {
            m.kind = UserMessage::Kind::Information;
            m.text = tr("Extraction cancelled");
            m.hint = tr("Files already written stay; none is left half-written.");
        } else if (!out.error.isEmpty()) {
            m.kind = UserMessage::Kind::Error;
            m.text = tr("Could not extract to %1").arg(m_extract->destination());
            m.cause = out.error;
        } else {
            const auto& failed = out.result.failed;
            m.kind = out.result.skipped.empty() && failed.empty() ? UserMessage::Kind::Information : UserMessage::Kind::Warning;
            m.text = tr("Extracted %n file(s), %1, to %2", "", static_cast<int>(out.result.files))
                         .arg(Format::bytes(static_cast<qint64>(out.result.bytes)), m_extract->destination());
            // Core's reason, in English like every cause line from core (translations/README.md).
            if (!failed.empty())
                m.cause = qs("not written: " + failed.front().first + ": " + failed.front().second +
                             (failed.size() > 1 ? " (and " + std::to_string(failed.size() - 1) + " more)" : ""));
            else if (!out.result.skipped.empty())
                m.cause = tr("%n entry(s) skipped for safety, e.g. %1: %2", "", static_cast<int>(out.result.skipped.size()))
                              .arg(qs(out.result.skipped.front().first), qs(out.result.skipped.front().second));
        }
        emit messageRaised(m);
        emit extractFinished(out);
    });
    m_extract->start(s.bytes);
}

QMimeData* FilesPage::dragData() { return dragDataFor(currentView()->selectedRows()); }

QString FilesPage::mountKey() const { return qs(m_session.platformImage().raw.digest.str()); }

QList<QUrl> FilesPage::urlsInMount(const QString& mountpoint, const QStringList& paths) const
{
    // Layer views are served under .layers/N of the same mount.
    const QString root = m_layer < 0 ? mountpoint : mountpoint + QStringLiteral("/.layers/") + QString::number(m_layer);
    QList<QUrl> urls;
    for (const QString& p : paths)
        urls << QUrl::fromLocalFile(p == QLatin1String("/") ? root : root + p);
    return urls;
}

QMimeData* FilesPage::dragDataFor(const QModelIndexList& rows)
{
    auto image = m_session.image();
    auto tree = currentTree();
    if (!image || !tree || rows.isEmpty())
        return nullptr;
    const Selection s = selection(rows);
    for (fs::Ino ino : s.inos)
        if (tree->valid(ino) && tree->inode(ino).whiteout) {
            const QString why = tr("A whiteout only marks a deletion: there is nothing to drag.");
            m_preview->setNote(why);
            emit dragRefused(why);
            return nullptr;
        }
    // Through the daemon: a path in the image's mount, whatever its size;
    // the file manager's reads fetch the spans.
    const QString key = mountKey();
    if (m_mounts->unavailable().isEmpty() && m_mounts->state(key) != DaemonMounts::State::Failed) {
        if (m_mounts->state(key) == DaemonMounts::State::Mounted) {
            auto* data = new QMimeData;
            data->setUrls(urlsInMount(m_mounts->mountpoint(key), s.paths));
            return data;
        }
        m_pendingDrag = QStringLiteral("mount:") + key;
        m_preview->setNote(tr("Preparing the drag: the Sociscope daemon is mounting this image…"));
        const QString host = m_session.host();
        m_mounts->mount(key, m_session.reference(), m_session.platformImage().platform(),
                        m_session.services().isPlainHttp(host), m_session.services().isInsecure(host));
        return nullptr;
    }
    const QString problem = m_mounts->unavailable().isEmpty() ? m_mounts->failure(key) : m_mounts->unavailable();
    return stagedDragData(s, problem);
}

QMimeData* FilesPage::stagedDragData(const Selection& s, const QString& daemonProblem)
{
    auto image = m_session.image();
    auto tree = currentTree();
    const QString why = DragStager::refusal(*tree, s.inos);
    if (!why.isEmpty()) {
        const QString text = daemonProblem.isEmpty() ? why : why + QLatin1Char(' ') + tr("(The daemon: %1.)").arg(daemonProblem);
        m_preview->setNote(text);
        emit dragRefused(text);
        return nullptr;
    }
    const QString key = QStringLiteral("%1:%2:%3").arg(m_session.generation()).arg(m_layer).arg(s.paths.join(QLatin1Char('\n')));
    const QList<QUrl> urls = m_stager->stagedUrls(key);
    if (!urls.isEmpty()) {
        auto* data = new QMimeData;
        data->setUrls(urls);
        return data;
    }
    m_pendingDrag = key;
    m_preview->setNote(tr("Preparing the drag: fetching %1 first…").arg(Format::bytes(static_cast<qint64>(s.bytes))));
    m_stager->stage(key, image, tree, s.paths, s.bytes);
    return nullptr;
}

void FilesPage::dragIsReady(const QList<QUrl>& urls)
{
    m_preview->setNote(tr("Ready to drag: drag it again to drop it in a folder."));
    emit dragReady();
    // Still holding the button over the view: the drag starts now.
    FileTreeView* view = currentView();
    if ((QGuiApplication::mouseButtons() & Qt::LeftButton) && view->viewport()->underMouse()) {
        auto* data = new QMimeData;
        data->setUrls(urls);
        m_preview->setNote({});
        view->startDragWith(data);
    }
}

void FilesPage::onStaged(const QString& key, const QList<QUrl>& urls)
{
    if (key != m_pendingDrag)
        return;
    m_pendingDrag.clear();
    dragIsReady(urls);
}

void FilesPage::onMounted(const QString& key, const QString& mountpoint)
{
    if (m_pendingDrag != QStringLiteral("mount:") + key || key != mountKey())
        return;
    m_pendingDrag.clear();
    const QModelIndexList rows = currentView()->selectedRows();
    if (rows.isEmpty())
        return;
    dragIsReady(urlsInMount(mountpoint, selection(rows).paths));
}

void FilesPage::onMountFailed(const QString& key, const QString& reason)
{
    if (m_pendingDrag != QStringLiteral("mount:") + key)
        return;
    m_pendingDrag.clear();
    UserMessage m;
    m.kind = UserMessage::Kind::Warning;
    m.text = tr("Drags go without the Sociscope daemon");
    m.cause = reason;
    m.hint = tr("Small files are fetched before the drag starts; use Extract to… (Ctrl+E) for large ones.");
    emit messageRaised(m);
    const QModelIndexList rows = currentView()->selectedRows();
    if (rows.isEmpty())
        return;
    if (std::unique_ptr<QMimeData> ready{stagedDragData(selection(rows), reason)})
        dragIsReady(ready->urls());
}

} // namespace sociscope::ui
