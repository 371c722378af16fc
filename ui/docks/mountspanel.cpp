// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#include "docks/mountspanel.h"

#include "common/qtformat.h"
#include "jobs/jobpool.h"
#include "widgets/views.h"

#include "paths.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <map>

namespace sociscope::ui {

MountListModel::MountListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int MountListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_mounts.size());
}

int MountListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MountListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const MountEntry& m = mount(index.row());
    if (role == Qt::ToolTipRole)
        return QString(tr("%1\nimage %2\nmount %3").arg(m.mountpoint, m.digest, m.id)
            + (m.runId.isEmpty() ? QString() : QLatin1Char('\n') + tr("made for run %1").arg(m.runId)));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ColumnMountpoint:
        return m.mountpoint;
    case ColumnReference:
        return m.runId.isEmpty() ? m.reference : tr("%1 (run %2)").arg(m.reference, m.runId.left(12));
    case ColumnLayers:
        return m.layers;
    case ColumnSince:
        return QDateTime::fromMSecsSinceEpoch(m.mountedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case ColumnBackground:
        return backgroundText(m);
    default:
        return {};
    }
}

QString MountListModel::backgroundText(const MountEntry& m)
{
    if (m.background.isEmpty() || m.background == QLatin1String("off"))
        return tr("off");
    const QString policy = m.background == QLatin1String("all") ? tr("whole image") : tr("up to %1").arg(m.background);
    if (m.imageBytes == 0)
        return policy;
    // "whole image: 42 % local, fetching"
    const double local = 100.0 * static_cast<double>(m.localBytes) / static_cast<double>(m.imageBytes);
    // The daemon's state names, in the user's language.
    static const std::map<QString, const char*> states { { QStringLiteral("waiting"), QT_TR_NOOP("waiting") },
        { QStringLiteral("fetching"), QT_TR_NOOP("fetching") }, { QStringLiteral("paused"), QT_TR_NOOP("paused") },
        { QStringLiteral("done"), QT_TR_NOOP("done") }, { QStringLiteral("budget spent"), QT_TR_NOOP("budget spent") },
        { QStringLiteral("failed"), QT_TR_NOOP("failed") } };
    const auto it = states.find(m.backgroundState);
    const QString state = it != states.end() ? tr(it->second) : m.backgroundState;
    return tr("%1: %2 % local, %3").arg(policy, QString::number(local, 'f', 0), state);
}

QVariant MountListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ColumnMountpoint:
        return tr("Folder");
    case ColumnReference:
        return tr("Image");
    case ColumnLayers:
        return tr("Layers");
    case ColumnSince:
        return tr("Mounted");
    case ColumnBackground:
        return tr("Background fetch");
    default:
        return {};
    }
}

void MountListModel::setMounts(std::vector<MountEntry> mounts)
{
    beginResetModel();
    m_mounts = std::move(mounts);
    endResetModel();
}

int MountListModel::rowOf(const QString& mountpoint) const
{
    for (std::size_t i = 0; i < m_mounts.size(); ++i)
        if (m_mounts[i].mountpoint == mountpoint)
            return static_cast<int>(i);
    return -1;
}

MountsPanel::MountsPanel(JobPool& jobs, QWidget* parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_model(new MountListModel(this))
    , m_view(new QTreeView(this))
    , m_note(new QLabel(this))
    , m_open(new QPushButton(tr("&Open Folder"), this))
    , m_unmount(new QPushButton(tr("&Unmount"), this))
    , m_refresh(new QPushButton(tr("Re&fresh"), this))
    , m_poll(new QTimer(this))
{
    m_poll->setSingleShot(true);
    m_poll->setInterval(2000);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (isVisible() && m_busy == 0)
            refresh();
    });
    m_unmount->setObjectName(QStringLiteral("unmountButton"));
    m_view->setModel(m_model);
    Views::setUpTable(m_view);
    m_view->header()->resizeSection(MountListModel::ColumnMountpoint, 260);
    m_view->header()->resizeSection(MountListModel::ColumnReference, 300);
    m_view->header()->resizeSection(MountListModel::ColumnLayers, 60);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_unmount);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(6, 6, 6, 6);
    l->addWidget(m_note);
    l->addWidget(m_view, 1);
    l->addLayout(buttons);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MountsPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MountsPanel::updateButtons);
    connect(m_refresh, &QPushButton::clicked, this, &MountsPanel::refresh);
    connect(m_unmount, &QPushButton::clicked, this, [this] { unmount(selectedMountpoint()); });
    connect(m_open, &QPushButton::clicked, this, [this] { openFolder(selectedMountpoint()); });
    connect(m_view, &QTreeView::activated, this,
        [this](const QModelIndex& i) { openFolder(m_model->mount(i.row()).mountpoint); });
    m_note->setText(tr("Mount an image from its page (Mount…) to browse it in your file manager; only the bytes "
                       "you open are fetched."));
    updateButtons();
}

QString MountsPanel::defaultFolder(const oci::Reference& ref)
{
    QString name = ref.isLayout ? qs(ref.layoutPath).section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty)
                                : qs(ref.repository).section(QLatin1Char('/'), -1);
    if (!ref.tag.empty())
        name += QLatin1Char('-') + qs(ref.tag);
    else if (!ref.digest.empty())
        name += QLatin1Char('-') + qs(ref.digest).section(QLatin1Char(':'), -1).left(12);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return qs(client::userRuntimeDir()) + QStringLiteral("/mounts/") + name;
}

void MountsPanel::setBusy(int delta)
{
    m_busy += delta;
    updateButtons();
}

QString MountsPanel::selectedMountpoint() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? m_model->mount(i.row()).mountpoint : QString();
}

void MountsPanel::updateButtons()
{
    const QModelIndex i = m_view->currentIndex();
    const bool selected = i.isValid() && m_view->selectionModel()->isSelected(i);
    m_open->setEnabled(selected);
    // A run's mount goes with its run.
    m_unmount->setEnabled(selected && m_model->mount(i.row()).runId.isEmpty());
    m_refresh->setEnabled(m_busy == 0);
}

void MountsPanel::refresh()
{
    const std::uint64_t generation = ++m_listGeneration;
    setBusy(1);
    m_jobs.run(
        this, [] { return DaemonJobs::list(); },
        [this, generation](MountList list) {
            setBusy(-1);
            if (generation != m_listGeneration)
                return;
            const QString current = selectedMountpoint();
            m_model->setMounts(std::move(list.mounts));
            if (const int row = m_model->rowOf(current); row >= 0)
                m_view->setCurrentIndex(m_model->index(row, 0));
            if (!list.error.isEmpty())
                m_note->setText(tr("No daemon answers, so nothing is mounted: %1").arg(list.error));
            else if (m_model->rowCount() == 0)
                m_note->setText(tr("Nothing is mounted. Mount an image from its page (Mount…)."));
            else
                m_note->setText(
                    tr("%n mount(s). Double-click one to open it in your file manager.", "", m_model->rowCount()));
            // While a background fetch runs, its progress is asked for again
            // every few seconds, as long as someone can see it.
            bool active = false;
            for (int r = 0; r < m_model->rowCount(); ++r)
                active = active || m_model->mount(r).backgroundState == QLatin1String("waiting")
                    || m_model->mount(r).backgroundState == QLatin1String("fetching");
            if (active && isVisible())
                m_poll->start();
            emit refreshed(list.error);
        });
}

void MountsPanel::mountImage(const oci::Reference& ref, const oci::Platform& platform, bool plainHttp, bool insecure,
    const QString& folder, const QString& background)
{
    setBusy(1);
    m_note->setText(tr("Mounting %1 at %2…").arg(qs(ref.str()), folder));
    m_jobs.run(
        this,
        [folder, ref, platform, plainHttp, insecure, background] {
            return DaemonJobs::mount(folder, ref, platform, plainHttp, insecure, false, background);
        },
        [this, ref](MountOutcome out) {
            setBusy(-1);
            if (out.mountpoint.isEmpty()) {
                UserMessage m;
                m.text = tr("Could not mount %1").arg(qs(ref.str()));
                m.cause = out.error;
                m.hint = tr("Mounts need FUSE (fusermount3) and sociscoped; see docs/daemon.md.");
                m.details = out.error;
                m_note->setText(m.text + QStringLiteral(": ") + out.error);
                emit messageRaised(m);
                emit mountFailed(out.error);
                return;
            }
            if (m_openFolder)
                openFolder(out.mountpoint);
            emit mounted(out.mountpoint);
            refresh();
        });
}

void MountsPanel::openFolder(const QString& folder)
{
    if (folder.isEmpty() || QDesktopServices::openUrl(QUrl::fromLocalFile(folder)))
        return;
    // No file manager (Qt found no launcher, xdg-open is missing): the mount
    // works, so say where it is rather than nothing at all.
    UserMessage m;
    m.kind = UserMessage::Kind::Information;
    m.text = tr("Mounted at %1").arg(folder);
    m.hint = tr("No file manager was found to open it: open the folder yourself, or copy its path.");
    m.copyText = folder;
    emit messageRaised(m);
}

void MountsPanel::unmount(const QString& mountpoint)
{
    if (mountpoint.isEmpty())
        return;
    setBusy(1);
    m_jobs.run(
        this,
        [mountpoint] {
            bool busy = false;
            QString error = DaemonJobs::unmount(mountpoint, &busy);
            return std::pair { error, busy };
        },
        [this, mountpoint](std::pair<QString, bool> r) {
            setBusy(-1);
            if (!r.first.isEmpty()) {
                UserMessage m;
                m.text = tr("Could not unmount %1").arg(mountpoint);
                m.cause = r.first;
                m.details = r.first;
                emit messageRaised(m);
            } else if (r.second) {
                UserMessage m;
                m.kind = UserMessage::Kind::Information;
                m.text = tr("%1 was busy: it is detached and goes once its open files are closed.").arg(mountpoint);
                emit messageRaised(m);
            }
            if (r.first.isEmpty())
                emit unmounted(mountpoint);
            refresh();
        });
}

} // namespace sociscope::ui
