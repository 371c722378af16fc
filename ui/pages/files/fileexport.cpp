// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "pages/files/fileexport.h"

#include "app/preferences.h"
#include "app/services.h"
#include "common/qtformat.h"
#include "jobs/daemonmounts.h"
#include "jobs/dragstager.h"
#include "jobs/fetchprogress.h"
#include "jobs/imagesession.h"
#include "pages/files/previewpane.h"

#include "common/lazycore.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>

#include <algorithm>
#include <string>

namespace sociscope::ui {

FileExport::FileExport(ImageSession& session, PreviewPane* preview, ShownSource shown, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_preview(preview),
      m_shown(std::move(shown)),
      m_label(new QLabel(this)),
      m_progress(new QProgressBar(this)),
      m_cancel(new QToolButton(this)),
      m_stager(new DragStager(session.services().jobs(), this)),
      m_mounts(new DaemonMounts(session.services().jobs(), this))
{
    m_label->setObjectName(QStringLiteral("extractProgress"));
    m_label->setWordWrap(true);
    m_progress->setMaximumWidth(260);
    m_progress->setMaximumHeight(14);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    hide();

    connect(m_cancel, &QToolButton::clicked, this, &FileExport::cancelExtract);
    connect(m_stager, &DragStager::staged, this, &FileExport::onStaged);
    connect(m_mounts, &DaemonMounts::mounted, this, &FileExport::onMounted);
    connect(m_mounts, &DaemonMounts::failed, this, &FileExport::onMountFailed);
    connect(m_stager, &DragStager::progressed, this, [this](const QString& key, quint64 bytes, quint64 total) {
        if (key == m_pendingDrag)
            m_preview->setNote(tr("Preparing the drag: %1 of %2 fetched…").arg(Format::bytes(static_cast<qint64>(bytes)),
                                                                            Format::bytes(static_cast<qint64>(total))));
    });
    connect(m_stager, &DragStager::stagingFailed, this, [this](const QString& key, const QString& error) {
        if (key == m_pendingOpen) {
            m_pendingOpen.clear();
            m_preview->setNote({});
            UserMessage m;
            m.text = tr("Could not open the file");
            m.cause = error;
            emit messageRaised(m);
            return;
        }
        if (key != m_pendingDrag)
            return;
        m_pendingDrag.clear();
        m_preview->setNote(tr("Could not prepare the drag: %1").arg(error));
        emit dragRefused(error);
    });
}

FileExport::~FileExport() = default;

bool FileExport::isExtracting() const { return m_extract && m_extract->isRunning(); }

void FileExport::cancelExtract()
{
    if (m_extract)
        m_extract->cancel();
}

void FileExport::forget()
{
    m_stager->forget();
    m_pendingDrag.clear();
    m_pendingOpen.clear();
}

void FileExport::promptExtract()
{
    if (m_shown().selection.paths.isEmpty())
        return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Extract to"), extractStartFolder());
    if (dir.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("files/extractFolder"), dir);
    extractTo(dir);
}

QString FileExport::extractStartFolder()
{
    const QSettings settings;
    for (const QString& dir : {Preferences::load(settings).extractFolder,
                               settings.value(QStringLiteral("files/extractFolder")).toString(),
                               QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)})
        if (!dir.isEmpty() && QDir(dir).exists())
            return dir;
    return QDir::homePath();
}

void FileExport::extractTo(const QString& folder)
{
    auto image = m_session.image();
    const Shown shown = m_shown();
    const FileSelection& s = shown.selection;
    if (!image || !shown.tree || s.paths.isEmpty())
        return;
    if (isExtracting()) {
        UserMessage m;
        m.kind = UserMessage::Kind::Information;
        m.text = tr("An extraction is running");
        m.hint = tr("Wait for it, or cancel it, before starting another.");
        emit messageRaised(m);
        return;
    }
    m_extract = std::make_unique<ExtractJob>(m_session.services().jobs(), image, shown.tree, s.paths, folder);
    m_extracting = tr("Extracting %1 to %2").arg(s.paths.size() == 1 ? s.paths.first().section(QLatin1Char('/'), -1)
                                                                     : tr("%n entry(s)", "", static_cast<int>(s.paths.size())),
                                               QDir::toNativeSeparators(folder));
    m_written = {};
    m_progress->setRange(0, 0);
    showProgress();
    show();
    connect(m_extract.get(), &ExtractJob::progressed, this,
            [this, total = s.bytes](quint64 files, quint64 bytes, quint64, const QString&) {
                m_written = {files, bytes, total};
                showProgress();
            });
    connect(m_extract.get(), &ExtractJob::fetchProgressed, this, &FileExport::showProgress);
    connect(m_extract.get(), &ExtractJob::finished, this, &FileExport::onExtractFinished);
    m_extract->start(s.bytes);
}

void FileExport::showProgress()
{
    if (!m_extract)
        return;
    // The network is what takes the time: its bytes, rate and time left lead;
    // what is written follows. Nothing to fetch: the written bytes give the bar.
    const FetchProgress& fetch = m_extract->fetchProgress();
    QString text = m_extracting + QStringLiteral(" · ") + fetch.text();
    if (m_written.files > 0)
        text += QStringLiteral(" · ") + tr("%n file(s) written, %1", "", static_cast<int>(m_written.files))
                                            .arg(Format::bytes(static_cast<qint64>(m_written.bytes)));
    m_label->setText(text);
    int permille = fetch.permille();
    if (fetch.total() == 0 && m_written.total > 0)
        permille = static_cast<int>(std::min<quint64>(1000, m_written.bytes * 1000 / m_written.total));
    if (permille >= 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(permille);
    }
}

QString FileExport::progressText() const { return isVisible() || isExtracting() ? m_label->text() : QString(); }

void FileExport::onExtractFinished(const ExtractOutcome& out)
{
    hide();
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
}

QString FileExport::mountKey() const { return qs(m_session.platformImage().raw.digest.str()); }

QList<QUrl> FileExport::urlsInMount(const QString& mountpoint, int layer, const QStringList& paths) const
{
    // Layer views are served under .layers/N of the same mount.
    const QString root = layer < 0 ? mountpoint : mountpoint + QStringLiteral("/.layers/") + QString::number(layer);
    QList<QUrl> urls;
    for (const QString& p : paths)
        urls << QUrl::fromLocalFile(p == QLatin1String("/") ? root : root + p);
    return urls;
}

QMimeData* FileExport::dragData(const FileSelection& s)
{
    auto image = m_session.image();
    Shown shown = m_shown();
    const auto& tree = shown.tree;
    if (!image || !tree || s.paths.isEmpty())
        return nullptr;
    shown.selection = s;
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
            data->setUrls(urlsInMount(m_mounts->mountpoint(key), shown.layer, s.paths));
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
    return stagedDragData(shown, problem);
}

QMimeData* FileExport::stagedDragData(const Shown& shown, const QString& daemonProblem)
{
    const FileSelection& s = shown.selection;
    const QString why = DragStager::refusal(*shown.tree, s.inos);
    if (!why.isEmpty()) {
        const QString text = daemonProblem.isEmpty() ? why : why + QLatin1Char(' ') + tr("(The daemon: %1.)").arg(daemonProblem);
        m_preview->setNote(text);
        emit dragRefused(text);
        return nullptr;
    }
    const QString key =
        QStringLiteral("%1:%2:%3").arg(m_session.generation()).arg(shown.layer).arg(s.paths.join(QLatin1Char('\n')));
    const QList<QUrl> urls = m_stager->stagedUrls(key);
    if (!urls.isEmpty()) {
        auto* data = new QMimeData;
        data->setUrls(urls);
        return data;
    }
    m_pendingDrag = key;
    m_preview->setNote(tr("Preparing the drag: fetching %1 first…").arg(Format::bytes(static_cast<qint64>(s.bytes))));
    m_stager->stage(key, m_session.image(), shown.tree, s.paths, s.bytes);
    return nullptr;
}

void FileExport::ready(const QList<QUrl>& urls)
{
    m_preview->setNote(tr("Ready to drag: drag it again to drop it in a folder."));
    emit dragReady(urls);
}

void FileExport::openSelected()
{
    const Shown shown = m_shown();
    const FileSelection& s = shown.selection;
    if (s.inos.size() != 1 || !shown.tree || shown.tree->inode(s.inos.front()).type != fs::FileType::Regular)
        return;
    const QString why = DragStager::refusal(*shown.tree, s.inos);
    if (!why.isEmpty()) {
        UserMessage m;
        m.kind = UserMessage::Kind::Warning;
        m.text = tr("Could not open %1").arg(s.paths.front());
        m.cause = why;
        emit messageRaised(m);
        return;
    }
    // Its own key: a drag of the same file in preparation is not taken over.
    m_pendingOpen = QStringLiteral("open:%1:%2:%3").arg(m_session.generation()).arg(shown.layer).arg(s.paths.front());
    if (const QList<QUrl> urls = m_stager->stagedUrls(m_pendingOpen); !urls.isEmpty()) {
        onStaged(m_pendingOpen, urls);
        return;
    }
    m_preview->setNote(tr("Opening: fetching %1 first…").arg(Format::bytes(static_cast<qint64>(s.bytes))));
    m_stager->stage(m_pendingOpen, m_session.image(), shown.tree, s.paths, s.bytes);
}

void FileExport::onStaged(const QString& key, const QList<QUrl>& urls)
{
    if (key == m_pendingOpen) {
        m_pendingOpen.clear();
        m_preview->setNote({});
        if (urls.isEmpty())
            return;
        if (QDesktopServices::openUrl(urls.front())) {
            emit opened(urls.front());
            return;
        }
        // No launcher (no desktop, xdg-open missing): say so, and where the file is.
        UserMessage m;
        m.kind = UserMessage::Kind::Warning;
        m.text = tr("No application could open %1").arg(urls.front().fileName());
        m.cause = tr("the desktop has no default application for it, or no launcher (xdg-open) is installed");
        m.hint = tr("It was fetched to %1; use Extract to… to keep a copy.").arg(urls.front().toLocalFile());
        emit messageRaised(m);
        return;
    }
    if (key != m_pendingDrag)
        return;
    m_pendingDrag.clear();
    ready(urls);
}

void FileExport::onMounted(const QString& key, const QString& mountpoint)
{
    if (m_pendingDrag != QStringLiteral("mount:") + key || key != mountKey())
        return;
    m_pendingDrag.clear();
    const Shown shown = m_shown();
    if (shown.selection.paths.isEmpty())
        return;
    ready(urlsInMount(mountpoint, shown.layer, shown.selection.paths));
}

void FileExport::onMountFailed(const QString& key, const QString& reason)
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
    const Shown shown = m_shown();
    if (shown.selection.paths.isEmpty())
        return;
    if (std::unique_ptr<QMimeData> data{stagedDragData(shown, reason)})
        ready(data->urls());
}

} // namespace sociscope::ui
