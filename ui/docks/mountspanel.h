// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
// ui/docks: the window's docks, about the daemon and what is fetched —
// mounts (this file), the run console (runconsole.h) and live fetches
// (fetchpanel.h).
#pragma once

#include "common/usermessage.h"
#include "jobs/daemonjobs.h"

#include "oci/image.h"
#include "oci/reference.h"

#include <QAbstractTableModel>
#include <QWidget>

#include <cstdint>
#include <vector>

class QLabel;
class QPushButton;
class QTimer;
class QTreeView;

namespace sociscope::ui {

class JobPool;

// The daemon's mounts, as ListMounts gives them: folder, image, layers, since.
class MountListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColumnMountpoint, ColumnReference, ColumnLayers, ColumnSince, ColumnBackground, ColumnCount };

    explicit MountListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setMounts(std::vector<MountEntry> mounts);
    [[nodiscard]] const MountEntry& mount(int row) const { return m_mounts[static_cast<std::size_t>(row)]; }
    // The row of a mountpoint, or -1.
    [[nodiscard]] int rowOf(const QString& mountpoint) const;
    // "whole image: 42 % local, fetching", "up to 64.0 MiB: …", "off".
    static QString backgroundText(const MountEntry& m);

private:
    std::vector<MountEntry> m_mounts;
};

// The Mounts dock: mounts an image through the daemon (a job; the daemon
// is started as `sociscopectl mount` starts it when none is there), opens
// the folder in the desktop's file manager, lists the daemon's mounts with
// Open and Unmount. Runs' own mounts are listed but left to their runs.
class MountsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit MountsPanel(JobPool& jobs, QWidget* parent = nullptr);

    // Mounts ref at folder (created when missing); mounted() or mountFailed()
    // follows. background: the daemon's background fetch policy ("" = its default).
    void mountImage(const oci::Reference& ref, const oci::Platform& platform, bool plainHttp, bool insecure,
        const QString& folder, const QString& background = {});
    // Asks the daemon for its mounts again.
    void refresh();
    void unmount(const QString& mountpoint);
    // Open a new mount's folder in the file manager (on by default; tests turn it off).
    void setOpensFileManager(bool open) { m_openFolder = open; }

    [[nodiscard]] MountListModel* model() const { return m_model; }
    [[nodiscard]] QTreeView* view() const { return m_view; }
    // Where Mount suggests mounting ref: a folder under the user's runtime folder.
    static QString defaultFolder(const oci::Reference& ref);

signals:
    void mounted(const QString& mountpoint);
    void mountFailed(const QString& error);
    void unmounted(const QString& mountpoint);
    // The list was read again (error "" when the daemon answered).
    void refreshed(const QString& error);
    void messageRaised(const sociscope::ui::UserMessage& message);

private:
    void updateButtons();
    void setBusy(int delta);
    [[nodiscard]] QString selectedMountpoint() const;
    // Opens folder in the file manager; says where it is when there is none.
    void openFolder(const QString& folder);

    JobPool& m_jobs;
    MountListModel* m_model;
    QTreeView* m_view;
    QLabel* m_note;
    QPushButton* m_open;
    QPushButton* m_unmount;
    QPushButton* m_refresh;
    std::uint64_t m_listGeneration = 0;
    QTimer* m_poll; // asks again while a background fetch runs
    int m_busy = 0;
    bool m_openFolder = true;
};

} // namespace sociscope::ui
