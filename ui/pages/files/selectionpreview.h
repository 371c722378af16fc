// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: Sociscope contributors
#pragma once

#include "jobs/jobpool.h"
#include "jobs/previewloader.h"

#include "fs/image_tree.h"

#include <QObject>

#include <cstdint>
#include <memory>
#include <vector>

namespace sociscope::ui {

class FetchProgress;

class ImageSession;
class PreviewPane;

// Feeds the Files tab's preview pane: a file's first bytes (text, hex,
// image, ELF summary) and what extracting the selection would fetch, each
// read by a job tagged with a generation id. The next selection cancels the
// jobs of the last one (their fetches stop) and drops their results.
class SelectionPreview final : public QObject {
    Q_OBJECT
public:
    SelectionPreview(ImageSession& session, PreviewPane* pane, QObject* parent = nullptr);
    ~SelectionPreview() override;

    // Reads the preview of ino (when it is a file) and the cost of inos, from tree.
    void show(std::shared_ptr<const fs::ImageTree> tree, fs::Ino ino, const std::vector<fs::Ino>& inos);
    // Only the cost (several entries selected).
    void showCost(std::shared_ptr<const fs::ImageTree> tree, const std::vector<fs::Ino>& inos);
    // Reads the cost of the last selection again (spans came in, or the tree changed).
    void refreshCost() { startCost(m_tree, m_costInos); }
    // Cancels everything; nothing shown is pending.
    void stop();
    // The selection moved; show() follows after the debounce.
    void unsettle() { m_settled = false; }
    // The preview of the selection is in (or failed); nothing is being fetched for it.
    [[nodiscard]] bool isSettled() const { return m_settled; }

signals:
    void previewLoaded();
    void costLoaded();

private:
    void startPreview(fs::Ino ino, Preview::Mode mode);
    void startCost(std::shared_ptr<const fs::ImageTree> tree, const std::vector<fs::Ino>& inos);
    void onModeRequested(Preview::Mode mode);
    void cancelPreview();

    ImageSession& m_session;
    PreviewPane* m_pane;
    std::shared_ptr<const fs::ImageTree> m_tree;
    std::uint64_t m_previewGeneration = 0;
    JobHandle m_previewJob;
    bool m_settled = true;
    fs::Ino m_previewIno = 0;
    Preview m_lastPreview;
    std::uint64_t m_costGeneration = 0;
    JobHandle m_costJob;
    std::vector<fs::Ino> m_costInos;
    FetchProgress* m_fetch;
};

} // namespace sociscope::ui
