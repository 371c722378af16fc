// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/imageloader.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QTreeView;

namespace sociscope::ui {

class CoverageBar;
class PlatformModel;

// The image page's first tab: a SOCI card (index version, how it was
// found, a bar of the layers coloured by coverage), an image card (created,
// command, layers, size) and the entries of the document the user opened.
class ImageOverview final : public QWidget {
    Q_OBJECT
public:
    ImageOverview(PlatformModel* platforms, QWidget* parent = nullptr);

    // "Looking for a SOCI index…" until setDetails.
    void clear();
    void setImage(const registry::PlatformImage& image);
    // convertHint: the command that would make this image SOCI-enabled.
    void setDetails(const ImageDetails& details, const QString& convertHint);
    void setError(const QString& error);
    // Bytes of files upper layers overwrite or remove (once the layers are compared).
    void setWaste(qint64 bytes, qint64 files);
    // "1.2 MiB in 3 files overwritten or removed by upper layers".
    static QString wasteText(qint64 bytes, qint64 files);

    // "14.0 MiB of 15.0 MiB covered by SOCI (93 %)".
    static QString coverageText(const ImageDetails& details);
    // "1 of 4 layers read lazily".
    static QString lazyText(const ImageDetails& details);
    // One segment per layer, for CoverageBar.
    static void fillBar(CoverageBar* bar, const ImageDetails& details);

signals:
    // The user opened an image row of the entries table (index into ImageInfo::images).
    void platformActivated(int image);

private:
    QLabel* m_sociTitle;
    QLabel* m_sociText;
    CoverageBar* m_bar;
    QLabel* m_coverage;
    QLabel* m_created;
    QLabel* m_command;
    QLabel* m_layers;
    QLabel* m_wasted;
    QLabel* m_workdir;
    QLabel* m_config;
    QTreeView* m_entries;
};

} // namespace sociscope::ui
