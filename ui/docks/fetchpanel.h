// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/fetchfeed.h"
#include "models/fetchtimeline.h"
#include "models/spanmap.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QTimer;

namespace sociscope::ui {

class FetchChart;
class ImageSession;
class LayerModel;
class SpanMapView;

// The Fetches dock: what the image shown has fetched, live. A FetchChart of
// cumulative bytes and a span map per layer, fed by the image's in-process
// reads (Files, Inventory, previews) and by the daemon's event stream for
// every mount and run of the same image (by platform manifest digest).
// Events arrive in batches on the GUI thread (FetchEventQueue); the chart
// is sampled a few times a second.
class FetchPanel final : public QWidget {
    Q_OBJECT
public:
    explicit FetchPanel(QWidget* parent = nullptr);
    ~FetchPanel() override;

    // Follows the image page: its session (the platform image, its
    // in-process events) and its layers (span counts, files per span).
    void follow(ImageSession* session, LayerModel* layers);
    // Forgets what was shown and starts over for this platform image.
    void setImage(const QString& digest, int layers, qint64 imageBytes);
    // Starts listening to the daemon's events (once; reconnects by itself).
    void listenToDaemon();
    // Subscribed to a daemon's event stream now.
    [[nodiscard]] bool isListening() const { return m_daemonFeed && m_daemonFeed->isSubscribed(); }
    // Applies a batch of events (those of other images are dropped), as the
    // queue delivers them.
    void apply(const std::vector<FeedEvent>& events);
    // Takes a sample now (the timer does this every 250 ms).
    void sample();

    [[nodiscard]] const QString& digest() const { return m_digest; }
    [[nodiscard]] const FetchTimeline& timeline() const { return m_timeline; }
    [[nodiscard]] const SpanMapModel& spanMap() const { return m_spans; }
    [[nodiscard]] FetchChart* chart() const { return m_chart; }
    [[nodiscard]] SpanMapView* spanMapView() const { return m_spanView; }
    [[nodiscard]] FetchEventQueue* queue() const { return m_queue; }
    // "fetched 3.1 MiB of 814 MiB (0.4 %) · 1.2 MiB/s · 12 spans touched".
    [[nodiscard]] QString summaryText() const;

signals:
    // A batch of this image's events was applied.
    void eventsApplied(int count);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updateLayers();
    void subscribeSession();

    FetchTimeline m_timeline;
    std::uint64_t m_dropped = 0; // daemon events lost: the chart shows less than was fetched
    SpanMapModel m_spans;
    QString m_digest;
    QElapsedTimer m_clock;
    ImageSession* m_session = nullptr;
    LayerModel* m_layers = nullptr;
    std::shared_ptr<void> m_subscription; // to the session's LazyImage events
    FetchEventQueue* m_queue;
    std::unique_ptr<DaemonEventFeed> m_daemonFeed;
    FetchChart* m_chart;
    SpanMapView* m_spanView;
    QLabel* m_summary;
    QLabel* m_legend;
    QCheckBox* m_wholeScale;
    QTimer* m_timer;
};

} // namespace sociscope::ui
