// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "common/usermessage.h"
#include "jobs/jobpool.h"
#include "models/spantable.h"

#include "common/lazycore.h"
#include "diff/layer_changes.h"
#include "fs/image_tree.h"
#include "oci/reference.h"
#include "registry/inspect.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace sociscope::ui {

class Services;

// What each layer adds, modifies and removes, with the layer trees the marks
// index (the same objects loadLayerTree() gives).
struct LayerChangeSet {
    std::vector<std::shared_ptr<const fs::ImageTree>> views;
    diff::ImageChanges changes;
    // Layer i's marks, kept alive with the set; null if i is out of range.
    static std::shared_ptr<const diff::LayerChanges> of(const std::shared_ptr<const LayerChangeSet>& set, int layer);
};

// One platform image opened for lazy reading, shared by the Files and
// Inventory tabs: the LazyImage, its merged tree (from the zTOCs' TOC
// regions, fast but unverified, shown marked so), then the verified tree
// (the same object unless the preview was wrong) and span layout,
// and each layer's own tree on demand. Opens only when asked (a tab is
// shown), since layers without a zTOC must be fetched whole to list them;
// above a threshold it asks first. Every job carries the generation of the
// image it was started for; another image cancels them (their fetches stop)
// and their results are dropped. The LazyImage is released on a pool thread (its destructor joins
// fetch threads that may be waiting on the network).
class ImageSession final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Closed,       // nothing asked yet (or no image)
        Opening,      // resolving the image and reading its file list
        NeedsConsent, // listing would fetch many layers whole: consentNeeded() was emitted
        Open,         // the merged tree is in
        Failed,       // openFailed() was emitted
    };

    explicit ImageSession(Services& services, QObject* parent = nullptr);
    ~ImageSession() override;

    // The image to open when asked; forgets the one before.
    void setImage(const oci::Reference& ref, const registry::PlatformImage& image);
    void clear();
    // Opens the image and reads its merged tree in the background, once.
    void open();
    // Opens even though layers must be fetched whole (after consentNeeded).
    void openAnyway();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool hasImage() const { return m_hasImage; }
    [[nodiscard]] std::uint64_t generation() const { return m_generation; }
    [[nodiscard]] const oci::Reference& reference() const { return m_ref; }
    [[nodiscard]] const registry::PlatformImage& platformImage() const { return m_platformImage; }
    [[nodiscard]] std::shared_ptr<lazy::LazyImage> image() const { return m_image; }
    // The merged tree: after opened() read from the zTOCs' TOC regions and
    // unverified, after verified() the verified one.
    [[nodiscard]] std::shared_ptr<const fs::ImageTree> mergedTree() const { return m_tree; }
    // Every zTOC behind the trees checked; spans() is then available.
    [[nodiscard]] bool isVerified() const { return m_spans != nullptr; }
    [[nodiscard]] std::shared_ptr<const SpanTable> spans() const { return m_spans; }
    [[nodiscard]] int layerCount() const { return static_cast<int>(m_platformImage.manifest.layers.size()); }
    // "Layer 2 · sha256:0123456789ab · 12.0 MiB", for menus and tooltips.
    [[nodiscard]] QString layerLabel(int layer) const;
    // The bytes and count of layers that listing would fetch whole (NeedsConsent).
    [[nodiscard]] std::int64_t wholeBytes() const { return m_wholeBytes; }
    [[nodiscard]] int wholeLayers() const { return m_wholeLayers; }
    [[nodiscard]] Services& services() { return m_services; }
    [[nodiscard]] QString host() const;

    // Layer i's own tree (whiteouts shown); layerTreeReady() follows.
    void loadLayerTree(int layer);
    // Every layer compared with those below it (read from the verified
    // zTOCs once the merged tree is verified); null until changesReady().
    [[nodiscard]] std::shared_ptr<const LayerChangeSet> changes() const { return m_changes; }

    // Above this, listing asks first (layers without a zTOC are fetched whole).
    static constexpr std::int64_t ConsentBytes = 256ll << 20;

signals:
    void opening();
    void consentNeeded(qint64 bytes, int layers);
    void opened();
    void openFailed(const sociscope::ui::UserMessage& message);
    // The zTOCs are verified: names are trusted and span numbers known.
    // treeReplaced: mergedTree() is a new object (the preview was not what the
    // verified zTOCs hold), to be shown instead.
    void verified(bool treeReplaced);
    // Verification failed: mergedTree() is gone (null), state() is Failed.
    void verifyFailed(const sociscope::ui::UserMessage& message);
    void layerTreeReady(int layer, std::shared_ptr<const fs::ImageTree> tree);
    void layerTreeFailed(int layer, const sociscope::ui::UserMessage& message);
    void changesReady();
    // setImage() or clear(): everything from before is void.
    void reset();

private:
    struct Verified {
        std::shared_ptr<const fs::ImageTree> tree;
        std::shared_ptr<const SpanTable> spans;
    };
    void readTree();
    void verify();
    void loadChanges();
    void release();
    // Starts a job of this image's generation (cancelled by release()).
    template <typename Work, typename Done>
    void start(Work work, Done done);

    Services& m_services;
    oci::Reference m_ref;
    registry::PlatformImage m_platformImage;
    bool m_hasImage = false;
    std::uint64_t m_generation = 0;
    State m_state = State::Closed;
    std::shared_ptr<lazy::LazyImage> m_image;
    std::shared_ptr<const fs::ImageTree> m_tree;
    std::shared_ptr<const LayerChangeSet> m_changes;
    std::shared_ptr<const SpanTable> m_spans;
    std::int64_t m_wholeBytes = 0;
    int m_wholeLayers = 0;
    std::vector<JobHandle> m_jobs; // of this generation
};

} // namespace sociscope::ui
