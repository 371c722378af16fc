// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "lazy/startup_profile.h"
#include "models/spanmap.h"

#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace sociscope::ui {

class ImageSession;
class SpanMapView;

// The image's startup profile: what a recorded run (Run console's Record
// startup, `sociscopectl run --record-startup`, `sociscopectl record`) read
// before its first output or exit. The bytes needed at start against the
// image's, the time to the first output, per layer the spans and their
// bytes and the files behind each span, and a span map with those spans
// outlined. The newest saved profile of this platform image is shown (read
// again each time the tab is shown: a run may have saved one since);
// "Publish as Prefetch Artifact…" does what `index prefetch add --from`
// does, on a job.
class StartupProfileTab final : public QWidget {
    Q_OBJECT
public:
    explicit StartupProfileTab(ImageSession& session, QWidget* parent = nullptr);

    // Finds the newest saved profile of the session's image on a job, then
    // shows it (or says there is none); loaded() follows.
    void reload();
    // Shows the profile at path (false, and why on the tab, when it cannot be read).
    bool loadProfile(const QString& path);

    [[nodiscard]] const std::optional<lazy::StartupProfile>& profile() const { return m_profile; }
    [[nodiscard]] const QString& profilePath() const { return m_path; }
    [[nodiscard]] QTreeWidget* layers() const { return m_layers; }
    [[nodiscard]] const SpanMapModel& spanMap() const { return m_map; }
    [[nodiscard]] SpanMapView* spanMapView() const { return m_mapView; }
    [[nodiscard]] QPushButton* publishButton() const { return m_publish; }
    [[nodiscard]] QString summaryText() const;

signals:
    // reload() finished: a profile is shown, or none.
    void loaded();
    // Publish finished: ok, and the line shown.
    void published(bool ok, const QString& text);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void show(const lazy::StartupProfile& profile);
    void showNone(const QString& why);
    void publish();

    ImageSession& m_session;
    std::optional<lazy::StartupProfile> m_profile;
    QString m_path;
    std::uint64_t m_generation = 0; // of reload()s: an older one's answer is dropped
    SpanMapModel m_map;
    QLabel* m_summary;
    QTreeWidget* m_layers;
    SpanMapView* m_mapView;
    QPushButton* m_publish;
    QLabel* m_result;
};

} // namespace sociscope::ui
